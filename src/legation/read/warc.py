"""WARC / WARC.gz archives: every response (or resource) record that holds HTML or text.

Streams the archive record by record (warcio). The size cap applies to each record's
payload. A truncated archive gives an error naming the damaged record; the complete
records before it are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..models import RawDocument, ReadError
from ._base import declared_charset, decode, error, looks_like_html, text_document, too_large

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | ReadError]:
    from warcio.archiveiterator import ArchiveIterator

    src = str(path)
    size = path.stat().st_size
    n = 0
    last = "the start of the archive"
    with path.open("rb") as f:
        it = ArchiveIterator(f)
        try:
            for rec in it:
                n += 1
                rid = rec.rec_headers.get_header("WARC-Record-ID") or f"record-{n}"
                name = f"{src}#{rid}"
                if rec.rec_type not in ("response", "resource"):
                    last = f"record {rid}"
                    continue
                item, missing = _record(rec, src, rid, n, max_bytes)
                if missing:
                    yield error(name, f"truncated WARC record #{n} ({missing:,} bytes missing)")
                    return
                last = f"record {rid}"
                if item is not None:
                    yield item
        except Exception as exc:  # noqa: BLE001 - warcio/zlib raise many kinds on damaged data
            yield error(src, f"damaged WARC data after {last} (record #{n + 1}): {type(exc).__name__}: {exc}")
            return
    end = sum(it.member_info) if getattr(it, "member_info", None) else 0
    if n == 0:
        yield error(src, "no WARC records (empty or not a WARC archive)")
    elif end < size:
        yield error(src, f"truncated WARC archive: {size - end:,} bytes after {last} (record #{n}) "
                         "could not be read as a complete record")


def _record(rec: Any, src: str, rid: str, n: int, max_bytes: int) -> tuple[RawDocument | ReadError | None, int]:
    """The record's document (None when it holds no article) and how many bytes it lacks."""
    item = _payload(rec, src, rid, n, max_bytes)
    if item is _SKIPPED:
        return None, 0
    remaining = getattr(rec.raw_stream, "limit", 0)
    return item, remaining if isinstance(remaining, int) and remaining > 0 else 0


_SKIPPED = ReadError("", "")


def _payload(rec: Any, src: str, rid: str, n: int, max_bytes: int) -> RawDocument | ReadError:
    name = f"{src}#{rid}"
    uri = rec.rec_headers.get_header("WARC-Target-URI") or ""
    if rec.http_headers is not None:
        status = rec.http_headers.get_statuscode()
        if rec.rec_type == "response" and status and not status.startswith("2"):
            return _SKIPPED  # redirects, 404 pages: not articles
        ctype = rec.http_headers.get_header("Content-Type") or ""
    else:
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    mime = ctype.split(";")[0].strip().lower()
    if mime and mime not in _HTML_TYPES + _TEXT_TYPES:
        return _SKIPPED  # images, scripts, stylesheets: skipped silently
    stream = rec.content_stream()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        while stream.read(1 << 20):  # drain so the next record can be read
            pass
        return error(name, too_large(None, max_bytes, "WARC record payload"))
    if not data.strip():
        return error(name, "WARC record has an empty payload")
    try:
        text, enc = decode(data, _charset(ctype) or declared_charset(data[:4096]))
    except ValueError as exc:
        return error(name, str(exc))
    kind = "html" if mime in _HTML_TYPES or (not mime and looks_like_html(text[:4096])) else "text"
    if kind == "text" and looks_like_html(text[:4096]):
        kind = "html"
    prov = {
        "path": src, "format": "warc", "warc_record_id": rid, "warc_target_uri": uri,
        "warc_date": rec.rec_headers.get_header("WARC-Date"), "record": n, "encoding": enc,
    }
    meta = {"url": uri} if uri else {}
    return text_document(name, text, kind, prov, meta)

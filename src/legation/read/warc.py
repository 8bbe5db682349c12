"""WARC / WARC.gz archives: every response (or resource) record that holds HTML or text.

Streams the archive record by record (warcio). The size cap applies to each record's
payload. A truncated archive gives an error naming the damaged record; the complete
records before it are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..models import RawDocument, ReadError
from ._base import (
    content_type_charset,
    declared_charset,
    decode,
    error,
    looks_like_html,
    text_document,
    too_large,
)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


def read_warc(path: Path, max_bytes: int) -> Iterator[RawDocument | ReadError]:
    from warcio.archiveiterator import ArchiveIterator

    src = str(path)
    size = path.stat().st_size
    n = 0
    last = "the start of the archive"
    starts: list[tuple[int, str]] = []  # (offset, record id) of every record read
    with path.open("rb") as f:
        compressed = f.read(2) == b"\x1f\x8b"
        f.seek(0)
        why = _not_warc(path, compressed)
        if why:
            yield error(src, why)
            return
        it = ArchiveIterator(f)
        try:
            for rec in it:
                n += 1
                rid = rec.rec_headers.get_header("WARC-Record-ID")
                name = f"{src}#{rid or f'record-{n}'}"
                if not rid or rec.rec_headers.get_header("Content-Length") is None:
                    yield error(name, f"truncated WARC record #{n}: incomplete WARC header")
                    return
                item = _payload(rec, src, rid, n, max_bytes) if rec.rec_type in ("response", "resource") \
                    else _SKIPPED
                while rec.raw_stream.read(1 << 16):  # consume the block to check it is complete
                    pass
                missing = getattr(rec.raw_stream, "limit", 0)
                if not isinstance(missing, int) or missing < 0:
                    missing = 0
                if not compressed:  # the block on disk must be as long as its Content-Length
                    it.read_to_end(rec)
                    declared = int(rec.rec_headers.get_header("Content-Length") or 0)
                    missing = max(missing, declared - it.member_info[1])
                if missing > 0:
                    yield error(name, f"truncated WARC record #{n} ({missing:,} bytes missing)")
                    return
                last = f"record {rid}"
                starts.append((it.get_record_offset(), rid))
                if item is not _SKIPPED:
                    yield item
        except Exception as exc:  # noqa: BLE001 - warcio/zlib raise many kinds on damaged data
            detail = "".join(ch if ch.isprintable() else "?" for ch in str(exc))[:160]
            yield error(src, f"damaged WARC data after {last} (record #{n + 1}): {type(exc).__name__}: {detail}")
            return
    if n == 0:
        yield error(src, "truncated or empty WARC archive: no complete record")
    elif not compressed and not _ends_with_separator(path):
        yield error(src, f"truncated WARC archive: {last} (record #{n}) lacks its closing separator")
    elif compressed and (bad := _gzip_damage(path)) is not None:
        where = max((o, r) for o, r in starts if o <= bad)[1] if any(o <= bad for o, _ in starts) else "?"
        yield error(f"{src}#{where}", f"truncated gzip data in the member at byte {bad:,} "
                                      f"(record {where}); the records before it were read")
    elif it.offset < size:
        yield error(src, f"truncated WARC archive: {size - it.offset:,} bytes after {last} (record #{n}) "
                         "could not be read as a complete record")


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
        text, enc = decode(data, content_type_charset(ctype) or declared_charset(data[:4096]))
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


def _ends_with_separator(path: Path) -> bool:
    with path.open("rb") as f:
        f.seek(max(0, path.stat().st_size - 4))
        return f.read() == b"\r\n\r\n"


def _gzip_damage(path: Path) -> int | None:
    """Offset of the first truncated or corrupt gzip member; None when the file is intact."""
    member = pos = 0
    dec = zlib.decompressobj(31)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            data = chunk
            while data:
                try:
                    dec.decompress(data, 1 << 24)
                    while dec.unconsumed_tail and not dec.eof:
                        dec.decompress(dec.unconsumed_tail, 1 << 24)
                except zlib.error:
                    return member
                if dec.eof:
                    pos += len(data) - len(dec.unused_data)
                    member, data = pos, dec.unused_data
                    dec = zlib.decompressobj(31)
                else:
                    pos += len(data)
                    data = b""
    return member if pos > member else None


def _not_warc(path: Path, compressed: bool) -> str | None:
    """Why the file is not a (gzipped) WARC archive at all; None when it starts like one."""
    if not compressed:
        with path.open("rb") as f:
            head = f.read(8)
        return None if head.startswith(b"WARC/") else "not a WARC archive (no WARC/1.x header at the start)"
    import gzip

    try:
        with gzip.open(path, "rb") as g:
            head = g.read(8)
    except EOFError:
        return "truncated gzip data in the first record"
    except (OSError, zlib.error) as exc:
        return f"not a readable gzip file: {exc}"
    return None if head.startswith(b"WARC/") else "gzip file does not hold a WARC archive"

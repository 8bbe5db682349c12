"""Shared reader helpers: size limits, binary detection, decoding, format sniffing."""

from __future__ import annotations

import codecs
import re
from typing import Any

from ..models import RawDocument, ReadError

MAX_BYTES = 20 * 1024 * 1024  # default size cap for one input (file, URL body, WARC record, line)
HEAD_BYTES = 8192  # how much of an input is looked at to detect its format

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of common non-article files: the reason names what the file is.
_MAGIC = (
    (b"%PDF-", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"SQLite format 3\x00", "SQLite database"),
)

GZIP_MAGIC = b"\x1f\x8b"
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}


def error(source: str, reason: str) -> ReadError:
    """A ReadError whose reason is one line (the CLI prints ``error: SOURCE: REASON``)."""
    return ReadError(source, " ".join(str(reason).split()))


def mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def too_large(size: int | None, limit: int, what: str = "file") -> str:
    lim = f"{mb(limit)} ({limit:,} bytes; see --max-bytes)"
    if size is None:
        return f"{what} too large: more than the limit of {lim}"
    return f"{what} too large: {mb(size)} ({size:,} bytes) exceeds the limit of {lim}"


def binary_reason(head: bytes) -> str | None:
    """Why these first bytes are not text (None when they look like text)."""
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return f"binary file ({what}), not an article"
    if head.startswith(GZIP_MAGIC):
        return "gzip-compressed file (only .warc.gz archives are read compressed)"
    if b"\x00" in head:
        return "binary file (NUL bytes), not an article"
    if head:
        ctrl = sum(1 for b in head if b in _CONTROL)
        if ctrl / len(head) > 0.05:
            return "binary file (control bytes), not an article"
    return None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def declared_charset(head: bytes) -> str | None:
    """Charset declared inside the content (HTML ``<meta charset>``, XML declaration)."""
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _known(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Bytes to text: BOM, then UTF-8, then a declared charset, then charset-normalizer.

    UTF-8 with a few broken bytes stays UTF-8 (the broken bytes become U+FFFD) instead of
    being misread as a legacy code page. Raises ValueError when no encoding fits.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ValueError(f"invalid {enc} text after its byte-order mark: {exc.reason}") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    good = len(loose) - len(loose.encode("ascii", "ignore")) - bad  # valid non-ASCII characters
    if good >= 4 * bad:  # genuine UTF-8 with a few corrupt bytes
        return loose, "utf-8 (invalid bytes replaced)"
    named = _known(declared)
    if named and named not in ("utf-8", "ascii"):
        try:
            return data.decode(named), named
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ValueError("cannot decode: not text in any known encoding")
    # charset-normalizer often ranks a rare code page (cp1257, mac_latin2) first for West
    # European text; among the near-equally clean candidates prefer the common ones.
    pool = [m for m in results if m.chaos <= best.chaos + 0.05]
    choice = min(pool, key=lambda m: (_PREFERRED.get(m.encoding, len(_PREFERRED)), m.chaos))
    return str(choice), choice.encoding


_PREFERRED = {name: i for i, name in enumerate((
    "cp1252", "latin_1", "cp1251", "koi8_r", "iso8859_15", "cp1250", "iso8859_2", "cp1256",
    "cp1253", "cp1254", "cp1255", "iso8859_5", "iso8859_9", "gb18030", "big5", "shift_jis",
    "euc_jp", "euc_kr", "cp949", "cp1257", "iso8859_13",
))}


# -- format sniffing ---------------------------------------------------------------------

_PROLOG = re.compile(r"^\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE(?![\s]+html)[^>]*>\s*)*", re.S | re.I)
_FIRST_TAG = re.compile(r"<\s*(!doctype\s+html|[A-Za-z][\w:.-]*)", re.I)
_HTML_ROOTS = {"!doctype html", "html", "head", "body", "meta", "title"}
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}


def first_tag(head: str) -> str | None:
    """Name of the first element after the XML prolog (lower-case), if the text starts with one."""
    rest = head[_PROLOG.match(head).end():]  # type: ignore[union-attr]
    m = _FIRST_TAG.match(rest)
    if not m:
        return None
    return " ".join(m.group(1).lower().split())


def looks_like_feed(head: str) -> bool:
    return first_tag(head) in _FEED_ROOTS


def looks_like_html(head: str) -> bool:
    """Starts like an HTML page. An article that merely *contains* tags stays text."""
    return first_tag(head) in _HTML_ROOTS


def text_document(source: str, text: str, kind: str, provenance: dict[str, Any],
                  meta: dict[str, Any] | None = None) -> RawDocument | ReadError:
    if not text.strip():
        return error(source, "empty (whitespace only)")
    return RawDocument(source, text, kind, provenance, meta or {})


def content_type_charset(content_type: str) -> str | None:
    """The charset parameter of an HTTP/WARC Content-Type header, if any."""
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None

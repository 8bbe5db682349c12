"""Single files: format detection (extension + content sniffing) and plain text / HTML.

``.jsonl`` and ``.warc(.gz)`` are streamed by their own readers; every other format is
size-checked against the cap, read whole, checked for binary content and decoded
(BOM, UTF-8, declared charset, charset-normalizer).
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path

from ..models import RawDocument, ReadError
from ._base import (
    GZIP_MAGIC,
    HEAD_BYTES,
    binary_reason,
    declared_charset,
    decode,
    error,
    looks_like_feed,
    looks_like_html,
    text_document,
    too_large,
)
from .feeds import parse_feed
from .jsonl import read_jsonl
from .warc import read_warc

HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".rss", ".atom", ".xml"}
JSONL_EXT = {".jsonl", ".ndjson"}


def _is_warc_name(name: str) -> bool:
    return name.endswith((".warc", ".warc.gz"))


def _gz_head(path: Path) -> bytes | None:
    try:
        with gzip.open(path, "rb") as g:
            return g.read(64)
    except (OSError, EOFError, zlib.error):
        return None


def detect(path: Path, head: bytes) -> str:
    """Format of a file: warc, jsonl, feed, html or text (from its name, then its content)."""
    name = path.name.lower()
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(GZIP_MAGIC):
        inner = _gz_head(path)
        if _is_warc_name(name) or (inner is not None and inner.startswith(b"WARC/")):
            return "warc"
        return "gzip"
    if _is_warc_name(name):
        return "warc"
    if path.suffix.lower() in JSONL_EXT:
        return "jsonl"
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    if looks_like_feed(text):
        return "feed"
    if path.suffix.lower() in HTML_EXT or looks_like_html(text):
        return "html"
    if path.suffix.lower() in FEED_EXT:
        return "feed"  # an .xml that is not a feed: feedparser says why
    if _first_line_is_article_json(text):
        return "jsonl"
    return "text"


def _first_line_is_article_json(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    if not first.startswith("{"):
        return False
    try:
        obj = json.loads(first)
    except ValueError:
        return False
    return isinstance(obj, dict) and ("text" in obj or "html" in obj)


def read_file(path: Path, max_bytes: int) -> Iterator[RawDocument | ReadError]:
    src = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield error(src, "empty file")
            return
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
        fmt = detect(path, head)
        if fmt == "warc":
            yield from read_warc(path, max_bytes)
            return
        if fmt == "jsonl":
            yield from read_jsonl(path, max_bytes)
            return
        if size > max_bytes:
            yield error(src, too_large(size, max_bytes))
            return
        if fmt == "gzip":
            yield error(src, "gzip-compressed file that is not a WARC archive (decompress it first)")
            return
        why = binary_reason(head)
        if why:
            yield error(src, why)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield error(src, f"cannot read: {exc.strerror or exc}")
        return
    prov = {"path": src, "format": fmt}
    if fmt == "feed":
        yield from parse_feed(data, src, prov)
        return
    try:
        text, enc = decode(data, declared_charset(head))
    except ValueError as exc:
        yield error(src, str(exc))
        return
    prov["encoding"] = enc
    yield text_document(src, text, fmt, prov)

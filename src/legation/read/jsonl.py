"""JSON Lines: one article per line, ``text`` or ``html`` plus optional url/title/date/outlet.

The file is streamed line by line (any file size); the size cap applies to each line.
Errors name ``path:line``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..models import RawDocument, ReadError
from ._base import error, text_document, too_large

META_FIELDS = ("url", "title", "date", "outlet")
_CHUNK = 1 << 20


def _lines(f: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line; None for a line longer than ``max_bytes``."""
    n = 0
    while True:
        line = f.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line without holding it
                rest = f.readline(_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield n, None
            continue
        yield n, line


def parse_line(where: str, line: str, provenance: dict[str, object]) -> RawDocument | ReadError | None:
    """One JSON line to a document (None for a blank line)."""
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return error(where, f"invalid JSON: {exc.msg} (column {exc.colno})")
    if not isinstance(obj, dict):
        return error(where, f"JSON line is a {type(obj).__name__}, not an object with 'text' or 'html'")
    text, html = obj.get("text"), obj.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return error(where, f"field {name!r} is a {type(value).__name__}, not a string")
    if not (text and text.strip()) and not (html and html.strip()):
        return error(where, "JSON line has no 'text' or 'html' field with content")
    meta = {k: obj[k] for k in META_FIELDS if obj.get(k) not in (None, "")}
    for k in ("url", "title", "outlet", "date"):
        if k in meta and not isinstance(meta[k], str):
            meta[k] = str(meta[k])
    source = meta.get("url") or where
    if text and text.strip():
        return text_document(source, text, "text", provenance, meta)
    return text_document(source, html or "", "html", provenance, meta)


def read_jsonl(path: Path, max_bytes: int) -> Iterator[RawDocument | ReadError]:
    src = str(path)
    with path.open("rb") as f:
        for n, raw in _lines(f, max_bytes):
            where = f"{src}:{n}"
            if raw is None:
                yield error(where, too_large(None, max_bytes, "line"))
                continue
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield error(where, f"invalid UTF-8 in JSON line (byte {exc.start})")
                continue
            item = parse_line(where, line, {"path": src, "line": n, "format": "jsonl"})
            if item is not None:
                yield item

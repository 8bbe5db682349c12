"""Readers: turn paths, folders and URLs into raw documents (or errors naming the input).

(Initial version: .txt, .html/.htm, .jsonl and folders. Extended by the readers work.)
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .models import RawDocument, ReadError

MAX_BYTES = 20 * 1024 * 1024


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ValueError("undecodable bytes (not text in any known encoding)") from None
        return str(best), best.encoding


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | ReadError]:
    src = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(src, f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit)")
            return
        if size == 0:
            yield ReadError(src, "empty file")
            return
        data = path.read_bytes()
        if b"\x00" in data[:4096]:
            yield ReadError(src, "binary file (NUL bytes), not an article")
            return
        text, enc = _decode(data)
    except (OSError, ValueError) as exc:
        yield ReadError(src, str(exc))
        return
    suffix = path.suffix.lower()
    prov = {"path": src, "encoding": enc}
    if suffix == ".jsonl":
        yield from _read_jsonl(src, text)
    elif suffix in (".html", ".htm"):
        yield RawDocument(src, text, "html", prov)
    else:
        yield RawDocument(src, text, "text", prov)


def _read_jsonl(src: str, text: str) -> Iterator[RawDocument | ReadError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{src}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(obj, dict) or not (obj.get("text") or obj.get("html")):
            yield ReadError(where, "JSON line has no 'text' or 'html' field")
            continue
        kind = "html" if obj.get("html") and not obj.get("text") else "text"
        meta = {k: obj[k] for k in ("url", "title", "date", "outlet") if obj.get(k)}
        source = str(obj.get("url") or where)
        yield RawDocument(source, obj.get("text") or obj["html"], kind, {"path": src, "line": n}, meta)


def iter_inputs(inputs: Iterable[str], max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | ReadError]:
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield from read_path(Path(root) / name, max_bytes)
        elif path.exists():
            yield from read_path(path, max_bytes)
        else:
            yield ReadError(item, "no such file or folder")

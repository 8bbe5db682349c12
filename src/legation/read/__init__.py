"""Readers: turn paths, folders and URLs into raw documents, or errors naming the input.

One module per source kind: ``files`` (format detection, .txt, .html), ``jsonl``,
``warc``, ``feeds`` (RSS/Atom), ``url`` (http/https) and ``folders`` (recursive walk).
Every reader is a generator of ``RawDocument | ReadError``: a bad input gives one error
and the rest goes on. Every document keeps its provenance (path, URL, WARC record id,
line number, encoding).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..models import RawDocument, ReadError
from ._base import MAX_BYTES, decode, error
from .feeds import parse_feed
from .files import detect, read_file
from .folders import count_files, walk
from .jsonl import read_jsonl
from .url import TIMEOUT, is_url, read_url
from .warc import read_warc

__all__ = [
    "MAX_BYTES", "TIMEOUT", "count_inputs", "decode", "detect", "input_of", "iter_inputs", "parse_feed",
    "read_file", "read_input", "read_jsonl", "read_path", "read_url", "read_warc", "walk",
]


def read_path(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | ReadError]:
    """One file or folder."""
    if path.is_dir():
        empty = True
        for item in walk(path):
            empty = False
            if isinstance(item, ReadError):
                yield item
            else:
                yield from read_file(item, max_bytes)
        if empty:
            yield error(str(path), "folder holds no files (hidden files and folders are skipped)")
    elif path.exists():
        yield from read_file(path, max_bytes)
    else:
        yield error(str(path), "no such file or folder")


def read_input(item: str, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> Iterator[RawDocument | ReadError]:
    """One command-line input: a path, a folder or an http(s) URL."""
    if is_url(item):
        yield from read_url(item, max_bytes, timeout)
    elif "://" in item:
        yield error(item, "unsupported URL scheme (only http:// and https:// are read)")
    else:
        yield from read_path(Path(item), max_bytes)


def iter_inputs(inputs: Iterable[str], max_bytes: int = MAX_BYTES,
                timeout: float = TIMEOUT) -> Iterator[RawDocument | ReadError]:
    for item in inputs:
        yield from read_input(item, max_bytes, timeout)


def count_inputs(inputs: Iterable[str]) -> int:
    """Files (and URLs) the inputs name, for a progress bar (folders walked, not read)."""
    n = 0
    for item in inputs:
        p = Path(item)
        if is_url(item):
            n += 1
        elif p.is_dir():
            n += count_files(p)
        elif p.exists():
            n += 1
    return n


_LINE = re.compile(r"^(.*):(\d+)$")


def input_of(source: str) -> str:
    """The file (or URL) an error's source belongs to: drops ``#record`` / ``#item-N`` / ``:line``."""
    if is_url(source):
        return source
    base = source.split("#", 1)[0]
    m = _LINE.match(base)
    if m and os.path.isfile(m.group(1)):
        return m.group(1)
    return base

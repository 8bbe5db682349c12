"""Folders, recursively: a streaming, sorted walk that skips hidden files and folders.

Only one folder's entry names are held at a time (to sort them); files are yielded as
they are reached, so a folder of any size is read with flat memory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ..models import ReadError
from ._base import error


def walk(root: Path) -> Iterator[Path | ReadError]:
    """Files under ``root`` in name order, depth first; hidden entries (``.name``) skipped.

    Symbolic links to folders are not followed (no cycles); links to files are.
    """
    try:
        with os.scandir(root) as it:
            entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in it
                             if not e.name.startswith("."))
    except OSError as exc:
        yield error(str(root), f"cannot list folder: {exc.strerror or exc}")
        return
    for name, is_dir in entries:
        path = root / name
        if is_dir:
            yield from walk(path)
        elif path.is_file():
            yield path
        elif path.is_symlink() and not path.exists():
            yield error(str(path), "broken symbolic link")
        # sockets, FIFOs, devices: not files, skipped (reading a FIFO would block)


def count_files(root: Path) -> int:
    return sum(1 for p in walk(root) if isinstance(p, Path))

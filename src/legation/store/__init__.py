"""Storage behind a small interface; backends are chosen by URL (datasketch-style).

``open_store("corpus.db")`` or ``open_store("sqlite:///corpus.db")`` gives the embedded
SQLite backend. A new backend registers a URL scheme in ``BACKENDS``; the pipeline and the
CLI only ever see :class:`Store`.
"""

from __future__ import annotations

from collections.abc import Callable

from .base import LayerFilter, Store
from .sqlite import SQLiteStore

BACKENDS: dict[str, Callable[[str], Store]] = {"sqlite": SQLiteStore}


def open_store(url: str) -> Store:
    scheme, sep, rest = url.partition("://")
    if not sep:
        return SQLiteStore(url)
    if scheme not in BACKENDS:
        raise ValueError(f"unknown store backend {scheme!r} in {url!r} (known: {', '.join(BACKENDS)})")
    return BACKENDS[scheme](rest)  # sqlite:///abs/path.db or sqlite://relative.db


__all__ = ["BACKENDS", "LayerFilter", "Store", "open_store"]

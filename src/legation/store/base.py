"""The storage interface every backend implements."""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..models import Document, RemovedLine

_PATH = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$")


@dataclass(frozen=True)
class LayerFilter:
    """A condition on a JSON field of a layer item: ``field op value``.

    ``field`` is a dotted path ("event_type", "source.country"); arrays are searched with
    op "contains" (any element's value at the rest of the path equals ``value``).
    Values are always bound as parameters, never spliced into SQL.
    """

    field: str
    op: str  # "=", ">=", "<=", "like", "contains"
    value: Any

    def __post_init__(self) -> None:
        if not _PATH.match(self.field):
            raise ValueError(f"invalid field path {self.field!r}")
        if self.op not in ("=", ">=", "<=", "like", "contains"):
            raise ValueError(f"invalid operator {self.op!r}")


class Store(ABC):
    """Documents, their removed lines, sentences, mentions and analysis layers."""

    @abstractmethod
    def seen_input(self, source: str, raw_hash: str) -> bool:
        """True when this exact input was stored already (re-ingesting adds nothing)."""

    @abstractmethod
    def add(
        self,
        doc: Document,
        removed: list[RemovedLine],
        layers: dict[str, list[dict[str, Any]]],
        raw_hash: str | None = None,
    ) -> bool:
        """Store one analysed document atomically. Returns False if it was already there."""

    @abstractmethod
    def pending_passes(self) -> list[str]:
        """Ids of stored documents the corpus passes have not yet seen (survives a crash)."""

    @abstractmethod
    def clear_pending(self, doc_ids: Iterable[str]) -> None: ...

    @abstractmethod
    def add_error(self, source: str, reason: str) -> None: ...

    @abstractmethod
    def get_document(self, doc_id: str) -> Document | None: ...

    @abstractmethod
    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]: ...

    @abstractmethod
    def removed_lines(self, doc_id: str) -> list[RemovedLine]: ...

    @abstractmethod
    def layer(
        self,
        name: str,
        doc_id: str | None = None,
        filters: Iterable[LayerFilter] = (),
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Items of one layer (each with ``id`` and ``doc_id``), in document order."""

    @abstractmethod
    def replace_layer(self, doc_id: str, name: str, items: list[dict[str, Any]]) -> None:
        """Overwrite one layer of one document (used by corpus passes)."""

    @abstractmethod
    def set_document_fields(self, doc_id: str, **fields: Any) -> None:
        """Update descriptive fields (story_id, inferred published date, ...)."""

    @abstractmethod
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search: [{doc_id, title, snippet, score}]; hits in snippet are wrapped in \\x02 … \\x03."""

    @abstractmethod
    def stats(self) -> dict[str, Any]: ...

    @abstractmethod
    def errors(self) -> list[dict[str, Any]]: ...

    # -- story state, written by the stories pass (legation.stories) ---------------------------
    @abstractmethod
    def put_story_rows(self, rows: list[dict[str, Any]], df_delta: dict[str, int]) -> None:
        """Append story-index rows (doc_id, story_id, day, tol, duplicate_of, score, exact_key,
        signature bytes, terms [[term, weight]], actors) and add to term document frequencies."""

    @abstractmethod
    def merge_stories(self, old: str, new: str) -> None:
        """Move every member of story ``old`` (index rows and documents) to story ``new``."""

    @abstractmethod
    def story_rows(self, story_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Stored story-index rows in insertion order (all, or one story's)."""

    @abstractmethod
    def story_df(self) -> tuple[dict[str, int], int]:
        """(term document frequencies, number of indexed documents)."""

    @abstractmethod
    def put_passage_vectors(self, doc_id: str, spans: list[tuple[int, int]], vectors: bytes) -> None:
        """Passage offsets and their quantised embeddings (see ``legation.align``)."""

    @abstractmethod
    def passage_vectors(self, doc_id: str) -> tuple[list[tuple[int, int]], bytes] | None: ...

    @abstractmethod
    def stories(self) -> list[dict[str, Any]]:
        """[{id, title, documents: [doc ids], first_published}] from documents.story_id."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

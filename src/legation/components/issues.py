"""Corpus pass ``issues``: one stance issue across documents is one row (see :mod:`legation.issues`)."""

from __future__ import annotations

from typing import Any

from ..issues import normalise_store
from ..registry import corpus_pass


@corpus_pass("issues")
def issues_pass(store: Any, new_doc_ids: list[str]) -> None:
    if new_doc_ids:
        normalise_store(store)

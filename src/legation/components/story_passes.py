"""Corpus passes ``stories`` (online story clustering) and ``story_dates`` (date inference).

``stories`` rebuilds the story index from the store (signatures, TF-IDF terms, document
frequencies: no texts are re-read, no document changes story) and adds the new documents.
In embedding mode (default; ``LEGATION_STORY_EMBEDDINGS=0`` turns it off) passages are
embedded when a document is first compared by passage cover, and the embeddings are kept
in the store, where later runs and ``legation compare`` reuse them.

``story_dates`` gives a document without a full publication date one from its story:

=====================  ===================================================================
document has           inferred (``date_source: "story"``)
=====================  ===================================================================
month-day ("--06-07")  the year that puts it closest to the story's first dated member,
                       if within ``WINDOW_DAYS``: precision "day"
nothing, a year or a   the story's first full date when at least two dated members agree
month                  within 2 days (precision "day"; one outlet's date says little about
                       when another republished it), else the month of the first full
                       date when they share a month ("month"), else its year ("year"); a
                       partial date it already has must agree, otherwise nothing is
                       inferred
=====================  ===================================================================
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

import numpy as np

from .. import align
from ..models import Document
from ..registry import corpus_pass
from ..stories import WINDOW_DAYS, Assignment, NewDoc, StoryIndex

CHUNK = 1000
_FULL = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTHDAY = re.compile(r"^--(\d{2})-(\d{2})$")


def embeddings_enabled() -> bool:
    return os.environ.get("LEGATION_STORY_EMBEDDINGS", "1").strip().lower() not in ("0", "false", "no")


def stored_vectors(store: Any, doc_id: str) -> np.ndarray | None:
    """Passage embeddings of a stored document: from the store, else computed and kept."""
    got = store.passage_vectors(doc_id)
    if got is not None:
        return align.dequantize(got[1])
    doc = store.get_document(doc_id)
    if doc is None:
        return None
    spans = align.passages(doc.text)
    blob = align.quantize(align.embed([doc.text[s:e] for s, e in spans]))
    store.put_passage_vectors(doc_id, spans, blob)
    return align.dequantize(blob)


def load_index(store: Any, embeddings: bool) -> StoryIndex:
    index = StoryIndex(embeddings, vectors_of=lambda d: stored_vectors(store, d))
    for row in store.story_rows():
        index.load_row(row)
    df, n = store.story_df()
    index.load_df(df, n)
    return index


def _actor_ids(store: Any, doc_id: str) -> list[str]:
    try:
        return sorted({a["id"] for a in store.layer("actors", doc_id=doc_id) if a.get("id")})
    except Exception:  # noqa: BLE001 - no actors layer: the feature is simply off
        return []


def run_stories(store: Any, new_ids: list[str], embeddings: bool | None = None) -> list[Assignment]:
    """Cluster the new documents into the stored stories; returns their assignments.

    Passage embeddings (embedding mode) are computed lazily, the first time a document
    is compared by passage cover, and kept in the store for later runs and ``compare``.
    """
    embeddings = embeddings_enabled() if embeddings is None else embeddings
    index = load_index(store, embeddings)
    docs = [d for d in store.documents(new_ids) if d.id not in index.by_id]
    out: list[Assignment] = []
    for k in range(0, len(docs), CHUNK):
        chunk = docs[k:k + CHUNK]
        batch = [NewDoc(d.id, d.text, d.published, _actor_ids(store, d.id) or None) for d in chunk]
        index.df_delta.clear()
        got = index.add_batch(batch)
        for a in got:  # a later document of the batch may have merged its story
            a.row["story_id"] = index.members[index.by_id[a.doc_id]].story_id
        store.put_story_rows([a.row for a in got], dict(index.df_delta))
        for a in got:
            for old in a.merged:
                store.merge_stories(old, a.story_id)
        for a in got:
            store.set_document_fields(a.doc_id, story_id=index.members[index.by_id[a.doc_id]].story_id)
        out.extend(got)
    return out


@corpus_pass("stories")
def stories_pass(store: Any, new_ids: list[str]) -> None:
    try:
        run_stories(store, new_ids)
    except Exception as exc:  # noqa: BLE001 - the stored documents stay; the next run retries
        store.add_error("<stories pass>", f"story clustering failed: {type(exc).__name__}: {exc}")
        raise


def infer_date(doc: Document, anchors: list[dt.date]) -> tuple[str, str] | None:
    """(published, precision) for ``doc`` from the full dates of its story's members."""
    if not anchors or doc.date_source == "story":
        return None
    pub = doc.published or ""
    if _FULL.match(pub):
        return None
    first, last = min(anchors), max(anchors)
    m = _MONTHDAY.match(pub)
    if m:
        best = None
        for y in (first.year - 1, first.year, first.year + 1):
            try:
                cand = dt.date(y, int(m.group(1)), int(m.group(2)))
            except ValueError:
                continue
            if best is None or abs((cand - first).days) < abs((best - first).days):
                best = cand
        if best is not None and abs((best - first).days) <= WINDOW_DAYS:
            return best.isoformat(), "day"
        return None
    if len(anchors) >= 2 and (last - first).days <= 2:
        value, precision = first.isoformat(), "day"
    elif (first.year, first.month) == (last.year, last.month):
        value, precision = first.isoformat()[:7], "month"
    elif first.year == last.year:
        value, precision = str(first.year), "year"
    else:
        return None
    if pub and not value.startswith(pub):  # a partial date it has must agree
        return None
    return value, precision


@corpus_pass("story_dates", after=["stories"])
def story_dates_pass(store: Any, new_ids: list[str]) -> None:
    story_ids = {d.story_id for d in store.documents(new_ids) if d.story_id}
    for sid in sorted(story_ids):
        members = [store.get_document(r["doc_id"]) for r in store.story_rows(sid)]
        members = [d for d in members if d is not None]
        anchors = [dt.date.fromisoformat(d.published) for d in members
                   if d.date_source != "story" and _FULL.match(d.published or "")]
        for d in members:
            got = infer_date(d, anchors)
            if got:
                store.set_document_fields(d.id, published=got[0], published_precision=got[1],
                                          date_source="story")

"""Stage ``places``: toponyms of the document resolved against GeoNames (see legation.geo)."""

from __future__ import annotations

from ..geo import geoparse
from ..nlp import spacy_doc
from ..registry import Context, component


def tokens_of(ctx: Context) -> list[tuple[int, int, bool]]:
    """(start, end, opens a sentence) for every token of the document's spaCy Doc."""
    from spacy.attrs import IDX, LENGTH, SENT_START

    doc = spacy_doc(ctx)
    if not len(doc):
        return []
    arr = doc.to_array([IDX, LENGTH, SENT_START]).tolist()
    arr[0][2] = 1  # the first token always opens a sentence
    return [(i, i + n, s == 1) for i, n, s in arr]


@component("places", needs=["mentions"], adds=["places"])
def places_stage(ctx: Context) -> None:
    ctx.layers["places"] = geoparse(ctx.text, ctx.layers.get("mentions", []), tokens_of(ctx))

"""Stage ``places``: toponyms of the document resolved against GeoNames (see legation.geo)."""

from __future__ import annotations

from ..geo import geoparse
from ..nlp import spacy_doc
from ..registry import Context, component


def tokens_of(ctx: Context) -> list[tuple[int, int, bool]]:
    """(start, end, opens a sentence) for every token of the document's spaCy Doc."""
    doc = spacy_doc(ctx)
    return [(t.idx, t.idx + len(t.text), bool(t.is_sent_start)) for t in doc]


@component("places", needs=["mentions"], adds=["places"])
def places_stage(ctx: Context) -> None:
    ctx.layers["places"] = geoparse(ctx.text, ctx.layers.get("mentions", []), tokens_of(ctx))

"""Stage ``events``: PLOVER events with actors, date, place, modality and attribution."""

from __future__ import annotations

from ..events import code_document
from ..registry import Context, component


@component("events", needs=["actors", "places", "quotes"], adds=["events"])
def events_stage(ctx: Context) -> None:
    ctx.layers["events"] = code_document(ctx)

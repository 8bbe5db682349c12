"""Stage ``events``: PLOVER events with actors, date, place, modality and attribution."""

from __future__ import annotations

from importlib.util import find_spec

from ..events import code_document
from ..registry import Context, component

# Attribution reads the ``quotes`` layer; until the quotes stage is installed the coder
# attributes every event to the outlet rather than leaving the pipeline unplannable.
NEEDS = ["actors", "places"] + (["quotes"] if find_spec(f"{__package__}.quotes") is not None else [])


@component("events", needs=NEEDS, adds=["events"])
def events_stage(ctx: Context) -> None:
    ctx.layers["events"] = code_document(ctx)

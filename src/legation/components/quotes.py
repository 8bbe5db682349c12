"""Stage ``quotes``: who said what, with resolved speakers (see :mod:`legation.quotes`)."""

from __future__ import annotations

from ..quotes import extract
from ..registry import Context, component


@component("quotes", needs=["actors"], adds=["quotes"])
def quotes_stage(ctx: Context) -> None:
    ctx.layers["quotes"] = extract(ctx)

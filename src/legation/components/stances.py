"""Stage ``stances``: actors' positions for or against issues (see :mod:`legation.stances`)."""

from __future__ import annotations

from ..registry import Context, component
from ..stances import extract


@component("stances", needs=["quotes"], adds=["stances"])
def stances_stage(ctx: Context) -> None:
    ctx.layers["stances"] = extract(ctx)

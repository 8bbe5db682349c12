"""Stage ``actors``: every mention of a registered or named actor in the document.

Needs the ``mentions`` layer (spaCy entities, used for names the registry lacks); adds
``actors`` (``list[models.Actor]``). The work is done by :mod:`legation.actors`.
"""

from __future__ import annotations

from ..actors import document_actors
from ..registry import Context, component


@component("actors", needs=["mentions"], adds=["actors"])
def actors_stage(ctx: Context) -> None:
    ctx.layers["actors"] = document_actors(ctx)

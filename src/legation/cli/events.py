"""``legation events``: stored events with DESIGN.md's fields, filtered."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from ..store import LayerFilter
from ._common import DEFAULT_DB, DbOption, JsonOption, console, err_console, open_db, print_json

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
               "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def _actor_matches(actor: dict[str, Any], want: str) -> bool:
    w = want.lower()
    return any(str(actor.get(k) or "").lower() == w for k in ("id", "name", "country", "text"))


def select(items: list[dict[str, Any]], actor: str | None) -> list[dict[str, Any]]:
    """Filters the store cannot express: an actor on either side, by id, name or country."""
    if not actor:
        return items
    return [e for e in items if any(_actor_matches(a, actor) for a in (e.get("source") or []) + (e.get("target") or []))]


def events(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Actor id, name or ISO3 country, as source or target.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type (e.g. CONSULT).")] = None,
    since: Annotated[str | None, typer.Option(help="Earliest event date (ISO, e.g. 2017-06).")] = None,
    until: Annotated[str | None, typer.Option(help="Latest event date (ISO).")] = None,
    doc: Annotated[str | None, typer.Option(help="Only events of this document id.")] = None,
    limit: Annotated[int | None, typer.Option(help="Maximum events.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List coded events: who did what to whom, when, where, according to whom."""
    filters = []
    if event_type:
        et = event_type.upper()
        if et not in EVENT_TYPES:
            err_console.print(f"error: --type {event_type}: not a PLOVER type ({', '.join(EVENT_TYPES)})", markup=False)
            raise typer.Exit(2)
        filters.append(LayerFilter("event_type", "=", et))
    if since:
        filters.append(LayerFilter("date", ">=", since))
    if until:
        # a partial date compares as a prefix: "2017-06" includes "2017-06-30"
        filters.append(LayerFilter("date", "<=", until + "\uffff"))
    store = open_db(db)
    try:
        items = list(store.layer("events", doc_id=doc, filters=filters, limit=None if actor else limit))
    finally:
        store.close()
    items = select(items, actor)
    if limit is not None:
        items = items[:limit]
    if as_json:
        print_json(items)
        return
    table = Table("date", "type", "source", "target", "place", "modality", "trigger")
    for e in items:
        names = lambda xs: ", ".join(a.get("name") or a.get("text") or "?" for a in xs) or "—"  # noqa: E731
        place = (e.get("place") or {}).get("name") or "—"
        table.add_row(str(e.get("date") or "—"), f"{e['event_type']}{'/' + e['mode'] if e.get('mode') else ''}",
                      Text(names(e.get("source") or [])), Text(names(e.get("target") or [])), Text(place),
                      e.get("modality") or "", Text((e.get("trigger") or {}).get("text") or ""))
    console.print(table)
    if not items:
        console.print("no events", markup=False)


def register(app: typer.Typer) -> None:
    app.command("events")(events)

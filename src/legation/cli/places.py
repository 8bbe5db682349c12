"""``legation places``: the geoparsed toponyms of stored documents."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from ..store import LayerFilter
from ._common import DEFAULT_DB, DbOption, JsonOption, console, open_db, print_json

FIELDS = ("doc_id", "text", "start", "end", "name", "geonameid", "lat", "lon", "country", "feature")


def places(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document id.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Only places in this country (ISO 3166 alpha-3).")] = None,
    resolved: Annotated[bool, typer.Option("--resolved", help="Only toponyms resolved to coordinates.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many places.")] = None,
) -> None:
    """List toponyms found in stored documents, resolved against GeoNames."""
    store = open_db(db)
    filters = [LayerFilter("country", "=", country.upper())] if country else []
    rows: list[dict[str, Any]] = []
    for item in store.layer("places", doc_id=doc, filters=filters):
        if resolved and item.get("lat") is None:
            continue
        rows.append({k: item.get(k) for k in FIELDS})
        if limit is not None and len(rows) >= limit:
            break
    store.close()
    if as_json:
        print_json(rows)
        return
    table = Table("doc", "text", "offsets", "name", "country", "lat, lon", "geonameid")
    for r in rows:
        coords = "—" if r["lat"] is None else f"{r['lat']:.2f}, {r['lon']:.2f}"
        table.add_row(r["doc_id"][:12], Text(r["text"]), f"{r['start']}–{r['end']}", Text(r["name"] or "—"),
                      r["country"] or "—", coords, r["geonameid"] or "—")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("places")(places)

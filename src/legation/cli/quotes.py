"""``legation quotes`` and ``legation stances``: who said what, and who stands where."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from ._common import DEFAULT_DB, DbOption, JsonOption, console, open_db, print_json

QUOTE_FIELDS = ("id", "doc_id", "speaker", "cue", "content", "kind", "role")
STANCE_FIELDS = ("id", "doc_id", "holder", "issue", "position", "evidence", "issue_text", "issue_id", "attributed_to")


def _actor_matches(actor: dict[str, Any] | None, wanted: str) -> bool:
    """An actor matches by registry id (exact, case-insensitive) or by a part of its name or text."""
    if not actor:
        return False
    w = wanted.strip().lower()
    if (actor.get("id") or "").lower() == w:
        return True
    return any(w in (actor.get(k) or "").lower() for k in ("name", "text"))


def quotes(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    speaker: Annotated[str | None, typer.Option("--speaker", help="Only quotes by this actor (registry id or part of the name).")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document id.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="direct, indirect, mixed or interview.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many quotes.")] = None,
) -> None:
    """List quotes with their resolved speakers, cues and content spans."""
    store = open_db(db)
    rows: list[dict[str, Any]] = []
    for item in store.layer("quotes", doc_id=doc):
        if speaker and not _actor_matches(item.get("speaker"), speaker):
            continue
        if kind and item.get("kind") != kind:
            continue
        rows.append({k: item.get(k) for k in QUOTE_FIELDS})
        if limit is not None and len(rows) >= limit:
            break
    store.close()
    if as_json:
        print_json(rows)
        return
    table = Table("doc", "speaker", "kind", "content")
    for r in rows:
        sp = r["speaker"] or {}
        table.add_row(r["doc_id"][:12], Text(sp.get("name") or "—"), r["kind"] or "—",
                      Text((r["content"] or {}).get("text", "")[:160]))
    console.print(table)


def stances(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    holder: Annotated[str | None, typer.Option("--holder", help="Only stances of this actor (registry id or part of the name).")] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only this issue (issue id or part of its name).")] = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document id.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many stances.")] = None,
) -> None:
    """List actors' positions (for / against) on issues, with the evidence sentence."""
    store = open_db(db)
    rows: list[dict[str, Any]] = []
    for item in store.layer("stances", doc_id=doc):
        if holder and not _actor_matches(item.get("holder"), holder):
            continue
        if issue:
            w = issue.strip().lower()
            names = [(item.get(k) or "").lower() for k in ("issue", "issue_text")]
            if (item.get("issue_id") or "").lower() != w and not any(w in n for n in names):
                continue
        rows.append({k: item.get(k) for k in STANCE_FIELDS})
        if limit is not None and len(rows) >= limit:
            break
    store.close()
    if as_json:
        print_json(rows)
        return
    table = Table("doc", "holder", "position", "issue", "evidence")
    for r in rows:
        h = r["holder"] or {}
        table.add_row(r["doc_id"][:12], Text(h.get("name") or "—"), r["position"] or "—", Text(r["issue"] or "—"),
                      Text((r["evidence"] or {}).get("text", "")[:120]))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("quotes")(quotes)
    app.command("stances")(stances)

"""Commands ``stories`` (story clusters) and ``compare`` (aligned passages of two versions)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from ._common import DEFAULT_DB, DbOption, JsonOption, console, error_line, open_db, print_json

LABEL_STYLE = {"same": "green", "reworded": "cyan", "different": "bold red",
               "only_a": "yellow", "only_b": "magenta"}


def stories(
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
    min_size: Annotated[int, typer.Option(help="Only stories with at least this many documents.")] = 1,
) -> None:
    """List story clusters: documents reporting the same event or interview."""
    store = open_db(db)
    rows = [s for s in store.stories() if len(s["documents"]) >= min_size]
    store.close()
    rows.sort(key=lambda s: (-len(s["documents"]), s["first_published"] or "9999", s["id"]))
    if as_json:
        print_json(rows)
        return
    table = Table("story", "docs", "first published", "title")
    for s in rows:
        table.add_row(s["id"], str(len(s["documents"])), s["first_published"] or "—",
                      Text((s["title"] or "")[:80]))
    console.print(table)


def compare_docs(store: Any, id_a: str, id_b: str) -> dict[str, Any]:
    """The alignment of two stored documents as the JSON contract gives it."""
    from .. import align

    docs = []
    for doc_id in (id_a, id_b):
        doc = store.get_document(doc_id)
        if doc is None:
            raise KeyError(doc_id)
        docs.append(doc)
    stored = [store.passage_vectors(d.id) for d in docs]
    spans = [s[0] if s else None for s in stored]
    vecs = [align.dequantize(s[1]) if s else None for s in stored]
    pairs = align.align_texts(docs[0].text, docs[1].text, vecs[0], vecs[1], spans[0], spans[1])
    return {
        "a": {"id": docs[0].id, "title": docs[0].title, "outlet": docs[0].outlet},
        "b": {"id": docs[1].id, "title": docs[1].title, "outlet": docs[1].outlet},
        "summary": align.summary(pairs),
        "pairs": [p.to_dict(docs[0].text, docs[1].text) for p in pairs],
    }


def compare(
    doc_a: Annotated[str, typer.Argument(help="Document id of version A.")],
    doc_b: Annotated[str, typer.Argument(help="Document id of version B.")],
    db: DbOption = DEFAULT_DB,
    as_json: JsonOption = False,
) -> None:
    """Align the passages of two versions and flag where they differ."""
    store = open_db(db)
    try:
        result = compare_docs(store, doc_a, doc_b)
    except KeyError as exc:
        error_line(str(exc.args[0]), "no such document in the store")
        raise typer.Exit(2) from None
    finally:
        store.close()
    if as_json:
        print_json(result)
        return
    table = Table(show_lines=True, expand=True)
    table.add_column(Text(f"A {doc_a}\n{result['a']['title'] or ''}"), ratio=5)
    table.add_column(Text(f"B {doc_b}\n{result['b']['title'] or ''}"), ratio=5)
    table.add_column("label", ratio=2)
    for p in result["pairs"]:
        style = LABEL_STYLE[p["label"]]
        label = Text(p["label"], style=style)
        if p["label"] not in ("only_a", "only_b"):
            label.append(f"\n{p['score']:.2f}", style="dim")
        for note in p["notes"]:
            label.append(f"\n{note}", style="dim")
        table.add_row(Text(p["a"]["text"] if p["a"] else ""), Text(p["b"]["text"] if p["b"] else ""),
                      label)
    console.print(table)
    counts = ", ".join(f"{k} {v}" for k, v in result["summary"].items())
    console.print(Text(counts, style="bold"))


def register(app: typer.Typer) -> None:
    app.command()(stories)
    app.command()(compare)

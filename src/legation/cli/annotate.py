"""``legation annotate IN.jsonl``: code events (and places, quotes, entities) without a store.

Input lines are ``{"id", "text", "date"?}``; output lines ``{"id", "events", "places",
"quotes", "entities"}`` (the layers asked for) with offsets into that line's text. A bad
line is reported as ``IN:line: reason`` and the rest goes on.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from ..models import Document, ReadError
from ..pipeline import Pipeline, Result
from ..registry import discover
from ._common import console, error_line

# output key -> layer computed by the pipeline
LAYERS = {"events": "events", "places": "places", "quotes": "quotes", "entities": "actors"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_PRECISION = {4: "year", 7: "month", 10: "day"}


def parse_line(raw: str, where: str) -> Document:
    """One input line to a Document; ValueError with a readable reason when it is bad."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise ValueError("a line must be a JSON object with 'id' and 'text'")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("missing or non-string 'text'")
    doc_id = obj.get("id")
    if doc_id is None or isinstance(doc_id, (dict, list)):
        raise ValueError("missing 'id' (a string or number)")
    date = obj.get("date")
    if date is not None:
        date = str(date)[:10] if re.match(r"^\d{4}-\d{2}-\d{2}T", str(date)) else str(date)
        if not _DATE.match(date):
            raise ValueError(f"'date' {obj.get('date')!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return Document(id=str(doc_id), source=where, text=text, published=date,
                    published_precision=_PRECISION[len(date)] if date else "none",
                    date_source="input" if date else None)


def read_docs(path: str, handle: TextIO, errors: list[str]) -> Iterator[Document]:
    for n, raw in enumerate(handle, start=1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            yield parse_line(raw, where)
        except ValueError as exc:
            error_line(where, str(exc))
            errors.append(where)


def output_line(result: Result, keys: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"id": result.doc.id}
    for key in keys:
        items = result.layers.get(LAYERS[key], [])
        if key == "events":
            items = [{**e, "doc_id": result.doc.id} for e in items]
        out[key] = items
    return out


def annotate(
    infile: Annotated[str, typer.Argument(help="JSONL input: one {id, text, date?} per line ('-' for stdin).")],
    out: Annotated[Path | None, typer.Option("-o", "--out", help="JSONL output (default: stdout).")] = None,
    layers: Annotated[str, typer.Option(help="Comma-separated: events,places,quotes,entities.")] = "events,places,quotes,entities",
    batch_size: Annotated[int, typer.Option(help="Texts analysed together.")] = 32,
) -> None:
    """Code events, places, quotes and entities of texts given as JSONL (no database)."""
    keys = [k.strip() for k in layers.split(",") if k.strip()]
    unknown = [k for k in keys if k not in LAYERS]
    if unknown or not keys:
        error_line("--layers", f"unknown layer(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(LAYERS)}")
        raise typer.Exit(2)
    if infile != "-" and not Path(infile).is_file():
        error_line(infile, "no such file")
        raise typer.Exit(2)
    produced = {layer for comp in discover().values() for layer in comp.adds}
    missing = [k for k in keys if LAYERS[k] not in produced]
    if missing:  # e.g. a plugin stage that is not installed: say so, output [] for it
        error_line("--layers", f"no installed stage produces {', '.join(missing)}; they are output empty")
    pipeline = Pipeline([LAYERS[k] for k in keys if k not in missing], batch_size=batch_size)
    errors: list[str] = []
    n_ok = 0
    handle = sys.stdin if infile == "-" else open(infile, encoding="utf-8", errors="replace")  # noqa: SIM115
    sink = open(out, "w", encoding="utf-8") if out else sys.stdout  # noqa: SIM115
    try:
        for res in pipeline.annotate(read_docs(infile, handle, errors)):
            if isinstance(res, ReadError):
                error_line(res.source, res.reason)
                errors.append(res.source)
                continue
            sink.write(json.dumps(output_line(res, keys), ensure_ascii=False) + "\n")
            n_ok += 1
    finally:
        if handle is not sys.stdin:
            handle.close()
        if out:
            sink.close()
    if out:
        console.print(f"annotated {n_ok} text(s), {len(errors)} error(s) → {out}", markup=False, highlight=False)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("annotate")(annotate)

"""Core commands: ingest, docs, search, stats."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ..models import RawDocument, ReadError
from ..pipeline import Pipeline, Result
from ..read import MAX_BYTES, TIMEOUT, count_inputs, input_of, iter_inputs
from ..registry import corpus_passes
from ._common import DEFAULT_DB, DbOption, JsonOption, console, error_line, open_db, print_json


def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, .warc(.gz), .jsonl, RSS/Atom, http(s) URLs.")],
    db: DbOption = DEFAULT_DB,
    max_bytes: Annotated[int, typer.Option(
        help="Reject inputs larger than this many bytes (a file, a URL's body, a WARC record, a JSONL line).")] = MAX_BYTES,
    timeout: Annotated[float, typer.Option(help="Seconds to wait on a URL's server (connect, each read).")] = TIMEOUT,
    batch_size: Annotated[int, typer.Option(help="Documents analysed together.")] = 32,
    layers: Annotated[str | None, typer.Option(help="Comma-separated layers to compute (default: all).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read, clean, describe, analyse and store articles. Re-ingesting adds nothing."""
    store = open_db(db, must_exist=False)
    pipeline = Pipeline(layers.split(",") if layers else None, batch_size=batch_size)
    stats = {"new": 0, "present": 0, "errors": 0}

    total = count_inputs(inputs)
    progress = Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[docs]} docs · {task.fields[rate]:.1f} docs/s"), TimeRemainingColumn(),
        console=console, disable=quiet, transient=True,
    )
    task = progress.add_task("ingest", total=total, docs=0, rate=0.0)
    seen_files: set[str] = set()
    started = time.monotonic()

    def tick(path: str) -> None:
        """One more output; the bar counts input files (and URLs), the rate documents."""
        if path not in seen_files:
            seen_files.add(path)
            progress.advance(task)
        done = stats["new"] + stats["present"] + stats["errors"]
        progress.update(task, docs=done, rate=done / max(time.monotonic() - started, 1e-6))

    def provenance_input(prov: dict[str, object], source: str) -> str:
        return str(prov.get("path") or prov.get("url") or source)

    def fresh(items: Iterable[RawDocument | ReadError]) -> Iterator[RawDocument | ReadError]:
        """Drop inputs stored before (same source, same bytes): re-ingesting adds nothing."""
        for item in items:
            if isinstance(item, RawDocument):
                h = hashlib.sha256(item.content.encode("utf-8", "surrogatepass")).hexdigest()
                if store.seen_input(item.source, h):
                    stats["present"] += 1
                    tick(provenance_input(item.provenance, item.source))
                    continue
                item.provenance["raw_hash"] = h
            yield item

    with progress:
        for out in pipeline.run(fresh(iter_inputs(inputs, max_bytes=max_bytes, timeout=timeout))):
            if isinstance(out, ReadError):
                stats["errors"] += 1
                error_line(out.source, out.reason)
                store.add_error(out.source, out.reason)
                path = input_of(out.source)
            else:
                assert isinstance(out, Result)
                raw_hash = out.doc.provenance.get("raw_hash")
                if store.add(out.doc, out.removed, out.layers, raw_hash=raw_hash):
                    stats["new"] += 1
                else:
                    stats["present"] += 1
                path = provenance_input(out.doc.provenance, out.doc.source)
            tick(path)
    # Corpus passes see every document stored but not yet passed, including those stored
    # by an earlier run that was killed before its passes ran.
    # A failing pass is reported and its documents stay pending for the next ingest.
    pending = store.pending_passes()
    if pending:
        for cp in corpus_passes():
            try:
                cp.func(store, pending)
            except Exception as exc:  # noqa: BLE001
                reason = f"{type(exc).__name__}: {exc} (retried by the next ingest)"
                error_line(f"<{cp.name} pass>", reason)
                store.add_error(f"<{cp.name} pass>", reason)
                stats["errors"] += 1
                break
        else:
            store.clear_pending(pending)
    store.close()
    console.print(
        f"ingested {stats['new']} new document(s), {stats['present']} already present, "
        f"{stats['errors']} error(s) → {db}",
        markup=False, highlight=False,
    )
    if stats["errors"]:
        raise typer.Exit(1)


def docs(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """List stored documents."""
    store = open_db(db)
    rows = [d.to_dict() for d in store.documents()]
    store.close()
    if as_json:
        print_json(rows)
        return
    table = Table("id", "outlet", "published", "title", "chars")
    for r in rows:
        pub = f"{r['published'] or '—'} ({r['published_precision']})"
        table.add_row(r["id"], Text(r["outlet"] or "—"), pub, Text((r["title"] or "")[:70]), str(len(r["text"])))
    console.print(table)


def search(
    query: Annotated[str, typer.Argument(help="Words to find (all must occur).")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Maximum hits.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and cleaned texts (SQLite FTS5)."""
    store = open_db(db)
    hits = store.search(query, limit=limit)
    store.close()
    if as_json:
        print_json([{**h, "snippet": h["snippet"].replace("\x02", "[").replace("\x03", "]")} for h in hits])
        return
    for h in hits:
        line = Text(f"{h['doc_id']}  ", style="dim")
        line.append(h["title"] or "", style="bold")
        console.print(line)
        snippet = Text("    ")
        for i, part in enumerate(h["snippet"].replace("\x03", "\x02").split("\x02")):
            snippet.append(part.replace("\n", " "), style="bold yellow" if i % 2 else "")
        console.print(snippet)
    if not hits:
        console.print("no match", markup=False)


def stats(db: DbOption = DEFAULT_DB, as_json: JsonOption = False) -> None:
    """Counts of documents, sentences, mentions, layers, errors and outlets."""
    store = open_db(db)
    st = store.stats()
    store.close()
    if as_json:
        print_json(st)
        return
    table = Table("what", "count")
    for k, v in st.items():
        if k != "outlets":
            table.add_row(k, str(v))
    console.print(table)
    outlets = Table("outlet", "documents")
    for k, v in st["outlets"].items():
        outlets.add_row(Text(k), str(v))
    console.print(outlets)


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command()(docs)
    app.command()(search)
    app.command()(stats)

"""``legation eval``: accuracy on gold data, with floors that only move up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.table import Table

from ..evaluation import all_sets, check_floors, default_gold_dir, run_sets
from ._common import JsonOption, console, err_console, print_json


def evaluate(
    sets: Annotated[list[str] | None, typer.Argument(help="Gold sets to run (default: all available).")] = None,
    gold: Annotated[Path | None, typer.Option(help="Gold folder (default: $LEGATION_GOLD or ../shared/gold).")] = None,
    limit: Annotated[int | None, typer.Option(help="Use only the first N records of each set.")] = None,
    floors: Annotated[Path | None, typer.Option(help="YAML of floors; exit 1 if a metric is below its floor.")] = None,
    list_sets: Annotated[bool, typer.Option("--list", help="List the gold sets and exit.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Measure accuracy on the gold sets present in the gold folder."""
    if list_sets:
        for gs in all_sets().values():
            console.print(f"{gs.name}: {gs.description} ({', '.join(gs.files)})", markup=False)
        return
    gold_dir = gold or default_gold_dir()
    try:
        results = run_sets(gold_dir, sets or None, limit)
    except KeyError as exc:
        err_console.print(f"error: {exc.args[0]}", markup=False)
        raise typer.Exit(2) from None
    if as_json:
        print_json(results)
    else:
        table = Table("set", "metric", "value")
        for name, metrics in results.items():
            for k, v in metrics.items():
                table.add_row(name, k, f"{v:.4f}" if isinstance(v, float) else str(v))
        console.print(table)
    if floors is not None:
        spec = yaml.safe_load(floors.read_text()) or {}
        failures = check_floors(results, spec)
        for line in failures:
            err_console.print(f"below floor: {line}", markup=False)
        if failures:
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)

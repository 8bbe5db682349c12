"""Options and output helpers shared by the commands."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from ..store import Store, open_store

DEFAULT_DB = "legation.db"

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="LEGATION_DB", help="Store file (or backend URL such as sqlite:///x.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]

console = Console()
err_console = Console(stderr=True)


def open_db(db: str, must_exist: bool = True) -> Store:
    if must_exist and "://" not in db and not os.path.exists(db):
        err_console.print(f"error: {db}: no such store (run `legation ingest PATH --db {db}` first)", markup=False, highlight=False)
        raise typer.Exit(2)
    return open_store(db)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def error_line(source: str, reason: str) -> None:
    """One line naming the input and the reason, on stderr."""
    err_console.print(f"error: {source}: {reason}", markup=False, highlight=False, soft_wrap=True)

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
err_console = Console(stderr=True, soft_wrap=True)


def open_db(db: str, must_exist: bool = True) -> Store:
    if must_exist and "://" not in db and not os.path.exists(db):
        error_line(db, f"no such store (run `legation ingest PATH --db {db}` first)")
        raise typer.Exit(2)
    return open_store(db)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")


def error_line(source: str, reason: str) -> None:
    """One line naming the input and the reason, on stderr (never wrapped, never styled)."""
    reason = " ".join(reason.split())
    sys.stderr.write(f"error: {source}: {reason}\n")
    sys.stderr.flush()

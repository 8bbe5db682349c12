"""Command-line interface. Each module in this package adds its commands via ``register(app)``.

Field names of every ``--json`` output follow the contract in DESIGN.md.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Legation: who did what to whom, when, where, and according to whom — with evidence.",
)

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if not _info.name.startswith("_"):
        _mod = importlib.import_module(f"{__name__}.{_info.name}")
        _mod.register(app)


def main() -> None:
    app()

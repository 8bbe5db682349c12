"""Gold-set evaluation framework (``legation eval``), after trafilatura's quality gate.

Each module in this package registers one or more gold sets with :func:`gold_set`. A gold
set names the files it needs under the gold folder; sets whose files are missing are
skipped (held-out data of the same kinds is dropped in beside them). Metrics are floats in
[0, 1] unless their name says otherwise (``n_*`` are counts, ``*_s`` seconds).

Floors live in ``eval-floors.yaml`` at the repository root: ``set: {metric: floor}``.
They only ever move up.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Metrics = dict[str, float]
RunFunc = Callable[[Path, "int | None"], Metrics]


@dataclass
class GoldSet:
    name: str
    files: tuple[str, ...]
    description: str
    run: RunFunc

    def available(self, gold_dir: Path) -> bool:
        return all((gold_dir / f).exists() for f in self.files)


_SETS: dict[str, GoldSet] = {}


def gold_set(name: str, *, files: list[str], description: str) -> Callable[[RunFunc], RunFunc]:
    def deco(func: RunFunc) -> RunFunc:
        _SETS[name] = GoldSet(name, tuple(files), description, func)
        return func

    return deco


def all_sets() -> dict[str, GoldSet]:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return dict(sorted(_SETS.items()))


def default_gold_dir() -> Path:
    env = os.environ.get("LEGATION_GOLD")
    if env:
        return Path(env)
    for cand in (Path("shared/gold"), Path("../shared/gold"), Path(__file__).resolve().parents[4] / "shared" / "gold"):
        if cand.is_dir():
            return cand
    return Path("../shared/gold")


def run_sets(
    gold_dir: Path, names: list[str] | None = None, limit: int | None = None
) -> dict[str, dict[str, Any]]:
    """Run the chosen (default: all available) sets: {set: {metrics..., "seconds": t} or {"skipped": why}}."""
    sets = all_sets()
    out: dict[str, dict[str, Any]] = {}
    for name in names or list(sets):
        if name not in sets:
            raise KeyError(f"unknown gold set {name!r} (known: {', '.join(sets)})")
        gs = sets[name]
        if not gs.available(gold_dir):
            missing = [f for f in gs.files if not (gold_dir / f).exists()]
            out[name] = {"skipped": f"missing {', '.join(missing)} under {gold_dir}"}
            continue
        t0 = time.perf_counter()
        metrics = gs.run(gold_dir, limit)
        out[name] = {**metrics, "seconds": round(time.perf_counter() - t0, 2)}
    return out


def check_floors(results: dict[str, dict[str, Any]], floors: dict[str, dict[str, float]]) -> list[str]:
    """Failures as readable lines: a floor whose set ran and whose metric is below it (or absent)."""
    failures = []
    for set_name, metrics in floors.items():
        got = results.get(set_name)
        if got is None or "skipped" in got:
            continue
        for metric, floor in metrics.items():
            value = got.get(metric)
            if value is None:
                failures.append(f"{set_name}.{metric}: missing (floor {floor})")
            elif value + 1e-9 < floor:
                failures.append(f"{set_name}.{metric}: {value:.4f} < floor {floor}")
    return failures


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The first ``limit`` (all when None) records of a gold JSONL file."""
    out: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit is not None and len(out) >= limit:
                    break
    return out


def prf(tp: float, fp: float, fn: float) -> Metrics:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}

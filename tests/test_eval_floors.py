"""The accuracy gate: every gold set present must meet its floor in eval-floors.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli


def test_floors_file_is_well_formed():
    floors = yaml.safe_load((ROOT / "eval-floors.yaml").read_text())
    from legation.evaluation import all_sets

    known = all_sets()
    for set_name, metrics in floors.items():
        assert set_name in known, f"floor for unknown gold set {set_name}"
        for metric, value in metrics.items():
            assert isinstance(value, (int, float)) and 0 <= value <= 1, (set_name, metric)


@pytest.mark.slow
def test_every_gold_set_meets_its_floor(gold_dir: Path):
    res = run_cli("eval", "--gold", str(gold_dir), "--floors", str(ROOT / "eval-floors.yaml"), "--json")
    assert res.returncode == 0, res.stderr[-3000:]
    results = json.loads(res.stdout)
    floors = yaml.safe_load((ROOT / "eval-floors.yaml").read_text())
    ran = [name for name in floors if name in results and "skipped" not in results[name]]
    assert ran, "no gold set with a floor ran"

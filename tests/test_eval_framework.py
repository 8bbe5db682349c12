from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli
from legation import evaluation
from legation.evaluation import check_floors, gold_set, prf, run_sets


def test_prf():
    assert prf(8, 2, 2) == {"precision": 0.8, "recall": 0.8, "f1": 0.8}
    assert prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_sets_with_missing_files_are_skipped_and_floors_checked(tmp_path, monkeypatch):
    monkeypatch.setattr(evaluation, "_SETS", {})
    monkeypatch.setattr(evaluation, "all_sets", lambda: dict(evaluation._SETS))

    @gold_set("toy", files=["toy.jsonl"], description="counts lines")
    def toy(gold_dir: Path, limit):
        lines = (gold_dir / "toy.jsonl").read_text().splitlines()[:limit]
        return {"n_lines": float(len(lines)), "score": 0.5}

    @gold_set("absent", files=["absent.jsonl"], description="never there")
    def absent(gold_dir: Path, limit):
        raise AssertionError("must not run")

    (tmp_path / "toy.jsonl").write_text("a\nb\nc\n")
    res = run_sets(tmp_path, limit=2)
    assert res["toy"]["n_lines"] == 2 and "skipped" in res["absent"]
    assert check_floors(res, {"toy": {"score": 0.4}, "absent": {"x": 1.0}}) == []
    assert check_floors(res, {"toy": {"score": 0.6, "gone": 0.1}}) == [
        "toy.score: 0.5000 < floor 0.6", "toy.gone: missing (floor 0.1)"]


def test_eval_cli_lists_and_rejects_unknown(tmp_path):
    res = run_cli("eval", "--list")
    assert res.returncode == 0
    res = run_cli("eval", "no-such-set", "--gold", str(tmp_path), "--json")
    assert res.returncode == 2 and "unknown gold set" in res.stderr
    res = run_cli("eval", "--gold", str(tmp_path), "--json")
    assert res.returncode == 0
    from legation.evaluation import all_sets

    needs_files = {name for name, gs in all_sets().items() if gs.files}
    out = json.loads(res.stdout)
    assert needs_files and all("skipped" in out[name] for name in needs_files)

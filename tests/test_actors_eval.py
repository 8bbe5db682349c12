"""The ``entities`` gold set (re3d) and the user registry file through the real CLI."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from legation.evaluation import all_sets


def test_entities_set_registered() -> None:
    sets = all_sets()
    assert "entities" in sets and sets["entities"].files == ("ner_re3d.jsonl",)


@pytest.mark.slow
def test_entities_eval_runs_on_gold(gold_dir) -> None:
    if not (gold_dir / "ner_re3d.jsonl").exists():
        pytest.skip("ner_re3d.jsonl absent")
    metrics = all_sets()["entities"].run(gold_dir, 6)
    assert metrics["n_docs"] == 6
    for k in ("precision", "recall", "f1", "recall_person", "recall_organisation"):
        assert 0.0 <= metrics[k] <= 1.0
    assert metrics["recall"] > 0.5 and metrics["precision"] > 0.5


@pytest.mark.slow
def test_user_actors_file_reaches_annotate(tmp_path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "organisations:\n"
        "  - {id: SYR.ALEPPO_COUNCIL, name: Aleppo Provincial Council, kind: government, sector: GOV,\n"
        "     country: SYR, aliases: [Aleppo Provincial Council]}\n", encoding="utf-8")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "The Aleppo Provincial Council met Hezbollah.",
                               "date": "2020-01-01"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = run_cli("annotate", str(src), "-o", str(out), "--layers", "entities", env={"LEGATION_ACTORS": str(mine)})
    if res.returncode != 0 and "No such command" in res.stderr:
        pytest.skip("annotate command not on this branch yet")
    assert res.returncode == 0, res.stderr
    line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    ids = {a["id"] for a in line.get("entities", [])}
    assert {"SYR.ALEPPO_COUNCIL", "LBN.HEZBOLLAH"} <= ids

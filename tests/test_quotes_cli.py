"""``legation quotes`` and ``legation stances`` on a store built from a small text."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

pytestmark = pytest.mark.slow

TEXT = ("Moscow and Tehran differ on Palestine\n\n"
        "There is a difference between Tehran and Moscow over the Palestinian cause. "
        "Russia sticks to the two-state solution, but Iran is against the idea.\n\n"
        "\u201cWe are ready to talk to all sides,\u201d said the Russian foreign minister.\n")

DESIGN_ACTOR = {"text", "start", "end", "id", "name", "country", "sector", "kind"}


def test_quotes_and_stances_commands(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "x.db")
    res = run_cli("ingest", str(tmp_path / "a.txt"), "--db", db, "-q", "--layers", "stances")
    assert res.returncode == 0, res.stderr

    quotes = json.loads(run_cli("quotes", "--db", db, "--json").stdout)
    assert quotes and all(set(q) >= {"id", "doc_id", "speaker", "cue", "content", "kind"} for q in quotes)
    assert set(quotes[0]["speaker"]) == DESIGN_ACTOR
    assert json.loads(run_cli("quotes", "--db", db, "--json", "--speaker", "nobody-at-all").stdout) == []

    stances = json.loads(run_cli("stances", "--db", db, "--json").stdout)
    assert all(set(s) >= {"id", "doc_id", "holder", "issue", "position", "evidence"} for s in stances)
    iran = json.loads(run_cli("stances", "--db", db, "--json", "--holder", "IRN").stdout)
    assert [(s["position"], s["issue"]) for s in iran] == [("against", "two-state solution")]
    assert iran[0]["issue_id"]  # set by the issues corpus pass
    two_state = json.loads(run_cli("stances", "--db", db, "--json", "--issue", "two-state").stdout)
    assert {s["holder"]["country"] for s in two_state} == {"RUS", "IRN"}
    table = run_cli("stances", "--db", db)
    assert table.returncode == 0 and "two-state" in table.stdout

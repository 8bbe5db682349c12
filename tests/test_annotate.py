"""`legation annotate` (no database) and `legation events` (stored events, filters)."""

from __future__ import annotations

import json

import pytest

from conftest import run_cli
from legation.cli.annotate import parse_line
from legation.cli.events import select

GOOD = "Russia attacked Ukraine on Monday. Iran and Russia signed a cooperation agreement in Tehran."


def test_parse_line_reads_id_text_and_date():
    doc = parse_line(json.dumps({"id": 7, "text": "x", "date": "2024-01-27"}), "in.jsonl:1")
    assert (doc.id, doc.text, doc.published, doc.published_precision) == ("7", "x", "2024-01-27", "day")
    assert parse_line(json.dumps({"id": "a", "text": "x", "date": "2017-06"}), "f:1").published_precision == "month"
    assert parse_line(json.dumps({"id": "a", "text": "x"}), "f:1").published is None


@pytest.mark.parametrize("raw,reason", [
    ("{not json", "not JSON"),
    ('["a list"]', "JSON object"),
    ('{"id": "a"}', "text"),
    ('{"text": "x"}', "id"),
    ('{"id": "a", "text": "x", "date": "last week"}', "ISO date"),
])
def test_parse_line_rejects_bad_lines(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_line(raw, "in.jsonl:3")


def test_actor_filter_matches_either_side():
    items = [{"source": [{"id": "RUS/government", "name": "Government of Russia", "country": "RUS"}], "target": []},
             {"source": [], "target": [{"id": None, "name": "protesters", "country": "IRN"}]}]
    assert len(select(items, "rus")) == 1 and len(select(items, "IRN")) == 1 and select(items, "FRA") == []
    assert select(items, None) == items


@pytest.mark.slow
def test_annotate_cli_codes_good_lines_and_names_bad_ones(tmp_path):
    infile = tmp_path / "in.jsonl"
    infile.write_text("\n".join([
        json.dumps({"id": "a", "text": GOOD, "date": "2024-01-27"}),
        "{broken",
        json.dumps({"id": "b", "text": "Nothing happened here."}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    proc = run_cli("annotate", str(infile), "-o", str(out))
    assert proc.returncode == 1, proc.stderr  # one bad line
    assert f"{infile}:2" in proc.stderr and "not JSON" in proc.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"]
    first = lines[0]
    assert set(first) == {"id", "events", "places", "quotes", "entities"}
    types = {e["event_type"] for e in first["events"]}
    assert "ASSAULT" in types
    for e in first["events"]:
        assert e["id"] and e["doc_id"] == "a"
        assert GOOD[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
    attack = next(e for e in first["events"] if e["event_type"] == "ASSAULT")
    assert attack["date"] == "2024-01-22"  # "on Monday" before 27 January 2024
    for p in first["places"]:
        assert GOOD[p["start"]:p["end"]] == p["text"]
    assert lines[1]["events"] == []

    proc = run_cli("annotate", str(infile), "--layers", "events")
    assert proc.returncode == 1
    rows = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    assert rows and set(rows[0]) == {"id", "events"}
    assert run_cli("annotate", str(infile), "--layers", "bogus").returncode == 2


@pytest.mark.slow
def test_events_cli_lists_and_filters_stored_events(tmp_path):
    doc = tmp_path / "article.txt"
    doc.write_text("Russia attacked Ukraine on Monday.\n\nIran and Russia held talks in Moscow on January 15.\n",
                   encoding="utf-8")
    db = str(tmp_path / "x.db")
    proc = run_cli("ingest", str(doc), "--db", db, "-q")
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("events", "--db", db, "--json")
    assert proc.returncode == 0, proc.stderr
    events = json.loads(proc.stdout)
    assert {"ASSAULT", "CONSULT"} <= {e["event_type"] for e in events}
    assert all(e["id"] and e["doc_id"] for e in events)
    only = json.loads(run_cli("events", "--db", db, "--json", "--type", "consult").stdout)
    assert only and {e["event_type"] for e in only} == {"CONSULT"}
    rus = json.loads(run_cli("events", "--db", db, "--json", "--actor", "UKR").stdout)
    assert rus and all(any(a.get("country") == "UKR" for a in e["source"] + e["target"]) for e in rus)
    doc_id = events[0]["doc_id"]
    assert json.loads(run_cli("events", "--db", db, "--json", "--doc", doc_id).stdout)
    assert json.loads(run_cli("events", "--db", db, "--json", "--doc", "nope").stdout) == []
    assert run_cli("events", "--db", db, "--type", "HUG").returncode == 2

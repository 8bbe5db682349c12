"""`legation places --json` on a store, and the geoparsing gold sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli

ARTICLE = """Russia and Iran agree on Syria

Iranian officials arrived in Moscow on Wednesday for talks on Syria with their Russian counterparts.
The delegation later flew to Damascus, where it met officials in the Syrian capital.
"""


@pytest.mark.slow
def test_places_cli(tmp_path: Path) -> None:
    src = tmp_path / "article.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "t.db")
    res = run_cli("ingest", str(src), "--db", db, "-q", "--layers", "places")
    assert res.returncode == 0, res.stderr
    res = run_cli("places", "--db", db, "--json")
    assert res.returncode == 0, res.stderr
    rows = json.loads(res.stdout)
    assert rows
    for r in rows:
        assert {"doc_id", "text", "start", "end", "name", "geonameid", "lat", "lon", "country"} <= set(r)
    docs = json.loads(run_cli("docs", "--db", db, "--json").stdout)
    text = docs[0]["text"]
    for r in rows:
        assert text[r["start"]:r["end"]] == r["text"]
    got = {(r["text"], r["country"]) for r in rows}
    assert {("Moscow", "RUS"), ("Damascus", "SYR"), ("Iranian", "IRN")} <= got
    # filters
    one = json.loads(run_cli("places", "--db", db, "--json", "--doc", docs[0]["id"], "--country", "syr").stdout)
    assert one and all(r["country"] == "SYR" for r in one)
    assert json.loads(run_cli("places", "--db", db, "--json", "--doc", "nope").stdout) == []
    table = run_cli("places", "--db", db)
    assert table.returncode == 0 and "Moscow" in table.stdout


def test_places_cli_missing_store(tmp_path: Path) -> None:
    res = run_cli("places", "--db", str(tmp_path / "none.db"), "--json")
    assert res.returncode == 2 and "none.db" in res.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["geo_trnews", "geo_geovirus"])
def test_geo_gold_sets(gold_dir: Path, name: str) -> None:
    from legation.evaluation import run_sets

    got = run_sets(gold_dir, [name], limit=25)[name]
    if "skipped" in got:
        pytest.skip(got["skipped"])
    assert got["n_gold"] > 50
    assert got["detect_f1"] > 0.75
    assert got["acc161_found"] > 0.7
    assert got["country_acc_found"] > 0.85
    assert got["acc161_all"] <= got["acc161_found"]

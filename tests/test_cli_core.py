from __future__ import annotations

import json

from conftest import run_cli

DOC_FIELDS = {"id", "source", "outlet", "title", "published", "published_precision",
              "date_source", "language", "text", "story_id"}


def test_ingest_docs_search_stats(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "Russia and Iran sign defence accord\n\nMOSCOW — Russia and Iran signed a defence accord on Monday, "
        "the Kremlin said. Foreign Minister Sergei Lavrov met his Iranian counterpart.\n"
    )
    (src / "b.txt").write_text("Turkey hosts talks\n\nAnkara hosted talks between Azerbaijan and Armenia.\n")
    db = str(tmp_path / "x.db")
    res = run_cli("ingest", str(src), "--db", db, "-q")
    assert res.returncode == 0, res.stderr
    assert "2 new document(s)" in res.stdout

    docs = json.loads(run_cli("docs", "--db", db, "--json").stdout)
    assert len(docs) == 2 and all(set(d) >= DOC_FIELDS for d in docs)

    hits = json.loads(run_cli("search", "Lavrov", "--db", db, "--json").stdout)
    assert len(hits) == 1 and "[Lavrov]" in hits[0]["snippet"]
    st = json.loads(run_cli("stats", "--db", db, "--json").stdout)
    assert st["documents"] == 2 and st["sentences"] >= 3 and st["mentions"] >= 4

    again = run_cli("ingest", str(src), "--db", db, "-q")
    assert again.returncode == 0 and "0 new document(s), 2 already present" in again.stdout


def test_missing_store_is_a_clear_error(tmp_path):
    res = run_cli("docs", "--db", str(tmp_path / "none.db"), "--json")
    assert res.returncode == 2 and "none.db" in res.stderr and "no such store" in res.stderr


def test_search_output_does_not_interpret_markup(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Hostile [bold red]markup[/] and <script>alert(1)</script> in an article about Lavrov.\n")
    db = str(tmp_path / "x.db")
    assert run_cli("ingest", str(src), "--db", db, "-q").returncode == 0
    out = run_cli("search", "Lavrov", "--db", db).stdout
    assert "[bold red]markup[/]" in out

"""The seed articles through the real pipeline: one story of three renderings, two alone."""

import json

import pytest

from conftest import run_cli


@pytest.fixture(scope="module")
def seeded(seeds_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    r = run_cli("ingest", str(seeds_dir), "--db", str(db), "-q",
                env={"LEGATION_STORY_EMBEDDINGS": "1"})
    assert r.returncode == 0, r.stderr
    docs = json.loads(run_cli("docs", "--db", str(db), "--json").stdout)
    by_file = {d["source"].rsplit("/", 1)[-1][:3]: d for d in docs}
    return db, by_file


@pytest.mark.slow
def test_seed_stories(seeded):
    db, by_file = seeded
    r = run_cli("stories", "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    stories = json.loads(r.stdout)
    groups = sorted(sorted(s["documents"]) for s in stories)
    interview = sorted(by_file[k]["id"] for k in ("000", "001", "004"))
    assert interview in groups
    assert [by_file["002"]["id"]] in groups and [by_file["003"]["id"]] in groups
    assert len(groups) == 3
    for s in stories:
        assert set(s) >= {"id", "title", "documents", "first_published"}
    story_ids = {by_file[k]["story_id"] for k in ("000", "001", "004")}
    assert len(story_ids) == 1


@pytest.mark.slow
def test_seed_dates_from_story(seeded):
    _, by_file = seeded
    if by_file["000"]["published"] != "2017-06-08":
        pytest.skip("describe found no full date for the interview")
    mna = by_file["004"]  # dateline "Jun. 07" without a year
    assert (mna["published"], mna["published_precision"]) == ("2017-06-07", "day")
    assert mna["date_source"] in ("story", "dateline+explicit", "dateline")
    for k in ("001", "004"):
        d = by_file[k]
        if d["date_source"] == "story":
            assert d["published"].startswith("2017-06")


@pytest.mark.slow
def test_seed_compare(seeded):
    db, by_file = seeded
    a, b = by_file["000"], by_file["001"]
    r = run_cli("compare", a["id"], b["id"], "--db", str(db), "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    labels = [p["label"] for p in result["pairs"]]
    assert labels.count("reworded") + labels.count("same") >= 10
    assert "only_a" in labels and "only_b" in labels
    last_a = last_b = -1
    for p in result["pairs"]:
        assert p["label"] in {"same", "reworded", "different", "only_a", "only_b"}
        for side, doc, last in (("a", a, last_a), ("b", b, last_b)):
            span = p[side]
            if span is not None:
                assert doc["text"][span["start"]:span["end"]] == span["text"]
                assert span["start"] > last  # monotone
        if p["a"]:
            last_a = p["a"]["start"]
        if p["b"]:
            last_b = p["b"]["start"]
    view = run_cli("compare", a["id"], b["id"], "--db", str(db))
    assert view.returncode == 0 and "reworded" in view.stdout
    missing = run_cli("compare", a["id"], "nope", "--db", str(db))
    assert missing.returncode == 2 and "nope" in missing.stderr

"""Events coded from the seed articles (read at run time, never copied into the project)."""

from __future__ import annotations

import pytest

from legation.models import RawDocument, ReadError
from legation.pipeline import Pipeline
from legation.read import iter_inputs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results(seeds_dir):
    raws = [r for r in iter_inputs([str(seeds_dir)]) if isinstance(r, RawDocument)]
    out = [r for r in Pipeline(None).run(raws) if not isinstance(r, ReadError)]
    assert out
    return out


def _countries(actors):
    return {a.get("country") for a in actors}


def _all(results):
    return [(r, e) for r in results for e in r.layers.get("events", [])]


def test_events_carry_evidence_and_mapping(results):
    pairs = _all(results)
    assert len(pairs) > 50
    for r, e in pairs:
        text = r.doc.text
        for span in (e["trigger"], e["sentence"]):
            assert text[span["start"]:span["end"]] == span["text"]
        assert e["sentence"]["start"] <= e["trigger"]["start"] < e["sentence"]["end"]
        assert e["cameo"] and e["quad_class"] in (1, 2, 3, 4) and -10 <= e["goldstein"] <= 10
        assert e["modality"] in ("asserted", "intended", "hypothetical", "negated")
        assert e["attributed_to"]


def test_nothing_from_removed_lines(results):
    """The cleaner drops comment sections and widgets: no event sentence holds such a line."""
    for r in results:
        removed = [x.text.strip() for x in r.removed if len(x.text.strip()) > 40]
        for e in r.layers.get("events", []):
            for line in removed:
                assert line not in e["sentence"]["text"]


def test_visit_to_moscow_is_coded_with_actors_and_date(results):
    visits = [(r, e) for r, e in _all(results) if e["event_type"] == "CONSULT" and e["mode"] == "visit"
              and "IRN" in _countries(e["source"]) and "RUS" in _countries(e["target"])]
    assert visits, "the January 2024 visit of Iran's security chief to Moscow"
    r, e = visits[0]
    assert e["modality"] == "asserted" and e["date_precision"] == "day"
    assert r.doc.published and e["date"] < r.doc.published  # "on Wednesday", before publication
    assert e["place"] and e["place"]["country"] == "RUS"


def test_phone_talk_veto_aid_and_attacks_are_coded(results):
    pairs = _all(results)
    consult = [e for _, e in pairs if e["event_type"] == "CONSULT" and "IRN" in _countries(e["source"])
               and "RUS" in _countries(e["target"]) and e["date"] and e["date"].endswith("-01-15")]
    assert consult, "defence ministers' talk dated January 15"
    assert any(e["event_type"] == "REJECT" and e["mode"] == "veto" and "USA" in _countries(e["source"])
               for _, e in pairs)
    assert any(e["event_type"] == "AID" and "RUS" in _countries(e["source"]) for _, e in pairs)
    assert any(e["event_type"] == "ASSAULT" and "YEM" in _countries(e["target"]) for _, e in pairs)
    assert any(e["event_type"] == "COOPERATE" and {"IRN", "RUS"} <= _countries(e["source"] + e["target"])
               for _, e in pairs)
    assert any(e["event_type"] == "RETREAT" and e["mode"] == "ceasefire" for _, e in pairs)


def test_intended_pact(results):
    pairs = _all(results)
    assert any(e["event_type"] == "SUPPORT" and e["mode"] == "sign" and e["modality"] == "intended" for _, e in pairs)


def test_quoted_events_are_attributed_to_the_speaker(results):
    pytest.importorskip("legation.quotes")
    # interview answers are attributed to the interviewee, not asserted by the outlet
    assert any(e["attributed_to"].get("id") for _, e in _all(results))

"""The event gold sets run end to end on a few records (full figures: `legation eval`)."""

from __future__ import annotations

import pytest

from legation.evaluation import all_sets, run_sets
from legation.evaluation.events import _plover_sides, main_event, sentence_class

pytestmark = pytest.mark.slow


def test_sets_are_registered():
    sets = all_sets()
    for name in ("plover", "pentaclass", "cameo_actors"):
        assert name in sets and sets[name].files


def test_event_sets_run_on_gold(gold_dir):
    res = run_sets(gold_dir, ["plover", "pentaclass", "cameo_actors"], limit=25)
    p = res["plover"]
    assert p["n_sentences"] == 25 and 0 <= p["event_type_accuracy"] <= 1
    assert p["event_type_accuracy"] >= 0.5  # a working coder types most CAMEO-manual sentences
    assert 0 <= res["pentaclass"]["macro_f1"] <= 1 and res["pentaclass"]["n_sentences"] == 25
    assert 0 <= res["cameo_actors"]["source_overlap_f1"] <= 1


def test_helpers():
    a = {"event_type": "ASSAULT", "main": False, "quad_class": 4, "penta": 4}
    b = {"event_type": "REQUEST", "main": True, "quad_class": 1, "penta": 0}
    assert main_event([a, b]) is b and sentence_class([a, b]) == 0 and sentence_class([]) == 0
    rec = {"reciprocal": True, "source": [{"country": "USA"}], "target": [{"country": "RUS"}]}
    assert _plover_sides(rec) == {"source": [{"country": "USA"}, {"country": "RUS"}], "target": []}

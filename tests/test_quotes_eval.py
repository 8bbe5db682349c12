"""The quote attribution gold set: scoring rules and a run on PolNeAR dev."""

from __future__ import annotations

import pytest

from legation.evaluation.quotes import score_document


def span(text: str, needle: str) -> dict:
    s = text.index(needle)
    return {"start": s, "end": s + len(needle), "text": needle}


TEXT = "Officials said the border would stay closed. \u201cWe will reopen it soon,\u201d Ms. Lee said."


def gold() -> list[dict]:
    return [
        {"source": [span(TEXT, "Officials")], "cue": [span(TEXT, "said")],
         "content": [span(TEXT, "the border would stay closed")]},
        {"source": [span(TEXT, "Ms. Lee")], "cue": [span(TEXT, "said.")],
         "content": [span(TEXT, "\u201cWe will reopen it soon,\u201d")]},
    ]


def pred(content: str, speaker: str, name: str | None = None, cue: str | None = None) -> dict:
    sp = span(TEXT, speaker)
    return {"content": span(TEXT, content), "cue": span(TEXT, cue) if cue else None, "kind": "direct",
            "speaker": {**sp, "id": None, "name": name or speaker}}


def test_perfect_prediction():
    got = score_document(gold(), [pred("the border would stay closed", "Officials", cue="said"),
                                  pred("We will reopen it soon", "Lee")])
    assert got["tp"] == 2 and got["n_pred"] == 2 and got["spk_ok"] == 2 and got["spk_n"] == 2


def test_small_overlap_is_no_match_and_wrong_speaker_counts():
    got = score_document(gold(), [pred("border", "Officials"), pred("We will reopen it soon", "Officials")])
    assert got["tp"] == 1 and got["spk_n"] == 1 and got["spk_ok"] == 0


def test_speaker_resolved_to_the_same_entity_counts():
    pronoun_text_gold = [{"source": [span(TEXT, "Ms. Lee")], "cue": [], "content": [span(TEXT, "We will reopen it soon")]}]
    got = score_document(pronoun_text_gold, [pred("We will reopen it soon", "Officials", name="Anna Lee")])
    assert got["spk_ok"] == 1


def test_quotes_split_by_one_cue_are_one_prediction():
    g = [{"source": [span(TEXT, "Officials")], "cue": [span(TEXT, "said")],
          "content": [span(TEXT, "the border"), span(TEXT, "would stay closed")]}]
    a = pred("the border", "Officials", cue="said")
    b = pred("would stay closed", "Officials", cue="said")
    got = score_document(g, [a, b])
    assert got["n_pred"] == 1 and got["tp"] == 1


@pytest.mark.slow
def test_eval_runs_on_polnear(gold_dir):
    from legation.evaluation.quotes import run

    m = run(gold_dir, 3)
    assert m["n_documents"] == 3 and 0 < m["f1"] <= 1 and 0 < m["speaker_accuracy"] <= 1

import numpy as np

from legation import align


def test_passages_offsets_and_abbreviations():
    text = "TEHRAN, Jun. 07 (MNA) – The minister spoke.  He left.\n\nMr. Smith said yes. Done!"
    spans = align.passages(text)
    parts = [text[s:e] for s, e in spans]
    assert parts == ["TEHRAN, Jun. 07 (MNA) – The minister spoke.", "He left.", "Mr. Smith said yes.", "Done!"]
    for s, e in spans:
        assert text[s:e].strip() == text[s:e]


def _unit(rows):
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_alignment_is_monotone_with_merges_and_gaps():
    a = _unit([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    # b: a merge of a0 split in two halves, then nothing for a1, then a2, then an extra
    b = _unit([[1, 0.2, 0, 0], [1, -0.2, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
    steps = align.align_vectors(a, b)
    got = [(list(ra), list(rb)) for ra, rb, _ in steps]
    assert got == [([0], [0, 1]), ([1], []), ([2], [2]), ([], [3])]


def test_mismatches_numbers_negation_and_name_lists():
    assert align.mismatches("They sent 5 ships.", "They sent 7 ships.")
    assert align.mismatches("TEHRAN, Jun. 07 (MNA) - Talks ended.", "Talks ended.") == []
    assert align.mismatches("Iran will act.", "Iran will not act.") == ["negation only in b"]
    notes = align.mismatches("The coalition of Iran, Russia, Syria, Iraq and Hezbollah won.",
                             "The coalition of Iran, Russia, Iraq, and Lebanese Hezbollah won.")
    assert any("Syria" in n for n in notes)
    notes = align.mismatches("The coalition of Iran, Russia, Iraq, and Lebanese Hezbollah changed the Syrian front.",
                             "The alliance of Iran, Russia, Syria, Iraq and Hezbollah won.")
    assert "names only in b: Syria" in notes
    assert align.mismatches("Iran and Russia talked.", "Russia and Iran held talks.") == []


def test_label_pair_rules():
    assert align.label_pair("The talks ended.", "The talks ended.", 0.99)[0] == "same"
    assert align.label_pair("The talks ended.", "Negotiations concluded.", 0.8)[0] == "reworded"
    assert align.label_pair("The talks ended.", "It rained.", 0.55)[0] == "different"

"""Schema and consistency of the trigger lexicon (src/legation/data/triggers.yaml)."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from legation.event_lexicon import PLOVER_TYPES, POS_MAP, STATEMENT, load, parse_triggers

FIELDS = {"lemma", "pos", "mode", "context", "with", "not_with", "negated", "control", "confidence", "type"}


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(resources.files("legation").joinpath("data", "triggers.yaml").read_text(encoding="utf-8"))


def test_groups_are_plover_types(raw):
    assert set(raw["triggers"]) <= set(PLOVER_TYPES) | {STATEMENT}
    # every PLOVER type has words that name it
    assert set(PLOVER_TYPES) <= set(raw["triggers"])


def test_entries_have_known_fields_and_values(raw):
    for group, entries in raw["triggers"].items():
        for e in entries:
            assert set(e) <= FIELDS, (group, e)
            assert isinstance(e["lemma"], str) and e["lemma"] == e["lemma"].strip().lower(), e
            assert e.get("pos", "any") in POS_MAP, e
            for key in ("with", "not_with"):
                assert isinstance(e.get(key, []), list), e
            if "negated" in e:
                assert e["negated"] in PLOVER_TYPES, e
            if "type" in e:
                assert e["type"] in PLOVER_TYPES, e
            assert 0 < float(e.get("confidence", 0.8)) <= 1, e


def test_modes_have_a_cameo_mapping():
    lex = load()
    for entries in lex.by_lemma.values():
        for t in entries:
            if t.event_type == STATEMENT:
                continue
            assert (t.event_type, None) in lex.mapping, t
            if t.mode is not None:
                assert (t.event_type, t.mode) in lex.mapping, f"{t.lemma}: {t.event_type}/{t.mode} not in plover_cameo.tsv"


def test_modifier_modes_map_to_known_modes():
    lex = load()
    for event_type, modes in lex.modifier_modes.items():
        for mode in modes.values():
            assert (event_type, mode) in lex.mapping, (event_type, mode)


def test_no_duplicate_entries(raw):
    seen = set()
    for group, entries in raw["triggers"].items():
        for e in entries:
            key = (group, e["lemma"], e.get("pos", "any"), tuple(e.get("with", ())), tuple(e.get("not_with", ())))
            assert key not in seen, key
            seen.add(key)


def test_plain_entry_of_a_lemma_and_pos_is_unique():
    """Without `with`, one word and part of speech can name only one event type."""
    by: dict[tuple[str, str], str] = {}
    for entries in load().by_lemma.values():
        for t in entries:
            if t.with_:
                continue
            for pos in POS_MAP[t.pos]:
                key = (t.lemma, pos)
                assert by.setdefault(key, t.event_type) == t.event_type, (key, by[key], t.event_type)


def test_lexicon_settings(raw):
    lex = load()
    assert lex.light_verbs and lex.speech_verbs and lex.request_modals
    assert "will" in lex.future_aux and "would" in lex.hypothetical_aux and "if" in lex.condition_marks
    assert set(lex.intended_as.values()) <= set(PLOVER_TYPES)
    assert lex.reciprocal_types <= set(PLOVER_TYPES)
    for name, words in lex.contexts.items():
        assert name and words and all(w == w.lower() for w in words)


def test_parse_triggers_applies_group_type_and_defaults():
    by = parse_triggers({"triggers": {"ASSAULT": [{"lemma": "Shell", "pos": "verb"}],
                                      "COERCE": [{"lemma": "seize", "with": ["town"], "type": "ASSAULT"}]}})
    assert by["shell"][0].event_type == "ASSAULT" and by["shell"][0].confidence == 0.8
    assert by["seize"][0].event_type == "ASSAULT" and by["seize"][0].with_ == ("town",)


def test_agent_heads_are_lowercase_single_words(raw):
    heads = raw["agent_heads"]
    assert heads and all(isinstance(w, str) and w == w.lower() and " " not in w for w in heads)
    assert len(heads) == len(set(heads))
    assert load().agent_heads == frozenset(heads)

"""Schema and consistency of src/legation/data/reporting_verbs.yaml."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from legation.quotes import _inflect, cue_kind, load_lexicon

KINDS = {"speech", "writing", "statement", "report", "belief", "stance"}


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(resources.files("legation").joinpath("data/reporting_verbs.yaml").read_text("utf-8"))


def _keys_in_order(text: str, section: str) -> list[str]:
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith(section + ":"):
            inside = True
            continue
        if inside and line and not line.startswith(" "):
            break
        if inside and line.startswith("  ") and ":" in line and not line.strip().startswith("-"):
            out.append(line.split(":")[0].strip())
    return out


def test_sections_and_kinds(raw):
    for section in ("verbs", "irregular", "prepositional", "interview_leads", "interviewer_labels",
                    "generic_heads", "description_synonyms", "first_person", "source_nouns",
                    "person_heads", "object_verbs", "cue_nouns", "headline_kickers", "not_sources"):
        assert section in raw, section
    assert set(raw["verbs"].values()) <= KINDS
    assert set(raw["object_verbs"].values()) <= KINDS
    assert len(raw["verbs"]) >= 40


def test_no_duplicate_keys():
    text = resources.files("legation").joinpath("data/reporting_verbs.yaml").read_text("utf-8")
    for section in ("verbs", "irregular", "object_verbs", "description_synonyms"):
        keys = _keys_in_order(text, section)
        assert keys and len(keys) == len(set(keys)), f"duplicate key in {section}"


def test_lemmas_are_lowercase_single_words(raw):
    for lemma in list(raw["verbs"]) + list(raw["object_verbs"]):
        assert lemma == lemma.lower() and " " not in lemma, lemma
    for lemma in raw["irregular"]:
        assert lemma in raw["verbs"], f"irregular form for unknown verb {lemma}"


def test_interview_leads(raw):
    patterns = [d["pattern"] for d in raw["interview_leads"]]
    assert len(patterns) == len(set(patterns))
    for d in raw["interview_leads"]:
        assert d["interviewee"] in ("subject", "object")
        assert d["pattern"] == d["pattern"].lower()


def test_synonyms_are_symmetric_enough(raw):
    syn = raw["description_synonyms"]
    for word, others in syn.items():
        assert isinstance(others, list) and others, word
        assert word not in others


def test_lexicon_forms():
    lex = load_lexicon()
    assert {"said", "says", "saying", "told", "added", "wrote", "stressed"} <= lex.forms
    assert cue_kind("said") == "speech" and cue_kind("believes") == "belief" and cue_kind("table") is None
    assert _inflect("deny") >= {"denies", "denied", "denying"}
    assert _inflect("note") >= {"notes", "noted", "noting"}


def test_bad_lexicon_is_an_error():
    with pytest.raises((KeyError, TypeError)):
        load_lexicon("irregular: {}\n")


def test_every_word_is_a_string(raw):
    """YAML 1.1 reads bare on/off/yes/no as booleans: every word must stay a string."""
    for section in ("prepositional", "interviewer_labels", "generic_heads", "first_person", "source_nouns",
                    "person_heads", "cue_nouns", "headline_kickers", "not_sources"):
        assert all(isinstance(w, str) for w in raw[section]), section
    for others in raw["description_synonyms"].values():
        assert all(isinstance(w, str) for w in others)


def test_cue_classes_for_adjectives_perception_particles_and_idioms(raw):
    lex = load_lexicon()
    for section in ("cue_adjectives", "perception", "other_sense_particles", "it_idioms", "sourceless_passives",
                    "impersonal_adjectives", "in_sources", "appearance", "plain_speech", "response_verbs", "aspectual",
                    "experiencer_object", "goal_that_verbs"):
        words = raw[section]
        assert words and all(isinstance(w, str) and w == w.lower() and " " not in w for w in words), section
        assert len(words) == len(set(words)), f"duplicate word in {section}"
    assert "off" in lex.other_sense_particles  # quoted in the YAML: a bare off is a boolean
    assert {"worried", "afraid", "critical"} <= lex.cue_adjectives
    assert lex.perception <= set(raw["verbs"]) and lex.it_idioms.isdisjoint(raw["verbs"])

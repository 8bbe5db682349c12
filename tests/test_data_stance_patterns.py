"""Schema and consistency of src/legation/data/stance_patterns.yaml."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from legation.stances import load_lexicon


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(resources.files("legation").joinpath("data/stance_patterns.yaml").read_text("utf-8"))


def test_sections(raw):
    for section in ("verbs", "predicates", "judgement_verbs", "contrast", "group_holders",
                    "anaphoric_issues", "negators"):
        assert raw.get(section), section


@pytest.mark.parametrize("section", ["verbs", "predicates"])
def test_entries(raw, section):
    for word, spec in raw[section].items():
        assert word == word.lower(), word
        assert spec["position"] in ("for", "against"), word
        assert set(spec) <= {"position", "prep"}, word
        if "prep" in spec:
            assert spec["prep"].isalpha() and spec["prep"] == spec["prep"].lower()


def test_both_positions_present(raw):
    positions = {s["position"] for s in raw["verbs"].values()}
    assert positions == {"for", "against"}


def test_no_word_is_both_verb_and_judgement(raw):
    assert not set(raw["verbs"]) & set(raw["judgement_verbs"])


def test_lexicon_loads_and_rejects_bad_positions():
    lex = load_lexicon()
    assert lex.verbs["stick"] == ("for", "to") and lex.predicates["against"] == ("against", None)
    assert "both" in lex.group_holders and "unlike" in lex.contrast
    with pytest.raises(ValueError, match="position"):
        load_lexicon("verbs: {back: {position: maybe}}\n")


def test_every_word_is_a_string(raw):
    """YAML 1.1 reads bare on/off/yes/no as booleans: every word must stay a string."""
    for section in ("judgement_verbs", "contrast", "group_holders", "anaphoric_issues", "negators"):
        assert all(isinstance(w, str) for w in raw[section]), section

"""Recall rules of quote extraction (relative clauses, asides, participles, passives, control,
pro-forms, prepositional objects) and their lexicon entries, on small texts written for these tests."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from test_quotes_cues import run, with_cue


def test_the_speaker_stops_at_the_cue():
    # the parser may hang the trailing apposition on the subject: the object is not the speaker
    quotes = with_cue(run("A union of pilots endorsed Maria Lopez for governor on Friday, another sign of "
                          "organized labor lining up behind her."), "endorsed")
    assert quotes and quotes[0].content.text.startswith("Maria Lopez")
    assert "Lopez" not in quotes[0].speaker.text


def test_an_attitude_adjective_tagged_as_a_verb_takes_its_object():
    [q] = with_cue(run("Several governors have opposed the new pipeline plan."), "opposed")
    assert q.content.text == "the new pipeline plan" and q.speaker.text == "Several governors"


def test_a_cue_with_its_own_object_does_not_claim_the_clause_before_it():
    assert not [q for q in run("One after another, the airlines declared bankruptcy.")
                if q.content.text.startswith("One after another")]


def test_a_relative_pronoun_object_with_what_the_cue_says_of_it():
    quotes = with_cue(run("The fire was started by a device that the police chief described as “a crude bomb.”"),
                      "described")
    texts = [q.content.text for q in quotes]
    assert "that" in texts and any("a crude bomb" in t for t in texts)
    assert all("police chief" in q.speaker.text for q in quotes)
    quotes = with_cue(run("The governor spent the week on what critics described as reckless spending."), "described")
    assert any(q.content.text == "reckless spending" for q in quotes)


def test_a_passive_participle_with_an_agent():
    quotes = with_cue(run("Raising the tax would backfire, said Ms. Reed (a view echoed by several economists)."),
                      "echoed")
    assert [(q.content.text, q.speaker.text) for q in quotes] == [("a view", "several economists")]


def test_subject_control_through_a_predicate_adjective():
    [q] = with_cue(run("He was able to repeatedly tout his fundraising record."), "tout")
    assert q.speaker.text == "He" and q.content.text == "his fundraising record"


def test_sourceless_passives_with_a_complement_or_a_bare_subject():
    [q] = with_cue(run("When the fact-checkers reviewed the claim, it was labeled “False.”"), "labeled")
    assert q.speaker is None and q.content.text.startswith("it was labeled")
    [q] = with_cue(run("The merits of the new tax plan are being debated again."), "debated")
    assert q.speaker is None and q.content.text == "The merits of the new tax plan"
    assert not with_cue(run("He was seen near the border."), "seen")  # not a speech act


def test_an_as_aside_takes_the_clause_it_modifies():
    [q] = with_cue(run("As one analyst pointed out, the gap between the two parties is wider than ever."), "pointed")
    assert q.content.text == "the gap between the two parties is wider than ever"
    assert q.speaker.text == "one analyst"


def test_pro_form_objects_of_speech_verbs():
    [q] = with_cue(run("The governor said as much in a radio interview on Tuesday."), "said")
    assert q.content.text == "as much"
    assert not with_cue(run("She knows as much about farming as anyone."), "knows")


def test_prepositional_objects_by_lemma_and_numbers_are_not_times():
    [q] = with_cue(run("The protesters point to the 2005 housing law."), "point")
    assert q.content.text == "the 2005 housing law"


def test_a_relative_pronoun_speaks_for_the_noun_right_before_it():
    quotes = with_cue(run("The plaza became a gathering place for protesters here, who have marched every night "
                          "and called for new elections."), "called")
    assert quotes and quotes[0].speaker.text.startswith("protesters") and quotes[0].speaker.text.endswith("who")


def test_a_quantified_subject_keeps_the_people_counted():
    [q] = with_cue(run("One of the mayor's aides criticized the ruling on Monday."), "criticized")
    assert q.speaker.text == "One of the mayor's aides"


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(resources.files("legation").joinpath("data/reporting_verbs.yaml").read_text("utf-8"))


def test_recall_lexicon_entries(raw):
    assert set(raw["bare_passives"]) <= set(raw["sourceless_passives"])
    cues = set(raw["verbs"]) | set(raw["object_verbs"])
    for lemma, preps in raw["prep_objects"].items():
        assert lemma in cues, lemma
        assert preps and all(p == p.lower() and " " not in p for p in preps), lemma


def test_experiencer_object_verbs(raw):
    words = raw["experiencer_object"]
    assert words and all(w == w.lower() and " " not in w for w in words) and len(words) == len(set(words))
    # the emotion adjectives that are attitude cues have their verb listed ("was surprised that" is a
    # cue, "surprised Washington" is not)
    for adjective, verb in (("surprised", "surprise"), ("shocked", "shock"), ("alarmed", "alarm")):
        assert adjective in raw["cue_adjectives"] and verb in words

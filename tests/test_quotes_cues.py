"""Cue classes and content boundaries of quote extraction, on small texts written for these tests."""

from __future__ import annotations

import pytest

from legation.models import Document
from legation.pipeline import Pipeline
from legation.quotes import Quote, extract
from legation.registry import Context


def run(text: str) -> list[Quote]:
    ctx = Context(Document(id="t", source="t", text=text, published="2016-09-20", published_precision="day"))
    Pipeline(["actors"]).analyse([ctx])
    quotes = extract(ctx)
    for q in quotes:
        assert text[q.content.start:q.content.end] == q.content.text
        if q.cue:
            assert text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker and q.speaker.end > q.speaker.start:
            assert text[q.speaker.start:q.speaker.end] == q.speaker.text
    return quotes


def with_cue(quotes: list[Quote], cue: str) -> list[Quote]:
    return [q for q in quotes if q.cue is not None and q.cue.text == cue]


def test_a_verb_tagged_as_a_noun_before_that_is_a_cue():
    [q] = with_cue(run("But Trump claims that he should be the exception."), "claims")
    assert q.content.text == "that he should be the exception" and q.speaker.text == "Trump"


def test_subject_control_gives_the_governing_subject():
    quotes = run("Ham went on to explain how cuts to military spending left the generals' hands tied.")
    [q] = with_cue(quotes, "explain")
    assert q.speaker.text == "Ham" and q.content.text.startswith("how cuts")


def test_the_infinitive_is_what_was_said_not_the_listener():
    [q] = with_cue(run("Last month, the FBI warned state election officials to boost their election security."), "warned")
    assert q.content.text == "to boost their election security"


def test_response_and_comment_objects_but_not_times():
    quotes = run("Trump has also commented on Crutcher’s death. The campaign did not respond to requests for comment.")
    assert with_cue(quotes, "commented")[0].content.text == "Crutcher’s death"
    assert with_cue(quotes, "respond")[0].content.text == "requests for comment"
    assert not run("The senator spoke on Monday.")


@pytest.mark.parametrize("text,holder,content", [
    ("Democrats are worried that Clinton could lose Ohio.", "Democrats", "that Clinton could lose Ohio"),
    ("The senator is critical of the new trade deal.", "The senator", "the new trade deal"),
    ("European leaders were willing to go forward with a limited bill.", "European leaders",
     "to go forward with a limited bill"),
])
def test_attitude_adjectives(text, holder, content):
    [q] = run(text)
    assert q.speaker.text == holder and q.content.text == content


def test_an_impersonal_adjective_holds_no_view():
    assert not run("It is not certain that the bill will pass.")


def test_cue_before_a_quote_across_the_listener_and_occasion():
    text = "Limbaugh told his radio audience on Monday, “What happened is this. The campaign sent marching orders.”"
    [q] = run(text)
    assert q.kind == "direct" and q.content.text.endswith("marching orders.”") and q.speaker.text == "Limbaugh"


def test_quote_split_by_its_cue_across_an_abbreviation_is_one_statement():
    text = ('"I think Lester Holt will be very fair," Trump said during a rally in Kenansville, N.C., '
            '"but a lot of people are going to be watching to see if that\'s true."')
    quotes = run(text)
    assert len(quotes) == 2 and {q.cue.start for q in quotes} == {text.index("said")}


def test_a_coordinated_second_report_is_its_own_quote():
    quotes = run("China said it was opposed to the test and warned North Korea to refrain from further actions.")
    assert with_cue(quotes, "said")[0].content.text == "it was opposed to the test"
    assert with_cue(quotes, "warned")[0].content.text == "to refrain from further actions"


def test_a_trailing_participle_clause_is_not_content():
    quotes = run("Analysts said geopolitical factors have contributed to its appeal, citing the nation's strategic importance.")
    assert with_cue(quotes, "said")[0].content.text == "geopolitical factors have contributed to its appeal"
    assert with_cue(quotes, "citing")[0].content.text == "the nation's strategic importance"


def test_a_fronted_relative_pronoun_and_the_rest_of_the_clause():
    text = "That is the gap between what Trump says his tax plan would do and what it does."
    parts = [q.content.text for q in with_cue(run(text), "says")]
    assert parts[0] == "what" and parts[1].startswith("his tax plan would do")


def test_a_cue_clause_set_off_by_commas():
    quotes = run("These employees, Stumpf explained at the hearing, were well paid.")
    assert [q.content.text for q in with_cue(quotes, "explained")] == ["These employees", "were well paid"]
    [q] = with_cue(run("As Ms. Simonyan put it, RT is providing a perspective you won't get elsewhere."), "put")
    assert q.content.text.startswith("RT is providing") and q.speaker.text == "Simonyan"


def test_passive_evaluations_without_an_agent_have_no_speaker():
    [q] = run("Mr. Quiros was accused of using $50 million for personal expenses.")
    assert q.speaker is None and q.content.text.startswith("Mr. Quiros") and q.content.text.endswith("expenses")


def test_perception_verbs_need_that_or_as_and_phrasal_verbs_are_not_cues():
    assert not run("Police saw the tweet and removed the aide.")
    [q] = run("Critics see the program as an easy way to gain citizenship.")
    assert q.content.text.startswith("the program as")
    assert not run("Trump backed off some of his initial proposals.")


def test_a_noun_cue_with_a_that_clause_and_no_owner_has_no_speaker():
    [q] = run("For years, Oz has been dogged by charges that he has promoted questionable medical advice.")
    assert q.speaker is None and q.cue.text == "charges" and q.content.text.startswith("that he has promoted")


def test_inverted_cue_before_a_quote():
    [q] = run("Said Ellis: “I don’t get the sense she’s the least bit interested in tax reform.”")
    assert q.speaker.text == "Ellis" and q.kind == "direct"


def test_a_straight_mark_after_a_space_closes_the_quote():
    text = "\"I've always been insulted with the term 'African American outreach,' \" he told the group."
    [q] = run(text)
    assert q.content.text.endswith("outreach,' \"") and q.speaker.text == "he"


def test_impersonal_judgements_and_idea_nouns_name_no_source():
    [q] = run("Nor is it clear that further sanctions would be a deterrent.")
    assert q.speaker is None and q.content.text == "that further sanctions would be a deterrent"
    assert not run("The answer is clear.")
    [q] = run("There was more agreement that Europe should increase military coordination.")
    assert q.cue.text == "agreement" and q.content.text.startswith("that Europe should")


def test_a_short_title_in_quote_marks_is_not_a_statement():
    text = "On this weekend’s broadcast of “Fox News Sunday,” Gov. Mike Pence said the tweet was only a joke."
    [q] = run(text)
    assert q.cue.text == "said" and q.content.text == "the tweet was only a joke"


def test_evidence_and_views_named_after_in():
    [q] = run("In this poll, Trump rose 1 percentage point since Monday’s debate while Clinton fell.")
    assert q.cue.text == "In" and q.speaker.text == "this poll" and q.content.text.startswith("Trump rose")
    [q] = run("Only European immigrants are safe in his eyes.")
    assert q.content.text == "Only European immigrants are safe" and q.speaker.text == "his eyes"
    assert not run("He lives in Ohio with his family and two dogs.")


def test_appearance_verbs_attribute_without_a_source():
    [q] = run("Now Melania seems to have vanished from the campaign trail.")
    assert q.speaker is None and q.content.text == "Melania seems to have vanished from the campaign trail"
    [q] = run("It seems that nobody knows the answer.")
    assert q.content.text == "that nobody knows the answer"


def test_according_to_after_the_clause_attributes_the_clause_before():
    text = ("The top 1 percent would see their incomes go up by 19.9 percent, according to the Tax Foundation, "
            "more than twice what it projected for the middle.")
    [q] = run(text)
    assert q.content.text == "The top 1 percent would see their incomes go up by 19.9 percent"


def test_reason_time_and_concessive_clauses_are_not_content():
    quotes = run("Republicans had called the hearing because they felt the FBI was not forthcoming.")
    assert with_cue(quotes, "called")[0].content.text == "the hearing"
    quotes = run("He claimed that paying no income taxes was smart, although he refused to release his returns.")
    assert with_cue(quotes, "claimed")[0].content.text == "that paying no income taxes was smart"


def test_a_mixed_report_nested_in_another_report_is_part_of_it():
    quotes = run('Police Chief Kerr Putney said he thought that drugs were a "very, very big factor" in the violence.')
    assert [q.cue.text for q in quotes] == ["said"]


def test_object_keeps_prepositional_tail_hung_on_the_verb():
    # the parser hangs "by the governor" on the verb; it still describes the object
    [q] = with_cue(run("The senators described rude behavior by the governor during the hearing."), "described")
    assert q.content.text == "rude behavior by the governor"


def test_a_quoted_segment_inside_a_mixed_report_is_not_a_second_quote():
    quotes = run("Smith said that, “Of course the mayor is going to defend himself” against what the "
                 "campaign sees as a coordinated attack.")
    assert [q.cue.text for q in quotes if q.cue] == ["said"]


def test_a_noun_cue_with_to_names_the_listener_not_the_content():
    assert not with_cue(run("Mr. Lee's statements to the FBI contradict the record."), "statements")


def test_continue_reports_a_quote_but_not_an_object():
    assert not run("Republicans continued their legislative attacks on the agency.")
    [q] = run("“We will win,” she continued.")
    assert q.cue.text == "continued" and q.kind == "direct"


def test_a_cue_after_a_parenthesised_party_and_state():
    quotes = run('"We cannot let witnesses ignore the committee," Rep. John Mica (R-Fla.) said. '
                 '"That would destroy the whole basis of our government."')
    assert [q.cue.text for q in quotes] == ["said", "said"]
    assert all(q.speaker.text == "John Mica" for q in quotes)


def test_a_cue_after_a_long_apposition_of_the_speaker():
    [q] = run("“The plan is fiscally responsible,” Leonard Burman, director of the Tax Policy Center and "
              "a professor at Syracuse University, said of the proposal.")
    assert q.cue.text == "said" and q.speaker.text == "Leonard Burman"


def test_a_short_quoted_title_after_a_possessive_is_no_quote():
    quotes = run('In an interview on CBS\'s "Face the Nation," Speaker Paul Ryan said the protests demand '
                 'that all Americans listen.')
    assert [q.kind for q in quotes] == ["indirect"]

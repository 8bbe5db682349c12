"""Quote extraction and speaker resolution on small texts written for these tests."""

from __future__ import annotations

import pytest

from legation.models import Document
from legation.pipeline import Pipeline
from legation.quotes import Quote, extract, paragraphs, quote_at, quote_segments
from legation.registry import Context


def run(text: str, date: str = "2024-01-27") -> tuple[Context, list[Quote]]:
    ctx = Context(Document(id="t", source="t", text=text, published=date, published_precision="day"))
    Pipeline(["actors"]).analyse([ctx])
    quotes = extract(ctx)
    ctx.layers["quotes"] = quotes
    return ctx, quotes


def check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.content.start:q.content.end] == q.content.text
        if q.cue:
            assert text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker:
            assert text[q.speaker.start:q.speaker.end] == q.speaker.text


def by_content(quotes: list[Quote], needle: str) -> Quote:
    found = [q for q in quotes if needle in q.content.text]
    assert found, f"no quote holds {needle!r}: {[q.content.text for q in quotes]}"
    return found[0]


# --- quote marks --------------------------------------------------------------------------

def test_segments_straight_curly_and_double_apostrophes():
    text = 'He said "we will go" and then \u201cwe stay\u201d and \'\'maybe not.\'\''
    segs = [text[s:e] for s, e in quote_segments(text)]
    assert segs == ['"we will go"', "\u201cwe stay\u201d", "''maybe not.''"]


def test_multi_paragraph_quote_runs_until_the_closing_mark():
    text = ("\u201cFirst paragraph of the answer goes on.\n"
            "\u201cSecond paragraph continues it.\n"
            "\u201cThird one closes it.\u201d\n"
            "An unquoted line follows.")
    segs = quote_segments(text, paragraphs(text))
    assert len(segs) == 1
    s, e = segs[0]
    assert text[s:e].startswith("\u201cFirst") and text[s:e].endswith("closes it.\u201d")


def test_quote_goes_on_only_into_a_paragraph_opening_with_the_same_kind_of_mark():
    text = ('"An excerpt from the story that runs on.\n'
            '\u201cA new quote,\u201d she said.')
    segs = [text[s:e] for s, e in quote_segments(text, paragraphs(text))]
    assert segs == ['"An excerpt from the story that runs on.', "\u201cA new quote,\u201d"]


def test_unclosed_quote_ends_with_its_paragraph():
    text = "\u201cAn open quote that never closes here.\nA narrator line."
    (s, e), = quote_segments(text)
    assert text[s:e] == "\u201cAn open quote that never closes here."


def test_nested_quote_of_the_other_mark_kind_does_not_end_the_quote():
    text = ('"It comes across as \u201ctoo loud\u201d or \u201ctoo shrill\u201d to people."\n'
            '\u201cShe called it "a farce" and left.\u201d')
    segs = [text[s:e] for s, e in quote_segments(text)]
    assert segs == ['"It comes across as \u201ctoo loud\u201d or \u201ctoo shrill\u201d to people."',
                    '\u201cShe called it "a farce" and left.\u201d']


def test_cue_ending_its_paragraph_with_a_colon_takes_the_next_paragraph():
    text = ("Senator Mary Walsh spoke at the rally on Monday.\n\n"
            "Walsh added:\n\n"
            "It is typical of them. They promise everything and deliver nothing at all.\n\n"
            "The rally ended at noon.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "It is typical of them")
    assert q.content.text == "It is typical of them. They promise everything and deliver nothing at all."
    assert q.kind == "direct" and q.cue is not None and q.cue.text == "added"
    assert q.speaker is not None and "Walsh" in q.speaker.text
    assert not any("rally ended" in x.content.text for x in quotes)


def test_the_following_statement_takes_the_next_paragraph():
    text = ("On Monday, Senator Mary Walsh issued the following statement:\n\n"
            "\u201cWe will not support this bill in its present form, and we say so plainly.\u201d\n\n"
            "The vote is set for Friday.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "We will not support")
    assert q.kind == "direct" and q.cue is not None and q.cue.text == "statement"
    assert q.speaker is not None and "Walsh" in q.speaker.text


# --- direct, indirect, mixed ---------------------------------------------------------------

def test_direct_quote_with_trailing_cue_and_split_quote():
    text = ("\u201cWe will never accept these sanctions,\u201d Sergey Lavrov said. "
            "\u201cThey only hurt ordinary people in both countries.\u201d")
    _, quotes = run(text)
    check_offsets(text, quotes)
    first = by_content(quotes, "never accept")
    second = by_content(quotes, "ordinary people")
    assert first.kind == "direct" and first.cue and first.cue.text == "said"
    assert "Lavrov" in first.speaker.name
    assert second.speaker and "Lavrov" in second.speaker.name


def test_indirect_speech_content_is_the_clause():
    text = "Iranian officials said the talks in Vienna had collapsed after two weeks."
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "talks in Vienna")
    assert q.kind == "indirect"
    assert q.content.text.startswith("the talks") and "officials" in q.speaker.text
    assert "said" not in q.content.text


def test_cue_after_the_clause_and_parenthetical_cue():
    text = ("The ceasefire would hold until Friday, a senior diplomat said. "
            "The talks, the diplomat said, will resume next week in Geneva.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    assert by_content(quotes, "ceasefire would hold").speaker.text == "a senior diplomat"
    parts = [q for q in quotes if q.cue and q.cue.start > 60]
    joined = " ".join(q.content.text for q in parts)
    assert "The talks" in joined and "resume next week" in joined


def test_mixed_quote():
    text = "Mr. Peskov said the sanctions were \u201ca hostile act that will not go unanswered\u201d by Moscow."
    _, quotes = run(text)
    q = by_content(quotes, "hostile act")
    assert q.kind == "mixed" and q.content.text.startswith("the sanctions")


def test_according_to():
    text = "According to the Russian foreign ministry, six of the prisoners hold dual nationality."
    _, quotes = run(text)
    q = by_content(quotes, "six of the prisoners")
    assert q.cue and q.cue.text == "According to"
    assert "ministry" in q.speaker.text


def test_scare_quotes_are_not_statements():
    text = "Analysts called the deal a \u201cturning point\u201d for the region and moved on."
    _, quotes = run(text)
    assert not any(q.content.text == "\u201cturning point\u201d" for q in quotes)


# --- speaker resolution --------------------------------------------------------------------

def test_pronoun_and_description_resolve_to_the_person_introduced_earlier():
    text = ("Jonas Halvorsen, a veteran diplomat and Norway's former ambassador to Chile, "
            "told reporters that the plan was sound.\n\n"
            "The economy is slowing, he said.\n\n"
            "\u201cWe must talk to everyone,\u201d said the former Norwegian envoy to Chile.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    names = {q.content.text: q.speaker.name for q in quotes if q.speaker}
    assert all("Halvorsen" in n for n in names.values()), names
    pron = by_content(quotes, "economy is slowing")
    assert pron.speaker.text == "he"  # evidence stays the pronoun, identity is the person


def test_unplaceable_speaker_keeps_its_words_with_null_id():
    text = "The analyst said the market would recover by spring."
    _, quotes = run(text)
    q = by_content(quotes, "market would recover")
    assert q.speaker.id is None and "analyst" in q.speaker.name


def test_registry_resolves_a_title():
    text = "\u201cWe are ready to coordinate our operations,\u201d said the Russian foreign minister."
    _, quotes = run(text, date="2016-04-13")
    q = by_content(quotes, "ready to coordinate")
    assert q.speaker.id is not None and "Lavrov" in q.speaker.name


# --- interviews --------------------------------------------------------------------------

LABELLED = (
    "Visit to Moscow\n\n"
    "The Daily Ledger arranged an interview with political analyst Marta Kowalczyk about the visit.\n\n"
    "Ledger: How do you assess the visit?\n\n"
    "Kowalczyk: It was a serious step. Both sides want more trade.\n\n"
    "The talks will go on in spring.\n\n"
    "Ledger: Will there be a treaty?\n\n"
    "Kowalczyk: A treaty is likely next year. The ministers said the draft was ready.\n"
)

DASHED = (
    "Minister speaks\n\n"
    "Defence minister Pavel Orlov, in a discussion with the Institute for Strategy, spoke of the region.\n\n"
    "\u2013Has the cooperation become strategic?\n\n"
    "\u2013In reality it became strategic two years ago. We work together every day.\n\n"
    "Our staff meet every month as well.\n\n"
    "\u2013Are you worried about the growth of their army?\n\n"
    "\u2013Naturally not, since we coordinate everything.\n"
)

QUOTED = (
    "Admiral Pieter de Vries sat down with the Harbour Review for an exclusive interview.\n"
    "What is the state of the navy?\n"
    "\u201cThe navy is strong and getting stronger every year.\n"
    "\u201cWe build our own ships now.\u201d\n"
    "Will you buy submarines abroad?\n"
    "\u201cNo, we will not buy them abroad for the time being.\u201d\n"
)


@pytest.mark.parametrize("text,who,answers", [(LABELLED, "Kowalczyk", 2), (DASHED, "Orlov", 2), (QUOTED, "Vries", 2)])
def test_interview_answers_go_to_the_interviewee_and_questions_do_not(text, who, answers):
    _, quotes = run(text)
    check_offsets(text, quotes)
    got = [q for q in quotes if q.kind == "interview" and q.role == "answer"]
    assert len(got) == answers
    assert all(who in q.speaker.name for q in got)
    for q in quotes:
        if q.content.text.rstrip().endswith("?"):
            assert q.speaker is None or who not in q.speaker.name, q.content.text


def test_labelled_answer_runs_over_its_continuation_and_nested_speech_has_its_own_speaker():
    _, quotes = run(LABELLED)
    first = by_content(quotes, "serious step")
    assert "talks will go on" in first.content.text
    nested = [q for q in quotes if "draft was ready" in q.content.text and q.kind != "interview"]
    assert len(nested) == 1 and nested[0].kind == "indirect" and "ministers" in nested[0].speaker.text


def test_dash_answer_includes_continuation_paragraph():
    _, quotes = run(DASHED)
    q = by_content(quotes, "In reality")
    assert "staff meet every month" in q.content.text and q.cue and q.cue.text == "\u2013"


def test_quote_at_finds_the_innermost_quote():
    ctx, quotes = run(LABELLED)
    pos = LABELLED.index("draft was ready")
    q = quote_at(ctx, pos, pos + 5)
    assert q is not None and "draft was ready" in q["content"]["text"] and q["kind"] == "indirect"
    assert quote_at(ctx, 0, 5) is None


def test_to_dict_has_the_design_fields():
    _, quotes = run("The minister said the border would stay closed.")
    d = quotes[0].to_dict()
    assert set(d) >= {"speaker", "cue", "content", "kind"}
    assert set(d["speaker"]) == {"text", "start", "end", "id", "name", "country", "sector", "kind"}


def test_it_and_things_are_not_speakers():
    text = ("Minister Pavel Orlov said the plan was ready. It seems that the talks will fail. "
            "It does not mean that the alliance is over.")
    _, quotes = run(text)
    assert any("plan was ready" in q.content.text and "Orlov" in q.speaker.name for q in quotes)
    # "it seems that …" attributes the clause to no one (PolNeAR counts it, sourceless); "it" never speaks
    assert not any("talks will fail" in q.content.text and q.speaker is not None for q in quotes)
    assert not any("alliance is over" in q.content.text for q in quotes)


def test_inanimate_subjects_inside_an_answer_are_part_of_the_answer():
    _, quotes = run(DASHED.replace("We work together every day.", "These ties have found a strategic form."))
    assert not any(q.kind != "interview" and "strategic form" in q.content.text for q in quotes)


def test_quote_split_by_its_cue_mid_sentence_is_one_statement():
    text = ("Senator Jon Tester questioned the bank chief on Tuesday.\n\n"
            "\u201cEvery time you say that,\u201d Tester said, referring to the excuse, "
            "\u201cyou give ammunition to the people who want to break up the banks.\u201d")
    _, quotes = run(text)
    first, second = by_content(quotes, "Every time"), by_content(quotes, "you give ammunition")
    assert first.cue is not None and second.cue is not None
    assert first.cue.start == second.cue.start
    assert second.speaker is not None and second.speaker.text == first.speaker.text


def test_passive_cue_with_agent_gives_the_agent_as_speaker():
    text = "The Democratic nominee has been endorsed by the United Auto Workers union this week."
    ctx, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "Democratic nominee")
    assert q.cue is not None and q.cue.text == "endorsed"
    assert q.speaker is not None and "Auto Workers" in q.speaker.text


def test_belief_and_intention_cues_report_their_object_or_clause():
    text = ("Hillary Clinton realized that the race had tightened in Ohio.\n\n"
            "Vladimir Putin favors a quick settlement of the conflict.")
    _, quotes = run(text)
    assert by_content(quotes, "the race had tightened").speaker.name
    assert by_content(quotes, "a quick settlement").cue.text == "favors"


def test_agentless_passive_is_an_attribution_without_a_speaker():
    text = ("The senator is expected to announce her candidacy next week.\n\n"
            "It was reported that the talks in Geneva had collapsed.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    expected = by_content(quotes, "to announce her candidacy")
    assert expected.speaker is None and expected.kind == "indirect" and expected.cue.text == "expected"
    reported = by_content(quotes, "the talks in Geneva had collapsed")
    assert reported.speaker is None and reported.cue.text == "reported"


def test_noun_cues_with_an_infinitive_or_an_object():
    text = ("Hillary Clinton spoke in Ohio on Monday.\n\n"
            "Clinton's decision to skip the rally in Toledo surprised her aides.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "to skip the rally")
    assert q.cue.text == "decision" and q.speaker is not None and "Clinton" in q.speaker.text


def test_unattributed_quote_continues_the_nearest_earlier_quote():
    text = ("\u201cWe must win Ohio,\u201d wrote Cameron Easley in a memo.\n\n"
            "Republicans are urging Trump to do better.\n\n"
            "\u201cPeople know who Hillary is,\u201d said Sean Spicer, who has backed Trump since May. "
            "\u201cAnd what needs to be done next is that he is seen as the element of change.\u201d")
    _, quotes = run(text)
    second = by_content(quotes, "element of change")
    first = by_content(quotes, "People know")
    assert "Spicer" in second.speaker.text
    assert second.cue is not None and second.cue.start == first.cue.start


def test_speech_reported_inside_a_report_is_part_of_it():
    text = "Donald Trump said on Friday that he finally believes Barack Obama was born in Hawaii."
    _, quotes = run(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.cue.text == "said" and "finally believes" in q.content.text


def test_an_aside_about_the_object_is_not_part_of_what_was_said():
    text = "Senator Elizabeth Warren questioned the wisdom of the merger, which has never faced a vote."
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "the wisdom of the merger")
    assert "never faced" not in q.content.text


def test_groups_and_evidence_can_hold_an_object_attribution():
    text = "A union representing flight attendants endorsed Hillary Clinton for president on Monday."
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "Hillary Clinton")
    assert q.cue.text == "endorsed" and "union" in q.speaker.text


def test_that_clause_after_the_listener_is_what_was_told():
    text = ("Barack Obama spoke in Honolulu last week. He told a meeting of Pacific Island leaders "
            "that few people understood the stakes of climate change better than they did.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "few people understood")
    assert q.cue.text == "told" and q.content.text.startswith("that few people")


def test_quote_after_said_that_with_the_clause_going_on_is_mixed():
    text = ("Spokeswoman Jessica Ditto said that, \u201cOf course Mr. Trump is going to defend himself\u201d "
            "against what the campaign sees as a coordinated attack.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "Of course")
    assert q.kind == "mixed" and "coordinated attack" in q.content.text and q.content.text.startswith("that")

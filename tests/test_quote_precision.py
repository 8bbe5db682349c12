"""Quote precision and boundary rules (PolNeAR-style attribution) on small texts written for these tests."""

from __future__ import annotations

from legation.models import Span
from legation.quotes import Quote, _drop_duplicates
from test_quotes import by_content, check_offsets, run


def test_unresolved_subject_of_an_object_cue_still_speaks():
    # PolNeAR counts attributions whose source is no actor ("suspicions run high that …")
    text = "With the increase in partisan media, suspicions run high that every news organization is working some sort of political angle."
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "every news organization is working")
    assert q.cue is not None and q.cue.text == "run"
    assert q.speaker is not None and q.speaker.text == "suspicions"


def test_cue_without_its_own_subject_takes_the_governing_verbs_subject():
    text = ("Donald Trump took to Twitter overnight to accuse Clinton's campaign of being duped by a con "
            "and encourage Americans to check out the old tape.")
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "Americans to check out the old tape")
    assert q.cue is not None and q.cue.text == "encourage"
    assert q.speaker is not None and q.speaker.name == "Donald Trump"


def test_imperative_reports_nothing():
    text = "Don't forget that your college-age child is capable of earning money by working full time."
    _, quotes = run(text)
    assert quotes == []


def test_quote_closing_after_the_clause_stop_is_part_of_the_enclosing_report():
    text = ('The senator said a majority of Americans have come to believe "that climate change is real, '
            "that it's important and we should do something about it.\"")
    _, quotes = run(text)
    check_offsets(text, quotes)
    assert len(quotes) == 1, [q.content.text for q in quotes]
    assert quotes[0].kind == "mixed" and quotes[0].cue is not None and quotes[0].cue.text == "said"


def _q(cue: tuple[int, int], content: tuple[int, int], kind: str, text: str) -> Quote:
    return Quote(None, Span(cue[0], cue[1], text[cue[0]:cue[1]]), Span(content[0], content[1], text[content[0]:content[1]]), kind)


def test_same_words_with_and_without_marks_under_two_cues_keep_the_nearer_cue():
    text = 'She repeatedly says "Don\'t you do it," as she yells.'
    says, yells = text.index("says"), text.index("yells")
    start = text.index('"')
    direct = _q((yells, yells + 5), (start, start + 18), "direct", text)
    bare = _q((says, says + 4), (start + 1, start + 16), "indirect", text)
    assert direct.content.text == '"Don\'t you do it,"' and bare.content.text == "Don't you do it"
    kept = _drop_duplicates([direct, bare])
    assert kept == [bare]


def test_title_in_mid_sentence_is_no_statement():
    from legation.quotes import _title

    text = "In his 2002 book, ''Make Your Kid a Millionaire,'' Mr. McKinley suggested saving."
    s = text.index("''")
    seg = (s, text.index("''", s + 2) + 2)
    assert _title(text, seg)
    text2 = "He paused. “Make America Great Again,” Trump said."
    s2 = text2.index("“")
    assert not _title(text2, (s2, text2.index("”") + 1))  # a sentence of its own: a slogan said
    text3 = "She told them “we will win this race,” and left."
    s3 = text3.index("“")
    assert not _title(text3, (s3, text3.index("”") + 1))


def test_quoted_sentence_after_a_clause_ending_with_a_colon():
    text = ('Clinton said she has the essential quality for the job of president: '
            '"Steadiness -- an absolute rock steadiness, and mixed with strength."')
    _, quotes = run(text)
    check_offsets(text, quotes)
    q = by_content(quotes, "Steadiness")
    assert q.kind == "direct" and q.cue is not None and q.cue.text == ":"
    assert q.speaker is not None and q.speaker.text == "Clinton"


def test_as_stated_by_keeps_its_agent_as_speaker():
    text = "The most important issue, as stated by Shamkhani, is that a common analysis exists about regional developments."
    _, quotes = run(text)
    check_offsets(text, quotes)
    assert quotes and all(q.speaker is not None and q.speaker.text == "Shamkhani" for q in quotes)


def test_goal_clauses_and_questions_to_the_listener_report_nothing():
    text = ("In Syria, the efforts of two countries were largely focused on ensuring that Russia did not become an air force.\n"
            "With that in mind, what are your views on the future of cooperation during the negotiations?")
    _, quotes = run(text)
    assert not quotes


def test_emotion_verb_with_an_object_is_no_attitude_of_its_subject():
    text = "The decision to pull out of Syria has surprised Moscow's rival Washington. Officials were surprised that Russia left."
    _, quotes = run(text)
    assert [q.content.text for q in quotes] == ["that Russia left"]
    assert quotes[0].speaker is not None and quotes[0].speaker.text == "Officials"

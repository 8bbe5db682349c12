"""Cleaning: the line cleaner (boilerplate.yaml) and the HTML path (trafilatura)."""

from __future__ import annotations

import re

import pytest

from legation import clean as clean_mod
from legation.clean import CleanError, clean, clean_text, load_rules, looks_like_title
from legation.models import RawDocument

# An invented article with the kinds of junk real pages carry.
PAGE = """\
0 $
1,000 $
Ministers Meet in Vienna Over Border Talks

Support Northwind

Ministers Meet in Vienna Over Border Talks

Originally published by Example Daily; translated from German by A. Editor

The foreign ministers of Ruritania and Freedonia met in Vienna on Tuesday to resume talks on their disputed border.

Both delegations described the meeting as constructive.

By Northwind

Share this:
Twitter | Facebook | Email
Copyright © 2021 Northwind Media. All rights reserved.
Source Article from https://example.org/2021/03/09/ministers-meet/
You can leave a response, or trackback from your own site.
ID: 4521
3 comments
Jane Reader
Totally agree with the ministers here.
Bob
Nonsense, the talks will fail.
Powered by WordPress | Theme by Someone
"""


def _raw(text: str, kind: str = "text", **meta) -> RawDocument:
    return RawDocument("test-input", text, kind, {}, meta)


def test_text_cleaner_keeps_the_article_and_only_it():
    c = clean(_raw(PAGE))
    assert c.text == (
        "The foreign ministers of Ruritania and Freedonia met in Vienna on Tuesday to resume "
        "talks on their disputed border.\n\nBoth delegations described the meeting as constructive."
    )
    assert c.meta["title"] == "Ministers Meet in Vienna Over Border Talks"
    reasons = {r.text: r.reason for r in c.removed}
    assert reasons["0 $"] == reasons["1,000 $"] == "donation widget (amount)"
    assert reasons["Support Northwind"] == "header: support banner"
    assert reasons["Ministers Meet in Vienna Over Border Talks"] in ("header: title", "duplicate title")
    assert reasons["ID: 4521"] == "editorial ID"
    assert reasons["You can leave a response, or trackback from your own site."].startswith("blog footer")
    assert reasons["3 comments"] == "comment section"
    # every commenter's name and text goes with the comment section
    for line in ("Jane Reader", "Totally agree with the ministers here.", "Bob", "Nonsense, the talks will fail."):
        assert reasons[line] == "comment section"
    assert reasons["Powered by WordPress | Theme by Someone"] == "site footer (credits)"


def test_removed_lines_never_reach_the_text():
    c = clean(_raw(PAGE))
    for r in c.removed:
        assert r.text not in c.text
    # audit trail is complete: every non-blank input line is either kept or removed
    kept = set(c.text.split("\n"))
    removed = {r.text for r in c.removed}
    for line in PAGE.splitlines():
        if line.strip():
            assert line.strip() in kept | removed


def test_header_cues_for_describe():
    c = clean(_raw(PAGE))
    cues = {(q["kind"], q["value"]) for q in c.meta["cues"]}
    assert ("support", "Northwind") in cues
    assert ("byline", "Northwind") in cues
    assert ("attribution", "Example Daily") in cues
    assert ("source_url", "https://example.org/2021/03/09/ministers-meet/") in cues
    assert any(k == "copyright" and "Northwind Media" in v for k, v in cues)
    assert "Support Northwind" in c.header and "By Northwind" in c.header


def test_comment_words_before_the_body_do_not_swallow_the_article():
    c = clean_text("Comments (2)\nThe summit opened on Monday with a call for calm.\nLeaders agreed.")
    assert "The summit opened on Monday" in c.text
    assert "Leaders agreed." in c.text


def test_date_lines_only_in_the_header():
    text = ("A Quiet Week in the Gulf\nSaturday 27 January 2024\n"
            "Officials met on Friday to discuss shipping.\n3 March 2020\nMore talks followed.")
    c = clean_text(text)
    assert [q["kind"] for q in c.meta["cues"]] == ["date_line"]
    assert "3 March 2020" in c.text  # a date line inside the body is body text
    assert "Saturday 27 January 2024" not in c.text


def test_explicit_date_line_and_copyright():
    c = clean_text("Title Of The Piece\n\nDate of publication : June 8, 2017 09:08 am\n© Some Network\n"
                   "Body sentence one is here.")
    kinds = {q["kind"]: q["value"] for q in c.meta["cues"]}
    assert kinds["date_explicit"] == "June 8, 2017 09:08 am"
    assert kinds["copyright"] == "Some Network"
    assert c.text == "Body sentence one is here."


def test_a_sentence_is_not_a_title_and_datelines_are_body():
    assert not looks_like_title("The ministers met on Tuesday to resume talks on the border.")
    assert not looks_like_title("MOSCOW, June 7 (Reuters) - Russia said")
    assert looks_like_title("What happens to ties after the crisis?")
    c = clean_text("BEIJING, May 2 (Xinhua) -- China and Peru signed an accord on Monday.\n\nMore.")
    assert "title" not in c.meta
    assert c.text.startswith("BEIJING, May 2 (Xinhua)")


def test_body_lines_that_resemble_widgets_are_kept():
    body = [
        "Support for the deal has grown in both parliaments since the vote.",
        "By contrast, the opposition rejected the proposal.",
        "The agreement, signed in 2019, covers 2,500 $ million of trade.",
        "Comments by the minister drew criticism from neighbours.",
        "Share prices fell after the announcement.",
    ]
    c = clean_text("Headline About Trade\n" + "\n".join(body))
    for line in body:
        assert line in c.text


def test_whitespace_is_normalised_and_paragraphs_kept():
    c = clean_text("First\u00a0paragraph  has\u200b spaces.  \n\n\n\nSecond paragraph.\r\n")
    assert c.text == "First paragraph has spaces.\n\nSecond paragraph."


def test_empty_inputs_raise_clean_error():
    with pytest.raises(CleanError):
        clean(_raw("   \n "))
    with pytest.raises(CleanError):
        clean(_raw("0 $\n2,500 $\nSupport Somebody\n"))
    with pytest.raises(CleanError):
        clean(_raw("<html><body><nav>Home</nav></body></html>", kind="html"))


HTML = """<!doctype html><html lang="en"><head><title>Envoys Agree Prisoner Swap | Daily Example</title>
<meta property="og:title" content="Envoys Agree Prisoner Swap">
<meta property="og:site_name" content="Daily Example">
<meta name="author" content="Maria Example">
<meta property="article:published_time" content="2023-05-04T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Envoys Agree Prisoner Swap</h1>
<p>Envoys of Ruritania and Freedonia agreed on Thursday to exchange prisoners held since the border war, officials in both capitals said.</p>
<p>The swap is to take place next week at a crossing point monitored by observers, according to the text released by the mediators.</p>
<p>Read more: Border war timeline</p>
</article>
<section class="comments" id="comments"><h3>2 comments</h3>
<div class="comment"><p>Commenter text that must never be analysed as article text.</p></div></section>
<footer><p>Copyright 2023 Daily Example. All rights reserved.</p></footer>
</body></html>"""


def test_html_goes_through_trafilatura_with_metadata():
    c = clean(_raw(HTML, kind="html", url="https://www.daily-example.com/2023/05/04/swap"))
    assert "Envoys of Ruritania and Freedonia agreed on Thursday" in c.text
    assert "Commenter text" not in c.text
    assert "Read more" not in c.text
    assert c.meta["title"] == "Envoys Agree Prisoner Swap"
    assert c.meta["date"] == "2023-05-04"
    assert c.meta.get("sitename") == "Daily Example"
    assert c.meta.get("author") == "Maria Example"


def test_rules_file_is_well_formed():
    rules = load_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids)), "rule ids must be unique"
    for r in rules:
        assert r.action in {"drop", "section", "header"}, r.id
        assert r.reason, r.id
        assert r.where in {"any", "top"}, r.id
        assert r.validate in {None, "date", "date_only"}, r.id
        if r.action == "header":
            assert r.cue, f"{r.id}: header rules name their cue"
            assert "value" in r.regex.groupindex, f"{r.id}: header rules capture a value"


@pytest.mark.parametrize("line,reason", [
    ("2,500 $", "donation widget (amount)"),
    ("€ 50", "donation widget (amount)"),
    ("0 $ / 2,500 $", "donation widget (amount)"),
    ("0 $ 2,500 $ 5,000 $ 3,048 $", "donation widget (amount)"),
    ("2 500 €", "donation widget (amount)"),
    ("Donate now!", "donation appeal"),
    ("Share on Facebook", "share widget"),
    ("Powered by WordPress", "site footer (credits)"),
    ("Copyright © 2020 Foo Media", "header: copyright line"),
    ("HA/3997373", "editorial ID"),
    ("ID: 3193", "editorial ID"),
    ("News ID: 123456", "editorial ID"),
    ("News ID 3997373", "editorial ID"),
    ("KI/4003344", "editorial ID"),
    ("(Credit: Jane Doe / Example Agency)", "photo credit"),
    ("The ministers at the signing in Vienna (Photo: Jane Doe/Example).", "image caption (photo credit)"),
    ("Czytaj też: Rozmowy w Wiedniu", "navigation link"),
    ("Write to us at desk@example.org or follow us on Twitter", "contact/follow note"),
    ("Subscribe", "site navigation"),
    ("Tags: Iran, Russia, Syria", "tags/categories line"),
])
def test_single_junk_lines(line, reason):
    c = clean_text(f"Body line one says something.\n{line}\nBody line two says more.")
    assert [r.reason for r in c.removed] == [reason]
    assert line not in c.text


def test_no_outlet_specific_strings_in_rules():
    from importlib import resources

    rules_text = resources.files("legation").joinpath("data/boilerplate.yaml").read_text("utf-8")
    src = open(clean_mod.__file__, encoding="utf-8").read()
    for name in ("SouthFront", "Alwaght", "Al-Alam", "IRAS", "MNA", "inosmi", "theiranproject"):
        for where in (src, rules_text):
            assert not re.search(rf"\b{re.escape(name)}\b", where, re.I), name


def test_html_in_scripts_without_spaces_is_prose():
    html = ("<html><body><article><h1>見出し</h1><p>外務大臣は水曜日に隣国の代表と会談し、国境問題について協議を続けることで合意したと発表した。"
            "双方は来月にも再び会合を開く予定である。</p></article></body></html>")
    c = clean(_raw(html, kind="html"))
    assert "外務大臣は水曜日に" in c.text


def test_explicit_date_line_with_update_and_a_body_sentence_with_a_date():
    c = clean_text("Headline Here\nPublished: 12 March 2021 | Updated: 13 March 2021 10:00\n"
                   "Published in March 2005 by a small press, the memoir sold well.")
    assert [q["kind"] for q in c.meta["cues"]] == ["date_explicit"]
    assert c.text == "Published in March 2005 by a small press, the memoir sold well."


def test_a_one_line_text_is_kept_as_its_article():
    c = clean(_raw("Iran and Russia sign naval cooperation memorandum"))
    assert c.text == "Iran and Russia sign naval cooperation memorandum"
    assert c.removed == []


@pytest.mark.parametrize("line", [
    "One response to the crisis was a naval blockade.",
    "Recommended changes were adopted by the council on Monday.",
    "Powered by renewable energy, the new base will host two thousand troops.",
    "Designed by engineers in Tehran, the missile has a range of 2,000 km.",
    "Comments on this report by the minister drew criticism.",
    "Copyright law was changed in 2019.",
    "Originally published in 1990, the treaty was amended twice.",
    "Translated by the ministry, the statement was posted online.",
])
def test_body_lines_like_footers_are_kept(line):
    c = clean_text(f"Headline About Things\nThe talks resumed on Monday.\n{line}\nMore talks are planned.")
    assert line in c.text
    assert c.meta["cues"] == []


def test_wordpress_comment_heading_with_quoted_title_starts_the_section():
    c = clean_text("Headline Words Here\nThe talks resumed on Monday.\n"
                   "One response to “Headline Words Here”\nReader: great piece")
    assert c.text == "The talks resumed on Monday."
    assert [r.reason for r in c.removed][-2:] == ["comment section", "comment section"]


def test_bundled_example_corpus_is_marked_and_cleans():
    from pathlib import Path

    from legation.describe import describe
    from legation.read import iter_inputs

    folder = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    files = sorted(p for p in folder.iterdir() if p.suffix in {".txt", ".html", ".jsonl"})
    assert len(files) >= 4
    for p in files:
        assert "illustrative example" in p.read_text("utf-8").casefold(), p.name
    assert "illustrative" in (folder.parent / "README.md").read_text("utf-8").casefold()
    docs = []
    for raw in iter_inputs([str(p) for p in files]):
        assert hasattr(raw, "content"), str(raw)
        c = clean(raw)
        assert "illustrative example" not in c.text.casefold()
        assert not re.search(r"comments?$|Powered by|Share this|All rights reserved|^\d[\d,]* \$$", c.text, re.M | re.I)
        docs.append(describe(raw, c))
    assert len(docs) == 6
    assert all(d.outlet and d.title and d.published for d in docs)
    assert {d.published_precision for d in docs} == {"day", "monthday"}


@pytest.mark.parametrize("fragment,ok", [
    ("<p>Iran and Russia signed a naval pact on Monday.</p>", True),
    ("<p>Pact signed.</p>", False),
    ("<p>Home | World | Politics | Sports | Business | Contact</p>", False),
])
def test_short_html_pages_need_one_sentence(fragment, ok):
    page = f"<html><head><title>T</title></head><body><article>{fragment}</article></body></html>"
    if ok:
        assert clean(_raw(page, kind="html")).text
    else:
        with pytest.raises(CleanError, match="no article text"):
            clean(_raw(page, kind="html"))


def test_user_rules_from_environment(tmp_path, monkeypatch):
    extra = tmp_path / "my_rules.yaml"
    extra.write_text("rules:\n  - id: house_promo\n    action: drop\n    reason: house promo\n"
                     "    pattern: 'listen to our podcast.*'\n", encoding="utf-8")
    text = "The talks resumed on Monday.\nListen to our podcast every Friday\nMore talks are planned."
    assert "podcast" in clean_text(text).text
    monkeypatch.setenv("LEGATION_BOILERPLATE", str(extra))
    c = clean_text(text)
    assert "podcast" not in c.text and c.removed[-1].reason == "house promo"
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    action: erase\n    reason: r\n    pattern: 'x'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_rules_env(monkeypatch, bad)


def load_rules_env(monkeypatch, path):
    monkeypatch.setenv("LEGATION_BOILERPLATE", str(path))
    return load_rules()


@pytest.mark.parametrize("heading", ["Kommentare", "3 Kommentare", "Commentaires (4)", "Deja un comentario"])
def test_comment_sections_in_other_languages(heading):
    c = clean_text(f"Die Gespräche wurden am Montag fortgesetzt.\n{heading}\nLeser: Unsinn!")
    assert c.text == "Die Gespräche wurden am Montag fortgesetzt."

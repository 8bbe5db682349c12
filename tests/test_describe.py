"""Describe: dates with precision and source, outlet cues, title, language, ids."""

from __future__ import annotations

import pytest

from legation import describe as d
from legation.clean import clean
from legation.models import Cleaned, RawDocument


def _doc(text: str, source: str = "input.txt", kind: str = "text", **meta):
    raw = RawDocument(source, text, kind, {"path": source}, meta)
    return d.describe(raw, clean(raw))


@pytest.mark.parametrize("text,expected", [
    ("June 8, 2017 09:08 am", ("2017-06-08", "day")),
    ("Saturday 27 January 2024", ("2024-01-27", "day")),
    ("27th of January, 2024", ("2024-01-27", "day")),
    ("2016-04-13T10:00:00Z", ("2016-04-13", "day")),
    ("04.03.2021", ("2021-03-04", "day")),
    ("March 2019", ("2019-03", "month")),
    ("Jun. 07", ("--06-07", "monthday")),
    ("7 June", ("--06-07", "monthday")),
    ("Feb 30, 2020", None),
    ("no date here", None),
])
def test_parse_date(text, expected):
    assert d.parse_date(text) == expected


def test_parse_date_line_requires_a_date_only():
    assert d.parse_date_line("Saturday 27 January 2024") == ("2024-01-27", "day")
    assert d.parse_date_line("Mon, 3 Apr 2023 14:05 GMT") == ("2023-04-03", "day")
    assert d.parse_date_line("The talks ended on 3 March 2020") is None


@pytest.mark.parametrize("url,expected", [
    ("http://example.com/blog/2016/04/13/some-slug/", ("2016-04-13", "day")),
    ("https://example.com/news/2019/11/", ("2019-11", "month")),
    ("https://example.com/world/2021-03-09-talks.html", ("2021-03-09", "day")),
    ("https://example.com/a/20200131_story", ("2020-01-31", "day")),
    ("https://example.com/news/123456", None),
])
def test_url_date(url, expected):
    assert d.url_date(url) == expected


def test_dateline_and_lead_prefix():
    dl = d.dateline("TEHRAN, Jun. 07 (MNA) – Officials said")
    assert dl["place"] == "TEHRAN" and dl["agency"] == "MNA" and dl["date"] == ("--06-07", "monthday")
    dl = d.dateline("MOSCOW, June 7, 2017 /TASS/. Russia said")
    assert dl["agency"] == "TASS" and dl["date"] == ("2017-06-07", "day")
    dl = d.dateline("WASHINGTON (Reuters) - The U.S. said")
    assert dl["agency"] == "Reuters" and dl["date"] is None
    assert d.dateline("The ministers (three of them) met") is None
    assert d.lead_prefix("Alwaght- Since 2015, Moscow") == "Alwaght"


def test_outlet_from_dateline_code_and_monthday_date():
    doc = _doc("TEHRAN, Jun. 07 (MNA) – Iran's envoy said talks with Moscow went well.\n\nMore text.")
    assert doc.outlet == "Mehr News Agency"
    assert (doc.published, doc.published_precision, doc.date_source) == ("--06-07", "monthday", "dateline")


def test_monthday_completed_only_by_a_matching_full_date():
    text = "MOSCOW, Mar. 09 (TASS) - Russia and China held talks.\n\nMore."
    doc = _doc(text, source="https://example.com/2021/03/09/talks")
    assert (doc.published, doc.published_precision) == ("2021-03-09", "day")
    doc = _doc(text, source="https://example.com/2021/04/01/talks")
    assert (doc.published, doc.published_precision, doc.date_source) == ("--03-09", "monthday", "dateline")


def test_date_sources_in_priority_order():
    body = "Officials from both states met to discuss the border.\n\nThey agreed to meet again."
    assert _doc(f"A Headline Here\nDate of publication : June 8, 2017\n{body}").date_source == "explicit"
    assert _doc(f"A Headline Here\nSaturday 27 January 2024\n{body}").date_source == "header"
    doc = _doc(f"A Headline Here\n{body}\nSource Article from http://example.org/blog/2016/04/13/x/")
    assert (doc.published, doc.date_source) == ("2016-04-13", "url")
    doc = _doc(f"A Headline Here\nSaturday 27 January 2024\n{body}", date="2024-01-26")
    assert (doc.published, doc.date_source) == ("2024-01-26", "input")
    assert _doc(body, date="2017-06").published_precision == "month"
    doc = _doc(body)
    assert (doc.published, doc.published_precision, doc.date_source) == (None, "none", None)


def test_outlet_cues():
    body = "Officials from both states met to discuss the border.\n\nThey agreed to meet again."
    assert _doc(f"Headline Words\n© Al-Alam\n{body}").outlet == "Al-Alam"
    assert _doc(f"{body}\nBy Alwaght").outlet == "Alwaght"
    assert _doc(f"Alwaght- {body}").outlet == "Alwaght"
    assert _doc(f"Headline Words\nSupport SouthFront\n{body}").outlet == "SouthFront"
    assert _doc(body, source="https://en.mehrnews.com/news/1/x").outlet == "Mehr News Agency"
    assert _doc(body, outlet="Reuters").outlet == "Reuters"
    assert _doc(body, source="https://news.example.net/a").outlet == "news.example.net"
    assert _doc(body).outlet is None
    # an unregistered byline is an author, not an outlet
    doc = _doc(f"{body}\nBy Jane Smith")
    assert doc.outlet is None and doc.provenance["author"] == "Jane Smith"


def test_translation_outlet_is_the_one_publishing_this_rendering():
    text = ("Headline Words\nSupport SouthFront\n"
            "Original published by inosmi.ru; translation from Russian by J.Doe\n"
            "Officials from both states met to discuss the border.")
    doc = _doc(text)
    assert doc.outlet == "SouthFront"
    assert doc.provenance["original_outlet"] == "InoSMI"
    assert doc.provenance["translator"] == "J.Doe"
    # with no cue for the republisher, the original publisher is still not taken as outlet
    doc = _doc("Headline Words\nOriginally published by Example Weekly\nOfficials met today in the capital.")
    assert doc.outlet is None and doc.provenance["original_outlet"] == "Example Weekly"


def test_title_fallback_and_language_and_ids():
    doc = _doc("BEIJING, May 2 (Xinhua) -- China and Peru signed a trade accord on Monday. It covers ports.")
    assert doc.title == "China and Peru signed a trade accord on Monday."
    assert doc.outlet == "Xinhua" and doc.language == "en"
    assert _doc("Die Außenminister beider Staaten trafen sich am Dienstag in Wien zu Gesprächen.").language == "de"
    cleaned = Cleaned("Same text.")
    a = d.describe(RawDocument("a.txt", "x", "text"), cleaned)
    b = d.describe(RawDocument("b.txt", "x", "text"), cleaned)
    assert a.id != b.id and a.content_hash == b.content_hash
    assert a.id == d.document_id("Same text.", "a.txt")


def test_registry_extension_by_environment(tmp_path, monkeypatch):
    extra = tmp_path / "my_outlets.yaml"
    extra.write_text(
        "outlets:\n  - name: Northwind Herald\n    domains: [northwind.example]\n"
        "    country: null\n    agency_codes: [NWH]\n    aliases: [Northwind]\n", encoding="utf-8")
    monkeypatch.setenv("LEGATION_OUTLETS", str(extra))
    reg = d.registry()
    assert reg.by_domain("https://www.northwind.example/x").name == "Northwind Herald"
    assert reg.by_code("NWH").name == "Northwind Herald"
    assert reg.by_name("Mehr News").name == "Mehr News Agency"  # bundled entries stay
    doc = _doc("CAPITAL CITY, Jan. 3 (NWH) – Leaders met for talks on Friday.")
    assert doc.outlet == "Northwind Herald"


def test_bad_registry_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("outlets:\n  - domains: [x.example]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        d.load_outlets([bad])


def test_html_outlet_from_site_name_and_domain():
    html = ("<html><head><meta property='og:site_name' content='www.northwind-herald.example'>"
            "<title>Talks</title></head><body><article><p>Negotiators from both countries resumed "
            "talks in Geneva on Monday after a pause of three months, diplomats said.</p></article>"
            "</body></html>")
    doc = _doc(html, source="https://www.northwind-herald.example/world/1", kind="html")
    assert doc.outlet == "northwind-herald.example"
    doc = _doc(html, source="https://www.reuters.com/world/2024/05/06/talks/", kind="html")
    assert doc.outlet == "Reuters" and (doc.published, doc.date_source) == ("2024-05-06", "url")


def test_an_update_date_is_not_the_publication_date():
    doc = _doc("A Headline Here\nUpdated: March 9, 2024 10:00\nPublished: March 4, 2024\n"
               "Officials from both states met to discuss the border.")
    assert (doc.published, doc.date_source) == ("2024-03-04", "explicit")
    doc = _doc("A Headline Here\nLast updated March 9, 2024\nOfficials from both states met.")
    assert (doc.published, doc.published_precision) == (None, "none")


def test_the_input_outlet_wins_over_its_own_url():
    raw = RawDocument("https://www.reuters.com/world/x", "Officials met on Monday to talk.", "text",
                      {"url": "https://www.reuters.com/world/x"},
                      {"url": "https://www.reuters.com/world/x", "outlet": "Example Gazette"})
    cleaned = clean(raw)
    cleaned.meta["url"] = "https://reuters.com/world/x"
    assert d.describe(raw, cleaned).outlet == "Example Gazette"

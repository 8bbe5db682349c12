"""legation.dates.resolve: time expressions against the publication date."""

from __future__ import annotations

import pytest

from legation.dates import resolve

ANCHOR = "2017-06-08"  # a Thursday


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("on Wednesday", ("2017-06-07", "day")),
        ("Wednesday", ("2017-06-07", "day")),
        ("on Thursday", ("2017-06-08", "day")),  # the anchor's own weekday is the anchor
        ("last Thursday", ("2017-06-01", "day")),
        ("on Friday", ("2017-06-02", "day")),
        ("next Monday", ("2017-06-12", "day")),
        ("Sunday night", ("2017-06-04", "day")),
        ("January 15", ("2017-01-15", "day")),
        ("Jan. 15", ("2017-01-15", "day")),
        ("15 January", ("2017-01-15", "day")),
        ("the 15th of January", ("2017-01-15", "day")),
        ("June 10", ("2017-06-10", "day")),  # two days ahead: still this year
        ("December 20", ("2016-12-20", "day")),  # far after the anchor: last year
        ("March 3, 2015", ("2015-03-03", "day")),
        ("Sept. 11, 2001", ("2001-09-11", "day")),
        ("mid-March", ("2017-03", "month")),
        ("early March", ("2017-03", "month")),
        ("late November", ("2016-11", "month")),
        ("in December", ("2016-12", "month")),
        ("March 2016", ("2016-03", "month")),
        ("early 2016", ("2016", "year")),
        ("late 2015", ("2015", "year")),
        ("2017", ("2017", "year")),
        ("in 2015", ("2015", "year")),
        ("last year", ("2016", "year")),
        ("this year", ("2017", "year")),
        ("next year", ("2018", "year")),
        ("last month", ("2017-05", "month")),
        ("this month", ("2017-06", "month")),
        ("last week", ("2017-05-29", "week")),
        ("earlier this week", ("2017-06-05", "week")),
        ("yesterday", ("2017-06-07", "day")),
        ("today", ("2017-06-08", "day")),
        ("two days ago", ("2017-06-06", "day")),
        ("three years ago", ("2014", "year")),
        ("over the past two years", ("2015-06-08", "range")),
        ("in the past three months", ("2017-03-08", "range")),
        ("the last two weeks", ("2017-05-25", "range")),
        ("since 2014", ("2014", "range")),
        ("2017-06-01", ("2017-06-01", "day")),
        ("June 3-4", ("2017-06-03", "day")),  # a span of days: its first day
        ("3-4 June", ("2017-06-03", "day")),
        ("between 2014 and 2016", ("2014", "range")),
        ("2014-2016", ("2014", "range")),
        ("2014-16", ("2014", "range")),
        ("over the weekend", ("2017-05-29", "week")),  # the weekend of June 3-4
        ("next weekend", ("2017-06-05", "week")),
        ("at the end of May", ("2017-05", "month")),
        ("end of 2016", ("2016", "year")),
        ("the first half of 2017", ("2017", "year")),
        ("earlier this month", ("2017-06", "month")),
        ("earlier this year", ("2017", "year")),
        ("a decade ago", ("2007", "year")),
        ("the past year", ("2016-06-08", "range")),
        ("on Wednesday, June 7", ("2017-06-07", "day")),
        ("Wednesday evening", ("2017-06-07", "day")),
    ],
)
def test_resolve_with_day_anchor(expr: str, expected: tuple[str, str]) -> None:
    assert resolve(expr, ANCHOR) == expected


@pytest.mark.parametrize("expr", ["the talks", "hello", "", "   ", "Moscow", "the president", "3", "the 5",
                                  "10 soldiers", "the 1990s", "the 19th century", "10 a.m.", "noon", "F-16"])
def test_not_a_date(expr: str) -> None:
    assert resolve(expr, ANCHOR) is None


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("2017", ("2017", "year")),
        ("March 2016", ("2016-03", "month")),
        ("March 3, 2015", ("2015-03-03", "day")),
        ("early 2016", ("2016", "year")),
        ("since 2014", ("2014", "range")),
        ("on Wednesday", None),
        ("January 15", None),
        ("last year", None),
        ("yesterday", None),
        ("over the past two years", None),
    ],
)
def test_without_anchor_only_absolute_dates(expr: str, expected: tuple[str, str] | None) -> None:
    assert resolve(expr, None) == expected


@pytest.mark.parametrize(
    ("expr", "anchor", "precision", "expected"),
    [
        ("last year", "2017-06", "month", ("2016", "year")),
        ("last month", "2017-06", "month", ("2017-05", "month")),
        ("January 15", "2017-06", "month", ("2017-01-15", "day")),
        ("in December", "2017-06", "month", ("2016-12", "month")),
        ("on Wednesday", "2017-06", "month", None),  # the week is unknown
        ("yesterday", "2017-06", "month", None),
        ("last week", "2017", "year", None),
        ("last month", "2017", "year", None),
        ("last year", "2017", "year", ("2016", "year")),
        ("January 15", "2017", "year", ("2017-01-15", "day")),
        ("over the past two years", "2017-06", "month", ("2015-06", "range")),
        # a day anchor given with a coarser precision is read at that precision
        ("on Wednesday", "2017-06-08", "month", None),
    ],
)
def test_partial_anchor(expr: str, anchor: str, precision: str, expected: tuple[str, str] | None) -> None:
    assert resolve(expr, anchor, precision) == expected


def test_weekday_across_month_and_year_boundaries() -> None:
    assert resolve("on Friday", "2017-01-02") == ("2016-12-30", "day")  # a Monday
    assert resolve("December 30", "2017-01-02") == ("2016-12-30", "day")
    assert resolve("January 3", "2016-12-30") == ("2017-01-03", "day")  # a few days ahead


def test_bad_anchor_is_no_anchor() -> None:
    assert resolve("last year", "not a date") is None
    assert resolve("2015", "garbage") == ("2015", "year")
    assert resolve("on Monday", "--06-08", "monthday") is None


def test_invalid_calendar_dates() -> None:
    assert resolve("February 30", ANCHOR) is None
    assert resolve("2017-13-01", ANCHOR) is None


def test_fallback_dateparser_formats() -> None:
    assert resolve("8 June 2017", ANCHOR) == ("2017-06-08", "day")
    assert resolve("06/01/2017", ANCHOR) is not None


def test_dates_in_document_span() -> None:
    from legation.dates import dates_in
    from legation.models import Document, Mention
    from legation.registry import Context

    text = "On Wednesday the envoy met Putin. Talks began in mid-March. It rained."
    doc = Document(id="d", source="s", text=text, published="2017-06-08", published_precision="day")
    ctx = Context(doc)
    ctx.layers["mentions"] = [Mention(3, 12, "Wednesday", "DATE"), Mention(27, 32, "Putin", "PERSON"),
                              Mention(49, 58, "mid-March", "DATE")]
    got = dates_in(ctx, 0, len(text))
    assert [(d["text"], d["date"], d["precision"]) for d in got] == [
        ("Wednesday", "2017-06-07", "day"), ("mid-March", "2017-03", "month")]
    for d in got:
        assert text[d["start"]:d["end"]] == d["text"]
    assert [d["text"] for d in dates_in(ctx, 34, len(text))] == ["mid-March"]
    doc.published, doc.published_precision = "--06-08", "monthday"
    assert dates_in(ctx, 0, len(text)) == []
    doc.published, doc.published_precision = None, "none"
    assert dates_in(ctx, 0, len(text)) == []

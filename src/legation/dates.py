"""Event-date resolution: a time expression + the publication date → ISO partial date.

``resolve("on Wednesday", "2017-06-08")`` → ``("2017-06-07", "day")``.

Readable rules handle what news text says most often; anything else goes to dateparser
with the anchor as ``RELATIVE_BASE`` and ``PREFER_DATES_FROM="past"``.

Returned precisions:

* ``"day"`` – ``YYYY-MM-DD``;  ``"month"`` – ``YYYY-MM``;  ``"year"`` – ``YYYY``;
* ``"week"`` – ``YYYY-MM-DD`` of the Monday of the week meant ("last week", "this week");
* ``"range"`` – the *start* of an open range that ends at the anchor ("over the past two
  years" → the anchor minus two years, at the anchor's precision; "since 2014" → "2014").

Choices (news is written about the past):

* a bare weekday ("on Wednesday") is the most recent such day on or before the anchor;
  "last Wednesday" is strictly before it, "next Wednesday" strictly after it;
* a month and day without year ("January 15") takes the anchor's year, or the previous
  year when that would be more than :data:`FUTURE_SLACK_DAYS` after the anchor;
  a bare month ("in March", "mid-March") likewise, by month;
* "early/mid/late 2016" → ``("2016", "year")``; "mid-March" → ``("YYYY-03", "month")``;
* a span of days ("June 3-4") is its first day; a span of years ("2014-2016", "between
  2014 and 2016") is ``("2014", "range")``; a weekend is the week (Monday) it ends;
* decades, centuries, bare numbers and clock times ("the 1990s", "3", "10 a.m.") are None;
* with ``anchor=None`` only absolute expressions (with a year) resolve; with a partial
  anchor (``anchor_precision`` "month" or "year") expressions needing more precision than
  the anchor has return None.

:func:`dates_in` resolves the DATE mentions of a span of a document (for event dates).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from typing import Any

FUTURE_SLACK_DAYS = 7

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
WEEKDAYS.update({calendar.day_abbr[i].lower(): i for i in range(7)})

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
    "a few": 3, "few": 3, "couple of": 2, "a couple of": 2, "fifteen": 15, "twenty": 20,
}
UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}

_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
_NUM_RE = r"(\d+|a couple of|couple of|a few|few|several|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_LEAD = re.compile(r"^(?:on|over|in|during|at|by|from|of|as of|as early as|earlier|later|until|till|around|about|before|after|the)\s+", re.I)


class Anchor:
    """A publication date that may be partial (year or year-month)."""

    def __init__(self, iso: str, precision: str) -> None:
        parts = iso.split("-")
        self.year = int(parts[0])
        self.month = int(parts[1]) if len(parts) > 1 and precision in ("day", "month") else None
        self.day = int(parts[2][:2]) if len(parts) > 2 and precision == "day" else None
        self.precision = "day" if self.day else "month" if self.month else "year"

    @property
    def date(self) -> dt.date | None:
        if self.day is None or self.month is None:
            return None
        return dt.date(self.year, self.month, self.day)


def _parse_anchor(anchor: str | None, precision: str) -> Anchor | None:
    if not anchor or anchor.startswith("--"):
        return None
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", anchor.strip())
    if not m:
        return None
    iso = "-".join(p for p in m.groups() if p)
    if not m.group(3) and precision == "day":
        precision = "month" if m.group(2) else "year"
    try:
        a = Anchor(iso, precision)
        _ = a.date
    except ValueError:
        return None
    return a


def _fmt(d: dt.date, precision: str) -> tuple[str, str]:
    if precision == "year":
        return f"{d.year:04d}", "year"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    return d.isoformat(), precision


def _num(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _normalise(expr: str) -> str:
    s = " ".join(expr.replace("\u2019", "'").split()).strip(" ,.;:()").lower()
    s = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s)
    prev = None
    while prev != s:
        prev = s
        s = _LEAD.sub("", s)
    return s


def resolve(expr: str, anchor: str | None, anchor_precision: str = "day") -> tuple[str, str] | None:
    """Resolve a time expression against the publication date; None when not a date."""
    if not expr or not expr.strip():
        return None
    s = _normalise(expr)
    if not s:
        return None
    a = _parse_anchor(anchor, anchor_precision)
    for rule in _RULES:
        m = rule[0].fullmatch(s)
        if m:
            return rule[1](m, a)
    return _fallback(s, a)


# --- rules ----------------------------------------------------------------------------

def _iso(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
    if d:
        day = _safe_date(y, mo, int(d))
        return _fmt(day, "day") if day else None
    if 1 <= mo <= 12:
        return f"{y:04d}-{mo:02d}", "month"
    return (f"{y:04d}", "range") if mo > y % 100 else None  # "2014-16"


def _year(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    y = int(m.group("y"))
    if not 1800 <= y <= 2200:
        return None
    return f"{y:04d}", "year"


def _since_year(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    y = int(m.group("y"))
    return (f"{y:04d}", "range") if 1800 <= y <= 2200 else None


def _year_for_month(month: int, a: Anchor | None) -> int | None:
    if a is None:
        return None
    if a.month is not None and month > a.month:
        # "in March" said in June → this year's March; "in December" said in June → last year
        return a.year - 1
    return a.year


def _month_only(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    month = MONTHS[m.group("m").rstrip(".")]
    if m.group("y"):
        y: int | None = int(m.group("y"))
    else:
        y = _year_for_month(month, a)
    if y is None:
        return None
    return f"{y:04d}-{month:02d}", "month"


def _month_day(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    month = MONTHS[m.group("m").rstrip(".")]
    day = int(m.group("d"))
    if m.group("y"):
        d = _safe_date(int(m.group("y")), month, day)
        return _fmt(d, "day") if d else None
    if a is None:
        return None
    ad = a.date
    if ad is not None:
        # the latest such day no more than a few days after the anchor
        for year in (a.year + 1, a.year, a.year - 1):
            d = _safe_date(year, month, day)
            if d is not None and (d - ad).days <= FUTURE_SLACK_DAYS:
                return _fmt(d, "day")
        return None
    year = a.year - 1 if a.month is not None and month > a.month else a.year
    d = _safe_date(year, month, day)
    return _fmt(d, "day") if d else None


def _weekday(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    if a is None or a.date is None:
        return None
    which = (m.group("w") or "").strip()
    target = WEEKDAYS[m.group("d").rstrip(".")]
    ad = a.date
    back = (ad.weekday() - target) % 7
    if which == "next":
        fwd = (target - ad.weekday()) % 7 or 7
        return _fmt(ad + dt.timedelta(days=fwd), "day")
    if which in ("last", "past") and back == 0:
        back = 7
    return _fmt(ad - dt.timedelta(days=back), "day")


_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1,
              "yesterday evening": -1, "tomorrow": 1, "day before yesterday": -2,
              "the day before yesterday": -2}


def _weekend(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    """A weekend, as the week (Monday) it ends: the most recent one unless "next"."""
    if a is None or a.date is None:
        return None
    ad = a.date
    saturday = ad - dt.timedelta(days=(ad.weekday() - 5) % 7)
    if m.group("w") == "next":
        saturday += dt.timedelta(days=7)
    monday = saturday - dt.timedelta(days=5)
    return monday.isoformat(), "week"


def _day_word(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    if a is None or a.date is None:
        return None
    return _fmt(a.date + dt.timedelta(days=_DAY_WORDS[m.group(0)]), "day")


def _relative_period(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    """this/last/next week|month|year."""
    if a is None:
        return None
    which, unit = m.group("w"), m.group("u")
    delta = {"this": 0, "current": 0, "earlier this": 0, "later this": 0, "last": -1,
             "past": -1, "previous": -1, "next": 1, "coming": 1}[which]
    if unit == "year":
        return f"{a.year + delta:04d}", "year"
    if unit == "month":
        if a.month is None:
            return None
        y, mo = _shift_months(a.year, a.month, delta)
        return f"{y:04d}-{mo:02d}", "month"
    if a.date is None:
        return None
    monday = a.date - dt.timedelta(days=a.date.weekday()) + dt.timedelta(weeks=delta)
    return monday.isoformat(), "week"


def _ago(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    n = _num(m.group("n"))
    unit = m.group("u")
    if a is None or n is None:
        return None
    return _minus(a, n, unit, None)


def _minus(a: Anchor, n: int, unit: str, precision: str | None) -> tuple[str, str] | None:
    if unit == "decade":
        unit, n = "year", n * 10
    if unit == "year":
        if a.date is not None and precision == "range":
            d = _safe_date(a.year - n, a.month or 1, a.day or 1) or dt.date(a.year - n, a.month or 1, 28)
            return d.isoformat(), "range"
        if a.month is not None and precision == "range":
            return f"{a.year - n:04d}-{a.month:02d}", "range"
        return f"{a.year - n:04d}", precision or "year"
    if unit == "month":
        if a.month is None:
            return None
        y, mo = _shift_months(a.year, a.month, -n)
        if a.date is not None and precision == "range":
            day = _safe_date(y, mo, a.day or 1) or dt.date(y, mo, 28)
            return day.isoformat(), "range"
        return f"{y:04d}-{mo:02d}", precision or "month"
    if a.date is None:
        return None
    days = n * 7 if unit == "week" else n
    d = a.date - dt.timedelta(days=days)
    return d.isoformat(), precision or ("week" if unit == "week" else "day")


def _past_range(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    if a is None:
        return None
    n = _num(m.group("n")) if m.group("n") else 1
    if n is None:
        return None
    return _minus(a, n, m.group("u"), "range")


def _part_of_year(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    return _year(m, a)


def _part_of_month(m: re.Match[str], a: Anchor | None) -> tuple[str, str] | None:
    return _month_only(m, a)


_Rule = tuple[re.Pattern[str], Any]
_RULES: list[_Rule] = [
    (re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?"), _iso),
    (re.compile(r"(?:the )?(?:year )?(?:of )?(?P<y>\d{4})"), _year),
    (re.compile(r"(?:early|mid|late|fiscal|(?:the )?(?:start|beginning|middle|end|first half|second half) of|(?:the )?(?:spring|summer|autumn|fall|winter)(?: of)?|(?:the )?(?:first|second|third|fourth) quarter(?: of)?|q[1-4])[- ]?(?P<y>\d{4})"), _part_of_year),
    (re.compile(r"(?:ever )?since (?P<y>\d{4})"), _since_year),
    (re.compile(r"(?:(?:early|mid|late|(?:the )?(?:start|beginning|middle|end) of)[- ]?)?" + r"(?P<m>" + _MONTH_RE[1:-4] + r")\.?(?:,? (?:of )?(?P<y>\d{4}))?"), _part_of_month),
    (re.compile(r"(?P<m>" + _MONTH_RE[1:-4] + r")\.? (?P<d>\d{1,2})(?:\s*[-\u2013]\s*\d{1,2})?(?:,? (?P<y>\d{4}))?"), _month_day),
    (re.compile(r"(?P<d>\d{1,2})\s*[-\u2013]\s*\d{1,2} (?P<m>" + _MONTH_RE[1:-4] + r")\.?(?:,? (?P<y>\d{4}))?"), _month_day),
    (re.compile(r"(?:between )?(?P<y>\d{4})\s*(?:[-\u2013]|and|to)\s*(?:\d{4}|\d{2})"), _since_year),
    (re.compile(r"(?:(?P<w>this|last|past|previous|next) )?weekend"), _weekend),
    (re.compile(r"(?P<d>\d{1,2}) (?:of )?(?P<m>" + _MONTH_RE[1:-4] + r")\.?(?:,? (?P<y>\d{4}))?"), _month_day),
    (re.compile(r"(?:(?P<w>last|past|this|next) )?(?P<d>" + _WEEKDAY_RE[1:-4] + r")\.?(?: (?:morning|afternoon|evening|night))?"), _weekday),
    (re.compile("|".join(sorted((re.escape(k) for k in _DAY_WORDS), key=len, reverse=True))), _day_word),
    (re.compile(r"(?P<w>earlier this|later this|this|current|last|previous|next|coming) (?P<u>week|month|year)"), _relative_period),
    (re.compile(_NUM_RE.replace("(", "(?P<n>", 1) + r" (?P<u>day|week|month|year|decade)s? ago"), _ago),
    (re.compile(r"(?:over |in |during |for |within )?(?:the )?(?:past|last|previous) (?:" + _NUM_RE.replace("(", "(?P<n>", 1) + r" )?(?P<u>day|week|month|year|decade)s?"), _past_range),
]


# --- fallback: dateparser ---------------------------------------------------------------

_DATEWORD = re.compile(r"\d|" + _MONTH_RE[:-4] + r")\b|" + _WEEKDAY_RE[:-4] + r")\b|yesterday|today|tomorrow|ago", re.I)


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"])


_NOT_DATES = re.compile(
    r"\d{1,3}|(?:the )?\d{2,4}'?s|(?:the )?\d{1,2}(?:st|nd|rd|th)? centur(?:y|ies)|"
    r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?: [a-z]{2,4})?|noon|midnight|morning|evening|night")


def _fallback(s: str, a: Anchor | None) -> tuple[str, str] | None:
    """dateparser for the rest; bare numbers, decades, centuries and clock times are no dates."""
    if not _DATEWORD.search(s) or len(s) > 60 or _NOT_DATES.fullmatch(s):
        return None
    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                                "REQUIRE_PARTS": ["year"] if a is None else []}
    if a is not None:
        settings["RELATIVE_BASE"] = dt.datetime(a.year, a.month or 12, a.day or 28)
    try:
        from dateparser.date import DateDataParser

        data = DateDataParser(languages=["en"], settings=settings).get_date_data(s)
    except Exception:  # noqa: BLE001 - dateparser raises on odd input; not a date then
        return None
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    d = data.date_obj.date()
    if period in ("time", "day"):
        if a is not None and a.date is None and not re.search(r"\d{4}", s):
            return None
        return d.isoformat(), "day"
    if period == "week":
        return (d - dt.timedelta(days=d.weekday())).isoformat(), "week"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}", "month"
    return f"{d.year:04d}", "year"


def dates_in(ctx: Any, start: int, end: int) -> list[dict[str, Any]]:
    """DATE mentions inside [start, end) resolved against the document's publication date.

    Returns ``[{start, end, text, date, precision}]`` in text order; mentions that do not
    resolve are left out. A "--06-08" (month-day) publication date counts as no anchor.
    """
    doc = ctx.doc
    precision = doc.published_precision if doc.published_precision in ("day", "month", "year") else "day"
    anchor = doc.published if doc.published_precision in ("day", "month", "year") else None
    out = []
    for m in ctx.layers.get("mentions", []):
        label = m["label"] if isinstance(m, dict) else m.label
        ms = m["start"] if isinstance(m, dict) else m.start
        me = m["end"] if isinstance(m, dict) else m.end
        if label != "DATE" or ms < start or me > end:
            continue
        got = resolve(ctx.text[ms:me], anchor, precision)
        if got is not None:
            out.append({"start": ms, "end": me, "text": ctx.text[ms:me], "date": got[0], "precision": got[1]})
    return out

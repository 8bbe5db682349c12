"""Describe: id, title, outlet, publication date (with precision and source), language, hash.

Outlet: the outlet that publishes *this rendering* of the article. Cues are weighted and
summed per outlet (registry: ``data/outlets.yaml``, extensible with ``LEGATION_OUTLETS``):

====================================  ======  ==============================================
cue                                   weight  example
====================================  ======  ==============================================
the input's own ``outlet`` field         100  ``{"outlet": "Reuters", ...}`` in a .jsonl
URL domain (registered)                   60  ``https://en.mehrnews.com/news/...``
HTML site name (trafilatura)              40  ``<meta property="og:site_name">``
dateline agency code                      30  ``TEHRAN, Jun. 07 (MNA) –``
byline naming an outlet                   25  ``By Alwaght``
lead prefix naming an outlet              25  ``Alwaght- Since 2015, ...``
support banner                            20  ``Support SouthFront``
copyright line                            15  ``© Al-Alam``
URL domain (not registered)               10  the host name itself
reposting notice's domain                  5  ``Source Article from http://...``
====================================  ======  ==============================================

"Original published by X; translation from Russian by Y" names the *original* publisher:
it is kept as ``provenance["original_outlet"]`` (translator as ``provenance["translator"]``)
and never taken as the outlet, because the document is another outlet's rendering.

Publication date, first found wins: the input's ``date`` (``input``); an explicit line
such as "Date of publication : ..." (``explicit``); a header date line (``header``); a
dateline (``dateline``); a date inside the URL such as ``/2016/04/13/`` (``url``);
htmldate's date for HTML (``htmldate``). Precision is ``day``, ``month``, ``year``,
``monthday`` (month and day without a year, ISO ``--06-07``: a dateline "Jun. 07" gives no
year, and none is guessed) or ``none``. A ``monthday`` date is completed only when another
source gives a full date with the same month and day.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .models import Cleaned, Document, RawDocument

# --- hashes and ids ----------------------------------------------------------------------


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_id(text: str, source: str) -> str:
    return hashlib.sha256(f"{source}\x00{text}".encode()).hexdigest()[:16]


# --- dates -------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_PATTERNS = [  # most specific first
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{1,2})-(?P<day>\d{1,2})(?![\d])"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<day>\d{1,2})\b"),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<m>\d{1,2})\.(?P<year>(?:19|20)\d{2})\b"),
    re.compile(rf"\b{_MON},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*[,:]?\s*\d{{3}})", re.I),
    re.compile(rf"\b{_DAY}\s+{_MON}(?!\w)", re.I),
]
_NOISE = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\b|\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
    r"|\b(?:gmt|utc|cet|cest|est|edt|pst|pdt|msk|irst|irdt|ast|bst)\b|[+-]\d{2}:?\d{2}\b"
    r"|\b(?:at|on|updated|last|published)\b|[\s,|/:.\-–—()]+",
    re.I,
)


def _iso(year: int | None, month: int, day: int | None) -> tuple[str, str] | None:
    try:
        _dt.date(year or 2000, month, day or 1)  # 2000 is a leap year: --02-29 is valid
    except ValueError:
        return None
    if year is None:
        return (f"--{month:02d}-{day:02d}", "monthday") if day else None
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}-{month:02d}-{day:02d}", "day"


def _from_match(m: re.Match[str]) -> tuple[str, str] | None:
    g = m.groupdict()
    month = _MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
    year = int(g["year"]) if g.get("year") else None
    day = int(g["day"]) if g.get("day") else None
    return _iso(year, month, day)


def parse_date(text: str) -> tuple[str, str] | None:
    """The first date stated in ``text`` as (ISO partial date, precision), or None.

    >>> parse_date("Date of publication : June 8, 2017 09:08 am")
    ('2017-06-08', 'day')
    >>> parse_date("TEHRAN, Jun. 07 (MNA)")
    ('--06-07', 'monthday')
    """
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            got = _from_match(m)
            if got:
                return got
    return None


def parse_date_line(line: str) -> tuple[str, str] | None:
    """Like :func:`parse_date`, but only when the line is a date and nothing else
    (weekday, time of day and time zone allowed): "Saturday 27 January 2024"."""
    for pat in _DATE_PATTERNS:
        m = pat.search(line)
        if m is None:
            continue
        got = _from_match(m)
        if got is None:
            continue
        rest = _NOISE.sub("", line[: m.start()] + " " + line[m.end():])
        return got if not rest else None
    return None


_URL_DATES = [
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?P<day>\d{1,2})(?:/|$|[-_])"),
    re.compile(r"/(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<day>\d{2})(?:/|$|[-_.])"),
    re.compile(r"[/_-](?P<year>(?:19|20)\d{2})(?P<m>\d{2})(?P<day>\d{2})(?:/|$|[-_.])"),
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<m>\d{1,2})(?:/|$)"),
]


def url_date(url: str) -> tuple[str, str] | None:
    """A date inside a URL path: ``/2016/04/13/`` (day) or ``/2016/04/`` (month)."""
    path = urlsplit(url).path if "://" in url else url
    for pat in _URL_DATES:
        m = pat.search(path)
        if m:
            got = _from_match(m)
            if got:
                return got
    return None


def precision_of(value: str) -> tuple[str, str] | None:
    """Normalise a given date string ("2017-06-08T09:08", "2017-06", "2017", "June 8, 2017")."""
    value = str(value).strip()
    m = re.fullmatch(r"((?:19|20)\d{2})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?", value)
    if m:
        y, mo, d = m.groups()
        if mo is None:
            return y, "year"
        return _iso(int(y), int(mo), int(d) if d else None)
    return parse_date(value)


# --- outlet registry ---------------------------------------------------------------------


@dataclass
class Outlet:
    name: str
    domains: list[str] = field(default_factory=list)
    country: str | None = None
    agency_codes: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


def _norm(name: str) -> str:
    name = re.sub(r"^(?:the)\s+", "", name.strip().casefold())
    return re.sub(r"[\W_]+", "", name)


class OutletRegistry:
    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self._names: dict[str, Outlet] = {}
        self._codes: dict[str, Outlet] = {}
        self._domains: dict[str, Outlet] = {}
        for o in outlets:
            for n in [o.name, *o.aliases, *o.domains]:
                self._names.setdefault(_norm(n), o)
            for c in o.agency_codes:
                self._codes.setdefault(_norm(c), o)
            for d in o.domains:
                self._domains.setdefault(d.lower().removeprefix("www."), o)

    def by_name(self, name: str) -> Outlet | None:
        return self._names.get(_norm(name)) if name and name.strip() else None

    def by_code(self, code: str) -> Outlet | None:
        return self._codes.get(_norm(code)) or self.by_name(code)

    def by_domain(self, url_or_host: str) -> Outlet | None:
        host = (urlsplit(url_or_host).hostname or "") if "://" in url_or_host else url_or_host
        host = host.lower().removeprefix("www.")
        while host:
            if host in self._domains:
                return self._domains[host]
            host = host.partition(".")[2]
        return None


def _parse_outlets(spec: Any, where: str) -> list[Outlet]:
    out = []
    for e in (spec or {}).get("outlets", []):
        if not isinstance(e, dict) or not e.get("name"):
            raise ValueError(f"{where}: every outlet needs a 'name'")
        out.append(Outlet(str(e["name"]), list(e.get("domains") or []), e.get("country"),
                          [str(c) for c in e.get("agency_codes") or []],
                          [str(a) for a in e.get("aliases") or []]))
    return out


def load_outlets(extra: list[Path] | None = None) -> OutletRegistry:
    """Bundled registry, overridden/extended by ``extra`` files and ``$LEGATION_OUTLETS``."""
    bundled = resources.files("legation").joinpath("data/outlets.yaml").read_text("utf-8")
    paths = list(extra or [])
    env = os.environ.get("LEGATION_OUTLETS")
    if env:
        paths += [Path(p) for p in env.split(os.pathsep) if p]
    user: dict[str, Outlet] = {}
    for p in paths:
        for o in _parse_outlets(yaml.safe_load(Path(p).read_text("utf-8")), str(p)):
            user[o.name.casefold()] = o
    # user entries first, so their names, aliases and domains win over bundled ones
    bundled_outlets = [o for o in _parse_outlets(yaml.safe_load(bundled), "outlets.yaml")
                       if o.name.casefold() not in user]
    return OutletRegistry([*user.values(), *bundled_outlets])


@lru_cache(maxsize=4)
def _registry(env: str | None) -> OutletRegistry:
    return load_outlets()


def registry() -> OutletRegistry:
    return _registry(os.environ.get("LEGATION_OUTLETS"))


# --- cues found in the text --------------------------------------------------------------

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'.\- ]{1,40}?(?:,\s*[A-Z][A-Za-z'.\- ]{1,30}?)?)\s*"
    r"(?:,\s*(?P<date>[A-Za-z0-9 .,]{3,30}?)\s*)?"
    r"(?:\((?P<agency>[A-Za-z][A-Za-z&.\-]{0,15}(?:\s[A-Z][A-Za-z]+)?)\)|/(?P<agency2>[A-Z][A-Za-z-]{1,15})/)"
    r"\s*[-–—:.]?\s"
)
_LEAD_PREFIX = re.compile(r"^(?P<name>[A-Z][\w'’.&]*(?:[ -][A-Z][\w'’.&]*){0,3})\s?[-–—:]\s+\S")


def dateline(text: str) -> dict[str, Any] | None:
    """The dateline opening the lead: place, agency code and date (if any)."""
    m = _DATELINE.match(text[:160])
    if m is None:
        return None
    date = parse_date(m["date"]) if m["date"] else None
    if date is None and not m["place"].isupper():
        return None  # "The ministers (three of them) ..." is not a dateline
    return {"place": m["place"].strip(), "agency": (m["agency"] or m["agency2"] or "").strip(),
            "date": date, "text": m.group(0).strip()}


def lead_prefix(text: str) -> str | None:
    m = _LEAD_PREFIX.match(text[:120])
    return m["name"] if m else None


def _add(scores: dict[str, float], reg: OutletRegistry, name: str | None, weight: float,
         registered_only: bool = False) -> None:
    if not name:
        return
    o = reg.by_name(name)
    if o is None and registered_only:
        return
    key = o.name if o else name.strip()
    scores[key] = scores.get(key, 0.0) + weight


def _outlet(raw: RawDocument, cleaned: Cleaned, body: str, prov: dict[str, Any]) -> str | None:
    reg = registry()
    scores: dict[str, float] = {}
    given = raw.meta.get("outlet")
    if given:
        _add(scores, reg, str(given), 100)
    hosts = {(urlsplit(u).hostname or "").removeprefix("www.") for u in _urls(raw, cleaned)}
    for host in sorted(h for h in hosts if h):  # each host counts once
        o = reg.by_domain(host)
        if o:
            scores[o.name] = scores.get(o.name, 0) + 60
        else:
            scores[host] = scores.get(host, 0) + 10
    site = str(cleaned.meta.get("sitename") or "").strip()
    if re.fullmatch(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", site):  # a host name, not a name
        o = reg.by_domain(site)
        site = o.name if o else site.lower().removeprefix("www.")
    if site:
        _add(scores, reg, site, 40)
    dl = dateline(body)
    if dl and dl["agency"]:
        o = reg.by_code(dl["agency"])
        key = o.name if o else dl["agency"]
        scores[key] = scores.get(key, 0) + 30
    elif not dl:
        _add(scores, reg, lead_prefix(body), 25, registered_only=True)
    for cue in cleaned.meta.get("cues", []):
        kind, value = cue["kind"], cue["value"]
        if kind == "byline":
            if reg.by_name(value):
                _add(scores, reg, value, 25)
            else:
                prov.setdefault("author", value)
        elif kind == "support":
            _add(scores, reg, value, 20)
        elif kind == "copyright":
            _add(scores, reg, _strip_legal(value), 15)
        elif kind == "source_url":
            o = reg.by_domain(value)
            if o:
                scores[o.name] = scores.get(o.name, 0) + 5
            prov.setdefault("source_article", value)
        elif kind == "attribution":
            o = reg.by_name(value) or reg.by_domain(value)
            prov.setdefault("original_outlet", o.name if o else value)
            tr = re.search(r"(?i)\btranslat\w*\b.*?\bby\s+(.+?)\.?$", cue["line"])
            if tr:
                prov.setdefault("translator", tr.group(1).strip())
        elif kind == "translator":
            prov.setdefault("translator", value)
    if cleaned.meta.get("author"):
        prov.setdefault("author", cleaned.meta["author"])
    original = prov.get("original_outlet")
    if original in scores and len(scores) > 1:
        del scores[original]  # the original publisher is not the outlet of this rendering
    if not scores:
        return None
    return max(scores.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]


def _strip_legal(value: str) -> str:
    value = re.sub(r"(?i)\b(?:all rights reserved|ltd|inc|llc|gmbh|news network)\b\.?", "", value)
    return value.strip(" ,.-|")


def _urls(raw: RawDocument, cleaned: Cleaned) -> list[str]:
    urls = [raw.meta.get("url"), cleaned.meta.get("url"), raw.provenance.get("url"),
            raw.source if "://" in raw.source else None]
    out: list[str] = []
    for u in urls:
        if u and "://" in str(u) and str(u) not in out:
            out.append(str(u))
    return out


def _date(raw: RawDocument, cleaned: Cleaned, body: str) -> tuple[str | None, str, str | None]:
    found: list[tuple[tuple[str, str], str]] = []
    if raw.meta.get("date"):
        got = precision_of(str(raw.meta["date"]))
        if got:
            found.append((got, "input"))
    for kind, source in (("date_explicit", "explicit"), ("date_line", "header")):
        for cue in cleaned.meta.get("cues", []):
            if cue["kind"] == kind:
                got = parse_date(cue["value"])
                if got:
                    found.append((got, source))
                    break
    dl = dateline(body)
    if dl and dl["date"]:
        found.append((dl["date"], "dateline"))
    urls = _urls(raw, cleaned) + [c["value"] for c in cleaned.meta.get("cues", []) if c["kind"] == "source_url"]
    for u in urls:
        got = url_date(u)
        if got:
            found.append((got, "url"))
            break
    if cleaned.meta.get("date"):
        got = precision_of(str(cleaned.meta["date"]))
        if got:
            found.append((got, "htmldate"))
    if not found:
        return None, "none", None
    (value, prec), source = found[0]
    if prec == "monthday":  # complete "--06-07" only from a full date with the same month-day
        for (v2, p2), s2 in found[1:]:
            if p2 == "day" and v2[4:] == value[1:]:
                return v2, "day", f"{source}+{s2}"
    return value, prec, source


# --- title and language ------------------------------------------------------------------


def _title(raw: RawDocument, cleaned: Cleaned, body: str) -> str | None:
    for t in (raw.meta.get("title"), cleaned.meta.get("title")):
        if t and str(t).strip():
            return " ".join(str(t).split())[:300]
    first = body.strip().split("\n", 1)[0] if body.strip() else ""
    dl = dateline(first)
    if dl:
        first = first[len(dl["text"]):].lstrip(" -–—:")
    m = re.match(r"(.{20,}?[.!?])(?:\s|$)", first)
    sent = m.group(1) if m else first
    if len(sent) > 160:
        sent = sent[:160].rsplit(" ", 1)[0] + "…"
    return sent or None


def language(text: str) -> str | None:
    if not text.strip():
        return None
    import py3langid as langid

    lang, _ = langid.classify(text[:5000])
    return str(lang)


# --- describe ----------------------------------------------------------------------------


def describe(raw: RawDocument, cleaned: Cleaned) -> Document:
    text = cleaned.text
    prov = dict(raw.provenance)
    outlet = _outlet(raw, cleaned, text, prov)
    published, precision, date_source = _date(raw, cleaned, text)
    return Document(
        id=document_id(text, raw.source),
        source=raw.source,
        text=text,
        title=_title(raw, cleaned, text),
        outlet=outlet,
        published=published,
        published_precision=precision,
        date_source=date_source,
        language=language(text),
        content_hash=content_hash(text),
        provenance=prov,
    )

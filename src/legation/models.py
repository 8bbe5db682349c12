"""Typed records shared by every stage (vocabulary from DESIGN.md).

Offsets are character offsets into the *cleaned* text of a document (``end`` exclusive).
Every record that states a fact carries a span so it can be traced to its evidence.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class RawDocument:
    """What a reader produces: bytes or text plus where it came from."""

    source: str  # path, URL or "<path>#<warc-record-id>" / "<path>:<line>"
    content: str  # decoded text (HTML or plain text)
    kind: str  # "html" | "text"
    provenance: dict[str, Any] = field(default_factory=dict)  # path, url, warc_record_id, line, encoding
    meta: dict[str, Any] = field(default_factory=dict)  # given by the input: url, title, date, outlet


@dataclass
class ReadError:
    """A reader's failure for one input: the batch goes on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class RemovedLine:
    text: str
    reason: str


@dataclass
class Cleaned:
    text: str
    removed: list[RemovedLine] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # title/date/author/sitename found by the cleaner
    header: list[str] = field(default_factory=list)  # lines before the body (for describe)


@dataclass
class Document:
    id: str
    source: str
    text: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date, possibly partial: "2017", "2017-06", "2017-06-08", "--06-08"
    published_precision: str = "none"  # day | month | year | monthday | none
    date_source: str | None = None
    language: str | None = None
    story_id: str | None = None
    content_hash: str = ""
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "title": self.title,
            "published": self.published,
            "published_precision": self.published_precision,
            "date_source": self.date_source,
            "language": self.language,
            "text": self.text,
            "story_id": self.story_id,
        }


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str  # spaCy entity label (GPE, PERSON, ORG, NORP, DATE, ...)


_PLAIN = frozenset({str, int, float, bool, type(None)})


def asdict(obj: Any) -> Any:
    """Dataclass (or nested containers of them) to plain JSON-able values."""
    t = type(obj)
    if t in _PLAIN:  # fast paths (layers hold many plain dicts): the same values as below
        return obj
    if t is dict:
        return {k: v if type(v) in _PLAIN else asdict(v) for k, v in obj.items()}
    if t is list:
        return [v if type(v) in _PLAIN else asdict(v) for v in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        to_dict = getattr(obj, "to_dict", None)
        if callable(to_dict):
            return to_dict()
        return {f.name: asdict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {k: asdict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [asdict(v) for v in obj]
    return obj


# --- analysis layers (the shapes below are what stages add and what the CLI prints) -----

ACTOR_KINDS = ("state", "government", "military", "person", "igo", "ngo", "armed_group",
               "political_group", "organisation", "group", "unknown")


@dataclass
class Actor:
    """A mention resolved to a canonical actor: DESIGN.md's ACTOR.

    ``id`` is the registry id (None when the mention is an unregistered description such
    as "protesters"); ``country`` is ISO 3166 alpha-3 or None; ``sector`` a PLOVER sector
    (GOV, MIL, REB, OPP, PTY, BUS, MED, CVL, IGO, NGO, ...) or None.
    """

    text: str
    start: int
    end: int
    id: str | None
    name: str
    country: str | None = None
    sector: str | None = None
    kind: str = "unknown"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "id": self.id,
                "name": self.name, "country": self.country, "sector": self.sector, "kind": self.kind}


@dataclass
class Place:
    """A toponym resolved against GeoNames (geonameid/lat/lon None when unresolved)."""

    text: str
    start: int
    end: int
    name: str
    geonameid: str | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166 alpha-3
    feature: str | None = None  # "country", "city", "region", ...

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "name": self.name,
                "geonameid": self.geonameid, "lat": self.lat, "lon": self.lon,
                "country": self.country, "feature": self.feature}

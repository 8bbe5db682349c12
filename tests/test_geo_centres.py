"""Representative points of areal places (legation.geo_centres)."""

from __future__ import annotations

import pytest

from legation.geo import distance_km
from legation.geo_centres import _area_centroid, hull_centroid, toward


def test_hull_centroid_follows_the_shape_not_the_crowd() -> None:
    # a square territory with most "cities" crowded in one corner: the hull's centre
    # stays in the middle, where a mean would be pulled into the corner
    corners = [(0.0, 0.0), (0.0, 10.0), (10.0, 0.0), (10.0, 10.0)]
    crowd = [(9.0 + i / 100, 9.0 + i / 100) for i in range(50)]
    lat, lon = hull_centroid(corners + crowd)
    assert abs(lat - 5.0) < 0.2 and abs(lon - 5.0) < 0.3


def test_hull_centroid_across_the_antimeridian() -> None:
    # Fiji-like islands on both sides of 180°: the centre is near 180°, not near 0°
    lat, lon = hull_centroid([(-16.0, 179.0), (-18.0, 178.0), (-17.0, -179.8), (-19.0, 179.5)])
    assert -19 < lat < -16
    assert abs(abs(lon) - 180) < 2.5


@pytest.mark.parametrize("pts", [[], [(1.0, 2.0)], [(1.0, 2.0), (3.0, 4.0)]])
def test_hull_centroid_degenerate(pts: list[tuple[float, float]]) -> None:
    got = hull_centroid(pts)
    if not pts:
        assert got is None
    else:
        assert got is not None
        assert abs(got[0] - sum(p[0] for p in pts) / len(pts)) < 1e-6


def test_toward_moves_at_most_the_given_distance() -> None:
    a, b = (35.0, 105.0), (36.6, 103.9)
    c = toward(a, b, 100.0)
    assert distance_km(*a, *c) == pytest.approx(100.0, rel=1e-3)
    assert distance_km(*c, *b) == pytest.approx(distance_km(*a, *b) - 100.0, rel=1e-3)
    assert toward(a, (35.1, 105.1), 100.0) == (35.1, 105.1)  # closer than the limit: the target
    assert toward(a, None, 100.0) == a


def test_area_centroid_of_a_polygon() -> None:
    (lat, lon), area = _area_centroid([(0.0, 0.0), (0.0, 4.0), (2.0, 4.0), (2.0, 0.0)])
    assert lat == pytest.approx(1.0, abs=1e-6) and lon == pytest.approx(2.0, abs=1e-6)
    assert area > 0


needs_admin = pytest.mark.skipif(
    __import__("importlib").util.find_spec("reverse_geocoder") is None,
    reason="reverse_geocoder (admin areas) not installed")


@needs_admin
def test_us_counties_have_points_in_their_state() -> None:
    from legation.geo import geoparse

    text = "Cases were reported in Scott County, Indiana, and in Dallas County, Texas."
    ments = [{"start": s, "end": s + len(w), "text": w, "label": "GPE"}
             for w in ("Scott County", "Indiana", "Dallas County", "Texas") for s in [text.index(w)]]
    got = {p.text: p for p in geoparse(text, ments)}
    scott, dallas = got["Scott County"], got["Dallas County"]
    assert scott.feature == "admin2" and scott.lat is not None
    assert distance_km(scott.lat, scott.lon, 38.69, -85.74) < 60  # Scott County, Indiana
    assert distance_km(dallas.lat, dallas.lon, 32.77, -96.78) < 60  # Dallas County, Texas


@needs_admin
def test_provinces_resolve_only_when_tagged_as_places() -> None:
    from legation.geo import gazetteer, geoparse

    text = "Gunmen attacked villages in Zamfara and Nueva Ecija."
    ments = [{"start": text.index(w), "end": text.index(w) + len(w), "text": w, "label": "GPE"}
             for w in ("Zamfara", "Nueva Ecija")]
    got = {p.text: p for p in geoparse(text, ments)}
    assert got["Zamfara"].country == "NGA" and got["Zamfara"].feature == "admin1"
    assert distance_km(got["Zamfara"].lat, got["Zamfara"].lon, 12.2, 6.2) < 120
    assert got["Nueva Ecija"].country == "PHL" and got["Nueva Ecija"].lat is not None
    # a bare province name is no toponym by itself: the gazetteer scan does not pick it up
    gaz = gazetteer()
    assert any(i in gaz.weak for i in gaz.lookup("Zamfara"))
    scanned = geoparse(text, [], [(s, s + len(w), s == 0) for s, w in _words(text)])
    assert "Zamfara" not in {p.text for p in scanned}


def _words(text: str) -> list[tuple[int, str]]:
    import re

    return [(m.start(), m.group()) for m in re.finditer(r"\w+", text)]


@needs_admin
def test_foreign_province_needs_its_country_in_the_document() -> None:
    from legation.geo import geoparse

    text = "Officials in Fife and Tacoma said the road reopened."
    ments = [{"start": text.index(w), "end": text.index(w) + len(w), "text": w, "label": "GPE"}
             for w in ("Fife", "Tacoma")]
    assert geoparse(text, ments)[0].country == "USA"  # Fife, Washington, not the Scottish council area
    text2 = "Floods hit Fife and Edinburgh in Scotland."
    ments2 = [{"start": text2.index(w), "end": text2.index(w) + len(w), "text": w, "label": "GPE"}
              for w in ("Fife", "Edinburgh", "Scotland")]
    assert geoparse(text2, ments2)[0].country == "GBR"

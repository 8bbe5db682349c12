"""Target choice of the event coder on hand-made sentences: which phrase is the target and
which country it stands for."""

from __future__ import annotations

from test_events import coded, countries, one


def test_us_is_the_state_not_the_pronoun():
    e = one(coded("China demanded that the US halt arms sales to Taiwan."), "REQUEST")
    assert countries(e["source"]) == {"CHN"}
    assert countries(e["target"]) == {"USA"}  # the addressee, not the objects of the demand


def test_event_noun_as_subject_takes_the_verbs_object():
    e = one(coded("A car bombing near Mosul killed three Turkish engineers."), "ASSAULT")
    assert "TUR" in countries(e["target"])


def test_under_investigation_makes_the_subject_the_target():
    e = one(coded("A French businessman was put under investigation in Spain."), "ACCUSE")
    assert "FRA" in countries(e["target"]) and not e["source"]


def test_purpose_clause_lends_its_target():
    events = coded("Hundreds of Kurdish workers began a hunger strike to protest against Germany's new asylum law.")
    e = one(events, "PROTEST")
    assert "DEU" in countries(e["target"])


def test_countryless_target_stands_for_the_named_actor_inside():
    e = one(coded("The European Union agreed to provide 40 million euros of aid for Moldova."), "AGREE")
    assert countries(e["target"]) == {"MDA"}


def test_place_replaces_countryless_reading_and_obliques_yield_to_direct_targets():
    e = one(coded("Police in Lagos arrested two Ghanaian traders at the market on Monday."), "COERCE")
    assert countries(e["target"]) == {"GHA"}


def test_historical_leaders_and_regions_resolve():
    e = one(coded("Rebels in Darfur attacked a convoy of President Suharto's envoys.", published="1996-05-01"),
            "ASSAULT")
    assert "SDN" in countries(e["source"])
    assert "IDN" in countries(e["target"])


def test_object_pronoun_refers_to_the_earlier_object_not_the_subject():
    e = one(coded("Lavrov met the Turkish foreign minister and urged him to halt the offensive."), "REQUEST")
    assert countries(e["source"]) == {"RUS"} and "TUR" in countries(e["target"])


def test_anti_and_pro_prefixes_name_a_stance_not_a_nationality():
    e = one(coded("An anti-Syria lawmaker has been killed."), "ASSAULT")
    assert "SYR" not in countries(e["target"])


def test_abstract_target_stays_an_argument_not_an_actor():
    e = one(coded("Russia and Iran agreed on closer coordination in Syria."), "AGREE")
    phrases = [p["text"] for p in e["arguments"]["target"]]
    assert any("coordination" in p for p in phrases)  # the evidence is kept ...
    assert not any("coordination" in (a.get("name") or "") for a in e["target"])  # ... but it is no actor


def test_unresolved_group_description_is_still_an_actor():
    e = one(coded("The United States imposed sanctions on two neighboring countries."), "SANCTION")
    assert any(a.get("name", "").endswith("countries") and a["id"] is None for a in e["target"])

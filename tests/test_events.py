"""The event coder on hand-made sentences (real spaCy, actors and places stages)."""

from __future__ import annotations

import pytest

from legation.event_lexicon import load
from legation.events import candidate_sentences, code_document
from legation.models import Document
from legation.registry import Context, plan


def coded(text: str, published: str | None = "2024-01-27", quotes: list | None = None) -> list[dict]:
    ctx = Context(Document(id="t", source="test", text=text, outlet="Test Wire", published=published,
                           published_precision="day" if published else "none"))
    for comp in plan(["actors", "places"]):
        comp.run([ctx])
    ctx.layers["quotes"] = quotes or []
    events = code_document(ctx)
    for e in events:  # evidence: every span slices the text it claims
        for span in (e["trigger"], e["sentence"], *e["arguments"]["source"], *e["arguments"]["target"]):
            assert text[span["start"]:span["end"]] == span["text"]
        for a in e["source"] + e["target"]:
            assert text[a["start"]:a["end"]] == a["text"]
    return events


def one(events: list[dict], event_type: str) -> dict:
    found = [e for e in events if e["event_type"] == event_type]
    assert found, [(e["event_type"], e["trigger"]["text"]) for e in events]
    return found[0]


def countries(actors: list[dict]) -> set[str]:
    return {a["country"] for a in actors if a["country"]}


def test_veto_source_is_the_agent():
    e = one(coded("The Russians presented an amendment, but the Americans vetoed it."), "REJECT")
    assert e["mode"] == "veto" and "USA" in countries(e["source"])
    assert e["modality"] == "asserted" and e["negated"] is False


def test_visit_with_date_place_and_inviter():
    text = ("The Iranian security chief Ali Akbar Ahmadian visited Moscow on Wednesday "
            "at the invitation of his Russian counterpart Nikolai Patrushev.")
    e = one(coded(text), "CONSULT")
    assert e["mode"] == "visit" and e["trigger"]["text"] == "visited"
    assert "IRN" in countries(e["source"]) and "RUS" in countries(e["target"])
    assert e["date"] == "2024-01-24" and e["date_precision"] == "day"
    assert e["date_expr"]["text"].endswith("Wednesday")
    assert e["place"] is not None and e["place"]["name"] == "Moscow"
    assert e["cameo"] == "042" and e["quad_class"] == 1 and e["goldstein"] > 0
    assert e["attributed_to"] == {"outlet": "Test Wire"}


def test_no_date_expression_gives_publication_date():
    e = one(coded("Russia attacked Ukraine."), "ASSAULT")
    assert e["date"] == "2024-01-27" and e["date_precision"] == "day" and e["date_expr"] is None
    e = one(coded("Russia attacked Ukraine.", published=None), "ASSAULT")
    assert e["date"] is None and e["date_precision"] == "none"


def test_nominal_event_with_demonym_agent_and_of_patient():
    e = one(coded("Iran condemned the Israeli assassination of Iranian military advisers in Syria."), "ASSAULT")
    assert e["mode"] == "assassinate"
    assert countries(e["source"]) == {"ISR"} and "IRN" in countries(e["target"])
    accuse = one(coded("Iran condemned the Israeli assassination of Iranian military advisers in Syria."), "ACCUSE")
    assert accuse["main"] and not e["main"]


def test_attacks_on_target_and_aerial_mode():
    e = one(coded("American and British attacks on Yemen continued."), "ASSAULT")
    assert {"USA", "GBR"} <= countries(e["source"]) and countries(e["target"]) == {"YEM"}
    e = one(coded("Israeli airstrikes hit Gaza."), "ASSAULT")
    assert e["mode"] == "aerial"


def test_aid_to_recipient():
    e = one(coded("Russian airplanes have transported aid to Gaza."), "AID")
    assert "RUS" in countries(e["source"]) and e["target"] and e["quad_class"] == 2


def test_passive_voice_agent_becomes_source():
    e = one(coded("Iranian military advisers were killed by Israel in Syria."), "ASSAULT")
    assert countries(e["source"]) == {"ISR"} and "IRN" in countries(e["target"])


def test_coordinated_verbs_share_their_subject():
    events = coded("Turkish police arrested and deported the journalists.")
    arrest = one(events, "COERCE")
    assert all("TUR" in countries(e["source"]) for e in events if e["event_type"] == "COERCE")
    assert arrest["mode"] in ("arrest", "deport")
    assert len([e for e in events if e["event_type"] == "COERCE"]) == 2


@pytest.mark.parametrize("text,modality", [
    ("A twenty-year cooperation pact is to be signed between Tehran and Moscow.", "intended"),
    ("Russia could attack Ukraine.", "hypothetical"),
    ("If Russia attacks Ukraine, NATO will respond.", "hypothetical"),
    ("Israel did not attack Gaza.", "negated"),
    ("Israel attacked Gaza.", "asserted"),
])
def test_modality(text, modality):
    events = coded(text)
    main = [e for e in events if e["main"]][0]
    assert main["modality"] == modality, (text, main)
    assert main["negated"] is (modality == "negated")


def test_pact_to_be_signed_is_an_intended_signature():
    e = one(coded("A twenty-year cooperation pact is to be signed between Tehran and Moscow."), "SUPPORT")
    assert e["mode"] == "sign" and e["modality"] == "intended"
    assert {"IRN", "RUS"} <= countries(e["target"]) | countries(e["source"])


def test_negation_sensitive_trigger_changes_type():
    e = [x for x in coded("Israel did not agree to the proposal.") if x["main"]][0]
    assert e["event_type"] == "REJECT" and e["negated"] is False
    e = [x for x in coded("The United States will not lift the embargo on Cuba.") if x["main"]][0]
    assert e["event_type"] == "REJECT" and e["intended_action"] == "CONCEDE"


def test_planned_material_action_is_a_promise_or_threat():
    e = [x for x in coded("Finland will give Tanzania a grant.") if x["main"]][0]
    assert e["event_type"] == "AGREE" and e["modality"] == "intended" and e["intended_action"] == "AID"
    e = [x for x in coded("Greece plans to impose restrictions on its labour market.") if x["main"]][0]
    assert e["event_type"] == "THREATEN"


def test_control_verb_absorbs_its_complement():
    events = coded("North Korea threatened to attack South Korea.")
    assert [e["event_type"] for e in events] == ["THREATEN"]
    assert countries(events[0]["target"]) == {"KOR"}


def test_phone_call_is_a_reciprocal_consultation():
    e = one(coded("Iran's defence minister talked to his Russian counterpart Sergei Shoigu on January 15."), "CONSULT")
    assert e["reciprocal"] is True and e["date"] == "2024-01-15"


def test_event_inside_a_quote_is_attributed_to_the_speaker():
    text = 'Lavrov said: "Russia will never attack Finland."'
    start = text.index("Russia")
    speaker = {"text": "Lavrov", "start": 0, "end": 6, "id": "sergey_lavrov", "name": "Sergey Lavrov",
               "country": "RUS", "sector": "GOV", "kind": "person"}
    quote = {"speaker": speaker, "cue": {"start": 7, "end": 11, "text": "said"},
             "content": {"start": start, "end": len(text) - 1, "text": text[start:-1]}, "kind": "direct"}
    e = one(coded(text, quotes=[quote]), "ASSAULT")
    assert e["attributed_to"]["id"] == "sergey_lavrov" and e["negated"] is True


def test_statement_is_not_an_event_and_names_are_not_triggers():
    events = coded("Hungary expressed its condolences to the families of those killed.")
    assert not any(e["main"] for e in events)
    assert coded("The Supreme National Security Council met the press.") == [] or all(
        e["trigger"]["text"] != "Security" for e in coded("The Supreme National Security Council met the press."))


def test_only_candidate_sentences_are_parsed():
    text = "The weather was mild. Russia attacked Ukraine. Prices rose slightly."
    ctx = Context(Document(id="p", source="test", text=text, published="2024-01-27", published_precision="day"))
    for comp in plan(["actors", "places"]):
        comp.run([ctx])
    ctx.layers["quotes"] = []
    assert candidate_sentences(ctx, load()) == [1]
    events = code_document(ctx)
    assert set(ctx.cache.get("parsed", {})) == {1}
    assert [e["event_type"] for e in events] == ["ASSAULT"]


def test_event_fields_follow_the_contract():
    e = coded("Russia attacked Ukraine.")[0]
    for key in ("id", "sentence", "event_type", "mode", "context", "cameo", "quad_class", "goldstein", "source",
                "target", "date", "date_precision", "place", "modality", "negated", "attributed_to",
                "confidence", "trigger"):
        assert key in e, key
    assert 0 < e["confidence"] <= 1 and isinstance(e["id"], str)

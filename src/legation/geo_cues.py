"""Context cues: mentions spaCy split that form one name; names read as a state.

``joined_mentions`` joins place mentions that make one gazetteer name together
("Democratic Republic" + "of the Congo"). ``admin1_readings`` reads an ambiguous name as
a state or province rather than a city.

"New York" and "Washington" are by default the cities (``preferred`` in places.yaml).
The state is meant when the text says so: a cue word next to the name ("New York state",
"the state of Washington", "New York Gov. Cuomo": ``admin1_cues`` in places.yaml), the
name following one of the state's own cities ("Buffalo, New York"), or the name listed
with other states or provinces ("Michigan, Oregon, New York and Ohio").
"""

from __future__ import annotations

import functools
import re
from typing import Any

_JOIN = re.compile(r"(?:-| | of | of the )")


def joined_mentions(text: str, ments: list[tuple[int, int, str]], gaz: Any) -> list[tuple[int, int, str]]:
    """Place mentions spaCy split that form one gazetteer name together: "Democratic
    Republic" + "Congo" with " of the " between, "Guinea" + "-Bissau". ``ments``: sorted
    (start, end, label)."""
    from .geo import PLACE_LABELS, _trim

    out: list[tuple[int, int, str]] = []
    grown_to = -1  # end of the last mention extended past its own end
    for s, e, label in ments:
        if s < grown_to:
            continue  # now part of the extended mention
        if label in PLACE_LABELS:
            m = re.match(r"-[A-Z][\w']+", text[e:e + 40])
            if m and gaz.lookup(text[slice(*_trim(text, s, e + m.end()))]):
                e += m.end()
                grown_to = e
            if out and out[-1][2] in PLACE_LABELS and out[-1][1] <= s and _JOIN.fullmatch(text[out[-1][1]:s]) \
                    and gaz.lookup(text[slice(*_trim(text, out[-1][0], e))]):
                out[-1] = (out[-1][0], e, out[-1][2])
                continue
        out.append((s, e, label))
    return out


_LINK = re.compile(r"(?:\s*,\s*|\s*,?\s+(?:and|or)\s+|\s*/\s*)")


@functools.lru_cache(maxsize=1)
def _cue_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    from .gazetteer import load_data

    cues = load_data().get("admin1_cues") or {}
    after = "|".join(re.escape(w) for w in sorted(cues.get("after") or [], key=len, reverse=True))
    before = "|".join(re.escape(w) for w in sorted(cues.get("before") or [], key=len, reverse=True))
    return (re.compile(rf"^\s+(?:{after or '(?!)'})(?![\w])"),
            re.compile(rf"(?<![\w])(?:{before or '(?!)'})\s+$"))


def _chains(text: str, cands: list[Any]) -> list[tuple[list[Any], bool]]:
    """Runs of toponyms joined by commas, "and", "or", "/"; with whether a conjunction joins them."""
    out: list[tuple[list[Any], bool]] = []
    run: list[Any] = []
    conj = False
    for c in cands:
        if run:
            gap = text[run[-1].end:c.start]
            if _LINK.fullmatch(gap):
                run.append(c)
                conj = conj or bool(re.search(r"\b(?:and|or)\b|/", gap))
                continue
            out.append((run, conj))
        run, conj = [c], False
    if run:
        out.append((run, conj))
    return out


def admin1_readings(text: str, cands: list[Any], readings: dict[str, int], gaz: Any) -> dict[str, int]:
    """Name -> its state/province entry, for names whose default reading is a city or
    capital but whose context says the state is meant. ``readings``: name -> its reading
    so far (without context); ``cands`` sorted by position."""
    from .geo import _prior, norm

    feature, country, admin1 = gaz.cols[6], gaz.cols[4], gaz.cols[7]
    after, before = _cue_patterns()
    out: dict[str, int] = {}

    def states_of(c: Any) -> list[int]:
        key = norm(c.text)
        r = readings.get(key)
        if r is None or feature[r] not in ("city", "capital"):
            return []
        return [o for o in c.options if feature[o] == "admin1"]

    def pick(key: str, opts: list[int]) -> None:
        if opts and key not in out:
            out[key] = max(opts, key=lambda o: _prior(gaz, o, key))

    for c in cands:
        states = states_of(c)
        if states and (after.match(text[c.end:c.end + 20]) or before.search(text[max(0, c.start - 20):c.start])):
            pick(norm(c.text), states)
    for run, conj in _chains(text, cands):
        for i, c in enumerate(run):
            states = states_of(c)
            if not states:
                continue
            key = norm(c.text)
            # "Buffalo, New York": a city of that state right before the name
            prev = readings.get(norm(run[i - 1].text)) if i else None
            if prev is not None and re.fullmatch(r"\s*,\s*", text[run[i - 1].end:c.start]):
                pick(key, [o for o in states if admin1[o] and admin1[o] == admin1[prev]])
            # listed with other states or provinces of the same country
            others = [readings.get(norm(o.text)) for j, o in enumerate(run) if j != i]
            for s in states:
                n = sum(1 for r in others if r is not None and feature[r] == "admin1" and country[r] == country[s])
                if n >= 2 or (n == 1 and conj and len(run) == 2):
                    pick(key, [s])
    return out

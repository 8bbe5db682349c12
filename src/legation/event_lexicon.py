"""The event coder's knowledge: trigger lexicon and PLOVER↔CAMEO mapping (data files).

``data/triggers.yaml`` says which words name which PLOVER events (with modes, contexts,
negation behaviour and complements); ``data/plover_cameo.tsv`` maps a PLOVER type and
mode to a CAMEO code, quad class and Goldstein value. Both are read once per process.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION",
                "MOBILIZE", "COERCE", "ASSAULT")
# pseudo-type of lexicon entries that name a statement, not an event ("expressed
# condolences", "rejected accusations"): they claim their words and can be a sentence's
# main predicate, but produce no event
STATEMENT = "STATEMENT"
POS_MAP = {"verb": {"VERB", "AUX"}, "noun": {"NOUN", "PROPN"}, "adj": {"ADJ", "VERB"},
           "any": {"VERB", "AUX", "NOUN", "PROPN", "ADJ"}}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry."""

    lemma: str
    event_type: str
    pos: str = "any"
    mode: str | None = None
    context: str | None = None
    with_: tuple[str, ...] = ()
    not_with: tuple[str, ...] = ()
    negated: str | None = None
    control: bool = False
    confidence: float = 0.8


@dataclass(frozen=True)
class Cameo:
    cameo: str
    quad_class: int
    penta: int
    goldstein: float


@dataclass
class Lexicon:
    by_lemma: dict[str, list[Trigger]]
    light_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    request_modals: frozenset[str]
    hypothetical_aux: frozenset[str]
    future_aux: frozenset[str]
    obligation_aux: frozenset[str]
    condition_marks: frozenset[str]
    intent_heads: frozenset[str]
    intended_as: dict[int, str]
    modifier_modes: dict[str, dict[str, str]]
    contexts: dict[str, tuple[str, ...]]
    reciprocal_types: frozenset[str] = frozenset()
    reciprocal_modes: frozenset[str] = frozenset()
    reciprocal_except: frozenset[str] = frozenset()
    mapping: dict[tuple[str, str | None], Cameo] = field(default_factory=dict)
    agent_heads: frozenset[str] = frozenset()

    def candidates(self, lemma: str, pos: str) -> list[Trigger]:
        """Entries for a lemma that allow this coarse POS, ``with`` entries first."""
        out = [t for t in self.by_lemma.get(lemma, ()) if pos in POS_MAP.get(t.pos, set())]
        return sorted(out, key=lambda t: 0 if t.with_ else 1)

    def cameo(self, event_type: str, mode: str | None) -> Cameo:
        return self.mapping.get((event_type, mode)) or self.mapping[(event_type, None)]

    def quad(self, event_type: str) -> int:
        return self.mapping[(event_type, None)].quad_class

    def is_reciprocal(self, event_type: str, mode: str | None) -> bool:
        if mode in self.reciprocal_except:
            return False
        return event_type in self.reciprocal_types or (mode is not None and mode in self.reciprocal_modes)


def _data(name: str) -> str:
    return resources.files("legation").joinpath("data", name).read_text(encoding="utf-8")


def parse_mapping(text: str) -> dict[tuple[str, str | None], Cameo]:
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    out: dict[tuple[str, str | None], Cameo] = {}
    for row in csv.DictReader(rows, delimiter="\t"):
        mode = None if row["mode"] == "-" else row["mode"]
        out[(row["event_type"], mode)] = Cameo(row["cameo"], int(row["quad_class"]), int(row["penta"]),
                                            float(row["goldstein"]))
    return out


def parse_triggers(raw: dict[str, Any]) -> dict[str, list[Trigger]]:
    by_lemma: dict[str, list[Trigger]] = {}
    for group, entries in raw["triggers"].items():
        for e in entries:
            t = Trigger(
                lemma=str(e["lemma"]).lower(), event_type=e.get("type", group), pos=e.get("pos", "any"),
                mode=e.get("mode"), context=e.get("context"),
                with_=tuple(str(w).lower() for w in e.get("with", ())),
                not_with=tuple(str(w).lower() for w in e.get("not_with", ())),
                negated=e.get("negated"), control=bool(e.get("control", False)),
                confidence=float(e.get("confidence", 0.8)),
            )
            by_lemma.setdefault(t.lemma, []).append(t)
    return by_lemma


@functools.lru_cache(maxsize=1)
def load() -> Lexicon:
    raw = yaml.safe_load(_data("triggers.yaml"))
    mod = raw.get("modality", {})
    rf = raw.get("request_frames", {})
    return Lexicon(
        by_lemma=parse_triggers(raw),
        light_verbs=frozenset(raw.get("light_verbs", ())),
        speech_verbs=frozenset(rf.get("speech", ())),
        request_modals=frozenset(rf.get("modals", ())),
        hypothetical_aux=frozenset(mod.get("hypothetical_aux", ())),
        future_aux=frozenset(mod.get("future_aux", ())),
        obligation_aux=frozenset(mod.get("obligation_aux", ())),
        condition_marks=frozenset(mod.get("condition_marks", ())),
        intent_heads=frozenset(mod.get("intent_heads", ())),
        intended_as={int(k): v for k, v in (raw.get("intended_as") or {}).items()},
        modifier_modes={k: dict(v) for k, v in (raw.get("modifier_modes") or {}).items()},
        contexts={k: tuple(v) for k, v in (raw.get("contexts") or {}).items()},
        reciprocal_types=frozenset((raw.get("reciprocal") or {}).get("types", ())),
        reciprocal_modes=frozenset((raw.get("reciprocal") or {}).get("modes", ())),
        reciprocal_except=frozenset((raw.get("reciprocal") or {}).get("except_modes", ())),
        mapping=parse_mapping(_data("plover_cameo.tsv")),
        agent_heads=frozenset(str(w).lower() for w in raw.get("agent_heads") or ()),
    )


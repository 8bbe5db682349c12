"""More cue classes for quote extraction: attitude adjectives ("Democrats are worried that …",
"the senator is critical of …", "leaders, increasingly worried about …")."""

from __future__ import annotations

from typing import Any

from .quote_syntax import SUBJ_DEPS, core, subtree_span

ADJ_PREPS = ("about", "of", "over", "that", "on", "with", "in")


def adjective_cue(adj: Any, base: int) -> tuple[tuple[int, int] | None, tuple[int, int, int, int] | None]:
    """(content, subject) of an attitude adjective: its that-clause, infinitive or prepositional
    object; the holder is the subject of its copula ("X is worried that …"), its own passive-like
    subject ("X was convinced that …") or the noun it modifies ("leaders worried about …")."""
    comp = [c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i]
    if not comp:
        comp = [g for c in adj.children if c.dep_ == "prep" and c.lower_ in ADJ_PREPS and c.i > adj.i
                for g in c.children if g.dep_ in ("pobj", "pcomp")]
    if not comp:
        return None, None
    holder: Any = None
    own = [c for c in adj.children if c.dep_ in SUBJ_DEPS]
    if own:
        holder = own[0]
    elif adj.dep_ == "acomp":
        subj = [c for c in adj.head.children if c.dep_ in SUBJ_DEPS]
        holder = subj[0] if subj else None
    elif adj.dep_ in ("amod", "acl") and adj.head.pos_ in ("NOUN", "PROPN") and adj.i > adj.head.i:
        holder = adj.head
    if holder is None or holder.lower_ in ("it", "there", "this", "that", "which", "what"):
        return None, None
    return subtree_span(comp[0], base), core(holder, base) + subtree_span(holder, base)


def impersonal_content(adj: Any, base: int) -> tuple[int, int] | None:
    """The that-clause of an impersonal judgement ("it is clear that …", "nor is it clear that …",
    "it's obvious that …"): an attribution that names no source."""
    if adj.dep_ != "acomp":
        return None
    subj = [c for c in adj.head.children if c.dep_ in SUBJ_DEPS]
    if not subj or subj[0].lower_ != "it":
        return None
    clause = [c for c in list(adj.children) + list(adj.head.children) if c.dep_ == "ccomp" and c.i > adj.i]
    return subtree_span(clause[0], base) if clause else None

"""Reports whose content is the noun a relative clause hangs on ("an explosion that the mayor
described as “an intentional act”", "which Tim Cook called “total political crap”", "what
analysts described as age-old tactics", "the most destructive way forward I can imagine") and
participles with an agent ("a view echoed by everyone I interviewed", "the levels desired by
NATO"). Pure functions over spaCy tokens of a parsed unit; offsets are the unit's plus ``base``.
"""

from __future__ import annotations

import re
from typing import Any

RELATIVIZERS = {"which", "that", "what", "whom"}
# antecedents that name when, where, how or why, not what was said ("the day he said …")
NOT_CONTENT = re.compile(r"(?i)(?:way|ways|time|times|moment|reason|place|day|days|week|weeks|month|months|year|"
                         r"years|extent|point|night|morning|evening|afternoon|hour|hours|minute|minutes|"
                         r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|one|ones|thing|something|anything|"
                         r"everything|nothing)")
COMPLEMENT_DEPS = ("oprd", "acomp", "attr")
WH_OTHER = {"who", "whose", "where", "when", "why", "how"}


def _span(toks: list[Any], base: int) -> tuple[int, int]:
    first = min(toks, key=lambda t: t.i)
    last = max(toks, key=lambda t: t.i)
    return first.idx + base, last.idx + len(last.text) + base


def _complement(cue: Any) -> Any | None:
    """What the cue says of the gapped object: "described X as Y", "called X Y"."""
    for c in sorted(cue.children, key=lambda x: x.i):
        if c.i <= cue.i:
            continue
        if c.dep_ in COMPLEMENT_DEPS or c.dep_ == "prep" and c.lower_ == "as" and any(
                g.dep_ in ("pobj", "pcomp", "amod") for g in c.children):
            return c
    return None


def antecedent_span(noun: Any, clause: Any, base: int) -> tuple[int, int] | None:
    """The noun phrase a relative clause or participle hangs on, without that clause and
    without what follows the noun ("the aggressive laws", "a view"); None for a time, place or
    manner ("the day he said …") and for a pronoun."""
    if noun.pos_ not in ("NOUN", "PROPN") or NOT_CONTENT.fullmatch(noun.lower_):
        return None
    toks = [t for t in noun.subtree if t.i <= noun.i and t not in clause.subtree]
    first = noun
    while first.i - 1 >= 0 and noun.doc[first.i - 1] in toks and not noun.doc[first.i - 1].is_punct:
        first = noun.doc[first.i - 1]
    return _span([first, noun], base)


def relative_content(cue: Any, base: int) -> list[tuple[int, int]] | None:
    """Content parts of a cue whose object is a fronted relative or interrogative pronoun or the
    noun its relative clause modifies: the pronoun (or the noun) and what the cue says of it.

    The cue needs a subject of its own that is not the relative pronoun (an object relative:
    "which the bank detailed", not "who said") and no object or clause after it.
    """
    if any(c.i > cue.i and c.dep_ in ("dobj", "ccomp", "dative", "xcomp") for c in cue.children):
        return None
    subj = [c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i]
    if not subj or subj[0].lower_ in RELATIVIZERS | {"who", "it", "there"}:
        return None
    fronted = [t for t in cue.subtree if t.i < subj[0].i]
    comp = _complement(cue)
    rel = [c for c in cue.children if c.dep_ == "dobj" and c.i < subj[0].i and c.lower_ in RELATIVIZERS]
    parts: list[tuple[int, int]] = []
    if rel:
        parts.append(_span([rel[0]], base))
    elif cue.dep_ == "relcl" and not any(t.lower_ in RELATIVIZERS | WH_OTHER for t in fronted):
        # a contact clause: "the most destructive way forward I can imagine", "a home we care about"
        ante = antecedent_span(cue.head, cue, base)
        if ante is None:
            return None
        parts.append(ante)
    else:
        return None
    if comp is not None:
        parts.append(_span(list(comp.subtree), base) if comp.dep_ != "prep" else
                     _span([t for t in comp.subtree if t is not comp], base))
    return parts


def participle_agent(cue: Any, base: int, reports: frozenset[str]) -> tuple[Any | None, tuple[int, int] | None]:
    """(agent token, content) of a passive participle modifying a noun ("a view echoed by everyone I
    interviewed", "the levels desired by NATO", "members, called to service by the governor"):
    the agent speaks, the noun phrase is what is reported. Only cues in ``reports`` count (views
    and speech acts, not publication: "a study released by …", "a forum viewed by …")."""
    if cue.lemma_.lower() not in reports or cue.dep_ not in ("acl", "relcl") or cue.tag_ != "VBN" or any(c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        return None, None
    agent = [g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agent:
        return None, None
    ante = antecedent_span(cue.head, cue, base)
    return (None, None) if ante is None else (agent[0], ante)


def as_aside(cue: Any, base: int) -> list[tuple[int, int]] | None:
    """The statement around an "as" clause with a cue and no object of its own ("As one Twitter
    user pointed out, the gap … is so vast …", "…, as we saw in 2009, banks … can change their
    minds", "Hawaii, as an adviser noted, rarely gets …"): the clause it modifies, without it."""
    if cue.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return None
    if not any(c.dep_ == "nsubj" for c in cue.children) or any(
            c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") and c.i > cue.i and c.lower_ != "it" for c in cue.children):
        return None
    aside = set(t.i for t in cue.subtree)
    toks = [t for t in cue.head.subtree if t.i not in aside]
    parts: list[tuple[int, int]] = []
    run: list[Any] = []
    for t in sorted(toks, key=lambda x: x.i):
        if run and t.i != run[-1].i + 1:
            parts.append(_trimmed(run, base))
            run = []
        run.append(t)
    if run:
        parts.append(_trimmed(run, base))
    return [p for p in parts if p[1] > p[0]] or None


def _trimmed(run: list[Any], base: int) -> tuple[int, int]:
    """A run of tokens without punctuation; empty when only connectives are left ("Yet, as X
    observed, …")."""
    words = [t for t in run if not (t.is_punct or t.is_space)]
    if all(t.dep_ in ("cc", "advmod", "intj") for t in words):
        return (0, 0)
    return _span(words, base) if words else (0, 0)

"""More cue classes for quote extraction: attitude adjectives ("Democrats are worried that …",
"the senator is critical of …", "leaders, increasingly worried about …"), impersonal judgements
("it is clear that …") and sources named in a prepositional phrase ("In this poll, Trump rose …",
"safe in his eyes")."""

from __future__ import annotations

import re
from typing import Any

from .nlp import sentence_spans
from .quote_syntax import SUBJ_DEPS, clip, content_span, core, subject, subtree_span, trim
from .registry import Context

ADJ_PREPS = ("about", "of", "over", "that", "on", "with", "in")


def adjective_cue(adj: Any, base: int) -> tuple[tuple[int, int] | None, tuple[int, int, int, int] | None]:
    """(content, subject) of an attitude adjective: its that-clause, infinitive or prepositional
    object; the holder is the subject of its copula ("X is worried that …"), its own passive-like
    subject ("X was convinced that …") or the noun it modifies ("leaders worried about …")."""
    if adj.pos_ == "VERB" and any(c.dep_ == "dobj" and c.i > adj.i for c in adj.children):
        # a verb after all ("Others have opposed the resolution"): its object, as for object cues;
        # but "the decision surprised Washington" puts the feeling in the object: no one's view
        from .quote_syntax import extra_lexicon
        from .quotes import lexicon

        if adj.lemma_.lower() in extra_lexicon()["experiencer_object"]:
            return None, None

        parts = content_span(adj, base, object_cue=True)
        return ((parts[0][0], parts[-1][1]) if parts else None), subject(adj, base, lexicon())
    comp = [c for c in adj.children if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i]
    if not comp:
        comp = [g for c in adj.children if c.dep_ == "prep" and c.lower_ in ADJ_PREPS and c.i > adj.i
                for g in c.children if g.dep_ in ("pobj", "pcomp")]
    if not comp and adj.dep_ == "acomp":  # "she was sure Trump would win": a clause hung on the copula
        comp = [c for c in adj.head.children if c.dep_ == "ccomp" and c.i > adj.i]
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
    if holder is None and adj.pos_ == "VERB":  # "… met with her and came away convinced that …"
        from .quotes import lexicon

        subj4 = subject(adj, base, lexicon())
        return (subtree_span(comp[0], base), subj4) if subj4 is not None else (None, None)
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


IN_WORD = re.compile(r"\b[Ii]n\s+")
NP_WORD = re.compile(r"[\w’'/-]+(?:\.[\w’'/-]+)*")


def in_source(ctx: Context, heads: frozenset[str], paras: list[tuple[int, int]],
              taken: list[tuple[int, int]]) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """(cue, source, content) of "In this poll, Trump rose …", "… did well in online polls",
    "Only European immigrants are safe in his eyes": a statement attributed to evidence or a
    view named after "in" (head nouns from the lexicon); the content is the rest of the
    sentence. Sentences whose statement is already someone's quote are left alone."""
    text = ctx.text
    out: list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = []
    for m in IN_WORD.finditer(text):
        pos, words = m.end(), list[re.Match[str]]()
        while len(words) < 8:  # the noun phrase after "in", up to its head
            w = NP_WORD.match(text, pos)
            if w is None:
                break
            words.append(w)
            if w.group().lower() in heads:
                break
            pos = w.end() + (1 if text[w.end():w.end() + 1] == " " else 10**9)
        if not words or words[-1].group().lower() not in heads:
            continue
        src_end = words[-1].end()
        sent = next((s for s in sentence_spans(ctx) if s.start_char <= m.start() < s.end_char), None)
        if sent is None:
            continue
        span = clip((sent.start_char, sent.end_char), paras, m.start())
        if span is None:
            continue
        ss, se = span
        src = (m.end(), src_end)
        lead = text[ss:m.start()]
        if not lead.strip() or re.fullmatch(r"\W*", lead):
            # "In the previous poll, conducted in early September, Clinton led …": after the commas
            parts = re.split(r",\s+", text[src_end:se])[1:]  # the first part ends the source phrase
            if parts and re.match(r"(?:conducted|taken|released|published|by)\b", parts[0]):
                parts = parts[1:]
            if not parts:
                continue
            content = trim(text, se - len(", ".join(parts)), se)
        else:
            content = trim(text, ss, m.start())
        if content[1] > content[0] and text[content[1] - 1] == ".":
            content = (content[0], content[1] - 1)
        if len(re.findall(r"\w+", text[content[0]:content[1]])) < 3:
            continue
        if any(s < content[1] and content[0] < e for s, e in taken):
            continue
        out.append(((m.start(), m.start() + 2), src, content))
    return out


def appearance_content(verb: Any, base: int) -> tuple[int, int] | None:
    """What an appearance verb presents as seeming so, without a holder ("Melania seems to have
    vanished from the campaign trail", "drawing on home equity seems too risky", "it seems that
    …"): the subject with its complement, or the that-clause."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    comp = [c for c in verb.children if c.dep_ in ("xcomp", "acomp", "oprd", "attr", "ccomp") and c.i > verb.i]
    if not subj or not comp:
        return None
    if subj[0].lower_ == "it":
        return subtree_span(comp[0], base) if comp[0].dep_ == "ccomp" else None
    if subj[0].lower_ in ("which", "that", "what", "who", "this"):
        return None
    return subtree_span(subj[0], base)[0], subtree_span(comp[0], base)[1]

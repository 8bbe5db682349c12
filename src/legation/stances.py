"""Stances: which actor is for or against which issue, with the sentence as evidence.

Cues come from ``data/stance_patterns.yaml``: stance verbs ("supports", "sticks to",
"believes in", "opposes"), predicates ("is against", "is opposed to"), judgement verbs
("does not consider Hamas a terrorist organization" → against "Hamas as terrorist
organization"), contrast prepositions ("unlike the United States, …" → the opposite
position for the United States) and group subjects ("both", "the two countries" → the pair
of actors named just before). Only sentences holding a cue are parsed.

Each stance's ``issue`` starts as a normalised key phrase; the corpus pass ``issues``
(:mod:`legation.issues`) clusters key phrases across documents with MiniLM embeddings so
that one issue is one label (``issue``) and one id (``issue_id``) everywhere.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

import yaml

from .models import Actor, Span
from .quote_syntax import ParsedText
from .quotes import paragraphs, quote_at
from .registry import Context
from .speakers import resolve_phrase

POSITIONS = ("for", "against")
DETS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "any", "all"}
PRONOUN_HOLDERS = {"they", "it", "he", "she", "we", "who", "which"}


@dataclass(frozen=True)
class StanceLexicon:
    verbs: dict[str, tuple[str, str | None]]
    predicates: dict[str, tuple[str, str | None]]
    judgement: frozenset[str]
    contrast: frozenset[str]
    group_holders: frozenset[str]
    anaphoric: frozenset[str]
    negators: frozenset[str]


def _entries(raw: dict[str, Any]) -> dict[str, tuple[str, str | None]]:
    out = {}
    for k, v in (raw or {}).items():
        pos = str(v["position"])
        if pos not in POSITIONS:
            raise ValueError(f"stance_patterns.yaml: {k}: position must be for or against, not {pos!r}")
        out[str(k).lower()] = (pos, str(v["prep"]).lower() if v.get("prep") else None)
    return out


def load_lexicon(text: str | None = None) -> StanceLexicon:
    """Parse the stance lexicon (the packaged one when ``text`` is None)."""
    if text is None:
        text = resources.files("legation").joinpath("data/stance_patterns.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)

    def words(key: str) -> frozenset[str]:
        return frozenset(str(x).lower() for x in raw.get(key) or ())

    return StanceLexicon(
        verbs=_entries(raw.get("verbs")),
        predicates=_entries(raw.get("predicates")),
        judgement=words("judgement_verbs"),
        contrast=words("contrast"),
        group_holders=words("group_holders"),
        anaphoric=words("anaphoric_issues"),
        negators=words("negators"),
    )


@functools.lru_cache(maxsize=1)
def lexicon() -> StanceLexicon:
    return load_lexicon()


def key_phrase(text: str) -> str:
    """The normalised form of an issue phrase: lower case, no determiners or possessive marks."""
    t = text.lower().replace("’s", "").replace("'s", "")
    words = [w for w in re.findall(r"[\w-]+", t)]
    while words and (words[0] in DETS or words[0] == "to"):
        words = words[1:]
    return " ".join(words)


@dataclass
class Stance:
    holder: Actor
    issue: str
    issue_text: str
    position: str
    evidence: Span
    issue_span: Span
    attributed_to: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "holder": self.holder.to_dict(),
            "issue": self.issue,
            "issue_text": self.issue_text,
            "issue_key": self.issue,
            "issue_id": None,
            "position": self.position,
            "evidence": self.evidence.to_dict(),
            "issue_span": self.issue_span.to_dict(),
            "attributed_to": self.attributed_to,
        }


def _flip(pos: str) -> str:
    return "against" if pos == "for" else "for"


def _span_of(tok: Any, base: int, drop_clauses: bool = True) -> tuple[int, int]:
    toks = [t for t in tok.subtree]
    if drop_clauses:
        cut = {x.i for t in tok.subtree if t.dep_ in ("relcl", "acl", "appos") and t.i != tok.i for x in t.subtree}
        toks = [t for t in toks if t.i not in cut]
    toks = [t for t in toks if not t.is_punct or t.text in "-–"]
    return min(t.idx for t in toks) + base, max(t.idx + len(t.text) for t in toks) + base


def _subject_node(node: Any) -> Any | None:
    for _ in range(4):
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subj:
            return subj[0]
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def _negated(node: Any, lex: StanceLexicon) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in lex.negators and c.dep_ in ("neg", "advmod") for c in node.children)


class _Finder:
    def __init__(self, ctx: Context, lex: StanceLexicon) -> None:
        self.ctx = ctx
        self.lex = lex
        self.text = ctx.text
        self.paras = paragraphs(ctx.text)
        self.pt = ParsedText(ctx, self.paras)
        self.stances: list[Stance] = []

    # -- holders ---------------------------------------------------------------------------
    def _actors_before(self, pos: int, window: int = 700) -> list[Actor]:
        seen: dict[str, Actor] = {}
        for a in self.ctx.layers.get("actors", []):
            a = a if isinstance(a, Actor) else Actor(**{k: a.get(k) for k in Actor.__dataclass_fields__})
            if pos - window <= a.start < pos and a.id and a.kind in ("state", "government", "armed_group",
                                                                     "political_group", "igo", "person"):
                seen.pop(a.id, None)
                seen[a.id] = a
        return list(seen.values())

    def holders(self, s: int, e: int) -> list[Actor]:
        phrase = self.text[s:e].strip()
        low = phrase.lower()
        if low in self.lex.group_holders or low.startswith("both ") or low in ("they", "they both"):
            pair = self._actors_before(s)
            if low in ("they",) and self.stances:
                prev = [st for st in self.stances if st.evidence.end <= s + 1]
                if prev:
                    last = prev[-1]
                    same = [st.holder for st in prev if st.evidence == last.evidence]
                    return [replace(h, text=phrase, start=s, end=e) for h in same]
            # the last two distinct actors named before ("a difference between Tehran and Moscow")
            states = [a for a in pair if a.kind in ("state", "government")] or pair
            return [replace(a, text=phrase, start=s, end=e) for a in states[-2:]] if len(states) >= 2 else []
        if low in PRONOUN_HOLDERS:
            prev = [st for st in self.stances if st.evidence.end <= s + 1]
            return [replace(prev[-1].holder, text=phrase, start=s, end=e)] if prev else []
        found = [a for a in resolve_phrase(self.ctx, s, e) if a.id or a.kind != "unknown"]
        return found

    # -- issues ----------------------------------------------------------------------------
    def issue(self, tok: Any, base: int, at: int) -> tuple[str, tuple[int, int]] | None:
        s, e = _span_of(tok, base)
        words = key_phrase(self.text[s:e])
        if not words:
            return None
        head = tok.lemma_.lower()
        if tok.lower_ in self.lex.anaphoric or head in self.lex.anaphoric and len(words.split()) <= 2:
            prev = [st for st in self.stances if st.issue_span.end <= at and at - st.evidence.start < 800]
            if not prev:
                return None
            return prev[-1].issue_text, (prev[-1].issue_span.start, prev[-1].issue_span.end)
        return self.text[s:e], (s, e)

    # -- cues ------------------------------------------------------------------------------
    def _object(self, node: Any, prep: str | None) -> Any | None:
        if prep:
            for c in node.children:
                if c.dep_ in ("prep", "dative", "prt") and c.lower_ == prep:
                    objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
                    if objs:
                        return objs[0]
            return None
        objs = [c for c in node.children if c.dep_ in ("dobj", "xcomp", "ccomp")]
        return objs[0] if objs else None

    def cue(self, tok: Any, base: int) -> tuple[str, Any, Any, str | None] | None:
        """(position, verb node for subject and negation, issue token, judgement complement)."""
        lex = self.lex
        low, lem = tok.lower_, tok.lemma_.lower()
        if low in lex.predicates and tok.pos_ in ("ADP", "ADJ", "VERB") and tok.head.lemma_ in ("be", "remain", "stand", "stay"):
            pos, prep = lex.predicates[low]
            if prep is None:
                objs = [c for c in tok.children if c.dep_ in ("pobj", "pcomp")]
                obj = objs[0] if objs else None
            else:
                obj = self._object(tok, prep)
            return (pos, tok.head, obj, None) if obj is not None else None
        if tok.pos_ == "VERB" and lem in lex.verbs:
            pos, prep = lex.verbs[lem]
            obj = self._object(tok, prep)
            return (pos, tok, obj, None) if obj is not None else None
        if tok.pos_ == "VERB" and lem in lex.judgement:
            dobj = [c for c in tok.children if c.dep_ == "dobj"]
            pred = [c for c in tok.children if c.dep_ in ("oprd", "xcomp", "attr")]
            if dobj and pred:
                return ("for", tok, dobj[0], self._judged(pred[0], base, dobj[0]))
            comp = [c for c in tok.children if c.dep_ == "ccomp"]
            if comp:
                subj = [c for c in comp[0].children if c.dep_ == "nsubj"]
                attr = [c for c in comp[0].children if c.dep_ in ("attr", "oprd", "dobj")]
                if subj and attr:
                    return ("for", tok, subj[0], self._judged(attr[0], base, subj[0]))
                if subj and comp[0].pos_ == "NOUN":
                    return ("for", tok, subj[0], self._judged(comp[0], base, subj[0]))
        return None

    def _judged(self, tok: Any, base: int, judged: Any) -> str:
        skip = {t.i for t in judged.subtree}
        toks = [t for t in tok.subtree if t.i not in skip and not t.is_punct]
        if not toks:
            return ""
        s = min(t.idx for t in toks) + base
        e = max(t.idx + len(t.text) for t in toks) + base
        return key_phrase(self.text[s:e])

    def run(self) -> list[Stance]:
        from .nlp import spacy_doc

        lex = self.lex
        sdoc = spacy_doc(self.ctx)
        cands = [t for t in sdoc if t.lemma_.lower() in lex.verbs or t.lower_ in lex.predicates
                 or t.lemma_.lower() in lex.judgement]
        self.pt.parse_units([t.idx for t in cands])
        for cand in cands:
            found = self.pt.parsed_token(cand.idx)
            if found is None:
                continue
            tok, base = found
            got = self.cue(tok, base)
            if got is None:
                continue
            position, verb, obj, judged = got
            if _negated(verb, lex) or _negated(tok, lex):
                position = _flip(position)
            subj = _subject_node(verb)
            if subj is None:
                continue
            hs, he = _span_of(subj, base)
            unit = self.pt.unit(cand.idx)
            assert unit is not None
            ev_s = sdoc[unit[0]].idx
            ev_e = sdoc[unit[1] - 1].idx + len(sdoc[unit[1] - 1].text)
            if judged is not None:
                os_, oe = _span_of(obj, base)
                issue_text = f"{key_phrase(self.text[os_:oe])} as {judged}"
                ispan: tuple[int, int] | None = (os_, max(oe, _span_of(obj.head, base)[1]))
            else:
                iss = self.issue(obj, base, obj.idx + base)
                if iss is None:
                    continue
                issue_text, ispan = iss
            holders = self.holders(hs, he)
            if not holders or ispan is None:
                continue
            evidence = Span(ev_s, ev_e, self.text[ev_s:ev_e])
            quote = quote_at(self.ctx, ev_s, ev_e) if "quotes" in self.ctx.layers else None
            said_by = quote["speaker"] if quote else None
            ispan_obj = Span(ispan[0], ispan[1], self.text[ispan[0]:ispan[1]])
            for h in holders:
                self.stances.append(Stance(h, key_phrase(issue_text), issue_text, position, evidence, ispan_obj, said_by))
            # "unlike the United States, Russia …": the contrasted actor holds the opposite view
            for node in {verb.i: verb, verb.head.i: verb.head}.values():
                for c in node.children:
                    if c.dep_ == "prep" and c.lower_ in lex.contrast:
                        objs = [g for g in c.children if g.dep_ == "pobj"]
                        if objs:
                            cs, ce = _span_of(objs[0], base)
                            for h in self.holders(cs, ce):
                                self.stances.append(Stance(h, key_phrase(issue_text), issue_text, _flip(position),
                                                           evidence, ispan_obj, said_by))
        return self.stances


def extract(ctx: Context, lex: StanceLexicon | None = None) -> list[Stance]:
    """All stances of one document, in text order."""
    return _Finder(ctx, lex or lexicon()).run()

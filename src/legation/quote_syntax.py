"""Syntax helpers for quote extraction: parse units, speaker subjects, content clauses."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from .nlp import parse_ranges, sentence_spans, spacy_doc
from .quote_relatives import as_aside, participle_agent, relative_content
from .registry import Context

if TYPE_CHECKING:
    from .quotes import Lexicon

SUBJ_DEPS = ("nsubj", "nsubjpass")


def is_cue_token(tok: Any, lex: Lexicon) -> bool:
    """A reporting verb; a verb form the tagger took for a noun counts before "that"
    ("Trump claims that …")."""
    if tok.pos_ not in ("VERB", "AUX"):
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        return (tok.pos_ in ("NOUN", "PROPN") and nxt is not None and nxt.lower_ == "that"
                and tok.lower_ in lex.forms and tok.lower_.endswith(("s", "ed")))
    return tok.lemma_.lower() in lex.verbs or tok.lower_ in lex.forms and tok.lower_ not in {"post", "posts"}


def candidate_tokens(doc: Any, lex: Lexicon) -> list[Any]:
    """Tokens that may be cues of any kind, in order: a cheap superset (hash lookups on the
    token arrays, one string lookup per distinct word) on which the exact cue tests run.

    A token is a candidate when its lower form is a cue form or adjective, its lower-cased
    lemma is a cue verb, object verb, cue noun, appearance verb or "it" idiom, or "that"
    follows within two tokens. Token objects are made only for candidates.
    """
    from spacy.attrs import LEMMA, LOWER

    words = lex.forms | lex.cue_adjectives | lex.impersonal_adjectives
    lemmas = set(lex.verbs) | set(lex.object_verbs) | lex.cue_nouns | lex.appearance | lex.it_idioms
    strings = doc.vocab.strings
    arr = doc.to_array([LOWER, LEMMA])
    lows: list[int] = arr[:, 0].tolist() if len(arr) else []
    lems: list[int] = arr[:, 1].tolist() if len(arr) else []
    that = strings.add("that")
    low_hit: dict[int, bool] = {}
    lem_hit: dict[int, bool] = {}
    n = len(lows)
    out = []
    for i in range(n):
        lo, le = lows[i], lems[i]
        hit = low_hit.get(lo)
        if hit is None:
            hit = low_hit[lo] = strings[lo] in words
        if not hit:
            hit = lem_hit.get(le)
            if hit is None:
                hit = lem_hit[le] = strings[le].lower() in lemmas
        if hit or (i + 1 < n and lows[i + 1] == that) or (i + 2 < n and lows[i + 2] == that):
            out.append(doc[i])
    return out


def sent_index(sents: list[Any], pos: int) -> int | None:
    lo, hi = 0, len(sents) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sents[mid]
        if pos < s.start_char:
            hi = mid - 1
        elif pos >= s.end_char:
            lo = mid + 1
        else:
            return mid
    return None


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return s, e


class ParsedText:
    """Dependency parses of "units" (a sentence cut at paragraph breaks), by document offset.

    The base stage's sentences may run across paragraph breaks (a dateline, a heading, a
    label line); a cue's clause never does, so each unit is the part of a sentence inside one
    paragraph. Units are parsed once per document with the pipeline's parser, reusing the
    tok2vec output like :func:`legation.nlp.parse_sentences`.
    """

    def __init__(self, ctx: Context, paras: list[tuple[int, int]]) -> None:
        self.ctx = ctx
        self.sents = sentence_spans(ctx)
        self.paras = paras
        self.cache: dict[tuple[int, int], Any] = ctx.cache.setdefault("quote_units", {})
        self._starts: dict[tuple[int, int], list[int]] = {}  # token start offsets per parsed unit

    def unit(self, char: int) -> tuple[int, int] | None:
        """(start token, end token) of the unit holding a character offset."""
        i = sent_index(self.sents, char)
        if i is None:
            return None
        sent = self.sents[i]
        para = clip((sent.start_char, sent.end_char), self.paras, char)
        if para is None:
            return None
        span = sent.doc.char_span(para[0], para[1], alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return span.start, span.end

    def parse_units(self, chars: list[int]) -> None:
        units = {u for u in (self.unit(c) for c in chars) if u is not None and u not in self.cache}
        if units:
            self.cache.update(parse_ranges(self.ctx, list(units)))

    def parsed_token(self, char: int) -> tuple[Any, int] | None:
        """The parsed token at a document offset and the unit's start offset (its base)."""
        u = self.unit(char)
        if u is None:
            return None
        if u not in self.cache:
            self.parse_units([char])
        parsed = self.cache[u]
        base = spacy_doc(self.ctx)[u[0]].idx
        starts = self._starts.get(u)
        if starts is None:
            from spacy.attrs import IDX

            starts = self._starts[u] = parsed.to_array(IDX).tolist()  # no Token object per word
        k = bisect_right(starts, char - base) - 1  # the last token starting at or before char
        if k >= 0:
            t = parsed[k]
            if char - base < t.idx + len(t.text):
                return t, base
        return None


def subtree_span(tok: Any, base: int, exclude: tuple[int, int] | None = None) -> tuple[int, int]:
    toks = [t for t in tok.subtree]
    if exclude is not None:
        toks = [t for t in toks if not (exclude[0] <= t.idx + base < exclude[1])]
        if not toks:
            return (tok.idx + base, tok.idx + base + len(tok.text))
        # keep the contiguous run around the head token
        toks.sort(key=lambda t: t.i)
    s = min(t.idx for t in toks) + base
    e = max(t.idx + len(t.text) for t in toks) + base
    return s, e


CORE_DEPS = {"compound", "amod", "det", "poss", "case", "flat", "nummod", "nmod", "npadvmod"}
EXPLETIVE = {"there", "this", "that", "which", "what", "you"}


def core(st: Any, base: int) -> tuple[int, int]:
    """The name or description at the head of a subject, without appositions and clauses."""
    left = st
    while True:
        prev = left.nbor(-1) if left.i > 0 else None
        if prev is not None and prev.head.i >= prev.i and prev in st.subtree and (
            prev.dep_ in CORE_DEPS or (prev.dep_ == "punct" and prev.text in "’'")
        ) and prev.head.i <= st.i:
            left = prev
            continue
        break
    right = st
    while right.i + 1 < len(st.doc):
        nxt = right.nbor(1)
        if nxt in st.subtree and nxt.dep_ in ("compound", "flat") and nxt.head.i > nxt.i:
            right = nxt
            continue
        break
    if st.lower_ in QUANTIFIERS:  # "one of the docs", "one or more of its members": the people counted
        heads = [st] + [c for c in st.children if c.dep_ == "conj"]
        of = [p for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "of" and p.i > st.i]
        if of:
            right = max(of[0].subtree, key=lambda t: t.i)
    return left.idx + base, right.idx + len(right.text) + base


QUANTIFIERS = {"one", "some", "many", "most", "all", "several", "none", "few", "each", "both", "half", "majority",
               "minority", "number", "dozens", "hundreds", "thousands", "millions", "two", "three", "four", "others"}


def subject(cue: Any, base: int, lex: Lexicon) -> tuple[int, int, int, int] | None:
    """The speaker of a cue verb as (core start, core end, full start, full end): its
    subject, or the subject of the cue it depends on ("…, asserting …", "…, adding …")."""
    if cue.dep_ == "acl" and cue.tag_ == "VBN":
        return None  # "a view echoed by …": a passive participle's agent speaks (passive_agent)
    controller = _object_controller(cue)
    if controller is not None:  # "led the journalist to fear …", "forced Stumpf to admit that …"
        return core(controller, base) + _side_span(controller, cue, base)
    node = cue
    fallback: tuple[int, int, int, int] | None = None
    via_conj = True  # coordinated verbs share their subject ("accused … and asserted that …")
    for depth in range(5):
        subj = sorted((c for c in node.children if c.dep_ in SUBJ_DEPS), key=lambda c: abs(c.i - node.i))
        if subj:
            st = subj[0]
            if st.dep_ == "nsubjpass" or st.lower_ in EXPLETIVE and node.dep_ != "relcl":
                if depth == 0:
                    return None
            elif depth == 0 or via_conj or is_cue_token(node, lex):
                if st.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                    # "McConnell, who said …": the antecedent, without the clause holding the cue
                    ant = core(_antecedent(st, node), base)  # (with the pronoun, which PolNeAR marks as the source)
                    return (ant[0], st.idx + len(st.text) + base) * 2
                return core(st, base) + _side_span(st, cue, base)
            elif cue.tag_ == "VBG" and fallback is None:
                fallback = core(st, base) + _side_span(st, cue, base)
        if depth == 0 and node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN", "PRON") and node.tag_ != "VBN":
            # (a participle "a view echoed by …" is passive: its agent speaks, see passive_agent)
            st = node.head  # "one saying that …", "a statement saying …"
            return core(st, base) + (st.idx + base, st.idx + len(st.text) + base)
        if node.dep_ == "ROOT" or node.head.i == node.i:
            break
        # coordinated verbs and subject control ("went on to explain", "appeared to suggest",
        # "took to Twitter to accuse"): the governing verb's subject speaks
        # ("was able to tout", "has been slow to embrace", "appears set to veto"): through the
        # predicate adjective or participle that controls the infinitive
        via_conj = via_conj and (node.dep_ == "conj" or _controlled(node)
                                 or node.dep_ in ("acomp", "xcomp") and node.pos_ in ("ADJ", "VERB")
                                 and any(c.dep_ == "xcomp" and c.i > node.i for c in node.children)
                                 and node.head.pos_ in ("VERB", "AUX"))
        node = node.head
    return fallback


def _object_controller(cue: Any) -> Any | None:
    """The object of the verb that governs an infinitive cue without a subject of its own, when
    that object is the one who reports ("All this has led the journalist to fear …", "forced
    Stumpf … to admit that …", "encourages people to be reluctant …"): verbs that move someone
    to say or think (lexicon ``object_control``), not obligations ("requires candidates to
    disclose …")."""
    if cue.dep_ not in ("xcomp", "ccomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
        return None
    if any(c.dep_ in SUBJ_DEPS for c in cue.children) or cue.head.lemma_.lower() not in extra_lexicon()["object_control"]:
        return None
    obj = [c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i]
    if not obj or obj[0].pos_ not in ("NOUN", "PROPN", "PRON") or obj[0].lower_ in EXPLETIVE | {"it"}:
        return None
    return obj[0]


def _antecedent(rel: Any, clause: Any) -> Any:
    """What a relative pronoun stands for: the noun right before it ("demonstrators here, who
    …", "states that may not want …", "his wife, Laura, who spoke of …"), which the parser often
    hangs the clause above; else the noun the parser chose."""
    j = rel.i - 1
    while j >= 0 and rel.i - j <= 3 and (rel.doc[j].is_punct or rel.doc[j].lower_ in ("here", "there")):
        j -= 1
    if j >= 0 and rel.i - j <= 3 and rel.doc[j].pos_ in ("NOUN", "PROPN") and rel.doc[j] not in clause.subtree:
        return rel.doc[j]
    return clause.head


def _side_span(st: Any, cue: Any, base: int) -> tuple[int, int]:
    """A subject's phrase on its own side of the cue: a parse that hangs the rest of the
    sentence on the subject ("A union … endorsed Clinton on Thursday, another example of …" with
    the apposition on "union") does not make the cue's object part of the speaker."""
    before = st.i < cue.i
    toks = [t for t in st.subtree if (t.i < cue.i) == before]
    run = [st]
    for t in sorted(toks, key=lambda x: x.i):  # the contiguous run around the subject's head
        if t.i == run[-1].i + 1:
            run.append(t)
    left = st
    while left.i - 1 >= 0 and left.doc[left.i - 1] in toks:
        left = left.doc[left.i - 1]
    right = run[-1]
    return left.idx + base, right.idx + len(right.text) + base


def _controlled(node: Any) -> bool:
    """An infinitive whose subject is its governor's subject: an xcomp of a verb with no
    object, or a purpose clause ("to discuss …") without a subject of its own."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in node.children):
        return False
    if any(c.dep_ in SUBJ_DEPS + ("mark",) for c in node.children) or node.head.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    if node.head.pos_ == "ADJ":  # "able to tout", "slow to embrace", "eager to …"
        return node.dep_ == "xcomp" and node.head.dep_ in ("acomp", "xcomp")
    if node.dep_ == "advcl":
        return True
    return node.dep_ == "xcomp" and not any(c.dep_ in ("dobj", "dative") for c in node.head.children)


def speaker_span(ctx: Context, subj: tuple[int, int, int, int] | None, paras: list[tuple[int, int]],
                  at: int) -> tuple[int, int] | None:
    """The person named inside a subject phrase, else its core, clipped to the paragraph."""
    if subj is None:
        return None
    full = clip((subj[2], subj[3]), paras, at)
    if full is None:
        return None
    owner = False
    for m in ctx.layers.get("mentions", []):
        ms, me, label = (m["start"], m["end"], m["label"]) if isinstance(m, dict) else (m.start, m.end, m.label)
        if full[0] <= ms and me <= full[1] and label == "PERSON":
            if ctx.text[me:me + 2] not in ("'s", "’s") and not ctx.text[ms:me].endswith(("'s", "’s")):
                return ms, me
            owner = owner or me <= subj[0]  # a possessor: "Gary Johnson's doctor", "one of Mr. Obama's advisers"
    if owner:
        return clip((full[0], max(subj[1], full[0])), paras, at)
    return clip((subj[0], subj[1]), paras, at)


def clip(span: tuple[int, int] | None, paras: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The part of a span inside the paragraph that holds offset ``at``."""
    if span is None:
        return None
    for ps, pe in paras:
        if ps <= at < pe:
            s, e = max(span[0], ps), min(span[1], pe)
            return (s, e) if e > s else None
    return span


def shorten(ctx: Context, s: int, e: int) -> tuple[int, int] | None:
    """A speaker phrase found by pattern cut to the entity inside it or to a few words."""
    for m in ctx.layers.get("mentions", []):
        ms, me, label = (m["start"], m["end"], m["label"]) if isinstance(m, dict) else (m.start, m.end, m.label)
        if s <= ms and me <= e and label in ("PERSON", "ORG", "GPE", "NORP"):
            return ms, me
    words = list(re.finditer(r"[\w’'.-]+", ctx.text[s:e]))
    out: list[re.Match[str]] = []
    for w in words[:8]:
        if w.group().endswith("ing") and out:
            break
        out.append(w)
    if not out:
        return None
    return s + out[0].start(), s + out[-1].end()


def regex_subject(ctx: Context, seg: tuple[int, int], cue: Any) -> tuple[int, int] | None:
    text = ctx.text
    span = regex_span(text, seg, cue)
    return shorten(ctx, *span) if span else None


def regex_span(text: str, seg: tuple[int, int], cue: Any) -> tuple[int, int] | None:
    if cue.idx >= seg[1]:
        between = (seg[1], cue.idx)
        bs, be = trim(text, *between)
        if be - bs >= 2:
            return bs, be
        m = re.compile(r"[^.,;!?\n“”\"]{2,80}").match(text, cue.idx + len(cue.text))
        if m:
            s, e = trim(text, m.start(), m.end())
            if e > s:
                return s, e
        return None
    line_start = text.rfind("\n", 0, cue.idx) + 1
    m = re.search(r"[^.,;!?\n“”\"]{2,80}$", text[line_start:cue.idx])
    if m:
        s, e = trim(text, line_start + m.start(), line_start + m.end())
        if e > s:
            return s, e
    # "Said Ellis: “…”": the speaker after a sentence-initial cue
    m = INVERTED.fullmatch(text, cue.idx + len(cue.text), seg[0])
    if m and re.search(r"(?:^|[.!?\n][\"”’]?)\s*$", text[line_start:cue.idx]):
        return m.start(1), m.end(1)
    return None


INVERTED = re.compile(r"\s+([A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s*[:,]\s*")




CONTENT_DEPS = ("ccomp",)
OBJECT_DEPS = ("dobj", "xcomp")
OBJECT_PREPS = ("for", "on", "about", "against", "of", "over")


@functools.lru_cache(maxsize=1)
def extra_lexicon() -> dict[str, Any]:
    """Lexicon entries that only the syntax helpers read: ``bare_passives``, ``object_control``
    ``experiencer_object`` and ``goal_that_verbs`` (sets of lemmas) and ``prep_objects`` (lemma -> prepositions whose object is the content)."""
    raw = yaml.safe_load(resources.files("legation").joinpath("data/reporting_verbs.yaml").read_text("utf-8"))
    return {"bare_passives": frozenset(str(x).lower() for x in raw.get("bare_passives") or ()),
            "object_control": frozenset(str(x).lower() for x in raw.get("object_control") or ()),
            "experiencer_object": frozenset(str(x).lower() for x in raw.get("experiencer_object") or ()),
            "goal_that_verbs": frozenset(str(x).lower() for x in raw.get("goal_that_verbs") or ()),
            "prep_objects": {str(k).lower(): tuple(str(p).lower() for p in v)
                             for k, v in (raw.get("prep_objects") or {}).items()}}


def _packaged_lexicon() -> Lexicon:
    """The packaged lexicon (aspectual, plain-speech and response verbs live there)."""
    from .quotes import lexicon

    return lexicon()


def content_span(cue: Any, base: int, object_cue: bool = False,
                 is_cue: Callable[[Any], bool] | None = None) -> list[tuple[int, int]] | None:
    """What a cue verb reports: its clausal complement; for a cue at the end of a clause
    ("…, sources said") the clause before it; for object cues ("cited …", "called for …")
    the object."""
    verbs = _packaged_lexicon()
    if cue.lemma_.lower() == "find" and any(c.dep_ == "dobj" and c.lemma_.lower() == "way" for c in cue.children):
        return None  # "found a way to …", "find ways to …": managed, not a finding
    rel = relative_content(cue, base)  # "which Tim Cook called “…”", "what analysts described as …"
    if rel:
        return rel
    if object_cue:  # (a predicate without an object: "Cruz called Trump a “liar”" parsed as two oprd)
        comp = sorted((c for c in cue.children if c.dep_ in CONTENT_DEPS + OBJECT_DEPS + ("oprd",) and c.i > cue.i),
                      key=lambda c: c.i)
    else:
        comp = sorted((c for c in cue.children if c.dep_ in CONTENT_DEPS), key=lambda c: abs(c.i - cue.i))
        if not comp:  # "said after the convention he would not …": a clause the parser took for an adjunct
            comp = [c for c in cue.children if c.dep_ in ("advcl", "parataxis") and c.i > cue.i
                    and any(g.dep_ == "nsubj" for g in c.children) and not any(g.dep_ == "mark" for g in c.children)]
        if not comp:  # "told a meeting of leaders that few people understood …", "reported at the
            # time that …": a that-clause the parser hung on a noun as a relative clause (with its
            # own subject)
            nouns = [c for c in cue.children if c.dep_ in ("dobj", "dative") and c.i > cue.i]
            nouns += [g for c in cue.children if c.dep_ == "prep" and c.i > cue.i for g in c.children if g.dep_ == "pobj"]
            comp = [r for c in nouns
                    for r in c.subtree if r.dep_ in ("relcl", "acl") and r.i > c.i
                    and min(r.subtree, key=lambda x: x.i).lower_ == "that"
                    and any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ != "that" for g in r.children)][:1]
        if not comp and cue.lemma_.lower() not in verbs.aspectual:
            # "warned officials to boost …", "announced plans to give …": the infinitive, not the listener
            comp = [c for c in cue.children if c.dep_ in ("xcomp", "advcl") and c.i > cue.i
                    and any(g.lower_ == "to" and g.dep_ == "aux" for g in c.children)
                    and not any(g.dep_ in ("nsubj", "mark") for g in c.children)]
        if not comp and cue.lemma_.lower() not in verbs.aspectual | {"tell", "ask", "answer", "inform", "brief"}:
            # "Clinton noted the clot's existence", "proclaimed a goal of …": what the object names
            # ("continued their attacks" names nothing said: "continue" reports only a quote)
            comp = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i and c.pos_ in ("NOUN", "PROPN")
                    and (len(list(c.subtree)) >= 2 or c.pos_ == "PROPN")]
        if not comp:  # "said as much", "said the same of Trump": a pro-form for what was said before
            pro = [c for c in cue.children if c.i > cue.i and c.dep_ in ("dobj", "advmod") and c.lower_ in PRO_FORMS
                   and len(list(c.subtree)) >= 2]
            if pro and verbs.verbs.get(cue.lemma_.lower()) in ("speech", "statement", "writing"):  # the pro-form with its "as"/"the" and an "of" phrase ("the same of Trump")
                toks = [t for t in pro[0].subtree if t.i <= pro[0].i]
                toks += [t for c in pro[0].children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
                return [(min(t.idx for t in toks) + base, max(t.idx + len(t.text) for t in toks) + base)]
        if not comp:
            aside = as_aside(cue, base)  # "As X pointed out, the gap …", "…, as we saw in 2009, banks …"
            if aside:
                return aside
    if not comp:  # "called for …"; for speech verbs "complained about …", "warned of …",
        # "commented on the death" (not "said on Monday"), "did not respond to requests for comment"
        lemma = cue.lemma_.lower()
        preps = (OBJECT_PREPS if object_cue else ("about", "of", "against", "over", "on", "to")) \
            + extra_lexicon()["prep_objects"].get(lemma, ())  # "referred to …", "agreed with …"
        comp = [g for c in cue.children if c.dep_ in ("prep", "prt") and c.lower_ in preps
                and (c.lower_ != "on" or lemma not in verbs.plain_speech)
                and (c.lower_ != "to" or lemma in verbs.response_verbs or "to" in extra_lexicon()["prep_objects"].get(lemma, ()))
                for g in c.children if g.dep_ in ("pobj", "pcomp") and not _temporal(g)]
        if len(comp) > 1 and comp[1].head.i == max(t.i for t in comp[0].subtree) + 1:
            comp = [comp[0], comp[1]]  # "agreed with Matthews about the winner": both phrases
        else:
            comp = comp[:1]
    if comp:
        s, e = subtree_span(comp[0], base)
        if len(comp) > 1 and comp[1].dep_ in ("pobj", "pcomp"):
            e = max(e, subtree_span(comp[1], base)[1])
        ext = []
        if object_cue:  # "cited X as an example of Y": the object with what qualifies it
            # (not a reason or time clause: "called the hearing because …", "since he …", "while at …")
            # ("offers loans to parents": a prepositional dative is part of what is offered)
            ext = [c for c in cue.children if c.i > comp[0].i and (c.dep_ in ("prep", "oprd", "advcl", "xcomp")
                   or c.dep_ == "dative" and c.lower_ in ("to", "for"))
                   and c.lower_ not in ("at", "on", "in", "during") and not _after_comma(c)
                   and not (c.dep_ == "advcl" and any(g.dep_ == "mark" for g in c.children))]
        elif comp[0].dep_ == "dobj":  # "see the program as a way to …", "described X as Y", and
            # a small clause ("the average shows Clinton ahead by 3.7 points")
            last = max(t.i for t in comp[0].subtree)
            ext = [c for c in cue.children if c.i > comp[0].i and (c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ == "as"
                   or c.dep_ in ("acomp", "advmod") and c.i <= last + 2 and c.lower_ in PREDICATE_ADVERBS)]
        for c in ext:
            e = max(e, subtree_span(c, base)[1])
        if comp[0].dep_ == "dobj":
            e = max(e, _object_tail(cue, comp[0], e - base) + base)
        if comp[0].dep_ != "ccomp" and comp[0].pos_ in ("NOUN", "PROPN", "PRON"):
            e = min([e, _aside_start(comp[0], base)] + [_aside_start(c, base) for c in ext])
        if is_cue is not None:
            e = min(e, _next_report(comp[0], base, is_cue))
        e = min(e, _participle_start(comp[0], base))
        return [(s, e)]
    if object_cue or any(c.i > cue.i and (c.dep_ in ("attr", "oprd", "acomp") or c.dep_ == "dobj" and c.pos_ == "NOUN")
                         for c in cue.children):
        return None  # "One after another, companies declared bankruptcy": not "…, sources said"
    # "…, sources said." / "The museum, Mr. Bush said, celebrated …": the rest of the unit
    sub = sorted((t for t in cue.subtree if not t.is_punct), key=lambda t: t.i)
    first, last = sub[0], sub[-1]
    doc = cue.doc
    if cue.head.i == cue.i or first.i < 2 or doc[first.i - 1].text != ",":
        return parenthetical(cue, base)
    parts = []
    start = doc[0]
    while start.i < first.i - 1 and (start.is_punct or start.is_space):
        start = doc[start.i + 1]
    end = doc[first.i - 2]
    if end.i >= start.i:
        parts.append((start.idx + base, end.idx + len(end.text) + base))
    tail = [t for t in doc[last.i + 1:] if not (t.is_punct or t.is_space)]
    if tail:
        if last.i + 1 >= len(doc) or doc[last.i + 1].text != ",":
            return None
        parts.append((tail[0].idx + base, tail[-1].idx + len(tail[-1].text) + base))
    elif not _statement(doc[start.i:end.i + 1]):
        return None  # "During his years in office, Obama said …", "If …, he suggested": not a statement
    return parts or None


SUBORDINATORS = {"if", "when", "while", "because", "although", "though", "as", "after", "before", "since",
                 "unless", "should", "until", "whether", "once", "whenever", "during", "like", "despite"}


def _statement(toks: Any) -> bool:
    """Whether the words before a final "…, X said" can be what was said: a clause with a finite
    verb that is not a subordinate clause or a leading adverbial ("Like President Obama, …")."""
    words = [t for t in toks if not (t.is_punct or t.is_space) and t.dep_ != "cc"]
    if not words or words[0].lower_ in SUBORDINATORS:
        return False
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words)


PRO_FORMS = {"much", "same"}
PREDICATE_ADVERBS = {"ahead", "behind", "up", "down", "even", "tied", "level", "close", "likely", "unlikely"}

TEMPORAL = re.compile(r"(?i)(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|"
                      r"august|september|october|november|december|morning|afternoon|evening|night|day|week|"
                      r"weekend|month|year|occasion|\d+|(?:day|week|month|year|decade|hour|minute)s")


TAIL_PREPS = {"of", "by", "in", "about", "behind", "with", "from", "between"}


def _object_tail(cue: Any, obj: Any, end: int) -> int:
    """The end of an object with the modifiers the parser hung on the cue verb instead
    ("described crass behavior by Trump", "wrote a memoir of her time", "revealed a gulf in
    the way …"): a prepositional phrase right after the object, not a time phrase."""
    doc = cue.doc
    for c in sorted(cue.children, key=lambda x: x.i):
        if c.i <= obj.i or c.dep_ != "prep" or c.lower_ not in TAIL_PREPS:
            continue
        first = min(c.subtree, key=lambda x: x.i)
        if first.i == 0 or doc[first.i - 1].idx + len(doc[first.i - 1].text) != end \
                or any(_temporal(g) for g in c.children if g.dep_ == "pobj"):
            break
        end = max(t.idx + len(t.text) for t in c.subtree)
    return end


def _temporal(tok: Any) -> bool:
    """A time phrase ("on Monday", "on Tuesday night"): when something was said, not what."""
    return bool(TEMPORAL.fullmatch(tok.lower_)) or any(
        TEMPORAL.fullmatch(c.lower_) and not c.like_num for c in tok.children if c.dep_ in ("compound", "nummod"))


def parenthetical(cue: Any, base: int) -> list[tuple[int, int]] | None:
    """The statement around a cue clause set off by commas that the parser made the root
    ("These employees, Stumpf explained at the hearing, were well paid", "Hawaii, as an adviser
    pointed out, rarely gets …", "People like Scott, he said."): the unit without the aside."""
    doc = cue.doc
    subj = [c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i]
    if not subj:
        return None
    left = min(t.i for t in subj[-1].subtree)
    if left > 0 and doc[left - 1].lower_ == "as":
        left -= 1
    if not (left == 0 and doc[0].lower_ == "as") and (left < 2 or doc[left - 1].text != ","):
        return None  # an aside after a comma, or a sentence that opens "As X put it, …"
    j = cue.i + 1
    while j < len(doc) and doc[j].text not in (",", ".", "!", "?", ";") and j - cue.i <= 16:
        if doc[j].pos_ in ("VERB", "AUX"):
            return None
        j += 1
    if j >= len(doc) or doc[j].text not in (",", ".") or doc[j].text == "." and j - cue.i > 5:
        return None  # (at the end: only an occasion may follow, "he said in a statement.")
    parts = []
    head = [t for t in doc[:max(0, left - 1)] if not (t.is_punct or t.is_space)]
    if head:
        parts.append((head[0].idx + base, head[-1].idx + len(head[-1].text) + base))
    tail = [t for t in doc[j + 1:] if not (t.is_punct or t.is_space)] if doc[j].text == "," else []
    if tail:
        parts.append((tail[0].idx + base, tail[-1].idx + len(tail[-1].text) + base))
    elif doc[j].text == "," and any(not t.is_space for t in doc[j + 1:]):
        return None
    return parts or None


def _after_comma(tok: Any) -> bool:
    """Whether a phrase is set off by a comma or dash before it."""
    first = min(tok.subtree, key=lambda x: x.i)
    return first.i > 0 and first.doc[first.i - 1].text in (",", "--", "—", "―")


CONCESSIVE = {"although", "though", "whereas"}


def _participle_start(head: Any, base: int) -> int:
    """Where a trailing participle or concessive clause after a comma starts (", contradicting
    the police's account", ", saying …", ", although …"): the reporter's gloss on what was said,
    not part of it."""
    end = 10**9
    for t in head.subtree:
        if t.i > head.i and t.dep_ == "advcl" and _after_comma(t) and any(
                g.dep_ == "mark" and g.lower_ in CONCESSIVE for g in t.children):
            first = min(t.subtree, key=lambda x: x.i)  # "…, although he again refused …"
            end = min(end, first.doc[first.i - 1].idx + base)
        if t.i > head.i and t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp", "conj") and _after_comma(t) \
                and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in t.children):
            first = min(t.subtree, key=lambda x: x.i)
            end = min(end, first.doc[first.i - 1].idx + base)
    return end


def _next_report(head: Any, base: int, is_cue: Callable[[Any], bool]) -> int:
    """Where a second report by the same speaker starts inside a content clause: a coordinated
    cue verb without its own subject ("said it was opposed to the test and warned North Korea
    to …") or a participle cue after a comma ("…, arguing that …", "…, citing …")."""
    end = 10**9
    doc = head.doc
    for t in head.subtree:
        if t.i <= head.i or t.pos_ != "VERB" or not is_cue(t):
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            continue
        first = min(t.subtree, key=lambda x: x.i)
        prev = doc[first.i - 1] if first.i > 0 else None
        if t.dep_ == "conj":
            cut = first
            while cut.i > head.i and doc[cut.i - 1].dep_ in ("cc", "punct", "advmod") and doc[cut.i - 1].text not in "”\"":
                cut = doc[cut.i - 1]
            end = min(end, cut.idx + base)
        elif t.tag_ == "VBG" and t.dep_ in ("advcl", "xcomp") and prev is not None and prev.text == ",":
            end = min(end, prev.idx + base)
    return end


def _aside_start(head: Any, base: int) -> int:
    """Where a trailing aside about an object noun starts: a comma before a non-restrictive
    "which"/"who" clause, an apposition or "including …" ("questioned the wisdom of committing
    to Scott, who has never faced …") is the reporter's comment, not what was said."""
    end = 10**9
    for t in head.subtree:
        if t.i <= head.i or t.head.i >= t.i:
            continue
        first = min(t.subtree, key=lambda x: x.i)
        if first.i > 1 and first.doc[first.i - 1].text in ("--", "—", "―"):
            end = min(end, first.doc[first.i - 1].idx + base)  # "a list of endorsements -- most of whom …"
            continue
        if first.i == 0 or first.doc[first.i - 1].text != ",":
            continue
        if (t.dep_ == "relcl" and first.lower_ in ("which", "who", "whose", "whom")
                or t.dep_ == "appos" or t.dep_ == "prep" and t.lower_ == "including"):
            end = min(end, first.doc[first.i - 1].idx + base)
    return end


def passive_agent(cue: Any, base: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(speaker, content) of a passive cue with an agent ("X is supported by Y"): the agent's
    noun phrase speaks, the passive subject is what is reported."""
    agent = [g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    subj = [c for c in cue.children if c.dep_ == "nsubjpass"]
    if not subj:  # "a view echoed by everyone I interviewed": the noun the participle modifies
        lex = _packaged_lexicon()
        reports = frozenset(w for d in (lex.verbs, lex.object_verbs) for w, k in d.items()
                            if k in ("speech", "stance", "belief") and w not in lex.perception | {"view", "regard"})
        tok, content = participle_agent(cue, base, reports)
        return (core(tok, base), content) if tok is not None else (None, None)
    if not agent or subj[0].lower_ in EXPLETIVE or subj[0].lower_ == "it":
        return None, None
    s, e = subtree_span(subj[0], base)
    comp = [c for c in _passive_complement(cue) if c.i < agent[0].i]  # "was called a charlatan by …"
    if comp:
        e = max(e, subtree_span(comp[0], base)[1])
    return core(agent[0], base), (s, e)


def sourceless_content(cue: Any, base: int, parts: list[tuple[int, int]] | None) -> tuple[int, int] | None:
    """What an agentless passive cue reports: the clause of "it was reported that …", or the
    passive subject with its infinitive ("Trump is expected to win Ohio")."""
    subj = [c for c in cue.children if c.dep_ == "nsubjpass"]
    if any(c.dep_ == "agent" for c in cue.children):
        return None
    if not subj:
        return None
    if subj[0].lower_ == "it":
        clause = [c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i]
        if clause:
            return subtree_span(clause[0], base)
        comp = _passive_complement(cue)  # "it was labeled “Mostly True”": what is said of it
        return (subtree_span(subj[0], base)[0], subtree_span(comp[0], base)[1]) if comp else None
    if subj[0].lower_ in ("what", "which"):  # "in what is being criticized as a … approach"
        comp = _passive_complement(cue)
        return _complement_span(comp[0], base) if comp else None
    if subj[0].lower_ in EXPLETIVE:
        return None
    inf = [c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i] or _passive_complement(cue)
    if not inf:
        # "The merits of the program are being debated again", "the diagnosis was confirmed":
        # a speech act done on the subject, by no one named
        if cue.lemma_.lower() in extra_lexicon()["bare_passives"] and subj[0].pos_ in ("NOUN", "PROPN"):
            return subtree_span(subj[0], base)
        return None
    return subtree_span(subj[0], base)[0], subtree_span(inf[0], base)[1]


def _complement_span(comp: Any, base: int) -> tuple[int, int]:
    """A complement without its preposition ("as a … approach" -> "a … approach")."""
    toks = [t for t in comp.subtree if not (comp.dep_ == "prep" and t is comp)]
    return min(t.idx for t in toks) + base, max(t.idx + len(t.text) for t in toks) + base


def _passive_complement(cue: Any) -> list[Any]:
    """What a passive evaluation says of its subject ("was accused of using …", "has been
    criticized for …", "was dubbed the winner", "is seen as …")."""
    return [c for c in cue.children if c.i > cue.i and (
        c.dep_ == "oprd" or c.dep_ == "prep" and c.lower_ in ("of", "for", "as")
        and any(g.dep_ in ("pobj", "pcomp") for g in c.children))][:1]


NOUN_PREPS = ("of", "for", "about", "against", "on", "over")


def noun_cue(noun: Any, base: int) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(content, speaker) of "Trump's claim that …": the that-clause and the possessor."""
    clause = [c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")
              and any(t.lower_ == "that" and t.dep_ == "mark" for t in c.children)]
    if not clause:  # "her decision to meet …", "Clinton's plan to raise …"
        clause = [c for c in noun.children if c.dep_ == "acl" and c.i > noun.i
                  and any(t.lower_ == "to" and t.dep_ == "aux" for t in c.children)]
    if not clause:  # "Trump's criticism of Lauer", "his support for the deal"
        clause = [g for c in noun.children if c.dep_ == "prep" and c.i > noun.i and c.lower_ in NOUN_PREPS
                  for g in c.children if g.dep_ in ("pobj", "pcomp")]
    owner = [c for c in noun.children if c.dep_ == "poss"]
    if not owner:  # "the claim by Trump that …", "warnings from his attorney that …"
        owner = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for g in c.children
                 if g.dep_ == "pobj" and g.i < (clause[0].i if clause else g.i + 1)]
    if not owner and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        # a light verb: "X made the case that …", "both men had the same position on …"
        owner = [c for c in noun.head.children if c.dep_ == "nsubj" and c.lower_ not in EXPLETIVE | {"it"}]
    if clause and not owner and clause[0].dep_ != "pobj" and any(
            t.lower_ == "that" and t.dep_ == "mark" for t in clause[0].children):
        return subtree_span(clause[0], base), None  # "charges that he has …": no source named
    if not clause or not owner:
        return None, None
    o = owner[0]
    end = o
    while end.i + 1 < len(o.doc) and o.doc[end.i + 1].dep_ == "case":
        end = o.doc[end.i + 1]
    s, _ = subtree_span(o, base)
    return subtree_span(clause[0], base), (s, o.idx + len(o.text) + base)

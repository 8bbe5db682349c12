"""Who said what: direct, indirect and mixed quotes, interview answers, resolved speakers.

The cue lexicon lives in ``data/reporting_verbs.yaml``. Only sentences that hold a cue are
dependency-parsed (:func:`legation.nlp.parse_sentences`). Speakers are resolved to actors
through :mod:`legation.actors` (``resolve_phrase``) and, for pronouns and descriptions that
the registry cannot place, to the nearest fitting person introduced earlier in the text.

Quote items (DESIGN.md): ``{speaker: ACTOR|None, cue: {start,end,text}|None,
content: {start,end,text}, kind: "direct"|"indirect"|"mixed"|"interview"}`` plus ``role``
("answer"/"question" for interview turns, else None).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

import yaml

from . import interviews
from .models import Actor, Span
from .nlp import parse_sentences, sentence_spans, spacy_doc
from .registry import Context

STOP = {"the", "a", "an", "of", "to", "in", "on", "for", "and", "'s", "’s", "s", "with", "at",
        "by", "from", "his", "her", "its", "their", "this", "that", "former", "new"}
PRONOUNS = {"he", "she", "they", "him", "her", "it", "i", "we", "you"}
SUBJ_DEPS = ("nsubj", "nsubjpass")
CONTENT_DEPS = ("ccomp",)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]
    forms: frozenset[str]
    prepositional: tuple[str, ...]
    leads: tuple[tuple[str, str], ...]
    interviewer_labels: frozenset[str]
    generic_heads: frozenset[str]
    synonyms: dict[str, frozenset[str]]
    first_person: frozenset[str]
    source_nouns: frozenset[str] = frozenset()
    person_heads: frozenset[str] = frozenset()


def _inflect(lemma: str) -> set[str]:
    out = {lemma}
    if re.search(r"(s|sh|ch|x|z)$", lemma):
        out.add(lemma + "es")
    elif re.search(r"[^aeiou]y$", lemma):
        out.add(lemma[:-1] + "ies")
    else:
        out.add(lemma + "s")
    if lemma.endswith("e"):
        out.update({lemma + "d", lemma[:-1] + "ing"})
    elif re.search(r"[^aeiou]y$", lemma):
        out.update({lemma[:-1] + "ied", lemma + "ing"})
    else:
        out.update({lemma + "ed", lemma + "ing"})
    return out


def load_lexicon(text: str | None = None) -> Lexicon:
    """Parse the reporting-verb lexicon (the packaged one when ``text`` is None)."""
    if text is None:
        text = resources.files("legation").joinpath("data/reporting_verbs.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    verbs = {str(k).lower(): str(v) for k, v in raw["verbs"].items()}
    forms: set[str] = set()
    for lemma in verbs:
        forms |= _inflect(lemma)
    forms |= {str(v).lower() for v in (raw.get("irregular") or {}).values()}
    syn: dict[str, set[str]] = {}
    for k, vals in (raw.get("description_synonyms") or {}).items():
        syn.setdefault(str(k).lower(), set()).update(str(v).lower() for v in vals)
    return Lexicon(
        verbs=verbs,
        forms=frozenset(forms),
        prepositional=tuple(str(p).lower() for p in raw.get("prepositional") or ()),
        leads=tuple((str(d["pattern"]).lower(), str(d["interviewee"])) for d in raw.get("interview_leads") or ()),
        interviewer_labels=frozenset(str(x).lower() for x in raw.get("interviewer_labels") or ()),
        generic_heads=frozenset(str(x).lower() for x in raw.get("generic_heads") or ()),
        synonyms={k: frozenset(v) for k, v in syn.items()},
        first_person=frozenset(str(x).lower() for x in raw.get("first_person") or ()),
        source_nouns=frozenset(str(x).lower() for x in raw.get("source_nouns") or ()),
        person_heads=frozenset(str(x).lower() for x in raw.get("person_heads") or ()),
    )


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()


@dataclass
class Quote:
    speaker: Actor | None
    cue: Span | None
    content: Span
    kind: str
    role: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "content": self.content.to_dict(),
            "kind": self.kind,
            "role": self.role,
        }


# --- quote marks --------------------------------------------------------------------------

MARK_RE = re.compile(r"''|[\"“”«»„]")
OPENERS = {"“", "«", "„"}
CLOSERS = {"”", "»"}


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped of surrounding spaces."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _opens(text: str, s: int, e: int, ch: str, para_start: int) -> bool:
    if ch in OPENERS:
        return True
    if ch in CLOSERS:
        return False
    before = text[s - 1] if s > para_start else " "
    after = text[e] if e < len(text) else " "
    return (before.isspace() or before in "([—–-:,") and not after.isspace()


def _closes(text: str, s: int, e: int, ch: str, para_start: int) -> bool:
    if ch in CLOSERS:
        return True
    if ch in OPENERS:
        return False
    return s > para_start and not text[s - 1].isspace()


def quote_segments(text: str, paras: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of text between quote marks, marks included.

    A quote left open at the end of a paragraph goes on when the next paragraph opens with
    a quote mark (the convention for multi-paragraph quotes); otherwise it ends there.
    """
    paras = paragraphs(text) if paras is None else paras
    segs: list[tuple[int, int]] = []
    pending: int | None = None
    pending_end = 0
    for ps, pe in paras:
        marks = [(m.start(), m.end(), m.group()) for m in MARK_RE.finditer(text, ps, pe)]
        open_at: int | None = None
        if pending is not None:
            if marks and marks[0][0] == ps and _opens(text, ps, marks[0][1], marks[0][2], ps):
                open_at = pending
                marks = marks[1:]
            else:
                segs.append((pending, pending_end))
            pending = None
        for s, e, ch in marks:
            if open_at is None:
                if _opens(text, s, e, ch, ps):
                    open_at = s
            elif _closes(text, s, e, ch, ps):
                segs.append((open_at, e))
                open_at = None
            elif ch in OPENERS and open_at >= ps:
                open_at = s  # a stray opener earlier in this paragraph: restart here
        if open_at is not None:
            pending, pending_end = open_at, pe
    if pending is not None:
        segs.append((pending, pending_end))
    return segs


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


# --- cues ---------------------------------------------------------------------------------

def is_cue_token(tok: Any, lex: Lexicon) -> bool:
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    return tok.lemma_.lower() in lex.verbs or tok.lower_ in lex.forms and tok.lower_ not in {"post", "posts"}


def cue_kind(word: str, lex: Lexicon | None = None) -> str | None:
    lex = lex or lexicon()
    w = word.lower()
    if w in lex.verbs:
        return lex.verbs[w]
    for lemma, kind in lex.verbs.items():
        if w in _inflect(lemma):
            return kind
    return None


# --- speaker resolution -------------------------------------------------------------------

def _resolve_phrase(ctx: Context, start: int, end: int) -> list[Actor]:
    try:
        from .actors import resolve_phrase
    except ImportError:
        return []
    try:
        return list(resolve_phrase(ctx, start, end))
    except Exception:  # noqa: BLE001 - a resolver failure must not lose the quote
        return []


@dataclass
class Person:
    start: int
    end: int
    text: str
    actor: Actor | None


def _persons(ctx: Context) -> list[Person]:
    cached = ctx.cache.get("quotes_persons")
    if cached is not None:
        return cached
    out: dict[tuple[int, int], Person] = {}
    for m in ctx.layers.get("mentions", []):
        label = m["label"] if isinstance(m, dict) else m.label
        if label == "PERSON":
            s, e = (m["start"], m["end"]) if isinstance(m, dict) else (m.start, m.end)
            out[(s, e)] = Person(s, e, ctx.text[s:e], None)
    for a in ctx.layers.get("actors", []):
        a = a if isinstance(a, Actor) else Actor(**{k: a.get(k) for k in Actor.__dataclass_fields__})
        if a.kind == "person":
            out[(a.start, a.end)] = Person(a.start, a.end, a.text, a)
    persons = sorted(out.values(), key=lambda p: p.start)
    ctx.cache["quotes_persons"] = persons
    return persons


def _toks(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", text.lower().replace("’s", "").replace("'s", ""))]


def _as_speaker(ref: Actor | Person, text: str, start: int, end: int) -> Actor:
    if isinstance(ref, Person):
        if ref.actor is not None:
            return replace(ref.actor, text=text, start=start, end=end)
        return Actor(text=text, start=start, end=end, id=None, name=ref.text, kind="person")
    return replace(ref, text=text, start=start, end=end)


class SpeakerResolver:
    """Resolves speaker spans of one document, remembering who spoke before."""

    def __init__(self, ctx: Context, lex: Lexicon) -> None:
        self.ctx = ctx
        self.lex = lex
        self.speakers: list[Actor] = []  # in document order of the quotes
        self.persons = _persons(ctx)

    def remember(self, actor: Actor | None) -> None:
        if actor is not None and (actor.kind == "person" or actor.id is None and actor.name[:1].isupper()):
            self.speakers.append(actor)

    def _last_speaker(self, before: int) -> Actor | None:
        for a in reversed(self.speakers):
            if a.start < before or a.start == before:
                return a
        return self.speakers[-1] if self.speakers else None

    def _by_name(self, words: list[str], before: int) -> Person | None:
        if not words:
            return None
        last = words[-1]
        best: Person | None = None
        for p in self.persons:
            if p.start >= before:
                break
            pw = _toks(p.text)
            if last in pw and (best is None or len(p.text) >= len(best.text) or p.actor is not None):
                best = p
        return best

    def _context_words(self, p: Person) -> set[str]:
        text = self.ctx.text
        left_lim = max(0, p.start - 90)
        right_lim = min(len(text), p.end + 110)
        for q in self.persons:
            if q.end <= p.start and q.end > left_lim:
                left_lim = q.end
            if q.start >= p.end and q.start < right_lim:
                right_lim = q.start
        left = text[left_lim:p.start]
        right = text[p.end:right_lim]
        left = re.split(r"[.!?;\n]\s", left)[-1]
        right = re.split(r"[.!?;\n]\s|\bwho\b|\bhas\b|\bsaid\b|\bsays\b", right)[0]
        return set(_toks(left + " " + right))

    def _expand(self, word: str) -> set[str]:
        return {word} | set(self.lex.synonyms.get(word, ()))

    def _by_description(self, words: list[str], before: int) -> Person | None:
        content = [w for w in words if w not in STOP]
        if not content:
            return None
        best, best_score = None, 0
        for p in self.persons:
            if p.start >= before:
                break
            ctxw = self._context_words(p)
            score = sum(1 for w in content if self._expand(w) & ctxw)
            if score >= best_score and score > 0:
                best, best_score = p, score
        need = 1 if len(content) <= 2 else 2
        return best if best is not None and best_score >= need else None

    def resolve(self, start: int, end: int, quote_speaker: Actor | None = None,
                coref: bool = True) -> Actor:
        text = self.ctx.text[start:end]
        words = _toks(text)
        low = text.strip().lower()
        if not coref:
            cands = _resolve_phrase(self.ctx, start, end)
            if cands:
                return replace(cands[0], text=text, start=start, end=end)
            return Actor(text=text, start=start, end=end, id=None, name=text.strip(), kind="unknown")
        if low in self.lex.first_person and quote_speaker is not None:
            return replace(quote_speaker, text=text, start=start, end=end)
        if low in PRONOUNS:
            ref = self._last_speaker(start)
            if ref is None:
                prev = [p for p in self.persons if p.end <= start]
                if prev:
                    return _as_speaker(prev[-1], text, start, end)
                return Actor(text=text, start=start, end=end, id=None, name=text, kind="unknown")
            return _as_speaker(ref, text, start, end)
        cands = _resolve_phrase(self.ctx, start, end)
        for c in cands:
            if c.id is not None:
                return replace(c, text=text, start=start, end=end)
        proper = bool(words) and all(w[:1].isupper() for w in re.findall(r"[A-Za-z][\w’'-]*", text)
                                     if w.lower() not in STOP)
        if proper and len(words) <= 4:
            p = self._by_name(words, start)
            if p is not None:
                return _as_speaker(p, text, start, end)
        head = words[-1] if words else ""
        personal = head in self.lex.generic_heads or head in self.lex.person_heads
        p = self._by_description(words, start) if personal and not proper else None
        if p is not None:
            return _as_speaker(p, text, start, end)
        if head in self.lex.generic_heads and not proper:
            ref = self._last_speaker(start)
            if ref is not None:
                return _as_speaker(ref, text, start, end)
        if cands:
            c = cands[0]
            return replace(c, text=text, start=start, end=end, name=c.name or text)
        return Actor(text=text, start=start, end=end, id=None, name=text.strip(), kind="unknown")


# --- extraction ---------------------------------------------------------------------------

def _sent_index(sents: list[Any], pos: int) -> int | None:
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


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return s, e


class _Doc:
    """Parsed-sentence access by document offsets."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.sents = sentence_spans(ctx)

    def parsed_token(self, char: int) -> tuple[Any, int] | None:
        i = _sent_index(self.sents, char)
        if i is None:
            return None
        parsed = parse_sentences(self.ctx, [i])[i]
        base = self.sents[i].start_char
        for t in parsed:
            if t.idx + base <= char < t.idx + base + len(t.text):
                return t, base
        return None


def _subtree_span(tok: Any, base: int, exclude: tuple[int, int] | None = None) -> tuple[int, int]:
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
EXPLETIVE = {"it", "there", "this", "that", "which", "what", "you"}


def _core(st: Any, base: int) -> tuple[int, int]:
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
    return left.idx + base, right.idx + len(right.text) + base


def _subject(cue: Any, base: int, lex: Lexicon) -> tuple[int, int, int, int] | None:
    """The speaker of a cue verb as (core start, core end, full start, full end): its
    subject, or the subject of the cue it depends on ("…, asserting …", "…, adding …")."""
    node = cue
    for depth in range(5):
        subj = [c for c in node.children if c.dep_ in SUBJ_DEPS]
        if subj:
            st = subj[0]
            if st.dep_ == "nsubjpass" or st.lower_ in EXPLETIVE and node.dep_ != "relcl":
                return None
            if depth > 0 and not is_cue_token(node, lex):
                subj = []
            else:
                if st.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                    st = node.head
                full = _subtree_span(st, base)
                return _core(st, base) + full
        if node.dep_ == "ROOT" or node.head is node:
            break
        node = node.head
    return None


def _span(ctx: Context, s: int, e: int) -> Span:
    return Span(s, e, ctx.text[s:e])


def extract(ctx: Context, lex: Lexicon | None = None) -> list[Quote]:
    """All quotes of one document, in text order."""
    lex = lex or lexicon()
    text = ctx.text
    paras = paragraphs(text)
    segs = quote_segments(text, paras)
    resolver = SpeakerResolver(ctx, lex)
    pd = _Doc(ctx)
    sdoc = spacy_doc(ctx)
    cue_toks = [t for t in sdoc if is_cue_token(t, lex)]
    interview = interviews.detect(ctx, paras, segs, lex, resolver)
    quotes: list[Quote] = []
    used_cues: set[int] = set()
    used_segs: set[tuple[int, int]] = set()

    # 1. interview turns (labelled or dash-led) and quoted-paragraph answers
    turn_ranges: list[tuple[int, int]] = []
    if interview is not None:
        for turn in interview.turns:
            turn_ranges.append((turn.start, turn.end))
            quotes.append(Quote(turn.speaker, turn.cue, _span(ctx, turn.start, turn.end), "interview", turn.role))
        for seg in segs:
            if seg in used_segs:
                continue
            if interview.owns_segment(seg) and interview.speaker is not None:
                used_segs.add(seg)
                quotes.append(Quote(replace(interview.speaker), None, _span(ctx, *seg), "interview", "answer"))
                turn_ranges.append(seg)

    def in_turn(s: int, e: int) -> Actor | None:
        for q in quotes:
            if q.kind == "interview" and q.content.start <= s and e <= q.content.end:
                return q.speaker
        return None

    # 2. direct quotes paired with an adjacent cue
    sents = pd.sents
    for seg in segs:
        if seg in used_segs:
            continue
        cue = _adjacent_cue(text, seg, cue_toks)
        if cue is None:
            continue
        found = pd.parsed_token(cue.idx)
        subj = None
        if found is not None:
            ptok, base = found
            subj = _speaker_span(ctx, _subject(ptok, base, lex), paras, cue.idx)
            if subj is not None and not (subj[1] <= seg[0] or subj[0] >= seg[1]):
                subj = None
        if subj is None:
            subj = _regex_subject(ctx, seg, cue)
        if subj is None or text[subj[0]:subj[1]].strip().lower() in EXPLETIVE:
            continue
        used_segs.add(seg)
        used_cues.add(cue.idx)
        owner = in_turn(*seg)
        speaker = resolver.resolve(*subj, quote_speaker=owner)
        resolver.remember(speaker)
        quotes.append(Quote(speaker, _span(ctx, cue.idx, cue.idx + len(cue.text)), _span(ctx, *seg), "direct"))

    # 3. indirect / mixed speech from parsed cue sentences
    for cue in cue_toks:
        if cue.idx in used_cues or any(q.role == "question" and q.content.start <= cue.idx < q.content.end
                                       for q in quotes):
            continue
        found = pd.parsed_token(cue.idx)
        if found is None:
            continue
        ptok, base = found
        para = _clip((0, len(text)), paras, cue.idx) or (0, len(text))
        comp = sorted((c for c in ptok.children if c.dep_ in CONTENT_DEPS
                       and para[0] <= c.idx + base < para[1]), key=lambda c: abs(c.i - ptok.i))
        if not comp:
            continue
        subj = _speaker_span(ctx, _subject(ptok, base, lex), paras, cue.idx)
        if subj is None:
            continue
        clipped = _clip(_subtree_span(comp[0], base), paras, cue.idx)
        if clipped is None:
            continue
        cs, ce = _trim(text, *clipped)
        if _words(text[cs:ce]) < 3 or (cs <= subj[0] < ce):
            continue
        owner = in_turn(cs, ce)
        subj_text = text[subj[0]:subj[1]].strip().lower()
        if owner is not None and subj_text in lex.first_person:
            continue  # "I think …" inside an answer is the answer itself
        inner = [s for s in segs if cs <= s[0] and s[1] <= ce + 1]
        if inner and sum(e - s for s, e in inner) >= 0.9 * (ce - cs):
            kind = "direct"
        elif inner:
            kind = "mixed"
        else:
            kind = "indirect"
        used_cues.add(cue.idx)
        used_segs.update(inner)
        speaker = resolver.resolve(*subj, quote_speaker=owner)
        resolver.remember(speaker)
        quotes.append(Quote(speaker, _span(ctx, cue.idx, cue.idx + len(cue.text)), _span(ctx, cs, ce), kind))

    # 3b. "according to X, …"
    for q in _according_to(ctx, lex, resolver):
        quotes.append(q)

    # 4. remaining quoted paragraphs/sentences continue the previous speaker's quote
    quotes.sort(key=lambda q: q.content.start)
    for seg in segs:
        if seg in used_segs or _words(text[seg[0]:seg[1]]) < 5:
            continue
        if any(q.content.start <= seg[0] and seg[1] <= q.content.end for q in quotes):
            continue
        si = _sent_index(sents, seg[0])
        sent_start = sents[si].start_char if si is not None else seg[0]
        para_start = max((ps for ps, _ in paras if ps <= seg[0]), default=0)
        if seg[0] not in (sent_start, para_start) and _words(text[sent_start:seg[0]]) > 2:
            continue  # a phrase quoted inside someone else's sentence, not a statement
        prev = [q for q in quotes if q.content.end <= seg[0] and q.speaker is not None
                and q.role != "question" and seg[0] - q.content.end < 600]
        if not prev:
            continue
        speaker = prev[-1].speaker
        assert speaker is not None
        quotes.append(Quote(replace(speaker), None, _span(ctx, *seg), "direct"))
    quotes.sort(key=lambda q: (q.content.start, q.content.end))
    return quotes


def _adjacent_cue(text: str, seg: tuple[int, int], cue_toks: list[Any]) -> Any | None:
    """A cue right after the quote (``…,” he said``) or right before it (``said: “…``)."""
    s, e = seg
    # after: up to the end of the clause
    m = re.compile(r"[.!?\n“«]|(?<=\w)[,;](?=\s+(?:and|but|while|as|who)\b)").search(text, e)
    stop = min(m.start() if m else len(text), e + 120)
    after = [t for t in cue_toks if e <= t.idx < stop]
    if after and text[e:after[0].idx].count(",") <= 2:
        return after[0]
    # before: the cue ends shortly before the opening mark
    before = [t for t in cue_toks if s - 60 <= t.idx + len(t.text) <= s and t.idx < s]
    if before:
        t = before[-1]
        gap = text[t.idx + len(t.text):s]
        if not re.search(r"[.!?”\"\n]", gap) and len(gap) <= 45:
            return t
    return None


def _speaker_span(ctx: Context, subj: tuple[int, int, int, int] | None, paras: list[tuple[int, int]],
                  at: int) -> tuple[int, int] | None:
    """The person named inside a subject phrase, else its core, clipped to the paragraph."""
    if subj is None:
        return None
    full = _clip((subj[2], subj[3]), paras, at)
    if full is None:
        return None
    for m in ctx.layers.get("mentions", []):
        ms, me, label = (m["start"], m["end"], m["label"]) if isinstance(m, dict) else (m.start, m.end, m.label)
        if full[0] <= ms and me <= full[1] and label == "PERSON":
            return ms, me
    return _clip((subj[0], subj[1]), paras, at)


def _clip(span: tuple[int, int] | None, paras: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The part of a span inside the paragraph that holds offset ``at``."""
    if span is None:
        return None
    for ps, pe in paras:
        if ps <= at < pe:
            s, e = max(span[0], ps), min(span[1], pe)
            return (s, e) if e > s else None
    return span


def _shorten(ctx: Context, s: int, e: int) -> tuple[int, int] | None:
    """A speaker phrase found by pattern cut to the entity inside it or to a few words."""
    for m in ctx.layers.get("mentions", []):
        ms, me, label = (m["start"], m["end"], m["label"]) if isinstance(m, dict) else (m.start, m.end, m.label)
        if s <= ms and me <= e and label in ("PERSON", "ORG", "GPE", "NORP"):
            return ms, me
    words = list(re.finditer(r"[\w’'.-]+", ctx.text[s:e]))
    out = []
    for w in words[:8]:
        if w.group().endswith("ing") and out:
            break
        out.append(w)
    if not out:
        return None
    return s + out[0].start(), s + out[-1].end()


def _regex_subject(ctx: Context, seg: tuple[int, int], cue: Any) -> tuple[int, int] | None:
    text = ctx.text
    span = _regex_span(text, seg, cue)
    return _shorten(ctx, *span) if span else None


def _regex_span(text: str, seg: tuple[int, int], cue: Any) -> tuple[int, int] | None:
    if cue.idx >= seg[1]:
        between = (seg[1], cue.idx)
        bs, be = _trim(text, *between)
        if be - bs >= 2:
            return bs, be
        m = re.compile(r"[^.,;!?\n“”\"]{2,80}").match(text, cue.idx + len(cue.text))
        if m:
            s, e = _trim(text, m.start(), m.end())
            if e > s:
                return s, e
        return None
    line_start = text.rfind("\n", 0, cue.idx) + 1
    m = None
    for m in re.finditer(r"[^.,;!?\n“”\"]{2,80}$", text[line_start:cue.idx]):
        pass
    if m:
        s, e = _trim(text, line_start + m.start(), line_start + m.end())
        if e > s:
            return s, e
    return None


ACCORDING = re.compile(r"\b(according to|as stated by|in the words of)\s+", re.I)


def _according_to(ctx: Context, lex: Lexicon, resolver: SpeakerResolver) -> list[Quote]:
    text = ctx.text
    out = []
    for m in ACCORDING.finditer(text):
        if m.group(1).lower() not in lex.prepositional:
            continue
        sents = sentence_spans(ctx)
        si = _sent_index(sents, m.start())
        if si is None:
            continue
        ss, se = sents[si].start_char, sents[si].end_char
        sm = re.compile(r"[^,.;]+").match(text, m.end())
        if not sm or sm.end() > se:
            continue
        src_end = sm.end()
        for tok in spacy_doc(ctx).char_span(sm.start(), sm.end(), alignment_mode="expand") or []:
            if tok.tag_ in ("VBZ", "VBP", "VBD", "MD") and tok.idx > sm.start():
                src_end = tok.idx
                break
        src = _trim(text, sm.start(), src_end)
        if not _is_source(ctx, src, lex):
            continue
        clipped = _clip((ss, se), paragraphs(text), m.start())
        assert clipped is not None
        ss, se = clipped
        before = _trim(text, ss, m.start())
        after = _trim(text, src[1], se)
        content = after if _words(text[after[0]:after[1]]) >= 4 else before
        content = (content[0], content[1] - (1 if text[content[1] - 1:content[1]] == "." else 0))
        if _words(text[content[0]:content[1]]) < 3:
            continue
        speaker = resolver.resolve(*src)
        out.append(Quote(speaker, _span(ctx, m.start(), m.start() + len(m.group(1))),
                         _span(ctx, *content), "indirect"))
    return out


def _is_source(ctx: Context, span: tuple[int, int], lex: Lexicon) -> bool:
    for m in ctx.layers.get("mentions", []):
        ms, me, label = (m["start"], m["end"], m["label"]) if isinstance(m, dict) else (m.start, m.end, m.label)
        if span[0] <= ms and me <= span[1] and label in ("PERSON", "ORG", "GPE"):
            return True
    words = _toks(ctx.text[span[0]:span[1]])
    return bool(set(words[:4]) & lex.source_nouns) or bool(words) and words[0] in lex.generic_heads


def quote_at(ctx: Context, start: int, end: int) -> dict[str, Any] | None:
    """The quote (as a dict) whose content contains [start, end): the innermost one."""
    best: dict[str, Any] | None = None
    for q in ctx.layers.get("quotes", []):
        d = q.to_dict() if hasattr(q, "to_dict") else q
        c = d["content"]
        if c["start"] <= start and end <= c["end"]:
            if best is None or c["end"] - c["start"] < best["content"]["end"] - best["content"]["start"]:
                best = d
    return best

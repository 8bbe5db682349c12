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
from .nlp import sentence_spans, spacy_doc
from .quote_cues import adjective_cue, appearance_content, impersonal_content, in_source
from .quote_leads import colon_lead as _colon_lead
from .quote_leads import loose_subject as _loose_subject
from .quote_leads import title as _title
from .quote_spans import (
    ABBREV_ANY,
    SPLIT_GAP,
    adjacent_cue,
    block_after,
    clause_end,
    paragraphs,
    quote_segments,
)
from .quote_syntax import (
    EXPLETIVE,
    ParsedText,
    candidate_tokens,
    clip,
    content_span,
    extra_lexicon,
    is_cue_token,
    noun_cue,
    parenthetical,
    passive_agent,
    regex_subject,
    sent_index,
    sourceless_content,
    speaker_span,
    subject,
    trim,
)
from .registry import Context
from .speakers import SpeakerResolver, toks


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
    object_verbs: dict[str, str] = field(default_factory=dict)
    cue_nouns: frozenset[str] = frozenset()
    headline_kickers: frozenset[str] = frozenset()
    form_kinds: dict[str, str] = field(default_factory=dict)
    not_sources: frozenset[str] = frozenset()
    person_heads: frozenset[str] = frozenset()
    sourceless: frozenset[str] = frozenset()
    cue_adjectives: frozenset[str] = frozenset()
    perception: frozenset[str] = frozenset()
    other_sense_particles: frozenset[str] = frozenset()
    it_idioms: frozenset[str] = frozenset()
    impersonal_adjectives: frozenset[str] = frozenset()
    in_sources: frozenset[str] = frozenset()
    appearance: frozenset[str] = frozenset()
    plain_speech: frozenset[str] = frozenset()
    response_verbs: frozenset[str] = frozenset()
    aspectual: frozenset[str] = frozenset()


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
    form_kinds: dict[str, str] = {}
    for lemma, kind in verbs.items():
        for f in _inflect(lemma):
            form_kinds.setdefault(f, kind)
    for lemma, form in (raw.get("irregular") or {}).items():
        form_kinds[str(form).lower()] = verbs[str(lemma).lower()]
    forms = set(form_kinds)
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
        object_verbs={str(k).lower(): str(v) for k, v in (raw.get("object_verbs") or {}).items()},
        cue_nouns=frozenset(str(x).lower() for x in raw.get("cue_nouns") or ()),
        headline_kickers=frozenset(str(x).lower() for x in raw.get("headline_kickers") or ()),
        form_kinds=form_kinds,
        not_sources=frozenset(str(x).lower() for x in raw.get("not_sources") or ()),
        sourceless=frozenset(str(x).lower() for x in raw.get("sourceless_passives") or ()),
        cue_adjectives=frozenset(str(x).lower() for x in raw.get("cue_adjectives") or ()),
        perception=frozenset(str(x).lower() for x in raw.get("perception") or ()),
        other_sense_particles=frozenset(str(x).lower() for x in raw.get("other_sense_particles") or ()),
        it_idioms=frozenset(str(x).lower() for x in raw.get("it_idioms") or ()),
        impersonal_adjectives=frozenset(str(x).lower() for x in raw.get("impersonal_adjectives") or ()),
        in_sources=frozenset(str(x).lower() for x in raw.get("in_sources") or ()),
        appearance=frozenset(str(x).lower() for x in raw.get("appearance") or ()),
        plain_speech=frozenset(str(x).lower() for x in raw.get("plain_speech") or ()),
        response_verbs=frozenset(str(x).lower() for x in raw.get("response_verbs") or ()),
        aspectual=frozenset(str(x).lower() for x in raw.get("aspectual") or ()),
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


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


# --- cues ---------------------------------------------------------------------------------

def cue_kind(word: str, lex: Lexicon | None = None) -> str | None:
    """The kind of a reporting verb in any form ("said" -> "speech"), None when not a cue."""
    lex = lex or lexicon()
    return lex.form_kinds.get(word.lower())


def _span(ctx: Context, s: int, e: int) -> Span:
    return Span(s, e, ctx.text[s:e])


DASH_SOURCE = re.compile(r"[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z][^\n“”\"―—–(]{1,60})")
LABEL_LINE = re.compile(r"[\"“]?([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) ?: +(?=\S)")


TITLE_BEFORE = re.compile(r"(?:\b(?:of|on|in|at|for|from|with|the|a|an|to|by|his|her|their|its|titled|called|named)|\w['’]s)\s*$")
WH_FRONT = re.compile(r"(?i)(?:which|what|whatever|who|whom)\b")
IT_CUES = {"say", "write", "state", "report", "show", "find", "note", "warn", "add", "claim", "announce"}


def _that_follows(tok: Any) -> bool:
    """A verb with a that-clause close after it ("X underscored that …"): a cue of some kind,
    unless the clause is a goal or condition ("ensuring that …", "provided that …")."""
    if tok.lemma_.lower() in extra_lexicon()["goal_that_verbs"]:
        return False
    doc = tok.doc
    return any(doc[j].lower_ == "that" for j in range(tok.i + 1, min(len(doc), tok.i + 3)))


def _short(text: str, seg: tuple[int, int]) -> bool:
    """Scare quotes and titles ("“disgusting”", "“The Apprentice,”") are not statements."""
    return _words(text[seg[0]:seg[1]]) < 4


def _overlaps(spans: list[tuple[int, int]], seg: tuple[int, int]) -> bool:
    """Whether a quoted segment overlaps a labelled interview turn ('"WALLACE: …' is the turn)."""
    return any(s < seg[1] and seg[0] < e for s, e in spans)


def _inside(seg_list: list[tuple[int, int]], s: int, e: int) -> tuple[int, int] | None:
    for seg in seg_list:
        if seg[0] <= s and e <= seg[1]:
            return seg
    return None


def _label_lines(ctx: Context, paras: list[tuple[int, int]], resolver: SpeakerResolver,
                 taken: list[tuple[int, int]], lex: Lexicon) -> list[Quote]:
    """"Pence: Gennifer Flowers won't be at debate" — a named speaker label before a line."""
    text = ctx.text
    names = {(m["start"], m["end"]) if isinstance(m, dict) else (m.start, m.end)
             for m in ctx.layers.get("mentions", [])
             if (m["label"] if isinstance(m, dict) else m.label) in ("PERSON", "ORG")}
    out = []
    for pi, (ps, pe) in enumerate(paras):
        if any(ps <= s < pe for s, _ in taken):
            continue
        m = LABEL_LINE.match(text, ps, pe)
        if not m or _words(text[m.end():pe]) < 3:
            continue
        lab = (m.start(1), m.end(1))
        title = pi == 0 and " " not in m.group(1) and m.group(1).lower() not in lex.headline_kickers
        if lab not in names and not m.group(1).isupper() and not title:
            continue
        speaker = resolver.resolve(*lab)
        colon = text.index(":", lab[1])
        cs, ce = trim(text, m.end(), pe)
        out.append(Quote(speaker, _span(ctx, colon, colon + 1), _span(ctx, cs, ce), "direct"))
    return out


def extract(ctx: Context, lex: Lexicon | None = None) -> list[Quote]:
    """All quotes of one document, in text order."""
    lex = lex or lexicon()
    text = ctx.text
    paras = paragraphs(text)
    segs = quote_segments(text, paras)
    resolver = SpeakerResolver(ctx, lex)
    pt = ParsedText(ctx, paras)
    sdoc = spacy_doc(ctx)
    cands = candidate_tokens(sdoc, lex)
    cue_toks = [t for t in cands if is_cue_token(t, lex)]
    adjectives = lex.cue_adjectives | lex.impersonal_adjectives
    obj_toks = [t for t in cands if t.pos_ == "VERB" and t.lemma_.lower() in lex.object_verbs
                or t.pos_ == "NOUN" and t.lemma_.lower() in lex.cue_nouns
                or t.pos_ == "VERB" and _that_follows(t) and not is_cue_token(t, lex)
                or t.pos_ in ("ADJ", "VERB") and t.lower_ in adjectives
                or t.pos_ == "VERB" and t.lemma_.lower() in lex.appearance
                or t.lemma_.lower() in lex.it_idioms and t.i + 1 < len(sdoc) and sdoc[t.i + 1].lower_ == "it"]
    pt.parse_units([t.idx for t in cue_toks + obj_toks])

    def report_verb(t: Any) -> bool:
        return is_cue_token(t, lex) or t.lemma_.lower() in lex.object_verbs
    interview = interviews.detect(ctx, paras, segs, lex, resolver)
    quotes: list[Quote] = []
    used_cues: set[int] = set()
    used_segs: set[tuple[int, int]] = set()

    # 1. interview turns (labelled or dash-led) and quoted-paragraph answers
    if interview is not None:
        for turn in interview.turns:
            quotes.append(Quote(turn.speaker, turn.cue, _span(ctx, turn.start, turn.end), "interview", turn.role))
        for seg in segs:
            if interview.owns_segment(seg) and interview.speaker is not None:
                used_segs.add(seg)
                quotes.append(Quote(replace(interview.speaker), None, _span(ctx, *seg), "interview", "answer"))
    answers = [(q.content.start, q.content.end) for q in quotes if q.role == "answer"]
    turns = [(q.content.start, q.content.end) for q in quotes if q.kind == "interview" and q.cue is not None]
    questions = [(q.content.start, q.content.end) for q in quotes if q.role == "question"]
    quotes += _label_lines(ctx, paras, resolver, answers + questions, lex)
    for q in quotes:
        resolver.remember(q.speaker if q.role != "question" else None)

    def owner_of(s: int, e: int) -> Actor | None:
        for q in quotes:
            if q.role == "answer" and q.content.start <= s and e <= q.content.end:
                return q.speaker
        return None

    # 2. direct quotes with an adjacent cue ("…,” he said", "said: “…”", "“…” ― Name")
    for seg in segs:
        if seg in used_segs or _inside(questions, *seg) or _overlaps(turns, seg):
            continue
        if _short(text, seg) and (not re.search(r"[,?!]\W?$", text[seg[0]:seg[1]]) or TITLE_BEFORE.search(text[max(0, seg[0] - 12):seg[0]])):
            continue  # scare quotes and titles ("the broadcast of “Fox News Sunday,” …")
        if _title(text, seg):
            continue
        dash = DASH_SOURCE.match(text, seg[1])
        if dash and text[dash.end():dash.end() + 1] in ("", "\n", "\u00a0", " "):
            subj: tuple[int, int] | None = trim(text, dash.start(1), dash.end(1))
            mark = re.search(r"[―—–]", dash.group(0))
            assert mark is not None
            cue_span = _span(ctx, dash.start() + mark.start(), dash.start() + mark.end())
        else:
            cue = adjacent_cue(text, seg, cue_toks)
            if cue is None:
                continue
            subj = None
            found = pt.parsed_token(cue.idx)
            if found is not None:
                subj = speaker_span(ctx, subject(found[0], found[1], lex), paras, cue.idx)
            if subj is None or _inside(segs, *subj):
                subj = regex_subject(ctx, seg, cue)
            if subj is None or _inside(segs, *subj) or text[subj[0]:subj[1]].strip().lower() in EXPLETIVE:
                continue
            used_cues.add(cue.idx)
            cue_span = _span(ctx, cue.idx, cue.idx + len(cue.text))
        used_segs.add(seg)
        assert subj is not None
        speaker = resolver.resolve(subj[0], subj[1], quote_speaker=owner_of(*seg))
        resolver.remember(speaker)
        quotes.append(_with_clause(ctx, speaker, cue_span, seg))

    # 3. indirect and mixed speech: the clause (or object) of a parsed cue verb
    for cue in sorted(cue_toks + obj_toks, key=lambda t: t.idx):
        if cue.idx in used_cues or _inside(questions, cue.idx, cue.idx + 1):
            continue
        is_object = cue in obj_toks and not is_cue_token(cue, lex)
        if _inside(segs, cue.idx, cue.idx + 1) and (is_object or not _inside(answers, cue.idx, cue.idx + 1)):
            continue  # speech reported inside someone's quote
        if is_object and (_inside(answers, cue.idx, cue.idx + 1) or any(
                q.content.start <= cue.idx < q.content.end for q in quotes)):
            continue  # an object cue inside reported content is part of that content
        found = pt.parsed_token(cue.idx)
        if found is None:
            continue
        ptok, base = found
        parts: list[tuple[int, int]] | None = None
        # a verb the tagger took for a noun ("Trump claims that …", "The campaign plans to …")
        as_noun = cue.pos_ == "NOUN" and not any(c.dep_ == "nsubj" for c in ptok.children)
        if cue.lower_ in lex.impersonal_adjectives or cue.lemma_.lower() in lex.appearance:
            # "it is clear that …", "Melania seems to have vanished …": no source
            unsourced = impersonal_content(ptok, base) if cue.pos_ == "ADJ" else appearance_content(ptok, base)
            if unsourced is not None and _words(text[unsourced[0]:unsourced[1]]) >= 3 and owner_of(*unsourced) is None \
                    and not _inside(segs, cue.idx, cue.idx + 1):
                used_cues.add(cue.idx)
                quotes.append(Quote(None, _span(ctx, cue.idx, cue.idx + len(cue.text)),
                                    _span(ctx, *trim(text, *unsourced)), "indirect"))
            continue
        if cue.lower_ in lex.cue_adjectives:  # "Democrats are worried that …"
            content, subj4 = adjective_cue(ptok, base)
            subj = speaker_span(ctx, subj4, paras, cue.idx)
        elif cue.lemma_.lower() in lex.it_idioms:  # "as Simonyan put it, …"
            parts = parenthetical(ptok, base)
            content = (parts[0][0], parts[-1][1]) if parts else None
            subj = speaker_span(ctx, subject(ptok, base, lex), paras, cue.idx)
        elif as_noun:
            content, subj = noun_cue(ptok, base)
            subj = clip(subj, paras, cue.idx)
            if subj is None and content is not None and not _inside(segs, cue.idx, cue.idx + 1):
                # "charges that he has …": an attribution that names no source
                cs, ce = trim(text, *content)
                if _words(text[cs:ce]) >= 4 and owner_of(cs, ce) is None:
                    used_cues.add(cue.idx)
                    quotes.append(Quote(None, _span(ctx, cue.idx, cue.idx + len(cue.text)), _span(ctx, cs, ce), "indirect"))
                continue
        else:
            that_cue = is_object and cue.lemma_.lower() not in lex.object_verbs
            parts = content_span(ptok, base, object_cue=is_object and not that_cue, is_cue=report_verb)
            if (that_cue and parts and len(parts) > 1) or not _cue_sense(ptok, lex):
                parts = None
            content = (parts[0][0], parts[-1][1]) if parts else None
            subj = speaker_span(ctx, subject(ptok, base, lex), paras, cue.idx)
            if subj is None:  # "Clinton has been endorsed by dozens of papers": the agent speaks
                subj, passive_content = passive_agent(ptok, base)
                subj = clip(subj, paras, cue.idx)
                if subj is not None and (content is None or is_object):
                    content, parts = passive_content, None
            if subj is None and cue.lemma_.lower() in lex.sourceless:
                # "it was reported that …", "Trump is expected to win": an attribution with no source
                unsourced = sourceless_content(ptok, base, parts)
                if unsourced is not None and _words(text[unsourced[0]:unsourced[1]]) >= 3:
                    used_cues.add(cue.idx)
                    quotes.append(Quote(None, _span(ctx, cue.idx, cue.idx + len(cue.text)),
                                        _span(ctx, *trim(text, *unsourced)), "indirect"))
                continue
        if content is None:
            continue
        if subj is None and owner_of(*content) is None and not _inside(segs, cue.idx, cue.idx + 1):
            # a cue the subject rules leave without a speaker ("took to Twitter to accuse … and
            # encourage Americans to …", "can be heard yelling that …"): the nearest governing
            # verb's subject speaks; an imperative ("Don't forget that …") reports nothing
            loose = clip(_loose_subject(ptok, base), paras, cue.idx)
            cs, ce = trim(text, *content)
            if loose is not None and not _inside(segs, *loose) and _words(text[cs:ce]) >= 3:
                used_cues.add(cue.idx)
                quotes.append(Quote(resolver.resolve(*loose), _span(ctx, cue.idx, cue.idx + len(cue.text)),
                                    _span(ctx, cs, ce), "indirect"))
            continue
        if subj is None or _inside(segs, *subj) and not _inside(answers, *subj):
            continue
        cs, ce = trim(text, *content)
        split = not as_noun and bool(parts) and len(parts or []) > 1
        wh = WH_FRONT.match(text, cs, ce)
        if wh and not split and cs <= subj[0] < cue.idx < ce:
            # "which he said were …", "what Trump says his plan would do": the fronted pronoun
            # and the rest of the clause after the cue
            parts, split = [(cs, wh.end()), (cue.idx + len(cue.text), ce)], True
        if _words(text[cs:ce]) < (1 if is_object and text[cs:cs + 1].isupper() else 2) or cs <= subj[0] < ce and not split:
            continue
        owner = owner_of(cs, ce)
        if owner is not None and text[subj[0]:subj[1]].strip().lower() in lex.first_person:
            continue  # "I think …" inside an answer is the answer itself
        # a quote that closes after the clause's final stop ('… about it."') is inside it
        inner = [sg for sg in segs if cs <= sg[0] and (sg[1] <= ce + 1 or re.fullmatch(r"[\W_]{0,3}", text[ce:sg[1]]))]
        if inner and sum(e - s for s, e in inner) >= 0.9 * (ce - cs):
            if all(_title(text, sg) for sg in inner):
                continue  # "In his book, ''Make Your Kid a Millionaire,'' he suggested …"
            kind = "direct"
        elif inner:
            kind = "mixed"
        else:
            kind = "indirect"
        used_cues.add(cue.idx)
        used_segs.update(inner)
        if text[subj[0]:subj[1]].strip().lower() == "it" and cue.lemma_.lower() not in IT_CUES:
            continue  # "it seems that …", "it does not mean that …"
        speaker = resolver.resolve(*subj, quote_speaker=owner)
        if owner is not None and speaker.kind == "unknown" and speaker.id is None:
            continue  # "these relations have found …" inside an answer: the answer itself
        resolver.remember(speaker)
        cue_span = _span(ctx, cue.idx, cue.idx + len(cue.text))
        if split and parts is not None:
            for ps_, pe_ in parts:  # a statement split by its cue: one row per part
                quotes.append(Quote(replace(speaker), cue_span, _span(ctx, *trim(text, ps_, pe_)), kind))
            continue
        quotes.append(Quote(speaker, cue_span, _span(ctx, cs, ce), kind))

    # 3b. "Limbaugh added:" ending a paragraph: the next paragraph is the statement
    following = [t for t in obj_toks if t.pos_ == "NOUN" and t.lemma_.lower() in lex.cue_nouns
                 and re.search(r"\bthe following\s+$", text[max(0, t.idx - 20):t.idx])]
    for cue in cue_toks + following:
        found = pt.parsed_token(cue.idx)
        if found is not None and cue in following:  # "Sanders made the following comment:"
            found = (found[0].head, found[1]) if found[0].head.pos_ in ("VERB", "AUX") else None
        block = block_after(text, cue.idx + len(cue.text), paras, segs) if cue.idx not in used_cues else None
        if block is None or found is None or _words(text[block[0]:block[1]]) < 5 \
                or any(q.content.start < block[1] and block[0] < q.content.end and q.cue is not None
                       and (q.cue.start < block[0] or q.kind == "interview") for q in quotes):
            continue
        subj = speaker_span(ctx, subject(found[0], found[1], lex), paras, cue.idx)
        if subj is None or text[subj[0]:subj[1]].strip().lower() in EXPLETIVE:
            continue
        used_cues.add(cue.idx)
        used_segs.update(sg for sg in segs if block[0] <= sg[0] and sg[1] <= block[1])
        speaker = resolver.resolve(*subj)
        resolver.remember(speaker)
        quotes.append(Quote(speaker, _span(ctx, cue.idx, cue.idx + len(cue.text)), _span(ctx, *block), "direct",
                            extra={"block": True}))

    # 3c. "according to X, …"
    quotes += _according_to(ctx, lex, resolver, pt)
    taken = [(q.content.start, q.content.end) for q in quotes]
    for cue_at, src, content in in_source(ctx, lex.in_sources, paras, taken):  # "In this poll, Trump rose …"
        quotes.append(Quote(resolver.resolve(*src), _span(ctx, *cue_at), _span(ctx, *content), "indirect"))

    # 4. quoted paragraphs and sentences with no cue continue the previous speaker's quote
    quotes.sort(key=lambda q: q.content.start)
    for seg in segs:
        if seg in used_segs or _words(text[seg[0]:seg[1]]) < 5 or _inside(questions, *seg) or _overlaps(turns, seg):
            continue
        if any(q.content.start <= seg[0] and seg[1] <= q.content.end for q in quotes):
            continue
        para_start = max((ps for ps, _ in paras if ps <= seg[0]), default=0)
        lead_in = text[para_start:seg[0]]
        first_half = _split_quote(quotes, text, seg, para_start)
        if first_half is not None and first_half.speaker is not None:
            # "“…,” Tester said, “you give …”": the second half of one quote
            used_segs.add(seg)
            quotes.append(Quote(replace(first_half.speaker), first_half.cue, _span(ctx, *seg), "direct"))
            continue
        colon = _colon_lead(ctx, pt, segs, lead_in, para_start, seg)
        if colon is not None:  # "I had to change my answer: “Of course I believe …”"
            used_segs.add(seg)
            speaker = resolver.resolve(*colon[1])
            quotes.append(Quote(speaker, _span(ctx, colon[0], colon[0] + 1), _span(ctx, *seg), "direct"))
            continue
        if re.search(r"[.!?][\"”’]?\s*$", lead_in) is None and _words(lead_in) > 0:
            continue  # a phrase quoted inside someone else's sentence, not a statement
        prev = [q for q in quotes if q.content.end <= seg[0] and q.speaker is not None
                and q.role != "question" and seg[0] - q.content.end < 600]
        if not prev:
            continue
        prev.sort(key=lambda q: (q.content.end, q.content.start))  # the nearest statement before
        same_para = [q for q in prev if q.kind == "direct" and q.content.start >= para_start]
        if same_para:  # "“…,” said X, who backed Y. “…”": the quote, not a clause about the speaker
            prev = same_para
        prev_speaker = prev[-1].speaker
        assert prev_speaker is not None
        gap = text[prev[-1].content.end:seg[0]]
        close = para_start <= prev[-1].content.start or len(gap.strip()) <= 80 and "\n" not in gap
        cont_cue = prev[-1].cue if close and prev[-1].kind == "direct" else None
        quotes.append(Quote(replace(prev_speaker), cont_cue, _span(ctx, *seg), "direct"))
    quotes.sort(key=lambda q: (q.content.start, q.content.end))
    quotes = [q for q in quotes if not _asks_addressee(text, q)]
    return _drop_duplicates(_drop_nested(quotes))


SECOND_PERSON = {"you", "your", "yours", "yourself", "yourselves"}


def _asks_addressee(text: str, q: Quote) -> bool:
    """A question about what the listener thinks ("what are your views on …?", "do you believe
    that …?") reports nothing yet: whoever answers speaks, in the answer."""
    if q.speaker is None or q.cue is None or q.speaker.text.lower() not in SECOND_PERSON:
        return False
    end = re.search(r"[.?!\n]", text[q.cue.end:])
    return end is not None and end.group() == "?"


def _cue_sense(tok: Any, lex: Lexicon) -> bool:
    """Whether a cue verb is used in its reporting sense: perception verbs only with a
    that-clause or an "as" complement ("sees that …", "sees X as Y", not "saw the tweet"), and no
    phrasal verb with another meaning ("backed off", "turned down")."""
    if any(c.dep_ == "prt" and c.lower_ in lex.other_sense_particles for c in tok.children):
        return False
    if tok.lemma_.lower() not in lex.perception:
        return True
    objects = [tok] + [c for c in tok.children if c.dep_ == "dobj"]
    return any(c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
               for c in tok.children) or any(c.dep_ == "prep" and c.lower_ == "as" for o in objects for c in o.children)


def _drop_nested(quotes: list[Quote]) -> list[Quote]:
    """Reported speech inside another report is part of that report ("he said he finally
    believes …", "wrote that Trump had claimed a loss …", "say they support changes lawmakers
    are expected to consider"): an indirect quote whose cue and content lie inside an enclosing
    quote's content is dropped. Inside interview answers nested speech keeps its own row
    ("Biden announced that …" in an answer is Biden's)."""
    out = []
    for q in quotes:
        drop = False
        if q.kind in ("indirect", "mixed", "direct") and q.cue is not None and q.role is None:
            for o in quotes:
                if o is q or o.kind == "interview" or o.extra.get("block") or o.content.end - o.content.start <= q.content.end - q.content.start:
                    continue
                oc = o.content
                # a closing mark or stop the enclosing clause left out still counts as inside
                tail = q.content.text[max(0, oc.end - q.content.start):] if q.content.end > oc.end else ""
                if oc.start <= q.cue.start and oc.start <= q.content.start and re.fullmatch(r"[\W_]{0,3}", tail) \
                        and (q.kind != "direct" or o.kind == "mixed" and q.cue.start < oc.end):
                    drop = True
                    break
        if not drop:
            out.append(q)
    return out


def _cue_distance(q: Quote) -> int:
    assert q.cue is not None
    c = q.content
    return 0 if c.start <= q.cue.start < c.end else min(abs(q.cue.start - c.end), abs(c.start - q.cue.end))


def _drop_duplicates(quotes: list[Quote]) -> list[Quote]:
    """Two cues claiming (nearly) the same content ("…,” he said, adding “…”" read both ways, "pointed
    to reports that …", "“Don't you do it,” … says" and "says Don't you do it": the same words with
    and without their quote marks): the cue nearer to the content keeps it."""
    drop: set[int] = set()
    for i, q in enumerate(quotes):
        for j in range(i + 1, len(quotes)):
            o = quotes[j]
            if q.cue is None or o.cue is None or q.cue.start == o.cue.start or "interview" in (q.kind, o.kind):
                continue
            inter = min(q.content.end, o.content.end) - max(q.content.start, o.content.start)
            union = max(q.content.end, o.content.end) - min(q.content.start, o.content.start)
            if inter > 0 and inter >= 0.75 * union:
                drop.add(j if _cue_distance(q) <= _cue_distance(o) else i)
    return [q for k, q in enumerate(quotes) if k not in drop]


def _with_clause(ctx: Context, speaker: Actor, cue: Span, seg: tuple[int, int]) -> Quote:
    """A direct quote after its cue whose clause goes on past the closing mark ("said that,
    “Of course he will defend himself” against what he sees as …") is a mixed quote of the
    whole clause, from "that" on."""
    text = ctx.text
    if cue.end <= seg[0] and re.fullmatch(r"\s*that\W*", text[cue.end:seg[0]]):
        end = clause_end(text, seg[1])
        rest = text[seg[1]:end]
        if _words(rest) >= 3 and "\n" not in rest:
            s, e = trim(text, cue.end, end)
            return Quote(speaker, cue, _span(ctx, s, e), "mixed")
    return Quote(speaker, cue, _span(ctx, *seg), "direct")


def _split_quote(quotes: list[Quote], text: str, seg: tuple[int, int], para_start: int) -> Quote | None:
    """The direct quote that a quoted segment continues across its cue in one sentence
    ("“…,” he said, “…”"; after a full stop the segment is a new statement)."""
    for q in quotes:
        if q.kind != "direct" or q.cue is None or q.speaker is None or q.content.start < para_start:
            continue
        if not (q.content.end <= q.cue.start and q.cue.end <= seg[0]):
            continue
        gap = ABBREV_ANY.sub("", text[q.content.end:seg[0]])  # "said in Kenansville, N.C., “…”"
        if len(gap) <= 80 and "\n" not in gap and SPLIT_GAP.fullmatch(gap):
            return q
    return None


ACCORDING = re.compile(r"\b(according to|as stated by|in the words of)\s+", re.I)


def _according_to(ctx: Context, lex: Lexicon, resolver: SpeakerResolver, pt: ParsedText) -> list[Quote]:
    text = ctx.text
    out = []
    for m in ACCORDING.finditer(text):
        if m.group(1).lower() not in lex.prepositional:
            continue
        sents = sentence_spans(ctx)
        si = sent_index(sents, m.start())
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
        src = trim(text, sm.start(), src_end)
        if not _is_source(ctx, src, lex):
            continue
        clipped = clip((ss, se), pt.paras, m.start())
        assert clipped is not None
        ss, se = clipped
        before = trim(text, ss, m.start())
        after = trim(text, src[1], se)
        # "X, according to Y, …": the clause before; "According to Y, X": the clause after
        content = before if _words(text[before[0]:before[1]]) >= 3 else after
        content = (content[0], content[1] - (1 if text[content[1] - 1:content[1]] == "." else 0))
        if _words(text[content[0]:content[1]]) < 3:
            continue
        speaker = resolver.resolve(*src)
        out.append(Quote(speaker, _span(ctx, m.start(), m.start() + len(m.group(1))),
                         _span(ctx, *content), "indirect"))
    return out


def _is_source(ctx: Context, span: tuple[int, int], lex: Lexicon) -> bool:
    """Whether the phrase after "according to" names a source (not "plan", "the law", …)."""
    words = toks(ctx.text[span[0]:span[1]])
    return bool(words) and not (set(words) & lex.not_sources)


def quote_at(ctx: Context, start: int, end: int) -> dict[str, Any] | None:
    """The quote (as a dict) whose content contains [start, end): the innermost one."""
    best: dict[str, Any] | None = None
    layer = ctx.layers.get("quotes", [])
    cached = ctx.cache.get("quote_dicts")
    if cached is None or cached[0] is not layer or cached[1] != len(layer):
        # converted once per document, not once per event asking
        cached = (layer, len(layer), [q.to_dict() if hasattr(q, "to_dict") else q for q in layer])
        ctx.cache["quote_dicts"] = cached
    for d in cached[2]:
        c = d["content"]
        if c["start"] <= start and end <= c["end"]:
            if best is None or c["end"] - c["start"] < best["content"]["end"] - best["content"]["start"]:
                best = d
    return best

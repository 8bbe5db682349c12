"""Interview structure for quote extraction: who is interviewed, which paragraphs answer.

Three renderings are recognised:

* labelled turns ("Alwaght: …?" / "Modaber: …"),
* dash-led turns ("–Iran and Russia have …?" / "–In reality …"), where a turn ending with a
  question mark is a question and the others are answers,
* quoted-paragraph answers: unquoted questions and answers that open with a quote mark.

The interviewee comes from the lead ("X sat down with IRAS for an exclusive interview",
"X, in a discussion with …", "… arranged an interview with X"), the phrases being listed in
``data/reporting_verbs.yaml``. Questions are never attributed to the interviewee: labelled
questions go to their label (the interviewer), unlabelled ones are not quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .models import Actor, Span
from .registry import Context

if TYPE_CHECKING:
    from .quotes import Lexicon, SpeakerResolver

LABEL_RE = re.compile(r"[\"“]?([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}) ?: +(?=\S)")
DASH_RE = re.compile(r"[–—-] ?(?=\S)")
QUOTE_OPEN = "“\"«„"
LEAD_WINDOW = 20  # paragraphs searched for the lead


@dataclass
class Turn:
    start: int
    end: int
    speaker: Actor | None
    cue: Span | None
    role: str  # "answer" | "question"


@dataclass
class Interview:
    speaker: Actor | None
    turns: list[Turn] = field(default_factory=list)
    answer_starts: set[int] = field(default_factory=set)  # paragraph starts of quoted answers

    def owns_segment(self, seg: tuple[int, int]) -> bool:
        return seg[0] in self.answer_starts


def _junk(text: str, s: int, e: int) -> bool:
    t = text[s:e].strip()
    return len(t) < 40 and not re.search(r"[.!?”\"’]$", t)


def _is_question(text: str, s: int, e: int) -> bool:
    return text[s:e].rstrip().endswith("?")


def _lead(ctx: Context, paras: list[tuple[int, int]], lex: Lexicon) -> tuple[int, tuple[int, int]] | None:
    """(paragraph index, interviewee span) from the first lead phrase."""
    text = ctx.text
    mentions = [m for m in ctx.layers.get("mentions", [])
                if (m["label"] if isinstance(m, dict) else m.label) == "PERSON"]
    spans = sorted(((m["start"], m["end"]) if isinstance(m, dict) else (m.start, m.end)) for m in mentions)
    for pi, (ps, pe) in enumerate(paras[:LEAD_WINDOW]):
        low = text[ps:pe].lower()
        for pattern, where in lex.leads:
            m = re.search(r"\b" + re.escape(pattern) + r"\b", low)
            if not m:
                continue
            if "interview" not in low and "discussion" not in low and "conversation" not in low:
                continue
            ms, me = ps + m.start(), ps + m.end()
            if where == "subject":
                before = [sp for sp in spans if ps <= sp[0] and sp[1] <= ms]
                if before:
                    return pi, before[-1]
                cut = re.match(r"[^,(]{2,80}", text[ps:ms])
                if cut:
                    return pi, (ps, ps + len(cut.group().rstrip()))
            else:
                after = [sp for sp in spans if me <= sp[0] < pe]
                if after:
                    return pi, after[0]
                cut = re.match(r"\s*([^,.;(]{2,80})", text[me:pe])
                if cut:
                    return pi, (me + cut.start(1), me + cut.end(1))
    return None


def _extent(text: str, paras: list[tuple[int, int]], i: int, is_turn: Any) -> int:
    """End offset of a turn starting at paragraph i: it runs over continuation paragraphs."""
    end = paras[i][1]
    for ps, pe in paras[i + 1:]:
        if is_turn(ps, pe) or _junk(text, ps, pe) or _is_question(text, ps, pe):
            break
        end = pe
    return end


def detect(ctx: Context, paras: list[tuple[int, int]], segs: list[tuple[int, int]],
           lex: Lexicon, resolver: SpeakerResolver) -> Interview | None:
    text = ctx.text
    lead = _lead(ctx, paras, lex)
    speaker = resolver.resolve(*lead[1]) if lead else None
    if speaker is not None:
        speaker = replace(speaker, kind=speaker.kind if speaker.kind != "unknown" else "person")
    first = lead[0] + 1 if lead else 0

    # labelled turns
    labels: dict[str, list[int]] = {}
    for i, (ps, pe) in enumerate(paras):
        m = LABEL_RE.match(text, ps, pe)
        if m and len(m.group(1)) <= 40:
            labels.setdefault(m.group(1), []).append(i)
    turn_labels = {k: v for k, v in labels.items() if len(v) >= 2}
    if sum(len(v) for v in turn_labels.values()) >= 3:
        return _labelled(ctx, paras, turn_labels, lex, resolver, speaker)

    # dash-led turns
    dash = [i for i, (ps, pe) in enumerate(paras) if i >= first and DASH_RE.match(text, ps, pe)]
    if len(dash) >= 3 and any(_is_question(text, *paras[i]) for i in dash) and speaker is not None:
        iv = Interview(speaker)
        dash_set = set(dash)

        def is_turn(ps: int, pe: int) -> bool:
            return DASH_RE.match(text, ps, pe) is not None

        for i in dash:
            ps, pe = paras[i]
            if _is_question(text, ps, pe):
                continue
            m = DASH_RE.match(text, ps, pe)
            assert m is not None
            end = _extent(text, paras, i, is_turn)
            iv.turns.append(Turn(m.end(), end, replace(speaker), Span(ps, ps + 1, text[ps:ps + 1]), "answer"))
        del dash_set
        return iv

    # quoted-paragraph answers
    if lead is None:
        return None
    opened = [i for i in range(first, len(paras)) if text[paras[i][0]] in QUOTE_OPEN]
    asked = [i for i in range(first, len(paras))
             if text[paras[i][0]] not in QUOTE_OPEN and _is_question(text, *paras[i])]
    if len(opened) >= 2 and asked:
        seg_starts = {s for s, _ in segs}
        starts = {paras[i][0] for i in opened if paras[i][0] in seg_starts}
        return Interview(speaker, answer_starts=starts)
    return None


def _labelled(ctx: Context, paras: list[tuple[int, int]], labels: dict[str, list[int]], lex: Lexicon,
              resolver: SpeakerResolver, lead_speaker: Actor | None) -> Interview:
    text = ctx.text
    interviewer: set[str] = set()
    for label, idxs in labels.items():
        qs = sum(1 for i in idxs if _is_question(text, *paras[i]))
        if label.lower() in lex.interviewer_labels or qs * 2 > len(idxs):
            interviewer.add(label)
    lead_words = set(re.findall(r"\w+", lead_speaker.text.lower())) if lead_speaker else set()
    starts = {paras[i][0] for idxs in labels.values() for i in idxs}

    def is_turn(ps: int, pe: int) -> bool:
        return ps in starts

    iv = Interview(lead_speaker)
    for label, idxs in labels.items():
        for i in idxs:
            ps, pe = paras[i]
            m = LABEL_RE.match(text, ps, pe)
            assert m is not None
            lab = (ps, ps + len(m.group(1)))
            colon = text.index(":", lab[1])
            cue = Span(colon, colon + 1, ":")
            if label in interviewer:
                who = resolver.resolve(*lab, coref=False)
                iv.turns.append(Turn(m.end(), pe, who, cue, "question"))
                continue
            end = _extent(text, paras, i, is_turn)
            if lead_speaker is not None and set(re.findall(r"\w+", label.lower())) <= lead_words:
                who = replace(lead_speaker, text=text[lab[0]:lab[1]], start=lab[0], end=lab[1])
            else:
                who = resolver.resolve(*lab)
            iv.turns.append(Turn(m.end(), end, who, cue, "answer"))
    iv.turns.sort(key=lambda t: t.start)
    return iv

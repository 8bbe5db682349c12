"""Quote marks and the spans around them: paragraphs, quoted segments (multi-paragraph
quotes included), where the clause after a closing mark ends, and the cue right next to a
quoted segment."""

from __future__ import annotations

import re
from typing import Any

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
    after = text[e] if e < len(text) else " "
    if ch in CLOSERS:  # a closing mark that opens a paragraph is a typo for an opening one
        return s == para_start and not after.isspace()
    before = text[s - 1] if s > para_start else " "
    return (before.isspace() or before in "([—–-:,") and not after.isspace()


def _closes(text: str, s: int, e: int, ch: str, para_start: int) -> bool:
    if ch in CLOSERS:
        return True
    if ch in OPENERS:
        return False
    after = text[e] if e < len(text) else " "
    # "… 'African American outreach,' " he told …": a straight mark after a space closes when
    # no word follows it
    return s > para_start and (not text[s - 1].isspace() or after.isspace() or after in ",.;:!?)")


def _straight(ch: str) -> bool:
    return ch not in OPENERS and ch not in CLOSERS


def _inner_quote(text: str, marks: list[tuple[int, int, str]], i: int, open_ch: str, ps: int) -> int | None:
    """Index of the mark closing a quote nested at marks[i] inside a quote opened with open_ch,
    when the two use different kinds of marks (straight outside, curly inside, or the other way
    round) and the outer quote closes after it in the same paragraph; otherwise None."""
    s, e, ch = marks[i]
    straight_out = open_ch not in OPENERS and open_ch not in CLOSERS
    if straight_out and ch in OPENERS:
        ends = [j for j in range(i + 1, len(marks)) if marks[j][2] in CLOSERS]
    elif not straight_out and ch not in OPENERS and ch not in CLOSERS and _opens(text, s, e, ch, ps) \
            and not _closes(text, s, e, ch, ps):
        ends = [j for j in range(i + 1, len(marks)) if marks[j][2] == ch and _closes(text, *marks[j][:2], ch, ps)]
    else:
        return None
    if not ends:
        return None
    j = ends[0]
    for k in range(j + 1, len(marks)):
        ks, ke, kch = marks[k]
        if (kch in CLOSERS) if not straight_out else (kch not in OPENERS and _closes(text, ks, ke, kch, ps)):
            return j
    return None


def quote_segments(text: str, paras: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Spans of text between quote marks, marks included.

    A quote left open at the end of a paragraph goes on when the next paragraph opens with
    a quote mark (the convention for multi-paragraph quotes); otherwise it ends there.
    """
    paras = paragraphs(text) if paras is None else paras
    segs: list[tuple[int, int]] = []
    pending: int | None = None
    pending_end = 0
    open_ch = ""
    for ps, pe in paras:
        marks = [(m.start(), m.end(), m.group()) for m in MARK_RE.finditer(text, ps, pe)]
        open_at: int | None = None
        if pending is not None:
            if marks and marks[0][0] == ps and _opens(text, ps, marks[0][1], marks[0][2], ps) \
                    and _straight(marks[0][2]) == _straight(open_ch):
                open_at = pending
                marks = marks[1:]
            else:
                segs.append((pending, pending_end))
            pending = None
        skip_to = -1
        for i, (s, e, ch) in enumerate(marks):
            if i <= skip_to:
                continue
            if open_at is None:
                if _opens(text, s, e, ch, ps):
                    open_at, open_ch = s, ch
                continue
            inner = _inner_quote(text, marks, i, open_ch, ps)
            if inner is not None:
                skip_to = inner  # a quote of the other kind inside this one ("… “…” …")
            elif _closes(text, s, e, ch, ps):
                segs.append((open_at, e))
                open_at = None
            elif ch in OPENERS and open_at >= ps:
                open_at, open_ch = s, ch  # a stray opener earlier in this paragraph: restart here
        if open_at is not None:
            pending, pending_end = open_at, pe
    if pending is not None:
        segs.append((pending, pending_end))
    return segs


ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Lt|Col|St|Jr|Sr|Prof|Rev|Sgt|Capt|Adm|No|Vol|Inc|Co|Corp|[A-Z]))\.$")
CLAUSE_END = re.compile(r"[.!?\n“«]|(?<=\w)[,;](?=\s+(?:and|but|while|as|who)\b)")


APPOSED = re.compile(r"[\s,’'”\"]*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*\s*(?:\([^)]*\)\s*)?,[^.!?;“”\"]+,\s*")
BEFORE_GAP = re.compile(r"[\s:,]*(?:(?:[\w’'-]+\s+){0,4}that)?[\s:,]*")
# "told his radio audience on Monday, “…”", "said in a statement: “…”": the listener, time or
# occasion between the cue and the quote
OCCASION_GAP = re.compile(r"\s+(?:[\w’'.-]+\s+){0,8}[\w’'.-]+\s*[,:]\s*")
# "“…,” Jordan said, and still “…”", "“…,” he said, but “…”": one quote split by its cue
SPLIT_GAP = re.compile(r"[^.!?;“”\"]*,\s*(?:(?:and|but|then|and then|and still)\s+)?")
ABBREV_ANY = re.compile(r"\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Lt|Col|St|Jr|Sr|Prof|Rev)\.")


def clause_end(text: str, start: int) -> int:
    """Where the clause after a closing quote mark ends (abbreviations such as "Mr." do not end it)."""
    pos = start
    while True:
        m = CLAUSE_END.search(text, pos)
        if m is None:
            return len(text)
        if m.group() == "." and (ABBREV.search(text[max(0, m.start() - 6):m.end()])
                                 or text.count("(", start, m.start()) > text.count(")", start, m.start())):
            pos = m.end()  # "Mr.", "Rep. John Mica (R-Fla.) said"
            continue
        return m.start()


def adjacent_cue(text: str, seg: tuple[int, int], cue_toks: list[Any]) -> Any | None:
    """A cue right after the quote (``…,” he said``) or right before it (``said: “…``)."""
    s, e = seg
    stop = min(clause_end(text, e), e + 200)
    after = [t for t in cue_toks if e <= t.idx < stop]
    if re.search(r"\.\W{0,2}$", text[s:e]):
        after = []  # the quoted sentence is finished: a cue after it starts a new statement
    if after:
        gap = text[e:after[0].idx]
        # "“…,” Leonard Burman, director of X and a professor at Y, said": "and" inside the
        # speaker's apposition
        conj = r"but|while|because|although|though|when|if|so" if APPOSED.fullmatch(gap) else \
            r"but|and|while|because|although|though|when|if|so"
        if gap.count(",") <= 2 and (len(gap) <= 120 or APPOSED.fullmatch(gap)) and not re.search(rf"\b(?:{conj})\b", gap):
            return after[0]
    before = [t for t in cue_toks if s - 60 <= t.idx + len(t.text) <= s and t.idx < s]
    if before:
        t = before[-1]
        gap = text[t.idx + len(t.text):s]
        if BEFORE_GAP.fullmatch(gap):
            return t
        if OCCASION_GAP.fullmatch(gap) and re.search(r"[.!?]", gap) is None:
            return t
    return None


# "Limbaugh added:", "He said in a statement:" closing a paragraph: the next paragraph is what
# was said (a block quote, quoted or not)
COLON_END = re.compile(r"[ \t\u00a0]*(?:(?:in|on|at|to|during|after|before|with)\b[^:.!?\n“”\"]{0,60})?:\s*$")


def block_after(text: str, cue_end: int, paras: list[tuple[int, int]],
                segs: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The paragraph (or the quote it opens) after a cue that ends its own paragraph with a colon."""
    for i, (ps, pe) in enumerate(paras):
        if not ps <= cue_end <= pe:
            continue
        if COLON_END.fullmatch(text, cue_end, pe) is None or i + 1 == len(paras):
            return None
        ns, ne = paras[i + 1]
        for s, e in segs:
            if s == ns:  # a quote opening the paragraph, however many paragraphs it runs
                return s, max(e, ne)
        return ns, ne
    return None

"""Quote rules for leads and titles: a quoted title in mid-sentence, the subject of the nearest
governing verb for a cue with none of its own, and a quoted sentence after a clause that ends
with a colon."""

from __future__ import annotations

import re
from typing import Any

from .quote_syntax import EXPLETIVE, ParsedText, clip, core
from .registry import Context


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _inside(seg_list: list[tuple[int, int]], s: int, e: int) -> tuple[int, int] | None:
    for seg in seg_list:
        if seg[0] <= s and e <= seg[1]:
            return seg
    return None


MINOR = {"a", "an", "the", "of", "in", "on", "and", "or", "to", "for", "at", "by", "with", "is", "as"}


def title(text: str, seg: tuple[int, int]) -> bool:
    """A title in the middle of a sentence ("In his 2002 book, ''Make Your Kid a Millionaire,''
    Mr. McKinley suggested …", "the anthem “A Change Is Gonna Come,” she added"): every word
    capitalised, after a word or comma of the same sentence."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text[seg[0]:seg[1]])
    if len(words) < 2 or not all(w[0].isupper() for w in words if w.lower() not in MINOR):
        return False
    before = text[max(0, seg[0] - 40):seg[0]].rstrip(" \t")
    return bool(re.search(r"[\w,]$", before)) and not re.search(r"\n\s*$", text[max(0, seg[0] - 3):seg[0]])


def colon_lead(ctx: Context, pt: ParsedText, segs: list[tuple[int, int]], lead_in: str, para_start: int,
                seg: tuple[int, int]) -> tuple[int, tuple[int, int]] | None:
    """A quoted sentence after a clause that ends with a colon in the same paragraph ("The piece
    used one of her quotes as its headline: “…”", "I had to change my answer: “…”"): the
    colon's offset and the span of the clause's subject, who speaks."""
    m = re.search(r"(\w[\w’'\")]*)\s*:\s*$", lead_in)
    text = ctx.text
    if m is None or not re.match(r"\W*[A-Z]", text[seg[0]:seg[1]]):
        return None
    at = para_start + m.end(1) + lead_in[m.end(1):].index(":")
    clause = re.split(r"[.!?][\"”’]?\s+", lead_in[:m.end(1)])[-1]
    if _words(clause) < 3:
        return None
    found = pt.parsed_token(at)
    if found is None:
        return None
    root = found[0].head  # the verb the colon closes
    while root.pos_ not in ("VERB", "AUX") and root.head.i != root.i:
        root = root.head
    if root.pos_ not in ("VERB", "AUX"):
        return None
    subj = clip(loose_subject(root, found[1]), pt.paras, at)
    if subj is None or _inside(segs, *subj) or not (para_start <= subj[0] < at):
        return None
    return at, subj


def loose_subject(tok: Any, base: int) -> tuple[int, int] | None:
    """The subject of the nearest governing verb that has one ("Obama and Clinton call them … and
    describe …", "took to Twitter to accuse … and encourage …", "can be heard yelling …"), for
    a cue whose own subject the parse does not give. A passive cue with an agent ("as stated by
    X") or an "as" aside speaks for its own source, never for the clause around it."""
    if any(c.dep_ == "agent" or (c.dep_ == "mark" and c.lower_ == "as") for c in tok.children):
        return None
    node = tok
    for _ in range(6):
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if node is not tok and tok.dep_ == "xcomp" and tok.head.i == node.i:
            # object control: "pressed Stumpf to admit …", "requiring police to tell …"
            subj = [c for c in node.children if c.dep_ in ("dobj", "dative") and c.i < tok.i] or subj
        if subj:
            st = subj[0]
            if st.lower_ in ("who", "which", "that") and node.dep_ == "relcl":
                st = node.head
            if st.lower_ in EXPLETIVE or st.lower_ == "it":
                return None
            return core(st, base)
        if node.head.i == node.i:
            return None
        node = node.head
    return None

"""Speaker resolution for quotes: names, titles, descriptions and pronouns to actors.

A speaker span is first given to :func:`legation.actors.resolve_phrase` (registry names,
titles with dates, descriptions). What the registry cannot place is resolved within the
document: a pronoun ("he", "the official") to the nearest earlier speaker, a surname to the
person introduced earlier with the full name, a description ("former Iran's envoy to
Finland") to the earlier person whose surrounding words fit it best. What is still unplaced
becomes an actor with ``id`` None and the speaker's own words as ``name``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .models import Actor
from .registry import Context

if TYPE_CHECKING:
    from .quotes import Lexicon

STOP = {"the", "a", "an", "of", "to", "in", "on", "for", "and", "'s", "’s", "s", "with", "at",
        "by", "from", "his", "her", "its", "their", "this", "that", "former", "new"}
PRONOUNS = {"he", "she", "they", "him", "her", "it", "i", "we", "you"}


def resolve_phrase(ctx: Context, start: int, end: int) -> list[Actor]:
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


def toks(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", text.lower().replace("’s", "").replace("'s", ""))]


def _as_speaker(ref: Actor | Person, text: str, start: int, end: int,
                persons: list[Person] | None = None) -> Actor:
    if isinstance(ref, Person):
        if ref.actor is None and persons:
            # the same person as an actor elsewhere in the text (same name or same span)
            for p in persons:
                if p.actor is not None and p.actor.id and (
                        p.actor.name == ref.text or p.text == ref.text or p.start <= ref.start < p.end):
                    ref = p
                    break
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
            pw = toks(p.text)
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
        return set(toks(left + " " + right))

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
        words = toks(text)
        low = text.strip().lower()
        if not coref:
            cands = resolve_phrase(self.ctx, start, end)
            if cands:
                return replace(cands[0], text=text, start=start, end=end)
            return Actor(text=text, start=start, end=end, id=None, name=text.strip(), kind="unknown")
        if low in self.lex.first_person and quote_speaker is not None:
            return replace(quote_speaker, text=text, start=start, end=end)
        if low == "it":  # a document, a body or a country: never the last person who spoke
            return Actor(text=text, start=start, end=end, id=None, name=text.strip(), kind="unknown")
        if low in PRONOUNS:
            ref = self._last_speaker(start)
            if ref is None:
                prev = [p for p in self.persons if p.end <= start]
                if prev:
                    return _as_speaker(prev[-1], text, start, end, self.persons)
                return Actor(text=text, start=start, end=end, id=None, name=text, kind="unknown")
            return _as_speaker(ref, text, start, end)
        cands = resolve_phrase(self.ctx, start, end)
        for c in cands:
            if c.id is not None:
                return replace(c, text=text, start=start, end=end)
        proper = bool(words) and all(w[:1].isupper() for w in re.findall(r"[A-Za-z][\w’'-]*", text)
                                     if w.lower() not in STOP)
        if proper and len(words) <= 4:
            p = self._by_name(words, start)
            if p is not None:
                return _as_speaker(p, text, start, end, self.persons)
        head = words[-1] if words else ""
        personal = head in self.lex.generic_heads or head in self.lex.person_heads
        p = self._by_description(words, start) if personal and not proper else None
        if p is not None:
            return _as_speaker(p, text, start, end, self.persons)
        if head in self.lex.generic_heads and not proper:
            ref = self._last_speaker(start)
            if ref is not None:
                return _as_speaker(ref, text, start, end)
        if cands:
            c = cands[0]
            return replace(c, text=text, start=start, end=end, name=c.name or text)
        return Actor(text=text, start=start, end=end, id=None, name=text.strip(), kind="unknown")

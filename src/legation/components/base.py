"""Base NLP stage: sentences and named-entity mentions for the whole cleaned text."""

from __future__ import annotations

from ..models import Mention, Sentence
from ..nlp import get_nlp, sentence_spans
from ..registry import Context, component


def _fill(ctx: Context) -> None:
    text = ctx.text  # the Doc's text: slices are Span.text without rebuilding it token by token
    sents = []
    for s in sentence_spans(ctx):
        stripped = text[s.start_char:s.end_char].rstrip()
        if stripped:
            sents.append(Sentence(s.start_char, s.start_char + len(stripped)))
    ctx.layers["sentences"] = sents
    ctx.layers["mentions"] = [
        Mention(e.start_char, e.end_char, text[e.start_char:e.end_char], e.label_) for e in ctx.cache["spacy"].ents
    ]


def _pipe(contexts: list[Context]) -> None:
    todo = [c for c in contexts if "spacy" not in c.cache]
    if todo:  # no model load for a batch with nothing to analyse
        docs = get_nlp().pipe((c.text for c in todo), batch_size=16)
        for ctx, doc in zip(todo, docs, strict=True):
            ctx.cache["spacy"] = doc
    for ctx in contexts:
        _fill(ctx)


@component("nlp", adds=["sentences", "mentions"], pipe=_pipe)
def nlp_stage(ctx: Context) -> None:
    if "spacy" not in ctx.cache:
        ctx.cache["spacy"] = get_nlp()(ctx.text)
    _fill(ctx)

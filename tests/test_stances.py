"""Stances on small texts written for these tests, and issue normalisation."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from legation.issues import cluster, issue_id, normalise_store
from legation.models import Document
from legation.pipeline import Pipeline
from legation.registry import Context
from legation.stances import Stance, extract, key_phrase


def run(text: str, date: str = "2024-01-27") -> list[Stance]:
    ctx = Context(Document(id="t", source="t", text=text, published=date, published_precision="day"))
    Pipeline(["quotes"]).analyse([ctx])
    return extract(ctx)


def table(stances: list[Stance]) -> set[tuple[str | None, str, str]]:
    return {(s.holder.country, s.position, s.issue) for s in stances}


def test_for_and_against_with_an_anaphoric_issue():
    got = run("Russia supports the two-state solution, but Iran is against the idea.")
    assert ("RUS", "for", "two-state solution") in table(got)
    assert ("IRN", "against", "two-state solution") in table(got)


def test_group_subject_expands_to_the_pair_named_before():
    got = run("There is a difference between Tehran and Moscow. "
              "Both believe in an immediate ceasefire in Gaza and oppose attacks on hospitals.")
    t = table(got)
    for c in ("IRN", "RUS"):
        assert (c, "for", "immediate ceasefire in gaza") in t
        assert (c, "against", "attacks on hospitals") in t


def test_negated_judgement_and_contrast():
    got = run("Unlike the United States, Russia does not consider Hamas a terrorist organization.")
    t = table(got)
    assert ("RUS", "against", "hamas as terrorist organization") in t
    assert ("USA", "for", "hamas as terrorist organization") in t


def test_negation_flips_a_verb():
    got = run("Turkey does not support the new sanctions on Iran.")
    assert ("TUR", "against", "new sanctions on iran") in table(got)


def test_evidence_and_holder_spans_are_offsets_into_the_text():
    text = "Earlier this week, China backed the peace plan for Ukraine."
    for s in run(text):
        assert text[s.evidence.start:s.evidence.end] == s.evidence.text
        assert text[s.holder.start:s.holder.end] == s.holder.text
        assert text[s.issue_span.start:s.issue_span.end] == s.issue_span.text
        assert set(s.to_dict()) >= {"holder", "issue", "position", "evidence"}


def test_no_stance_without_an_actor():
    assert run("The weather supports a quick harvest.") == []


def test_key_phrase():
    assert key_phrase("The two-state solution") == "two-state solution"
    assert key_phrase("Russia’s role") == "russia role"


def _fake_embed(phrases):
    """Deterministic unit vectors: phrases sharing their last word point the same way."""
    vocab = sorted({p.split()[-1] for p in phrases})
    out = np.zeros((len(phrases), len(vocab) + 1))
    for i, p in enumerate(phrases):
        out[i, vocab.index(p.split()[-1])] = 1.0
        out[i, -1] = 0.05 * len(p.split())
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_cluster_names_each_group_by_its_most_frequent_phrase():
    phrases = ["two-state solution", "two-state solution", "a two state solution", "ceasefire in gaza", "gaza ceasefire"]
    names = cluster(phrases, Counter(phrases), embed=_fake_embed)
    assert names["a two state solution"] == "two-state solution"
    assert names["ceasefire in gaza"] != names["two-state solution"]
    assert issue_id("x") == issue_id("x") != issue_id("y")


@pytest.mark.slow
def test_minilm_puts_paraphrases_together_and_keeps_issues_apart():
    phrases = ["two-state solution", "a two-state solution for palestine", "immediate ceasefire in gaza",
               "ceasefire in gaza", "hamas as terrorist organization"]
    names = cluster(phrases)
    assert names["a two-state solution for palestine"] == names["two-state solution"]
    assert names["ceasefire in gaza"] == names["immediate ceasefire in gaza"]
    assert len(set(names.values())) == 3


class _Store:
    def __init__(self, items):
        self.items = items
        self.replaced = {}

    def layer(self, name, doc_id=None, filters=(), limit=None):
        return iter([dict(i) for i in self.items])

    def replace_layer(self, doc_id, name, items):
        self.replaced[doc_id] = items


def test_normalise_store_rewrites_only_changed_documents(monkeypatch):
    monkeypatch.setattr("legation.embeddings.embed", _fake_embed)
    items = [{"doc_id": "a", "issue": "two-state solution"}, {"doc_id": "b", "issue": "a two state solution"},
             {"doc_id": "b", "issue": "two-state solution"}]
    store = _Store(items)
    assert normalise_store(store) == 2
    labels = {i["issue"] for items in store.replaced.values() for i in items}
    assert labels == {"two-state solution"}
    again = _Store([i for items in store.replaced.values() for i in items])
    assert normalise_store(again) == 0

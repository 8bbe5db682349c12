"""Gold set ``stories``: story clustering, pair F1 and BCubed F1.

The gold clusters are generated deterministically (``legation.storygen``: variants of
team-written base articles — copies, reordered paragraphs, boilerplate, paraphrases,
partial copies, summaries — with hard negatives on the same topics), plus the real seed
articles with their known clustering when ``corpus/seeds`` sits beside the gold folder
(three renderings of one interview form one story; the other two stand alone).

Metrics: ``pair_*`` and ``bcubed_*`` on the generated set with MinHash + TF-IDF features
(the scale mode); ``seeds_*`` on the seeds with MiniLM passage embeddings as well (the
ingest mode, real cleaning). ``cluster_generated(..., embeddings=True)`` measures the
ingest mode on generated data; it is left out of the set because MiniLM on CPU takes
minutes for a few hundred documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..storygen import generate
from . import gold_set, prf

GEN_STORIES = 600
SEED_STORIES = {"000": "interview", "001": "interview", "004": "interview"}  # others alone


def pair_counts(gold: dict[str, str], pred: dict[str, str]) -> tuple[int, int, int]:
    """(tp, fp, fn) over unordered document pairs put together."""

    def pairs(labels: dict[str, str]) -> int:
        return sum(c * (c - 1) // 2 for c in Counter(labels.values()).values())

    joint = Counter((gold[d], pred[d]) for d in gold)
    tp = sum(c * (c - 1) // 2 for c in joint.values())
    return tp, pairs(pred) - tp, pairs(gold) - tp


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> dict[str, float]:
    """BCubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over documents."""
    gsize, psize = Counter(gold.values()), Counter(pred.values())
    joint = Counter((gold[d], pred[d]) for d in gold)
    p = sum(joint[(gold[d], pred[d])] / psize[pred[d]] for d in gold) / len(gold)
    r = sum(joint[(gold[d], pred[d])] / gsize[gold[d]] for d in gold) / len(gold)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def scores(gold: dict[str, str], pred: dict[str, str], prefix: str) -> dict[str, float]:
    out = {f"{prefix}pair_{k}": v for k, v in prf(*pair_counts(gold, pred)).items()}
    out.update({f"{prefix}bcubed_{k}": v for k, v in bcubed(gold, pred).items()})
    out[f"{prefix}n_docs"] = float(len(gold))
    return out


def cluster_generated(n_stories: int, seed: int, embeddings: bool) -> tuple[dict[str, str], dict[str, str]]:
    from .. import align
    from ..stories import NewDoc, StoryIndex

    docs = list(generate(n_stories, seed=seed))
    index = StoryIndex(embeddings=embeddings)
    batch = []
    for d in docs:
        vecs = None
        if embeddings:
            spans = align.passages(d.text)
            vecs = align.embed([d.text[s:e] for s, e in spans])
        batch.append(NewDoc(d.id, d.text, d.published, None, vecs))
    for k in range(0, len(batch), 500):
        index.add_batch(batch[k:k + 500])
    pred = {m.doc_id: m.story_id for m in index.members}
    return {d.id: d.story for d in docs}, pred


def cluster_seeds(seeds: Iterable[Path]) -> tuple[dict[str, str], dict[str, str]]:
    from .. import align
    from ..models import RawDocument
    from ..pipeline import Pipeline
    from ..read import iter_inputs
    from ..stories import NewDoc, StoryIndex

    gold: dict[str, str] = {}
    batch = []
    for raw in iter_inputs([str(p) for p in seeds]):
        if not isinstance(raw, RawDocument):
            continue
        doc, _ = Pipeline.prepare(raw)
        key = Path(str(raw.provenance.get("path") or raw.source)).name[:3]
        gold[doc.id] = SEED_STORIES.get(key, key)
        spans = align.passages(doc.text)
        vecs = align.embed([doc.text[s:e] for s, e in spans])
        batch.append(NewDoc(doc.id, doc.text, doc.published, None, vecs))
    index = StoryIndex(embeddings=True)
    index.add_batch(batch)
    return gold, {m.doc_id: m.story_id for m in index.members}


@gold_set("stories", files=[], description="story clustering on generated variants (+ the seeds)")
def run(gold_dir: Path, limit: int | None) -> dict[str, float]:
    n = min(limit or GEN_STORIES, GEN_STORIES)
    gold, pred = cluster_generated(n, seed=101, embeddings=False)
    out = scores(gold, pred, "")
    seeds_dir = gold_dir.parent / "corpus" / "seeds"
    seeds = sorted(seeds_dir.glob("*.txt")) if seeds_dir.is_dir() else []
    if seeds:
        gold, pred = cluster_seeds(seeds)
        out.update(scores(gold, pred, "seeds_"))
    return out

"""Gold set ``entities``: how many named actors of re3d the actor stage finds.

re3d (DSTL) marks Person, Organisation, Nationality and Location mentions in defence and
foreign-policy texts. The actor stage should find the persons, organisations and
nationalities (recall, per type and overall), and what it reports as an actor should be one
of those or a Location (a state or capital used for its government): precision. A predicted
actor matches a gold entity when their spans overlap (re3d's spans include determiners and
modifiers the stage leaves out); ``exact_f1`` counts only identical spans. Pronouns, which
re3d marks and Legation never makes actors, are left out of recall.
"""

from __future__ import annotations

from pathlib import Path

from . import gold_set, prf, read_jsonl

ACTOR_TYPES = ("Person", "Organisation", "Nationality")
ALLOWED = (*ACTOR_TYPES, "Location")


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@gold_set("entities", files=["ner_re3d.jsonl"],
          description="actor mentions vs re3d Person/Organisation/Nationality (overlap recall, precision, F1)")
def run(gold_dir: Path, limit: int | None) -> dict[str, float]:
    from ..actor_registry import get_registry
    from ..models import Document
    from ..pipeline import Pipeline
    from ..registry import Context

    records = read_jsonl(gold_dir / "ner_re3d.jsonl", limit)
    reg = get_registry()
    pipe = Pipeline(["actors"])
    contexts = [Context(Document(id=r["id"], source=r["id"], text=r["text"])) for r in records]
    for n in range(0, len(contexts), 16):
        pipe.analyse(contexts[n:n + 16])
    tp = fp = fn = 0
    exact_tp = exact_pred = exact_gold = 0
    per_type = {t: [0, 0] for t in ACTOR_TYPES}  # found, total
    for r, ctx in zip(records, contexts, strict=True):
        gold = [e for e in r["entities"] if e.get("confidence", 1) >= 0.5]
        # pronouns are never actors (by design), so they are left out of recall
        actor_gold = [(e["start"], e["end"], e["type"]) for e in gold
                      if e["type"] in ACTOR_TYPES and e["text"].strip().lower() not in reg.pronouns]
        allowed = [(e["start"], e["end"]) for e in gold if e["type"] in ALLOWED]
        pred = [(a.start, a.end) for a in ctx.layers.get("actors", [])]
        for s, e, t in actor_gold:
            hit = any(_overlaps((s, e), p) for p in pred)
            per_type[t][1] += 1
            if hit:
                per_type[t][0] += 1
                tp += 1
            else:
                fn += 1
        fp += sum(1 for p in pred if not any(_overlaps(p, g) for g in allowed))
        gold_spans = {(s, e) for s, e, _ in actor_gold}
        exact_gold += len(gold_spans)
        exact_pred += len(set(pred))
        exact_tp += len(gold_spans & set(pred))
    lenient = prf(tp, fp, fn)
    precision_tp = exact_pred - fp  # predicted actors overlapping an allowed gold entity
    p = precision_tp / exact_pred if exact_pred else 0.0
    r_ = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r_ / (p + r_) if p + r_ else 0.0
    out = {
        "precision": round(p, 4),
        "recall": lenient["recall"],
        "f1": round(f, 4),
        "exact_f1": prf(exact_tp, exact_pred - exact_tp, exact_gold - exact_tp)["f1"],
        "n_docs": float(len(records)),
        "n_gold": float(tp + fn),
    }
    for t, (found, total) in per_type.items():
        out[f"recall_{t.lower()}"] = round(found / total, 4) if total else 0.0
    return out

"""Event coding on gold data: PLOVER GSR, five-class sentence labels, CAMEO actor spans.

* ``plover``: event type accuracy on sentences with a gold event (the sentence's main coded
  event against the gold event), source and target country F1 (the coded event of the gold
  type if there is one, else the main event; micro-averaged over sentences). Events the
  coder marks reciprocal ("X and Y held talks") count every participant as a source, as
  the PLOVER records do.
* ``pentaclass``: a sentence's class is the five-class label (``penta``, from
  ``data/plover_cameo.tsv``: 1 verbal cooperation, 2 material cooperation, 3 verbal
  conflict, 4 material conflict, 0 statements and appeals) of its main event, 0 if it has
  none or its main predicate is a statement; macro-F1 over the five classes.
* ``cameo_actors``: source and target argument spans of the main event against the gold
  spans, exact and overlapping.

Every text goes through the same stages as ``legation annotate`` (``Pipeline(["events"])``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..models import Document, ReadError
from . import Metrics, gold_set, prf, read_jsonl


def code_texts(items: list[tuple[str, str, str | None]]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """(id, text, date) → (id, events) through the annotate pipeline."""
    from ..pipeline import Pipeline

    docs = [Document(id=i, source=f"gold:{i}", text=t, published=d,
                     published_precision="day" if d else "none") for i, t, d in items]
    for res in Pipeline(["events"], batch_size=64).annotate(docs):
        if isinstance(res, ReadError):
            yield res.source.removeprefix("gold:"), []
        else:
            yield res.doc.id, res.layers.get("events", [])


def main_event(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The event of the sentence's main predicate (None when that predicate is a statement)."""
    return next((e for e in events if e.get("main")), None)


def _countries(actors: list[dict[str, Any]], key: str = "country") -> set[str]:
    return {a[key] for a in actors if a.get(key)}


def _plover_sides(ev: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    """Source/target as the PLOVER records encode them: reciprocal events list every
    participant as a source and no target."""
    if ev is None:
        return {"source": [], "target": []}
    if ev.get("reciprocal"):
        return {"source": list(ev.get("source") or []) + list(ev.get("target") or []), "target": []}
    return {"source": list(ev.get("source") or []), "target": list(ev.get("target") or [])}


@gold_set("plover", files=["plover_gsr.public.jsonl"],
          description="PLOVER gold standard records: event type accuracy, source/target country F1")
def plover(gold_dir: Path, limit: int | None) -> Metrics:
    recs = [r for r in read_jsonl(gold_dir / "plover_gsr.public.jsonl", limit) if r.get("events")]
    coded = dict(code_texts([(r["id"], r["text"], r.get("date")) for r in recs]))
    right = any_right = 0
    counts = {"source": [0, 0, 0], "target": [0, 0, 0]}
    for r in recs:
        gold = r["events"][0]
        events = coded.get(r["id"], [])
        main = main_event(events)
        right += bool(main and main["event_type"] == gold["event_type"])
        any_right += any(e["event_type"] == gold["event_type"] for e in events)
        ev = next((e for e in events if e["event_type"] == gold["event_type"]), main)
        pred = _plover_sides(ev)
        for side in ("source", "target"):
            g = _countries(gold.get(side) or [], "country_iso3")
            p = _countries(pred[side])
            c = counts[side]
            c[0] += len(g & p)
            c[1] += len(p - g)
            c[2] += len(g - p)
    n = len(recs)
    src, tgt = prf(*counts["source"]), prf(*counts["target"])
    return {
        "event_type_accuracy": round(right / n, 4) if n else 0.0,
        "event_type_any": round(any_right / n, 4) if n else 0.0,
        "source_country_f1": src["f1"], "source_country_precision": src["precision"],
        "source_country_recall": src["recall"],
        "target_country_f1": tgt["f1"], "target_country_precision": tgt["precision"],
        "target_country_recall": tgt["recall"],
        "n_sentences": n,
    }


def sentence_class(events: list[dict[str, Any]]) -> int:
    main = main_event(events)
    return int(main.get("penta", main["quad_class"])) if main else 0


@gold_set("pentaclass", files=["pentaclass.train.jsonl"],
          description="Sentence class (0 statement, 1-4 five-class label of the main event): macro-F1")
def pentaclass(gold_dir: Path, limit: int | None) -> Metrics:
    recs = read_jsonl(gold_dir / "pentaclass.train.jsonl", limit)
    coded = dict(code_texts([(r["id"], r["text"], None) for r in recs]))
    pairs = [(int(r["penta"]), sentence_class(coded.get(r["id"], []))) for r in recs]
    out: Metrics = {}
    f1s = []
    for c in range(5):
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        fn = sum(1 for g, p in pairs if g == c and p != c)
        f = prf(tp, fp, fn)["f1"]
        out[f"f1_class_{c}"] = f
        f1s.append(f)
    out["macro_f1"] = round(sum(f1s) / 5, 4)
    out["accuracy"] = round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0
    out["n_sentences"] = len(pairs)
    return out


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


@gold_set("cameo_actors", files=["cameo_actors.train.jsonl"],
          description="Source/target spans of the main event (CAMEO NER): exact and overlap F1")
def cameo_actors(gold_dir: Path, limit: int | None) -> Metrics:
    recs = read_jsonl(gold_dir / "cameo_actors.train.jsonl", limit)
    coded = dict(code_texts([(r["id"], r["text"], None) for r in recs]))
    out: Metrics = {}
    for side in ("source", "target"):
        exact = [0, 0, 0]
        loose = [0, 0, 0]
        for r in recs:
            gold = r.get(side) or []
            main = main_event(coded.get(r["id"], []))
            pred = ((main or {}).get("arguments") or {}).get(side) or []
            gk = {(s["start"], s["end"]) for s in gold}
            pk = {(s["start"], s["end"]) for s in pred}
            exact[0] += len(gk & pk)
            exact[1] += len(pk - gk)
            exact[2] += len(gk - pk)
            hit_p = sum(1 for p in pred if any(_overlap(p, g) for g in gold))
            hit_g = sum(1 for g in gold if any(_overlap(p, g) for p in pred))
            loose[0] += hit_g
            loose[1] += len(pred) - hit_p
            loose[2] += len(gold) - hit_g
        out[f"{side}_f1"] = prf(*exact)["f1"]
        out[f"{side}_overlap_f1"] = prf(*loose)["f1"]
    out["n_sentences"] = len(recs)
    return out

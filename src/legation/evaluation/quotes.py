"""Gold set ``quotes``: quote attribution on PolNeAR dev (content overlap and speaker accuracy).

Matching: each gold attribution's content (all its spans, as a set of character offsets)
is paired one-to-one, greedily by overlap, with a predicted quote. Predicted quotes that
share one cue (a quote split by "he said") are one prediction, as in the gold. A pair
matches when the shared characters are at least 0.3 of the *union* of the two contents
(the stricter of the usual choices). The GenderGapTracker evaluation (``evaluate_quotes.py``
in sfu-discourse-lab/GenderGapTracker), whose F1 0.84 is the usual anchor, scores overlap
asymmetrically as a share of the *gold* quote (``|gold ∩ predicted| / |gold|``, threshold
0.3); that figure is reported as ``precision_gold30`` / ``recall_gold30`` / ``f1_gold30``.

Speaker accuracy is over matched pairs whose gold attribution has a source: the predicted
speaker is right when its span overlaps a gold source span, or when it resolves to the
same entity (the predicted name's last word occurs in the gold source text: "he" resolved
to "Ali Shamkhani" against a gold source "Shamkhani").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import gold_set, prf, read_jsonl

FILE = "quotes_polnear.dev.jsonl"
THRESHOLD = 0.3


def _chars(spans: list[dict[str, Any]]) -> set[int]:
    out: set[int] = set()
    for s in spans:
        a, b = s["start"], s["end"]
        # spaces and quote marks at the edges do not decide a match
        out.update(range(a, b))
    return out


def _predictions(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[Any, dict[str, Any]] = {}
    for i, q in enumerate(quotes):
        key = ("cue", q["cue"]["start"]) if q.get("cue") and q.get("kind") != "interview" else ("q", i)
        g = groups.setdefault(key, {"chars": set(), "speaker": q.get("speaker")})
        g["chars"] |= _chars([q["content"]])
    return list(groups.values())


def _same_speaker(pred: dict[str, Any] | None, sources: list[dict[str, Any]]) -> bool:
    if not pred:
        return False
    for s in sources:
        if pred["start"] < s["end"] and s["start"] < pred["end"]:
            return True
    name = pred.get("name") or ""
    words = re.findall(r"[A-Za-z][\w-]+", name)
    if words and words[-1][0].isupper():
        gold_words = {w.lower() for s in sources for w in re.findall(r"[\w-]+", s["text"])}
        return words[-1].lower() in gold_words
    return False


def score_document(gold: list[dict[str, Any]], quotes: list[dict[str, Any]]) -> dict[str, int]:
    preds = _predictions(quotes)
    golds = [(_chars(a["content"]), a) for a in gold]
    pairs = []
    for gi, (gc, _) in enumerate(golds):
        for pi, p in enumerate(preds):
            inter = len(gc & p["chars"])
            if inter:
                pairs.append((inter / len(gc | p["chars"]), inter / max(1, len(gc)), gi, pi))
    out = {"tp": 0, "tp_gold30": 0, "n_pred": len(preds), "n_gold": len(golds), "spk_n": 0, "spk_ok": 0}
    for key, thr_idx in (("tp", 0), ("tp_gold30", 1)):
        used_g: set[int] = set()
        used_p: set[int] = set()
        for pair in sorted(pairs, key=lambda x: -x[thr_idx]):
            if pair[thr_idx] < THRESHOLD or pair[2] in used_g or pair[3] in used_p:
                continue
            used_g.add(pair[2])
            used_p.add(pair[3])
            out[key] += 1
            if key == "tp":
                sources = golds[pair[2]][1]["source"]
                if sources:
                    out["spk_n"] += 1
                    out["spk_ok"] += int(_same_speaker(preds[pair[3]]["speaker"], sources))
    return out


def annotate_texts(records: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Quotes of each record's text (the full pipeline up to ``quotes`` when available)."""
    from ..models import Document
    from ..pipeline import Pipeline
    from ..quotes import extract
    from ..registry import Context, plan

    docs = [Document(id=r["id"], source=r["id"], text=r["text"], published=r.get("date"),
                     published_precision="day" if r.get("date") else "none") for r in records]
    try:
        plan(["quotes"])
        out = []
        for res in Pipeline(["quotes"], batch_size=8).annotate(docs):
            out.append(getattr(res, "layers", {}).get("quotes", []))
        return out
    except ValueError:  # no actor stage installed: speakers stay unresolved descriptions
        pipe = Pipeline(["mentions"], batch_size=8)
        ctxs = [Context(d) for d in docs]
        pipe.analyse(ctxs)
        return [[q.to_dict() for q in extract(c)] for c in ctxs]


@gold_set("quotes", files=[FILE], description="Quote attribution on PolNeAR dev: content overlap P/R/F1 and speaker accuracy")
def run(gold_dir: Path, limit: int | None) -> dict[str, float]:
    records = read_jsonl(gold_dir / FILE, limit)
    totals = {"tp": 0, "tp_gold30": 0, "n_pred": 0, "n_gold": 0, "spk_n": 0, "spk_ok": 0}
    for rec, quotes in zip(records, annotate_texts(records), strict=True):
        got = score_document(rec["attributions"], quotes)
        for k in totals:
            totals[k] += got[k]
    main = prf(totals["tp"], totals["n_pred"] - totals["tp"], totals["n_gold"] - totals["tp"])
    g30 = prf(totals["tp_gold30"], totals["n_pred"] - totals["tp_gold30"], totals["n_gold"] - totals["tp_gold30"])
    return {
        **main,
        "precision_gold30": g30["precision"],
        "recall_gold30": g30["recall"],
        "f1_gold30": g30["f1"],
        "speaker_accuracy": round(totals["spk_ok"] / totals["spk_n"], 4) if totals["spk_n"] else 0.0,
        "n_documents": float(len(records)),
        "n_gold": float(totals["n_gold"]),
        "n_predicted": float(totals["n_pred"]),
    }

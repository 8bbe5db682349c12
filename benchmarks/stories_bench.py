"""Story clustering benchmark: time and peak memory for 10k and 100k generated documents.

Runs each size in its own process (so peak RSS is that size's alone), in the scale mode:
exact + MinHash LSH duplicates and TF-IDF candidates/scores (no MiniLM embeddings, no
actors; dates on). Documents are generated on the fly in batches of 1,000 and only the
index keeps anything, so memory is the index. Time counts clustering only (generation
excluded); ``seconds`` is wall-clock time and ``cpu_seconds`` the process's CPU time
(they differ when other work shares the cores). Usage: python benchmarks/stories_bench.py [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(n_docs: int) -> dict[str, float]:
    from legation.stories import NewDoc, StoryIndex
    from legation.storygen import generate

    base = rss_mb()
    index = StoryIndex(embeddings=False)
    spent, cpu, batch, docs = 0.0, 0.0, [], 0
    gen = generate(n_docs, seed=5)  # at least n_docs documents: stop at n_docs
    for d in gen:
        batch.append(NewDoc(d.id, d.text, d.published))
        docs += 1
        if len(batch) == 1000 or docs == n_docs:
            t, c = time.perf_counter(), time.process_time()
            index.add_batch(batch)
            spent += time.perf_counter() - t
            cpu += time.process_time() - c
            batch = []
        if docs == n_docs:
            break
    stories = len(index.story_members)
    peak = rss_mb()
    return {"docs": docs, "stories": stories, "seconds": round(spent, 1),
            "cpu_seconds": round(cpu, 1),
            "docs_per_s": round(docs / spent), "peak_rss_mb": round(peak, 1),
            "index_growth_mb": round(peak - base, 1),
            "kb_per_doc": round((peak - base) * 1024 / docs, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--one", type=int)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True,
                             text=True, env=os.environ, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("features: exact hash + MinHash LSH (64 perm, 5-word shingles) + TF-IDF + dates; "
          "embeddings off, actors off")
    keys = list(rows[0])
    print(f"{'':>16}" + "".join(f"{r['docs']:>14,}" for r in rows) + (
        f"{'ratio':>10}" if len(rows) == 2 else ""))
    for k in keys[1:]:
        line = f"{k:>16}" + "".join(f"{r[k]:>14}" for r in rows)
        if len(rows) == 2 and rows[0][k]:
            line += f"{rows[1][k] / rows[0][k]:>10.2f}"
        print(line)


if __name__ == "__main__":
    main()

"""The benchmark scripts run (tiny sizes): they print the side-by-side figures they promise.
Speed itself is measured by running them, never asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_annotate_bench_prints_ratios_and_stages() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "annotate_bench.py"), "--docs", "2", "--rounds", "1",
         "--corpus", str(ROOT / "examples" / "corpus"), "--stages"],
        capture_output=True, text=True, timeout=300, check=True,
    ).stdout
    assert "docs/s" in out and "docs/CPU-s" in out and "x   (" in out
    # three sides, each with its ratio: spaCy as shipped, spaCy with Legation's BLAS switch, ours
    for side in ("spaCy as shipped (BLIS)", "numpy BLAS like legation", "legation annotate ("):
        assert side in out, side
    assert "tokens dependency-parsed" in out
    for stage in ("tok2vec", "ner", "parser", "events", "quotes", "parse"):
        assert stage in out, stage


def test_annotate_bench_texts_from_jsonl_are_distinct_then_repeated(tmp_path: Path) -> None:
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location("annotate_bench", ROOT / "benchmarks" / "annotate_bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    src = tmp_path / "texts.jsonl"
    src.write_text("\n".join(json.dumps({"text": t}) for t in ["Iran met Russia.", "", "Putin visited Tehran."]) + "\n")
    assert bench.texts(tmp_path, 2, src) == ["Iran met Russia.", "Putin visited Tehran."]
    three = bench.texts(tmp_path, 3, src)
    assert len(set(three)) == 3 and three[2].startswith("Iran met Russia.")  # repeated, with a unique suffix

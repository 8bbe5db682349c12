"""The `extraction` gold set: trafilatura's with/without snippet measure."""

from __future__ import annotations

import gzip
import json

import pytest

from legation.evaluation import run_sets
from legation.evaluation.extraction import Counts, metrics, run, score_page


def test_score_page_counts_like_trafilatura():
    out = "Alpha beta gamma. Delta epsilon."
    c = score_page(out, ["Alpha beta", "Delta", "missing part"], ["gamma. Delta", "Subscribe now"])
    assert (c.tp, c.fn, c.fp, c.tn) == (2, 1, 1, 1)
    c = score_page(None, ["a", "b"], ["c"])
    assert (c.tp, c.fn, c.fp, c.tn) == (0, 2, 0, 1)
    m = metrics(Counts(tp=2, fn=1, fp=1, tn=1), 1)
    assert m["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["accuracy"] == pytest.approx(3 / 5, abs=1e-4)


def test_tiny_synthetic_set(tmp_path):
    folder = tmp_path / "articles_trafilatura"
    folder.mkdir()
    html = ("<html><body><nav>Home | World | Subscribe to our newsletter</nav><article>"
            "<h1>Talks resume</h1><p>Negotiators from both countries resumed talks in Geneva on Monday "
            "after a pause of three months, diplomats said.</p><p>A second round is planned for May, "
            "according to the mediators who hosted the meeting.</p></article>"
            "<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>")
    (folder / "p1.html.gz").write_bytes(gzip.compress(html.encode()))
    item = {"id": "p1", "url": "https://example.com/p1", "html": "p1.html.gz",
            "with": ["resumed talks in Geneva", "A second round is planned"],
            "without": ["Subscribe to our newsletter", "All rights reserved"]}
    (folder / "index.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    m = run(tmp_path, None)
    assert m["n_pages"] == 1 and m["n_with"] == 2 and m["n_without"] == 2
    assert m["f1"] == 1.0
    assert run_sets(tmp_path, ["extraction"])["extraction"]["f1"] == 1.0


@pytest.mark.slow
def test_real_extraction_set(gold_dir):
    if not (gold_dir / "articles_trafilatura" / "index.jsonl").exists():
        pytest.skip("articles_trafilatura gold set not present")
    m = run(gold_dir, None)
    assert m["n_pages"] >= 100
    assert m["f1"] >= 0.93
    assert m["precision"] >= 0.92 and m["recall"] >= 0.93

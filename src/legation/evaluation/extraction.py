"""Gold set ``extraction``: article-text extraction from HTML pages.

Measured the way trafilatura measures itself (its tests/comparison*.py): each page comes
with snippets that must be in the extracted text (``with``) and snippets that must not
(``without``). A ``with`` snippet found in the output is a true positive, one missing a
false negative; a ``without`` snippet found is a false positive (missing: true negative).
A page with no output counts all its ``with`` snippets as false negatives. Counts are
summed over pages (micro average).

What is measured is Legation's own cleaner, :func:`legation.clean.clean`, on the decoded
page: trafilatura with the options in ``clean.TRAFILATURA_OPTIONS`` followed by the line
cleaner. The options are general settings, not tuned to single pages.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import gold_set, prf, read_jsonl

SET_DIR = "articles_trafilatura"


@dataclass
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn


def score_page(output: str | None, with_: Iterable[str], without: Iterable[str]) -> Counts:
    """Snippet counts for one page (trafilatura's ``evaluate_result``)."""
    c = Counts()
    wanted = [s for s in with_ if s is not None]
    unwanted = [s for s in without if s is not None]
    if not output:
        c.fn += len(wanted)
        c.tn += len(unwanted)
        return c
    for s in wanted:
        if s in output:
            c.tp += 1
        else:
            c.fn += 1
    for s in unwanted:
        if s in output:
            c.fp += 1
        else:
            c.tn += 1
    return c


def metrics(c: Counts, n_pages: int) -> dict[str, float]:
    out: dict[str, float] = dict(prf(c.tp, c.fp, c.fn))
    total = c.tp + c.fn + c.fp + c.tn
    out["accuracy"] = round((c.tp + c.tn) / total, 4) if total else 0.0
    out["n_pages"] = n_pages
    out["n_with"] = c.tp + c.fn
    out["n_without"] = c.fp + c.tn
    return out


def decode_html(data: bytes) -> str:
    """Bytes of a page to text: UTF-8, else the charset declared or detected."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("utf-8", "replace")


def extract(html: str, url: str | None = None) -> str:
    """Legation's extraction of one page ("" when nothing is left)."""
    from ..clean import CleanError, clean
    from ..models import RawDocument

    raw = RawDocument(url or "page", html, "html", {}, {"url": url} if url else {})
    try:
        return clean(raw).text
    except CleanError:
        return ""


def load_index(folder: Path, limit: int | None = None) -> list[dict]:
    return read_jsonl(folder / "index.jsonl", limit)


@gold_set(
    "extraction",
    files=[f"{SET_DIR}/index.jsonl"],
    description="article text from HTML news pages: with/without snippets (trafilatura's own measure)",
)
def run(gold_dir: Path, limit: int | None) -> dict[str, float]:
    folder = gold_dir / SET_DIR
    total = Counts()
    pages = 0
    for item in load_index(folder, limit):
        path = folder / item["html"]
        if not path.exists():
            continue
        html = decode_html(gzip.decompress(path.read_bytes()))
        total.add(score_page(extract(html, item.get("url")), item.get("with", []), item.get("without", [])))
        pages += 1
    return metrics(total, pages)

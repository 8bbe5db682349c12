"""Online story clustering: documents reporting the same event or interview, across outlets.

Each new document finds its place without re-clustering the corpus (single pass, in the
spirit of online news clustering à la Miranda et al. 2018):

1. **Duplicates** (:mod:`legation.dedup`): an exact (normalised-text hash) or near
   duplicate (MinHash LSH on 5-word shingles) joins the story of what it duplicates.
2. **Candidates**: documents sharing its ``KEY_TERMS`` heaviest terms that other
   documents also have (inverted index over each document's TF-IDF terms, online document
   frequencies; only the most recent ``POSTING_SCAN`` entries of a posting list are
   scanned; the documents sharing most key terms come first), plus LSH hits, kept
   only when their dates are compatible (``WINDOW_DAYS`` apart at most, widened by the
   uncertainty of partial dates; undated documents are compatible with everything).
3. **Pair score** between the document and each candidate, a weighted mean of the
   features that are available for both:

   - ``tfidf``: cosine of sublinear TF-IDF vectors (top ``TFIDF_TERMS`` terms);
   - ``cover`` (embeddings on): share of the passages of the shorter side whose best
     MiniLM match in the other document has cosine ≥ ``COVER_SIM`` — translations and
     summaries of one interview share many such passages, articles on the same topic few;
   - ``actors`` (when both documents have an ``actors`` layer): overlap coefficient of
     their registry actor ids.

4. The document joins the story of its best candidate when the score reaches the
   threshold; otherwise it founds a new story (id ``st-`` + its document id). A document
   that reaches several stories bridges them: they are folded into the one it joins (a
   local update of those members only; order of arrival then matters less).

========================  =======  =====================================================
constant                  value    meaning
========================  =======  =====================================================
``WINDOW_DAYS``           30       max. days between dated members of one story
``TFIDF_TERMS``           48       terms kept per document vector
``KEY_TERMS``             8        posting lists looked up per new document
``POSTING_SCAN``          300      most recent postings scanned per term
``MAX_CANDIDATES``        30       candidates scored per document
``EMBED_CANDIDATES``      6        best TF-IDF candidates also scored by passage cover
``COVER_MIN_TFIDF``       0.08     ... if their TF-IDF cosine reaches this (passages are
                                   embedded lazily: only when such a comparison happens)
``COVER_SIM``             0.70     passage cosine counted as "rendered in the other"
``W_TFIDF/W_COVER/W_ACT``  1/2/0.5  feature weights of the pair score
``STORY_MIN``             0.30     pair score needed to join a story (passage cover on)
``STORY_MIN_TFIDF``       0.62     the same when only TF-IDF (and actors) are compared
``MERGE_MARGIN``          0.10     margin above the threshold needed to fold a second
                                   story into the one a document joins
========================  =======  =====================================================

Measured on the generated gold set and the seeds (``legation eval stories``); see README.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import dedup

WINDOW_DAYS = 30
TFIDF_TERMS = 48
KEY_TERMS = 8
POSTING_SCAN = 300
MAX_CANDIDATES = 30
EMBED_CANDIDATES = 6
COVER_MIN_TFIDF = 0.08
COVER_SIM = 0.70
W_TFIDF, W_COVER, W_ACTORS = 1.0, 2.0, 0.5
STORY_MIN = 0.30
STORY_MIN_TFIDF = 0.62
MERGE_MARGIN = 0.10
NEAR_MARGIN = 0.25  # candidates this far below STORY_MIN_TFIDF (beyond the best few) are dropped

_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "also", "would", "could"}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_window(published: str | None) -> tuple[int, int] | None:
    """(day ordinal, uncertainty in days) of an ISO partial date; None if unusable."""
    m = _DATE.match(published or "")
    if not m:
        return None
    try:
        y = int(m.group(1))
        if m.group(3):
            return dt.date(y, int(m.group(2)), int(m.group(3))).toordinal(), 0
        if m.group(2):
            return dt.date(y, int(m.group(2)), 15).toordinal(), 16
        return dt.date(y, 7, 2).toordinal(), 183
    except ValueError:
        return None


def terms(tokens: list[str]) -> Counter[str]:
    return Counter(t for t in tokens if len(t) > 2 and t not in _STOP and not t.isdigit())


@dataclass(slots=True)
class Member:
    """What the index keeps in memory per document (compact)."""

    doc_id: str
    story_id: str
    day: int | None
    tol: int
    term_ids: np.ndarray  # int32
    weights: np.ndarray  # float32, unit length
    actors: frozenset[str] | None = None


@dataclass
class Assignment:
    doc_id: str
    story_id: str
    new_story: bool
    duplicate_of: str | None = None
    duplicate_kind: str | None = None
    linked_to: str | None = None
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)  # stories folded into ``story_id``
    row: dict[str, Any] = field(default_factory=dict)  # persisted state of this document


@dataclass
class NewDoc:
    """Input to the index: text plus what describe/analysis know about the document."""

    doc_id: str
    text: str
    published: str | None = None
    actors: Iterable[str] | None = None
    vectors: np.ndarray | None = None  # passage embeddings (embedding mode)


class StoryIndex:
    """In-memory online story index; its state round-trips through the store rows."""

    def __init__(self, embeddings: bool = False,
                 vectors_of: Callable[[str], np.ndarray | None] | None = None) -> None:
        self.embeddings = embeddings
        self.vectors_of = vectors_of  # passage embeddings of a document (may compute them)
        self.dups = dedup.DuplicateIndex()
        self.vocab: dict[str, int] = {}
        self.term_list: list[str] = []  # term id -> term
        self.df = np.zeros(1024, dtype=np.int64)  # by term id (capacity grows)
        self.n_docs = 0
        self.members: list[Member] = []
        self.by_id: dict[str, int] = {}
        self.postings: dict[int, array[int]] = {}  # term id -> member indexes (int32)
        self._days: array[int] = array("i")  # per member: day ordinal or -1
        self._tols: array[int] = array("i")
        self.story_members: dict[str, list[int]] = {}
        self._vec_cache: dict[str, np.ndarray] = {}
        self.df_delta: Counter[str] = Counter()  # document frequencies added since loading

    def __len__(self) -> int:
        return len(self.members)

    # -- document frequencies ------------------------------------------------------------
    def _tid(self, term: str) -> int:
        tid = self.vocab.get(term)
        if tid is None:
            tid = len(self.vocab)
            self.vocab[term] = tid
            self.term_list.append(term)
            if tid >= len(self.df):
                self.df = np.concatenate([self.df, np.zeros(max(1024, len(self.df)), np.int64)])
        return tid

    def term_ids(self, tf: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """(term ids, counts) of a document's terms."""
        tid = self._tid
        ids = np.fromiter((tid(t) for t in tf), dtype=np.int64, count=len(tf))
        counts = np.fromiter(tf.values(), dtype=np.float64, count=len(tf))
        return ids, counts

    def count_terms(self, tf: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
        """Add one document's terms to the document frequencies."""
        self.n_docs += 1
        self.df_delta.update(tf.keys())
        ids, counts = self.term_ids(tf)
        self.df[ids] += 1
        return ids, counts

    def vector(self, tf: Counter[str] | tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Unit TF-IDF vector (sublinear tf, smoothed idf) on the ``TFIDF_TERMS`` heaviest terms."""
        ids, counts = self.term_ids(tf) if isinstance(tf, Counter) else tf
        idf = np.log((1.0 + self.n_docs) / (1.0 + self.df[ids])) + 1.0
        w = (1.0 + np.log(counts)) * idf
        order = np.lexsort((ids, -w))[:TFIDF_TERMS]
        ids, w = ids[order].astype(np.int32), w[order].astype(np.float32)
        norm = float(np.linalg.norm(w))
        return ids, (w / norm if norm else w)

    # -- scoring ---------------------------------------------------------------------------
    def _vectors(self, doc_id: str) -> np.ndarray | None:
        if doc_id in self._vec_cache:
            return self._vec_cache[doc_id]
        vecs = self.vectors_of(doc_id) if self.vectors_of else None
        if vecs is not None:
            if len(self._vec_cache) > 512:
                self._vec_cache.pop(next(iter(self._vec_cache)))
            self._vec_cache[doc_id] = vecs
        return vecs

    @staticmethod
    def cover(va: np.ndarray, vb: np.ndarray) -> float:
        """Share of the shorter side's passages with a counterpart (cosine ≥ COVER_SIM)."""
        if len(va) == 0 or len(vb) == 0:
            return 0.0
        sims = va @ vb.T
        a = float(np.mean(sims.max(axis=1) >= COVER_SIM))
        b = float(np.mean(sims.max(axis=0) >= COVER_SIM))
        return a if len(va) <= len(vb) else b

    @staticmethod
    def compatible(a: Member | tuple[int | None, int], b: Member) -> bool:
        day, tol = (a.day, a.tol) if isinstance(a, Member) else a
        if day is None or b.day is None:
            return True
        return abs(day - b.day) <= WINDOW_DAYS + tol + b.tol

    def candidates(self, ids: np.ndarray, when: tuple[int | None, int],
                   extra: Iterable[int] = ()) -> list[int]:
        """Indexed documents sharing key terms (the document's heaviest shared terms)."""
        tails = []
        for tid in ids.tolist():
            post = self.postings.get(tid)
            if not post:
                continue
            tails.append(np.frombuffer(post, dtype=np.int32)[-POSTING_SCAN:])
            if len(tails) == KEY_TERMS:
                break
        out = list(extra)
        top: list[int] = []
        if tails:
            arr = np.sort(np.concatenate(tails))
            starts = np.flatnonzero(np.concatenate(([True], arr[1:] != arr[:-1])))
            found, counts = arr[starts], np.diff(np.append(starts, len(arr)))
            day, tol = when
            if day is not None:  # date window, vectorised (-1: undated)
                days = np.frombuffer(self._days, dtype=np.int32)[found]
                tols = np.frombuffer(self._tols, dtype=np.int32)[found]
                ok = (days < 0) | (np.abs(days - day) <= WINDOW_DAYS + tol + tols)
                found, counts = found[ok], counts[ok]
            order = np.argsort(-counts, kind="stable")[:MAX_CANDIDATES]
            top = found[order].tolist()
        seen = set(out)
        out.extend(i for i in top if i not in seen)
        return out[:MAX_CANDIDATES]

    def score(self, ids: np.ndarray, w: np.ndarray, actors: frozenset[str] | None,
              vecs: np.ndarray | None, cands: list[int],
              doc_id: str | None = None) -> list[tuple[float, int, dict[str, float]]]:
        """(margin over the applicable threshold, member index, features), best first."""
        if not cands:
            return []
        order = np.argsort(ids)
        sid, sw = ids[order], w[order]
        mems = [self.members[i] for i in cands]
        cat = np.concatenate([m.term_ids for m in mems])
        cw = np.concatenate([m.weights for m in mems])
        pos = np.minimum(np.searchsorted(sid, cat), len(sid) - 1)
        hit = sid[pos] == cat
        contrib = np.where(hit, cw * sw[pos], 0.0)
        starts = np.cumsum([0] + [len(m.term_ids) for m in mems[:-1]])
        cosines = np.add.reduceat(contrib, starts) if len(contrib) else np.zeros(len(mems))
        rows = sorted(zip(cosines.tolist(), cands, strict=True), reverse=True)
        # only the best few and those close to the TF-IDF threshold can reach a story
        rows = [r for k, r in enumerate(rows)
                if k < EMBED_CANDIDATES or r[0] >= STORY_MIN_TFIDF - NEAR_MARGIN]
        out = []
        for rank, (cos, i) in enumerate(rows):
            m = self.members[i]
            feats = {"tfidf": round(cos, 4)}
            num, den = W_TFIDF * cos, W_TFIDF
            if self.embeddings and rank < EMBED_CANDIDATES and cos >= COVER_MIN_TFIDF:
                if vecs is None and doc_id is not None:
                    vecs = self._vectors(doc_id)  # computed only when a comparison needs it
                other = self._vectors(m.doc_id) if vecs is not None else None
                if other is not None and vecs is not None:
                    cov = self.cover(vecs, other)
                    feats["cover"] = round(cov, 4)
                    num += W_COVER * cov
                    den += W_COVER
            if actors and m.actors:
                ov = len(actors & m.actors) / min(len(actors), len(m.actors))
                feats["actors"] = round(ov, 4)
                num += W_ACTORS * ov
                den += W_ACTORS
            th = STORY_MIN if "cover" in feats else STORY_MIN_TFIDF
            feats["score"] = round(num / den, 4)
            out.append((num / den - th, i, feats))
        out.sort(key=lambda r: (-r[0], r[1]))
        return out

    # -- adding documents --------------------------------------------------------------------
    def _insert(self, member: Member, sig: np.ndarray, ekey: str | None,
                mh: Any = None) -> int:
        idx = len(self.members)
        self.members.append(member)
        self.by_id[member.doc_id] = idx
        self._days.append(-1 if member.day is None else member.day)
        self._tols.append(member.tol)
        self.story_members.setdefault(member.story_id, []).append(idx)
        for tid in member.term_ids.tolist():
            post = self.postings.get(tid)
            if post is None:
                post = self.postings[tid] = array("i")
            post.append(idx)
        self.dups.insert(idx, sig, ekey, mh)
        return idx

    def add_batch(self, docs: list[NewDoc]) -> list[Assignment]:
        """Cluster a batch: document frequencies first, then each document in date order."""
        prepared = []
        for d in docs:
            if d.doc_id in self.by_id:
                continue
            toks = dedup.words(d.text)
            tf = terms(toks)
            prepared.append((d, toks, tf, self.count_terms(tf)))
        prepared.sort(key=lambda p: ((date_window(p[0].published) or (10**8, 0))[0], p[0].doc_id))
        return [self._add(d, toks, tf, tc) for d, toks, tf, tc in prepared]

    def _add(self, d: NewDoc, toks: list[str], tf: Counter[str],
             tc: tuple[np.ndarray, np.ndarray]) -> Assignment:
        when = date_window(d.published)
        day, tol = when if when else (None, 0)
        ids, w = self.vector(tc)
        sig = dedup.signature(toks)
        ekey = dedup.exact_key(d.text)
        actors = frozenset(d.actors) if d.actors else None
        mh = dedup.minhash(sig)
        dups = [x for x in self.dups.query(sig, ekey, mh)
                if self.compatible((day, tol), self.members[int(x.of)])]  # type: ignore[call-overload]
        cands = self.candidates(ids, (day, tol), [int(x.of) for x in dups])  # type: ignore[call-overload]
        scored = self.score(ids, w, actors, d.vectors, cands, d.doc_id)
        a = Assignment(d.doc_id, f"st-{d.doc_id}", True)
        if dups:
            best = self.members[int(dups[0].of)]  # type: ignore[call-overload]
            a.story_id, a.new_story = best.story_id, False
            a.duplicate_of, a.duplicate_kind = best.doc_id, dups[0].kind
            a.linked_to, a.score, a.features = best.doc_id, dups[0].jaccard, {"jaccard": dups[0].jaccard}
        elif scored and scored[0][0] >= 0:
            _, i, feats = scored[0]
            best = self.members[i]
            a.story_id, a.new_story, a.linked_to = best.story_id, False, best.doc_id
            a.score, a.features = feats["score"], feats
        if not a.new_story:
            # the document bridges every story it reaches clearly: fold those into its own
            for margin, i, _ in scored:
                other = self.members[i].story_id
                if margin >= MERGE_MARGIN and other != a.story_id and other not in a.merged:
                    self.merge(other, a.story_id)
                    a.merged.append(other)
        member = Member(d.doc_id, a.story_id, day, tol, ids, w, actors)
        self._insert(member, sig, ekey, mh)
        if d.vectors is not None:
            self._vec_cache[d.doc_id] = d.vectors
        names = self.term_list
        a.row = {
            "doc_id": d.doc_id, "story_id": a.story_id, "day": day, "tol": tol,
            "duplicate_of": a.duplicate_of, "score": a.score,
            "signature": sig.astype(np.uint32).tobytes(), "exact_key": ekey,
            "terms": [[names[t], x] for t, x in zip(ids.tolist(), np.round(w, 5).tolist(), strict=True)],
            "actors": sorted(actors) if actors else None,
        }
        return a

    def merge(self, old: str, new: str) -> None:
        """Fold story ``old`` into ``new`` (members keep everything else)."""
        moved = self.story_members.pop(old, [])
        for idx in moved:
            self.members[idx].story_id = new
        self.story_members.setdefault(new, []).extend(moved)

    # -- persistence -------------------------------------------------------------------------
    def load_row(self, row: dict[str, Any]) -> None:
        """Re-index one stored document (no re-clustering: its story is kept)."""
        ids = np.fromiter((self._tid(t) for t, _ in row["terms"]), dtype=np.int32,
                          count=len(row["terms"]))
        w = np.fromiter((x for _, x in row["terms"]), dtype=np.float32, count=len(row["terms"]))
        actors = frozenset(row["actors"]) if row.get("actors") else None
        member = Member(row["doc_id"], row["story_id"], row.get("day"), row.get("tol") or 0,
                        ids, w, actors)
        sig = np.frombuffer(row["signature"], dtype=np.uint32).copy()
        self._insert(member, sig, row.get("exact_key"))

    def load_df(self, df: dict[str, int], n_docs: int) -> None:
        for t, c in df.items():
            self.df[self._tid(t)] = c
        self.n_docs = n_docs

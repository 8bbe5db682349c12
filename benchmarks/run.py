"""Run every benchmark script in this folder (``*_bench.py``) one after another."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = 0
for script in sorted(here.glob("*_bench.py")):
    print(f"== {script.name}", flush=True)
    failed |= subprocess.call([sys.executable, str(script)]) != 0
sys.exit(1 if failed else 0)

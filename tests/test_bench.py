"""scripts/bench.py runs (its quick mode, as CI runs it): figures, never pass/fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.audio
def test_the_bench_runs_in_its_quick_mode() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "peak RSS" in result.stdout and "tiny" in result.stdout
    assert "batch: tiny at three levels" in result.stdout


@pytest.mark.audio
def test_the_mp3_quality_script_runs_on_a_short_stretch() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "mp3quality.py"),
                             "--minutes", "0.5"],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "kbps" in line]
    assert len(rows) == 9 and "baseline" in rows[0]
    assert "samples against the source" not in result.stdout  # every decode is exact

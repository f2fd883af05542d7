"""Golden output: `plan` for the hip routine with a fixed set of flags.

To accept a deliberate change: VOICECOACH_UPDATE_GOLDEN=1 scripts/test -k golden
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach.cli import app

GOLDEN = Path(__file__).parent / "data" / "golden"
CASES = {
    "plan-hip-default": ["plan", "hip"],
    "plan-hip-flags": ["plan", "hip", "--level", "hard", "--reps", "glute-bridges=15",
                       "--sets", "2", "--skip", "foam-roll-glutes", "--brief"],
    "plan-hip-timeline-bridges": ["plan", "hip", "--timeline", "--only", "glute-bridges",
                                  "--reps", "3", "--tempo", "2", "--rate", "180"],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_plan_golden(case: str) -> None:
    result = CliRunner().invoke(app, CASES[case], env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    path = GOLDEN / f"{case}.txt"
    if os.environ.get("VOICECOACH_UPDATE_GOLDEN"):
        path.write_text(result.stdout)
    assert result.stdout == path.read_text()

"""Golden output: `plan` for the hip routine with a fixed set of flags, and the cue
sheets of four sessions (laid out with the estimated phrase lengths, so they are
exact on every machine; recorded before the restructuring of issue 8).

To accept a deliberate change: VOICECOACH_UPDATE_GOLDEN=1 scripts/test -k golden
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach import export, sources, timeline
from voicecoach.cli import app
from voicecoach.session import Options, apply

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


DATA = Path(__file__).parent / "data"
CUE_SHEETS = {
    "hip": ("hip", {}),
    "hip-hard-brief-2sets": ("hip", {"level": "hard", "instructions": "brief", "sets": {"*": 2}}),
    "tiny": (str(DATA / "tiny.yaml"), {}),
    "colon-glute-circuit": (str(DATA / "articles" / "colon-glute-circuit.txt"), {}),
}


@pytest.mark.parametrize("case", sorted(CUE_SHEETS))
def test_cue_sheet_golden(case: str) -> None:
    spec, options = CUE_SHEETS[case]
    session = apply(sources.load(spec), Options(**options))  # type: ignore[arg-type]
    _, laid = timeline.for_session(session, timeline.estimate_length(session.voice.rate))
    text = export.cue_sheet(laid, session.settings, session.name, session.equipment)
    path = GOLDEN / f"cues-{case}.json"
    if os.environ.get("VOICECOACH_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")

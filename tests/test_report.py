"""voicecoach.report: what the commands print. The progress bar leaves nothing on a
standard error that is not a terminal (it used to leave an empty line)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from voicecoach import report

VOICECOACH = Path(sys.executable).with_name("voicecoach")


def test_the_progress_bar_writes_nothing_to_a_file() -> None:
    err = io.StringIO()
    with report.progress(Console(file=err, width=80)) as update:
        update("speech", 1, 2)
        update("speech", 2, 2)
        update("encode", 1, 1)
    assert err.getvalue() == ""


@pytest.mark.audio
def test_a_successful_render_has_no_empty_line_on_stderr(tiny: Path, tmp_path: Path
                                                          ) -> None:
    run = subprocess.run([str(VOICECOACH), "render", str(tiny), "-o",
                          str(tmp_path / "t.mp3")], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "" not in run.stderr.splitlines()
    assert "\n\n" not in run.stderr and not run.stderr.startswith("\n")

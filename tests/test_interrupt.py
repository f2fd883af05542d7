"""Ctrl-C during a render: exit 130, one line, no traceback, no half-written file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

VOICECOACH = Path(sys.executable).with_name("voicecoach")


def test_ctrl_c_during_render_leaves_nothing_behind(tmp_path: Path) -> None:
    out = tmp_path / "hip.mp3"
    out.write_bytes(b"last week's session")
    env = dict(os.environ, VOICECOACH_CACHE_DIR=str(tmp_path / "cache"))  # cold: slow enough
    proc = subprocess.Popen(
        [str(VOICECOACH), "render", "hip", "-o", str(out)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not any(tmp_path.glob(".hip.mp3.*.part")) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the MP3 is being written: the worst moment
    assert proc.poll() is None, "the render finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Traceback" not in stdout + stderr
    assert "interrupted" in stderr
    assert out.read_bytes() == b"last week's session"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "hip.mp3"]

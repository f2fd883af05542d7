"""Ctrl-C during a render: exit 130, one line, no traceback, no half-written file."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.audio

VOICECOACH = Path(sys.executable).with_name("voicecoach")


SLOW_FFMPEG = """#!/bin/sh
# An encoder that takes its time (and, like a busy ffmpeg, outlives a Ctrl-C).
trap '' INT
sleep 60
"""


def test_ctrl_c_during_render_leaves_nothing_behind(tmp_path: Path, data_dir: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    out = work / "tiny.mp3"
    out.write_bytes(b"last week's session")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ffmpeg").write_text(SLOW_FFMPEG)
    (fake / "ffmpeg").chmod(0o755)
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.Popen(
        [str(VOICECOACH), "render", str(data_dir / "tiny.yaml"), "-o", str(out)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(work.glob(".tiny.mp3.*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)  # wait until the MP3 is being written: the worst moment
        time.sleep(0.5)  # the encoder is running now
        assert proc.poll() is None, "the render finished before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the fake encoder
    assert proc.returncode == 130
    assert "Traceback" not in stdout + stderr
    assert "interrupted" in stderr
    assert out.read_bytes() == b"last week's session"
    assert sorted(p.name for p in work.iterdir()) == ["tiny.mp3"]

"""Ctrl-C (SIGINT to the terminal's process group) and SIGTERM (to the command alone)
during a batch (`render A --level easy,standard,hard`): 128 + the signal's number, one
line, no traceback; no worker, forkserver or ffmpeg left running; no `*.part` left; the
files finished before the signal intact and valid, the one not finished absent or the
user's previous version untouched. Real processes, real ffmpeg (one of them slowed)."""

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

# ffmpeg as it is, except that it reads the hard level at its playing speed (as a long
# session would take): the interrupt comes while that file is being encoded and the
# others are done. One process, as ffmpeg is: nothing of the stand-in's own to leave.
SLOW_HARD = """#!/bin/sh
case "$*" in *-hard.mp3*) exec {ffmpeg} -re "$@" ;; esac
exec {ffmpeg} "$@"
"""


def _alive_in(pgid: int, within: float = 20) -> list[str]:
    """The processes still in the group ``pgid`` (waiting up to ``within`` s for none)."""
    deadline = time.monotonic() + within
    while True:
        found = subprocess.run(["pgrep", "-a", "-g", str(pgid)], capture_output=True,
                               text=True).stdout.splitlines()
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def _orphans(marker: str) -> list[str]:
    """Processes anywhere whose command line names ``marker`` (an ffmpeg writing into the
    test's folder leaves the group with its parent gone)."""
    found = subprocess.run(["pgrep", "-a", "-f", marker], capture_output=True, text=True)
    return [line for line in found.stdout.splitlines() if "pgrep" not in line]


def _valid(path: Path) -> float:
    """The duration ffprobe reads from a whole MP3 (it decodes it to the end)."""
    run = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-xerror", "-i", str(path),
                          "-f", "null", "-"], capture_output=True, text=True)
    assert run.returncode == 0 and not run.stderr, run.stderr
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                            "-of", "csv=p=0", str(path)], capture_output=True, text=True,
                           check=True)
    return float(probe.stdout)


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "interrupted"),
    (signal.SIGTERM, 143, "interrupted by SIGTERM"),
])
def test_a_signal_during_a_batch_leaves_nothing_behind(
        tmp_path: Path, data_dir: Path, signum: int, code: int, said: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "tiny-hard.mp3"
    previous.write_bytes(b"last week's hard session")
    fake = tmp_path / "bin"
    fake.mkdir()
    real = subprocess.run(["sh", "-c", "command -v ffmpeg"], capture_output=True, text=True,
                          check=True).stdout.strip()
    (fake / "ffmpeg").write_text(SLOW_HARD.format(ffmpeg=real))
    (fake / "ffmpeg").chmod(0o755)
    # One ffmpeg a file: the hard level's file name is on its command line. (Encoded in
    # parts, as a batch's last file may be on a free core, its parts are not, and it was
    # not slowed: the batch could finish before the signal.)
    env = dict(os.environ, PATH=f"{fake}{os.pathsep}{os.environ['PATH']}",
               VOICECOACH_PARALLEL_MP3="1")
    proc = subprocess.Popen(
        [str(VOICECOACH), "render", str(data_dir / "tiny.yaml"), "--level",
         "easy,standard,hard", "-o", str(out)], env=env, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        finished = [out / "tiny-easy.mp3", out / "tiny-standard.mp3"]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (
                all(p.exists() for p in finished) and any(out.glob(".tiny-hard.mp3.*.part"))):
            time.sleep(0.05)
        time.sleep(0.5)  # the hard level's encoder is running now
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        assert all(p.exists() for p in finished), "easy and standard were not written"
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)  # what a terminal sends on Ctrl-C: the whole group
        else:
            os.kill(proc.pid, signum)  # what `kill` sends: the command alone
        stdout, stderr = proc.communicate(timeout=60)
        left = _alive_in(proc.pid)
        orphans = _orphans(str(out))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        for line in _orphans(str(out)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line.split()[0]), signal.SIGKILL)
    assert proc.returncode == code, stdout + stderr
    assert "Traceback" not in stdout + stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and lines[-1] == said, stderr
    assert sum("interrupted" in line for line in lines) == 1, stderr
    assert not left, f"still running in the group: {left}"
    assert not orphans, f"still running: {orphans}"
    assert previous.read_bytes() == b"last week's hard session"
    assert sorted(p.name for p in out.iterdir()) == [
        "tiny-easy.mp3", "tiny-hard.mp3", "tiny-standard.mp3"]
    for path in finished:
        assert _valid(path) > 10

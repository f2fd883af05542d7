"""Signals during a render: Ctrl-C (SIGINT), SIGTERM and SIGHUP stop it with one line
and 128 + the signal's number, no traceback, no half-written file; the synthesis pool's
workers and the resource tracker end with it, on SIGKILL too."""

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


@pytest.mark.parametrize(("signum", "code", "said"), [
    (signal.SIGINT, 130, "interrupted"),
    (signal.SIGTERM, 143, "interrupted by SIGTERM"),
    (signal.SIGHUP, 129, "interrupted by SIGHUP"),
])
def test_a_signal_during_render_leaves_nothing_behind(
        tmp_path: Path, data_dir: Path, signum: int, code: int, said: str) -> None:
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
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)  # what a terminal sends on Ctrl-C: the whole group
        else:
            os.kill(proc.pid, signum)  # what `kill` or a closing terminal sends
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the fake encoder
    assert proc.returncode == code
    assert "Traceback" not in stdout + stderr
    assert stderr.splitlines()[-1] == said
    assert out.read_bytes() == b"last week's session"
    assert sorted(p.name for p in work.iterdir()) == ["tiny.mp3"]


LONG_ROUTINE = "name: Long Talk\nexercises:\n" + "".join(
    f"  - name: Move {n}\n    reps: 2\n    instructions: " + " ".join(
        f"Part {m} of move {n}, keep your back flat and breathe out slowly."
        for m in range(8)) + "\n"
    for n in range(80))


def _workers(pid: int) -> list[str]:
    """The pool's worker processes among the children of ``pid``."""
    found = subprocess.run(["pgrep", "-P", str(pid), "-f", "spawn_main"],
                           capture_output=True, text=True)
    return found.stdout.split()


def _group_gone(pgid: int, within: float = 30) -> bool:
    """Whether every process of the group has ended (waiting up to ``within`` s)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_signal_during_synthesis_ends_the_pool(tmp_path: Path, signum: int) -> None:
    cache = tmp_path / "speech"  # cold, and long phrases: worth a pool
    routine = tmp_path / "long.yaml"
    routine.write_text(LONG_ROUTINE)
    env = dict(os.environ, VOICECOACH_CACHE_DIR=str(cache))
    proc = subprocess.Popen(
        [str(VOICECOACH), "render", str(routine), "-o", str(tmp_path / "hip.mp3")], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _workers(proc.pid):
            time.sleep(0.05)
        time.sleep(0.5)  # the pool is at work
        assert _workers(proc.pid), "synthesis was over before it could be interrupted"
        os.kill(proc.pid, signum)  # the main process only: the workers are its business
        _, stderr = proc.communicate(timeout=30)
        assert _group_gone(proc.pid), "workers or the resource tracker are still running"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    if signum == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 128 + signum
        assert "Traceback" not in stderr
    assert not (tmp_path / "hip.mp3").exists()
    # The next run removes the temporaries of the workers that were stopped mid-clip.
    from voicecoach.speech import SpeechCache

    SpeechCache(cache).prepare(["Next time."])
    assert not list(cache.rglob(".tmp-*"))


def test_a_stopped_pool_leaves_nothing_for_the_exit_handler_to_trip_on() -> None:
    """Python 3.11's exit handler wakes every pool's manager thread through a pipe the
    stopped pool may have closed; the wake-up must then do nothing, not raise (EBADF)."""
    import concurrent.futures as cf

    from voicecoach.speech import cache

    pool = cf.ProcessPoolExecutor(1)
    assert pool.submit(abs, -1).result(timeout=60) == 1
    wakeup = pool._executor_manager_thread_wakeup
    cache._stop_pool(pool)
    wakeup._writer.close()  # the race: its manager closed the pipe ...
    wakeup._closed = False  # ... and the exit handler has not seen it marked closed yet
    wakeup.wakeup()  # what the exit handler then calls: quiet, not OSError

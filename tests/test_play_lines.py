"""voicecoach.play.lines: with standard output not a terminal, `play` prints a plain
line at each change of chapter or block, with its time (it printed nothing useful)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from voicecoach import render, sources
from voicecoach import session as sessions
from voicecoach.play import play_session
from voicecoach.play.display import Guide, display_state
from voicecoach.play.keys import ScriptedKeys
from voicecoach.play.lines import line
from voicecoach.play.sinks import ClockSink
from voicecoach.speech import SpeechCache
from voicecoach.wording import clock

pytestmark = pytest.mark.audio

VOICECOACH = Path(sys.executable).with_name("voicecoach")
TINY = """\
name: Tiny Lines
safety: ""
defaults: {tempo: 1.5, rest: 3, switch: 2, transition: 0, lead_in: 1, ready: 2}
exercises:
  - {name: Bridges, reps: 3, sets: 2}
  - {name: Side Hold, hold: 4, per_side: true}
"""
LINE = re.compile(r"^\s*(\d+:\d\d)  (.+)$")


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("lines")
    path = folder / "lines.yaml"
    path.write_text(TINY)
    session = sessions.apply(sources.load(str(path)), sessions.Options(instructions="none"))
    cache = SpeechCache(folder / "cache")
    _, laid = render.speak(session, cache)
    return path, session, cache, laid


def _expected(session, laid) -> list[str]:  # type: ignore[no-untyped-def]
    """One line per block whose heading, activity, side or set differs from the last."""
    guide = Guide(session, laid)
    out, last = [], None
    for block in guide.blocks:
        key, text = line(guide, block.start)
        if key != last:
            out.append(text.strip())
            last = key
    return out


def test_a_pipe_gets_a_line_at_each_change(made) -> None:  # type: ignore[no-untyped-def]
    path, session, cache, laid = made
    run = subprocess.run([str(VOICECOACH), "play", str(path), "--no-instructions",
                          "--dry-run", "--speed", "50"], capture_output=True, text=True,
                         env={**os.environ, "VOICECOACH_CACHE_DIR": str(cache.dir)},
                         stdin=subprocess.DEVNULL, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[-1].startswith("Session complete: ")
    progress = lines[:-1]
    assert all(LINE.match(text) for text in progress), progress
    assert [text.strip() for text in progress] == _expected(session, laid)
    assert progress[0].strip().startswith("0:00  Opening")
    for wanted in ("Exercise 1 of 2: Bridges  Work  set 2 of 2",
                   "Exercise 2 of 2: Side Hold  Switch sides  side 2 of 2",
                   "Session complete  Done"):
        assert any(wanted in text for text in progress), wanted
    assert "\x1b" not in run.stdout  # no cursor movement: it is a file


def test_a_skip_prints_where_it_lands(made) -> None:  # type: ignore[no-untyped-def]
    _, session, cache, laid = made
    fake = [0.0]
    tick = 0.125

    def now() -> float:
        return fake[0]

    def sleep(seconds: float) -> None:
        fake[0] += seconds

    out = io.StringIO()
    play_session(session, cache, clock=now, sink=ClockSink(now),
                 keys=ScriptedKeys([(1.0, "n"), (1.5, "n"), (2.0, "q")], now, sleep=sleep),
                 console=Console(file=out, width=100), tick=tick, stream=False)
    lines = [text.strip() for text in out.getvalue().splitlines()]
    guide = Guide(session, laid)
    second = laid.chapters[2].start
    assert lines[0] == "0:00  Opening  Welcome"
    landed = display_state(guide, second)
    assert f"{clock(landed.elapsed)}  Exercise 2 of 2: Side Hold  Instructions" in lines
    assert not any("Bridges  Work" in text for text in lines)  # skipped, never played
    assert lines[-1].startswith("Stopped at")

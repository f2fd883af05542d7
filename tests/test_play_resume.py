"""voicecoach.play.resume and the transport's start: `play --from EXERCISE|TIME`,
the command `q` prints to resume, and `--dry-run --speed N`.

Real speech (eSpeak NG, cached), the real timeline and mix; a fake clock for
the in-process player, a real pseudo-terminal for the keys end to end."""

from __future__ import annotations

import io
import os
import pty
import shlex
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console
from terminal import Output
from typer.testing import CliRunner

from voicecoach import flags as flags_mod
from voicecoach import render, sources
from voicecoach import session as sessions
from voicecoach.cli import app
from voicecoach.errors import FlagError
from voicecoach.play import play_session
from voicecoach.play.keys import ScriptedKeys
from voicecoach.play.live import faster
from voicecoach.play.program import mastered
from voicecoach.play.resume import Start, command_line, parse_start, parse_time, stamp
from voicecoach.play.sinks import ClockSink
from voicecoach.speech import SpeechCache

VOICECOACH = Path(sys.executable).with_name("voicecoach")
TICK = 0.125
TINY = """\
name: Tiny Test
safety: ""
defaults: {tempo: 1.5, rest: 3, switch: 2, transition: 0, lead_in: 1, ready: 2}
exercises:
  - {name: Bridges, reps: 3, sets: 2}
  - {name: Hold It, hold: 4}
"""


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sink: ClockSink | None = None  # stands still until its program is ready

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        # The session is mastered in the background a chunk at a time, far faster than
        # it plays; but this clock runs as fast as the loop: let it wait for the samples.
        transport = self.sink._transport if self.sink is not None else None
        deadline = time.monotonic() + 60
        while (transport is not None and not transport.program.done
               and transport.program.error is None and time.monotonic() < deadline):
            time.sleep(0.01)
        self.now += seconds


# --------------------------------------------------------------------------- parsing


def test_times_and_bad_times() -> None:
    assert parse_time("3:53") == 233 and parse_time("0:05") == 5
    assert parse_time("1:02:05") == 3725 and parse_time("75:00") == 4500
    assert parse_time("donkey") is None and parse_time("3") is None
    for bad in ("1:75", "1:60:00"):
        with pytest.raises(FlagError, match="not a time"):
            parse_time(bad)
    assert stamp(233.9) == "3:53" and stamp(3725.2) == "1:02:05"


def test_an_exercise_as_the_flags_name_it() -> None:
    routine = sources.load("hip")
    session = sessions.apply(routine, sessions.Options(skip=["1"]))
    assert parse_start("donkey", routine, session) == Start(chapter=2)  # 2nd in session
    assert parse_start("3", routine, session) == Start(chapter=2)  # 3rd in the routine
    assert parse_start("glute-bridges", routine, session) == Start(chapter=3)
    assert parse_start("2:00", routine, session, 900.0) == Start(seconds=120.0)
    for raw, said in [("1", "foam-roll-glutes is not in this session"),
                      ("glute-bridgs", "did you mean glute-bridges"),
                      ("99:00", "the session lasts about 15:00"),
                      ("", "give an exercise")]:
        with pytest.raises(FlagError, match=said):
            parse_start(raw, routine, session, 900.0)


def test_the_resume_command_has_the_same_flags() -> None:
    flags = {**flags_mod.defaults(), "reps": ["donkey=12", "10"], "brief": True,
             "level": "hard", "tempo": "2.5"}
    line = command_line("my routine.yaml", flags, flags_mod.defaults(),
                        {"device": None, "dry_run": True, "speed": None}, 233.7)
    assert shlex.split(line) == [
        "voicecoach", "play", "my routine.yaml", "--level", "hard", "--reps", "donkey=12",
        "--reps", "10", "--tempo", "2.5", "--brief", "--dry-run", "--from", "3:53"]
    again = command_line("hip", {**flags_mod.defaults(), "start": "1:00"},
                         flags_mod.defaults(), {}, 5)
    assert again == "voicecoach play hip --from 0:05"


def test_a_faster_clock() -> None:
    clock = FakeClock()
    clock.now = 10
    fast = faster(clock, 20)
    clock.sleep(0.5)
    assert fast() == 20 and faster(clock, 1) is clock


@pytest.mark.parametrize(("args", "said"), [
    (["--speed", "3"], "only a dry run can go faster"),
    (["--dry-run", "--speed", "fast"], "--speed fast: give how many times faster"),
    (["--dry-run", "--speed", "0"], "a number above 0 and up to 1000"),
    (["--dry-run", "--speed", "1e9"], "up to 1000"),
    (["--dry-run", "--from", "zz"], "unknown --from 'zz'"),
    (["--dry-run", "--from", "9:59:00"], "the session lasts about"),
])
def test_bad_from_and_speed_are_one_line_before_any_audio(args: list[str], said: str
                                                          ) -> None:
    result = CliRunner().invoke(app, ["play", "hip", *args])
    assert result.exit_code == 2, result.output
    assert said in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


# --------------------------------------------------------------------------- playing


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, sessions.Session,
                                                            SpeechCache, object, np.ndarray]:
    folder = tmp_path_factory.mktemp("resume")
    path = folder / "tiny.yaml"
    path.write_text(TINY)
    session = sessions.apply(sources.load(str(path)), sessions.Options(instructions="none"))
    cache = SpeechCache(folder / "cache")
    _, laid = render.speak(session, cache)
    return path, session, cache, laid, np.concatenate(list(mastered(session, cache, laid)))


def _play(tiny, keys_at, start=None, stream=False):  # type: ignore[no-untyped-def]
    _, session, cache, _, _ = tiny
    clock = FakeClock()
    sink = ClockSink(clock, record=True)
    clock.sink = sink
    out = io.StringIO()
    play_session(session, cache, clock=clock, sink=sink,
                 keys=ScriptedKeys(keys_at, clock, sleep=clock.sleep),
                 console=Console(file=out, width=100), tick=TICK, stream=stream,
                 start=start, resume=lambda at: f"voicecoach play tiny --from {stamp(at)}")
    return sink, out.getvalue()


@pytest.mark.audio
@pytest.mark.parametrize("stream", [False, True])
def test_from_an_exercise_plays_from_its_chapter(tiny, stream: bool) -> None:  # type: ignore[no-untyped-def]
    _, _, _, laid, buffer = tiny
    chapter = laid.chapters[2]  # Hold It
    sink, text = _play(tiny, [], Start(chapter=2), stream=stream)
    played = sink.played
    heard = played[np.flatnonzero(played)[0]:] if played.any() else played
    want = buffer[chapter.start:]
    want = want[np.flatnonzero(want)[0]:]
    heard = heard[:want.size]
    if stream and not np.array_equal(heard, want):
        # Streamed, the chapter may begin before the session is measured: until the file's
        # samples take over (at a silence) it plays at eSpeak NG's typical gain, so the
        # same sound, a little louder or softer, from the same sample on (seen under load).
        assert heard.size == want.size
        assert np.corrcoef(heard.astype(float), want.astype(float))[0, 1] > 0.99
    else:
        np.testing.assert_array_equal(heard, want)
    first = text.splitlines()[0]
    assert "Exercise 2 of 2: Hold It" in first and "Bridges" not in text


@pytest.mark.audio
def test_from_a_time_and_q_prints_the_command_that_resumes(tiny) -> None:  # type: ignore[no-untyped-def]
    _, _, _, laid, buffer = tiny
    rate = laid.rate
    sink, text = _play(tiny, [(2.0, "q")], Start(seconds=5.0))
    assert sink.positions[0] == 5 * rate
    np.testing.assert_array_equal(sink.played[:2 * rate], buffer[5 * rate:7 * rate])
    assert text.splitlines()[-1] == ("Stopped at 0:07. Resume with: "
                                     "voicecoach play tiny --from 0:07")


@pytest.mark.audio
def test_q_on_a_terminal_prints_a_command_that_resumes_there(tiny, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path, _, cache, _, _ = tiny
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(VOICECOACH), "play", str(path), "--no-instructions", "--dry-run", "--from",
         "hold"], stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
        env={**os.environ, "VOICECOACH_CACHE_DIR": str(cache.dir), "TERM": "xterm"})
    output = Output(master)
    try:
        output.wait_for(b"Hold It")
        time.sleep(1.2)
        os.write(master, b"q")
        returned = proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(slave)
        output.reader.join(2)
        os.close(master)
    text = output.data.decode(errors="replace")
    assert returned == 0, text
    last = [line for line in text.splitlines() if "Resume with:" in line][-1]
    command = shlex.split(last.split("Resume with: ", 1)[1])
    assert command[:3] == ["voicecoach", "play", str(path)]
    assert "--no-instructions" in command and "--dry-run" in command
    at = parse_time(command[command.index("--from") + 1])
    assert at is not None and at >= 1  # past where it started, at the hold


@pytest.mark.audio
def test_a_fast_dry_run_goes_through_the_session_quickly(tiny) -> None:  # type: ignore[no-untyped-def]
    path, _, cache, laid, _ = tiny
    began = time.monotonic()
    run = subprocess.run([str(VOICECOACH), "play", str(path), "--no-instructions",
                          "--dry-run", "--speed", "40"], capture_output=True, text=True,
                         env={**os.environ, "VOICECOACH_CACHE_DIR": str(cache.dir)},
                         stdin=subprocess.DEVNULL, timeout=60)
    took = time.monotonic() - began
    assert run.returncode == 0, run.stderr
    assert "Session complete" in run.stdout
    print(f"\n--speed 40: a {laid.duration:.1f} s session in {took:.1f} s")

"""voicecoach.play.keys: keys from a real pseudo-terminal, and scripted keys."""

from __future__ import annotations

import os
import pty
import termios

from voicecoach.play.keys import KeyReader, ScriptedKeys


def test_key_reader_reads_keys_in_cbreak_mode_and_restores_the_terminal() -> None:
    master, slave = pty.openpty()
    try:
        before = termios.tcgetattr(slave)
        with os.fdopen(os.dup(slave), "r") as stream:
            reader = KeyReader(stream)
            with reader:
                assert reader.active
                assert not termios.tcgetattr(slave)[3] & termios.ICANON
                os.write(master, b" n\x1b[A")  # space, n, then an arrow key (ignored)
                assert reader.read(1.0) == [" ", "n"]
                assert reader.read(0.01) == []
            assert not reader.active
        assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)


def test_key_reader_without_a_terminal_is_inactive_and_waits(tmp_path: object) -> None:
    r, w = os.pipe()
    with os.fdopen(r, "r") as stream:
        reader = KeyReader(stream)
        with reader:
            assert not reader.active
            os.write(w, b"q")
            assert reader.read(0.01) == []  # not a terminal: keys are off
    os.close(w)


def test_scripted_keys_arrive_when_due() -> None:
    now = [0.0]

    def clock() -> float:
        return now[0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    keys = ScriptedKeys([(1.0, "n"), (0.5, " "), (3.0, "q")], clock, sleep=sleep)
    with keys:
        assert keys.read(0.4) == []
        assert keys.read(0.2) == [" "]
        assert keys.read(0.5) == ["n"]
        assert keys.read(5.0) == ["q"]
        assert keys.read(1.0) == []

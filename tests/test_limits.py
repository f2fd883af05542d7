"""voicecoach.limits: the limits on a laid-out session, applied before any audio."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach import limits, render, routine, sources
from voicecoach import session as sessions
from voicecoach import timeline as tl
from voicecoach.errors import FlagError, RoutineError

FAST = """name: Fast
defaults:
  tempo: 0.01
exercises:
""" + "".join(f"  - {{name: E{n}, reps: 200, sets: 20, per_side: true}}\n" for n in range(3))


class NoAudio:
    """A speech cache that fails the test when anything asks it for audio."""

    voice = None
    synthesised = 0

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"audio work started ({name})")


def laid(text: str) -> tl.Timeline:
    session = sessions.apply(routine.parse(text))
    return tl.for_session(session, tl.estimate_length(session.voice.rate))[1]


def test_a_tempo_too_fast_to_count_is_refused() -> None:
    with pytest.raises(RoutineError, match=r"tempo.*must be at least 0\.5 seconds"):
        routine.parse(FAST)
    with pytest.raises(FlagError, match=r"--tempo must be at least 0\.5 seconds"):
        sessions.apply(sources.load("hip"), sessions.Options(tempo=0.1))


def test_the_laid_out_session_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    hip = laid(sources.builtin_text("hip"))
    limits.check_timeline(hip)
    monkeypatch.setattr(limits, "MAX_SESSION_SECONDS", hip.duration - 1)
    with pytest.raises(RoutineError, match="more than the limit of"):
        limits.check_timeline(hip)


def test_render_refuses_it_before_any_audio(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("voicecoach.export.ffmpeg_path", lambda: "ffmpeg")
    session = sessions.apply(sources.load("hip"))
    monkeypatch.setattr(limits, "MAX_SESSION_SECONDS", 60)
    with pytest.raises(RoutineError, match="more than the limit"):
        render.to_file(session, tmp_path / "f.mp3", NoAudio())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_cues_and_chapters_are_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    hip = laid(sources.builtin_text("hip"))
    limits.check_timeline(hip)
    monkeypatch.setattr(limits, "MAX_EVENTS", len(hip.events) - 1)
    with pytest.raises(RoutineError, match="cues, more than the limit"):
        limits.check_timeline(hip)
    monkeypatch.setattr(limits, "MAX_EVENTS", 10**9)
    monkeypatch.setattr(limits, "MAX_CHAPTERS", len(hip.chapters) - 1)
    with pytest.raises(RoutineError, match="chapters, more than an MP3's chapter table"):
        limits.check_timeline(hip)


def test_the_most_exercises_fit_the_chapter_table() -> None:
    assert limits.MAX_EXERCISES + 2 <= limits.MAX_CHAPTERS  # opening and closing chapters
    text = "name: X\nexercises:\n" + "  - {name: A, hold: 5}\n" * limits.MAX_EXERCISES
    limits.check_timeline(laid(text))


def test_quote_shortens_and_escapes() -> None:
    assert limits.quote("abc") == "'abc'"
    assert limits.quote("\x1b[2J") == "'\\x1b[2J'"
    assert len(limits.quote("x" * 10**6)) <= limits.MAX_QUOTED + 2

"""The per-clip time bound on the speech engine, with the real eSpeak NG: the bound is
lowered (no real text is slow enough to wait for in a test; a clip of 400 characters, the
longest piece speech/chunks.py makes, is said in a few seconds), so that a real clip
passes it. The clip is abandoned from inside eSpeak NG's synthesis callback with one
clear error (exit 3), and the engine says the next clip in full."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach.errors import EXIT_MISSING_DEPENDENCY, DependencyError
from voicecoach.speech import clips, engine

TEXT = "Lie on your back with your knees bent, and lift your hips slowly. " * 4


def test_the_bound_scales_with_the_text() -> None:
    assert engine.clip_bound("Go.") < engine.clip_bound("x" * 400) <= 30
    assert engine.clip_bound("x" * 4000) > engine.clip_bound("x" * 400) * 5


def seconds(path: Path) -> float:
    samples, rate = clips.read(path)
    return len(samples) / rate


@pytest.mark.audio
def test_a_clip_past_its_bound_is_abandoned_and_the_next_is_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine.say_to_file(TEXT, tmp_path / "before.wav", None, 170)
    monkeypatch.setattr(engine, "CLIP_SECONDS", 0.0)
    monkeypatch.setattr(engine, "CLIP_SECONDS_PER_CHAR", 0.0)
    with pytest.raises(DependencyError, match=r"took more than 0 s on a phrase of 264 "
                       r"characters \('Lie on your back.*and was stopped") as info:
        engine.say_to_file(TEXT, tmp_path / "stopped.wav", None, 170)
    assert info.value.exit_code == EXIT_MISSING_DEPENDENCY
    monkeypatch.undo()
    engine.say_to_file(TEXT, tmp_path / "after.wav", None, 170)  # not wedged
    assert seconds(tmp_path / "after.wav") == pytest.approx(
        seconds(tmp_path / "before.wav"), abs=0.05)


@pytest.mark.audio
def test_render_stops_on_a_stalled_clip_with_exit_3(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from voicecoach.cli import app

    monkeypatch.setenv("VOICECOACH_CACHE_DIR", str(tmp_path / "cache"))  # nothing cached
    monkeypatch.setattr(engine, "CLIP_SECONDS", 0.0)
    monkeypatch.setattr(engine, "CLIP_SECONDS_PER_CHAR", 0.0)
    routine = tmp_path / "r.yaml"
    routine.write_text("name: Stall\nexercises:\n  - name: Squats\n    reps: 3\n")
    target = tmp_path / "s.mp3"
    result = CliRunner().invoke(app, ["render", str(routine), "-o", str(target)])
    assert result.exit_code == EXIT_MISSING_DEPENDENCY, (result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "and was stopped" in errors[0]
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()
                and p.suffix == ".wav"]

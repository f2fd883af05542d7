"""voicecoach.lint: the script linter over hip at the settings that used to break it,
every routine in the test data and every test article (estimated phrase lengths)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from voicecoach import lint, script, sources, timeline
from voicecoach import session as sessions
from voicecoach.timeline import MIX_RATE

DATA = Path(__file__).parent / "data"
HIP_SETTINGS = {
    "default": {},
    "hard": {"level": "hard"},
    "tempo-2": {"tempo": 2.0},
    "rate-110": {"voice": sessions.Voice(rate=110)},
    "hold-8": {"hold": {"*": 8}},
    "duration-180": {"duration": {"*": 180}},
    "sets-3-rest-90": {"sets": {"*": 3}, "rest": 90},
    "tones-none": {"tones": "none"},
    "tones-full": {"tones": "full"},
    "ready-3": {"ready": 3.0, "switch": 3.0},
    "ready-4": {"ready": 4.0, "switch": 4.0},
    "tempo-25": {"tempo": 25.0},
    "rate-220": {"voice": sessions.Voice(rate=220)},
    "hold-10-tempo-30": {"hold": {"*": 10}, "tempo": 30.0},
}
ROUTINES = sorted(str(p) for p in DATA.glob("*.yaml")) + sorted(
    str(p) for p in (DATA / "articles").iterdir() if not p.name.endswith(".expected.yaml"))


def laid(spec: str, **options: object) -> tuple[sessions.Session, timeline.Timeline]:
    session = sessions.apply(sources.load(spec), sessions.Options(**options))  # type: ignore[arg-type]
    return session, timeline.for_session(session, timeline.estimate_length(
        session.voice.rate))[1]


@pytest.mark.parametrize("case", sorted(HIP_SETTINGS))
def test_hip_passes_the_linter(case: str) -> None:
    report = lint.lint(*laid("hip", **HIP_SETTINGS[case]))
    assert report.ok, "\n".join(map(str, report.findings))
    assert report.longest["work"] <= lint.QUIET_LIMIT


@pytest.mark.parametrize("spec", ROUTINES, ids=lambda p: Path(p).name)
def test_test_routines_and_articles_pass_the_linter(spec: str) -> None:
    report = lint.lint(*laid(spec))
    assert report.ok, "\n".join(map(str, report.findings))


def test_silence_is_found() -> None:
    session, plan = laid("hip", only=["foam"], duration={"*": 90})
    assert lint.lint(session, plan).ok
    # what the script used to say: "Go.", then nothing until "30 seconds left."
    old = [script.Cue("speech", "Go.", 60.0, chapter=1, exercise="foam-roll-glutes",
                      block="work"),
           script.Cue("speech", "30 seconds left.", 30.0, chapter=1,
                      exercise="foam-roll-glutes", block="work")]
    found = lint.lint(session, timeline.build(old, timeline.estimate_length(170),
                                              script.chapter_titles(session))).findings
    assert [f.rule for f in found] == ["silence", "silence"]
    assert "59.5 s of silence in foam-roll-glutes" in str(found[0])


def test_overrun_off_beat_contradiction_and_repeat_are_found() -> None:
    session, _ = laid("hip", only=["glute"], reps={"*": 3})
    step = session.steps[0]
    said_two = replace(step, spoken="Hold for two seconds, then lower.",
                       dose=replace(step.dose, hold=8))
    session = replace(session, steps=(said_two,))
    cues = script.build(session)
    cues.insert(-1, script.Cue("speech", "Keep breathing.", chapter=2, block="closing"))
    cues.insert(-1, script.Cue("speech", "Keep breathing.", chapter=2, block="closing"))
    lengths = timeline.estimate_length(170)
    plan = timeline.build(cues, lambda t: 9 * MIX_RATE if t == "Hold." else lengths(t),
                          script.chapter_titles(session))
    rules = {f.rule for f in lint.lint(session, plan).findings}
    assert rules == {"overrun", "beat", "contradiction", "repeat"}


@pytest.mark.audio
@pytest.mark.parametrize("case", ["default", "tempo-2", "hold-8"])
def test_hip_passes_the_linter_on_real_clips(case: str) -> None:
    """The same rules on the lengths eSpeak NG really gives (one render's speech step)."""
    from voicecoach import render
    from voicecoach.speech import SpeechCache

    session = sessions.apply(sources.load("hip"), sessions.Options(**HIP_SETTINGS[case]))  # type: ignore[arg-type]
    _, plan = render.speak(session, SpeechCache(voice=session.voice))
    report = lint.lint(session, plan)
    assert report.ok, "\n".join(map(str, report.findings))


def test_a_count_that_starts_after_its_second_is_found() -> None:
    session, plan = laid("hip", only=["foam"])
    assert lint.lint(session, plan).ok
    # the old layout: the pip on the second, "Three." a tone's length after it
    at = {"chapter": 1, "exercise": "foam-roll-glutes", "side": 1, "block": "ready"}
    old: list[script.Cue] = [script.Cue("speech", "Get ready.", 2.0, **at)]  # type: ignore[arg-type]
    for word in ("Three.", "Two.", "One."):
        old += [script.Cue("tone", "pip", 0.25, **at),  # type: ignore[arg-type]
                script.Cue("speech", word, 0.75, **at)]  # type: ignore[arg-type]
    old.append(script.Cue("speech", "Go.", 1.0, **{**at, "block": "work"}))  # type: ignore[arg-type]
    found = lint.lint(session, timeline.build(old, timeline.estimate_length(170),
                                              script.chapter_titles(session))).findings
    assert [f.rule for f in found] == ["beat"] * 3
    assert "'Three.' is +0.25 s off its second" in str(found[0])


def test_plan_timeline_prints_the_same_warnings_as_plan() -> None:
    from typer.testing import CliRunner

    from voicecoach.cli import app

    args = ["plan", "hip", "--only", "donkey", "--rate", "80", "--switch", "1"]
    for extra in ([], ["--timeline"]):
        result = CliRunner().invoke(app, args + extra)
        assert result.exit_code == 0, result.output
        assert "warning: 1 phrase does not fit" in result.stderr, extra

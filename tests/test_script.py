"""voicecoach.script: what the coach says, in order (pure, no audio)."""

from __future__ import annotations

from voicecoach import routine, script, sources, wording
from voicecoach import session as sessions


def hip_script(**options: object) -> list[script.Cue]:
    session = sessions.apply(sources.load("hip"), sessions.Options(**options))  # type: ignore[arg-type]
    return script.with_total(script.build(session), session, 16 * 60)


def said(cues: list[script.Cue], **where: object) -> list[str]:
    return [c.text for c in cues if c.kind == "speech"
            and all(getattr(c, k) == v for k, v in where.items())]


def test_opening_names_routine_count_time_and_safety() -> None:
    opening = said(hip_script(), chapter=0)
    assert opening[0] == "Hip Exercises for Hamstrings and Piriformis."
    assert opening[1] == "8 exercises, about 16 minutes."
    assert "injured" in opening[2]


def test_chapter_intro_full_and_brief() -> None:
    full = said(hip_script(), exercise="donkey-kicks", block="intro")
    assert full[0] == "Exercise 3 of 8: Donkey Kicks."
    assert full[1].startswith("Get on the ground on all fours")
    assert full[-1] == "10 reps, each side."
    brief = said(hip_script(instructions="brief"), exercise="donkey-kicks", block="intro")
    assert brief[1] == (
        "On all fours, kick one foot up toward the sky, thigh in line with your back."
    )
    none = said(hip_script(instructions="none"), exercise="donkey-kicks", block="intro")
    assert none == ["Exercise 3 of 8: Donkey Kicks.", "10 reps, each side."]


def test_reps_counted_with_halfway_and_last_one_on_both_sides() -> None:
    cues = hip_script()
    for side in (1, 2):
        counts = said(cues, exercise="donkey-kicks", block="work", side=side)
        assert counts[0] == "One."
        assert counts[4] == "Five, halfway."
        assert counts[9] == "Ten, last one."
        assert len(counts) == 10
    switch = said(cues, exercise="donkey-kicks", block="switch")
    assert switch[0] == "Switch sides."


def test_rep_with_hold_is_up_hold_down() -> None:
    work = said(hip_script(), exercise="glute-bridges", block="work")
    assert work[:3] == ["One. Up.", "Hold.", "Down."]
    assert "Hold. Halfway." in work
    assert work[-3:] == ["Last one. Up.", "Hold.", "Down."]


def test_hold_counts_down_and_releases() -> None:
    work = said(hip_script(), exercise="piriformis-stretch", block="work", side=1)
    assert work == ["Hold.", "Four.", "Three.", "Two.", "One.", "Release."]


def test_timed_work_calls_time_left() -> None:
    work = said(hip_script(), exercise="foam-roll-glutes", block="work", side=1)
    assert work == ["Go.", "30 seconds left.", "10 seconds.", "Three.", "Two.", "One."]


def test_distance_is_converted_with_its_assumption() -> None:
    intro = said(hip_script(), exercise="walking-lunges-with-twist", block="intro")
    assert intro[-1] == "20 meters, about 1 minute 40 seconds at 5 seconds a meter."


def test_sets_rest_and_next_up() -> None:
    cues = hip_script(sets={"*": 2})
    kicks = said(cues, exercise="donkey-kicks")
    assert "Set 1 of 2." in kicks and "Set 2 of 2." in kicks
    assert "Rest. 30 seconds." in said(cues, exercise="donkey-kicks", block="rest")
    assert said(cues, exercise="donkey-kicks", block="transition")[0] == (
        "Good work. Rest. Next up: Glute Bridges."
    )
    # the last exercise has no "next up"
    assert said(cues, exercise="step-ups", block="transition") == []


def test_closing() -> None:
    assert said(hip_script(), block="closing") == ["Session complete. 16 minutes. Well done."]


def test_form_cues_at_a_rep() -> None:
    text = ("name: X\nexercises:\n  - name: Squat\n    reps: 6\n"
            "    cues:\n      5: Keep your back straight.\n")
    session = sessions.apply(routine.parse(text))
    work = said(script.build(session), block="work")
    assert work[4] == "Five. Keep your back straight."


def test_spoken_duration() -> None:
    assert wording.spoken_duration(100) == "1 minute 40 seconds"
    assert wording.spoken_duration(60) == "1 minute"
    assert wording.spoken_duration(1) == "1 second"

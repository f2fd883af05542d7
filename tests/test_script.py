"""voicecoach.script: what the coach says, in order (pure, no audio)."""

from __future__ import annotations

from itertools import pairwise

from voicecoach import routine, script, sources
from voicecoach import session as sessions


def hip_session(**options: object) -> sessions.Session:
    return sessions.apply(sources.load("hip"), sessions.Options(**options))  # type: ignore[arg-type]


def hip_script(**options: object) -> list[script.Cue]:
    session = hip_session(**options)
    return script.with_total(script.build(session), session, 16 * 60)


def said(cues: list[script.Cue], **where: object) -> list[str]:
    return [c.text for c in cues if c.kind == "speech"
            and all(getattr(c, k) == v for k, v in where.items())]


def heard(cues: list[script.Cue], **where: object) -> list[str]:
    """Speech and tones (a tone as ``<name>``), in order."""
    return [c.text if c.kind == "speech" else f"<{c.text}>" for c in cues
            if c.kind != "silence" and all(getattr(c, k) == v for k, v in where.items())]


def starts(cues: list[script.Cue], **where: object) -> list[tuple[float, str]]:
    """(seconds from the first matching cue, text) of every matching cue with a slot."""
    out, t = [], 0.0
    for cue in cues:
        if all(getattr(cue, k) == v for k, v in where.items()):
            out.append((round(t, 2), cue.text))
            t += cue.slot or 0.0
    return out


def test_opening_names_routine_count_time_equipment_and_safety() -> None:
    opening = said(hip_script(), chapter=0)
    assert opening[0] == "Hip Exercises for Hamstrings and Piriformis."
    assert opening[1] == "8 exercises, about 16 minutes."
    assert opening[2] == ("You'll need a foam roller, a light medicine ball or dumbbell, "
                          "a chair and a platform or sturdy step.")
    assert "injured" in opening[3]


def test_no_safety_line_without_one_in_the_routine() -> None:
    session = sessions.apply(routine.parse("name: X\nexercises:\n  - name: Squat\n    reps: 1\n"))
    opening = said(script.build(session), chapter=0)
    assert opening == ["X.", "1 exercise.", "Get ready."]


def test_chapter_intro_full_and_brief() -> None:
    full = said(hip_script(), exercise="donkey-kicks", block="intro")
    assert full[0] == "Exercise 3 of 8: Donkey Kicks."
    assert full[1].startswith("Get on the ground on all fours")
    assert full[-1] == "Ten reps, each side."
    brief = said(hip_script(instructions="brief"), exercise="donkey-kicks", block="intro")
    assert brief[1] == (
        "On all fours, kick one foot up toward the sky, thigh in line with your back."
    )
    none = said(hip_script(instructions="none"), exercise="donkey-kicks", block="intro")
    assert none == ["Exercise 3 of 8: Donkey Kicks.", "Ten reps, each side."]


def test_the_rest_before_an_exercise_names_and_describes_it() -> None:
    rest = said(hip_script(), exercise="glute-bridges", block="transition")[0]
    assert rest.endswith("Rest for 15 seconds. Next up: Single-Leg Deadlift. Stand on one "
                         "leg, hinge forward from the hips, reach for the floor, stand up.")
    # with --brief the intro says the same line: the rest only names the exercise
    brief = said(hip_script(instructions="brief"), exercise="glute-bridges",
                 block="transition")[0]
    assert brief.endswith("Next up: Single-Leg Deadlift.")


def test_reps_counted_in_with_halfway_when_true_and_last_one() -> None:
    cues = hip_script()
    for side in (1, 2):
        block = "ready" if side == 1 else "switch"
        assert heard(cues, exercise="donkey-kicks", side=side, block=block)[-6:] == [
            "<pip>", "Three.", "<pip>", "Two.", "<pip>", "One."]
        counts = said(cues, exercise="donkey-kicks", block="work", side=side)
        assert counts[0] == "Go."  # never "One." straight after the count-in's "One."
        assert counts[4] == "Five."
        assert counts[5] == "Six. Halfway there."  # five of ten done
        assert counts[9] == "Last one."
        assert len(counts) == 10
    assert said(cues, exercise="donkey-kicks", block="switch")[0] == "Switch sides."


def test_every_count_has_a_shorter_wording_and_a_tone_to_fall_back_on() -> None:
    cues = [c for c in hip_script() if c.exercise == "donkey-kicks" and c.block == "work"]
    assert all(c.fallback == "pip" and c.shorter for c in cues if c.text != "Go.")
    six = next(c for c in cues if c.text.startswith("Six"))
    assert six.shorter == ("Six.", "Six")
    assert "Six" in script.phrases(cues)  # synthesised too, so the timeline can measure it


def test_rep_with_hold_is_up_hold_down_without_numbers_in_the_hold() -> None:
    work = heard(hip_script(hold={"glute": 4}), exercise="glute-bridges", block="work")
    assert work[:8] == ["Up.", "Hold.", "<pip>", "<pip>", "<pip>", "Down.", "Two. Up.",
                        "Hold."]
    assert "Hold. Halfway there." in work
    assert work[-6:] == ["Last one. Up.", "Hold.", "<pip>", "<pip>", "<pip>", "Down."]
    numbers = {"One.", "Two.", "Three.", "Four."}
    holds = said(hip_script(hold={"glute": 4}), exercise="glute-bridges", block="work")
    assert not numbers & set(holds)


def test_hold_counts_down_and_releases() -> None:
    work = heard(hip_script(), exercise="piriformis-stretch", block="work", side=1)
    assert work == ["Hold.", "Four.", "<pip>", "Three.", "<pip>", "Two.", "<pip>", "One.",
                    "Release."]


def test_a_long_hold_is_never_silent_for_long() -> None:
    times = starts(hip_script(hold={"piriformis": 60}), exercise="piriformis-stretch",
                   block="work", side=1)
    spoken = [t for t, text in times]
    assert max(b - a for a, b in pairwise(spoken)) <= script.QUIET + 2  # + a line's length
    texts = [text for _, text in times]
    assert "Halfway, 30 seconds left." in texts and "10 seconds left." in texts


def test_timed_work_calls_time_left_and_fills_the_gaps() -> None:
    cues = hip_script()
    work = said(cues, exercise="foam-roll-glutes", block="work", side=1)
    assert work[0] == "Go."
    assert work.index("Halfway, 30 seconds left.") < work.index("10 seconds left.")
    assert work[-3:] == ["Three.", "Two.", "One."]
    fillers = [c.text for c in cues if c.filler]
    assert fillers and set(fillers) <= set(script.WORK_LINES + script.HOLD_LINES
                                           + script.REST_LINES
                                           + script.DISTANCE_LINES["lunging"])
    assert all(a != b for a, b in pairwise(fillers))
    end = [c for c in cues if c.exercise == "foam-roll-glutes" and c.kind == "tone" and c.ends]
    assert [c.text for c in end] == ["end", "end"]


def test_long_timed_work_calls_minutes_left() -> None:
    work = said(hip_script(duration={"foam": 180}), exercise="foam-roll-glutes",
                block="work", side=1)
    assert "2 minutes left." in work and "Halfway." in work and "1 minute left." in work


def test_distance_by_movement_with_splits() -> None:
    intro = said(hip_script(), exercise="walking-lunges-with-twist", block="intro")
    assert intro[-1] == "Lunge for 20 meters, 25 lunges, about 1 minute 20 seconds."
    text = "name: R\nexercises:\n  - name: Run\n    distance: 400\n"
    session = sessions.apply(routine.parse(text))
    cues = script.build(session)
    assert said(cues, block="intro")[-1] == "Run 400 meters, about 2 minutes."
    work = said(cues, block="work")
    assert "Halfway, 200 meters to go." in work and "Last 100 meters." in work
    faster = sessions.apply(routine.parse(text), sessions.Options(pace={"*": 0.5}))
    assert said(script.build(faster), block="intro")[-1] == (
        "Run 400 meters, about 3 and a half minutes.")


def test_sets_rest_and_next_up() -> None:
    cues = hip_script(sets={"*": 2})
    kicks = said(cues, exercise="donkey-kicks")
    assert "Two sets of ten, each side." in kicks
    assert "Set 1 of 2. First side, get ready." in kicks
    assert "Set 2 of 2. First side, get ready." in kicks
    rest = said(cues, exercise="donkey-kicks", block="rest")
    assert rest[0] == "Rest for 30 seconds." and "10 seconds, get ready." in rest
    assert "Next up: Glute Bridges." in said(cues, exercise="donkey-kicks",
                                             block="transition")[0]
    # the last exercise has no "next up"
    assert said(cues, exercise="step-ups", block="transition") == []


def test_closing() -> None:
    assert said(hip_script(), block="closing") == ["That's the session: 16 minutes. Well done."]


def test_form_cues_at_a_rep() -> None:
    text = ("name: X\ndefaults: {ready: 0}\nexercises:\n  - name: Squat\n    reps: 6\n"
            "    cues:\n      5: Keep your back straight.\n")
    session = sessions.apply(routine.parse(text))
    work = said(script.build(session), block="work")
    assert work[0] == "One."  # no count-in: the first rep is counted
    assert work[4] == "Five. Keep your back straight."


def test_tones_none_minimal_full() -> None:
    def tones(mode: str) -> set[str]:
        return {c.text for c in hip_script(tones=mode) if c.kind == "tone"}

    assert tones("none") == set()
    assert tones("minimal") == {"pip", "end"}
    assert tones("full") == {"pip", "end", "start", "set"}
    silent = hip_script(tones="none")
    assert all(not c.fallback for c in silent)
    assert said(silent, exercise="foam-roll-glutes", side=1, block="work")[-1] == "And stop."


def test_the_same_session_always_says_the_same() -> None:
    assert hip_script() == hip_script()


def routine_script(text: str, **options: object) -> list[script.Cue]:
    return script.build(sessions.apply(routine.parse(text), sessions.Options(**options)))  # type: ignore[arg-type]


def test_a_long_run_hears_a_split_every_kilometer() -> None:
    cues = routine_script("name: R\nexercises:\n  - name: Easy Run\n    distance: 5000\n")
    assert said(cues, block="intro")[-1] == "Run 5 kilometers, about 25 minutes."
    work = said(cues, block="work")
    splits = [line for line in work if "kilometer" in line]
    assert splits == ["1 kilometer done, 4 to go.", "2 kilometers done, 3 to go.",
                      "Halfway, 2.5 kilometers to go.", "3 kilometers done, 2 to go.",
                      "4 kilometers done, 1 to go."]
    assert work[-3:] == ["Three.", "Two.", "One."]  # cued like timed work
    spoken = [t for t, c in zip(_times(cues), cues, strict=True)
              if c.block == "work" and c.kind == "speech"]
    assert max(b - a for a, b in pairwise(spoken)) <= script.QUIET_LONG + 2


def _times(cues: list[script.Cue]) -> list[float]:
    out, t = [], 0.0
    for cue in cues:
        out.append(t)
        t += cue.slot if cue.slot is not None else 1.0
    return out


def test_a_short_get_ready_counts_what_fits_and_the_first_rep_is_always_go() -> None:
    for ready, count_in in ((5.0, ["Three.", "Two.", "One."]), (4.0, ["Two.", "One."]),
                            (3.0, []), (2.0, [])):
        cues = hip_script(ready=ready, switch=ready)
        for side, block in ((1, "ready"), (2, "switch")):
            getting_ready = said(cues, exercise="donkey-kicks", side=side, block=block)
            assert getting_ready[1:] == count_in, (ready, getting_ready)
            work = said(cues, exercise="donkey-kicks", side=side, block="work")
            assert work[0] == "Go.", (ready, work[:2])  # "Ready... go", never a bare "One."


def test_a_hold_starts_on_hold_without_a_count_into_it() -> None:
    cues = hip_script()
    assert said(cues, exercise="piriformis-stretch", side=1, block="ready") == [
        "First side, get ready."]
    assert said(cues, exercise="piriformis-stretch", side=2, block="switch") == [
        "Switch sides."]


def test_counts_and_go_start_on_the_beat_with_the_pip_just_before() -> None:
    for tones in ("minimal", "full"):
        times = starts(hip_script(tones=tones), exercise="donkey-kicks", side=1)
        go = next(t for t, text in times if text == "Go.")
        for k, word in ((1, "One."), (2, "Two."), (3, "Three.")):
            at = next(t for t, text in times if text == word)
            assert round(go - at, 2) == k, (tones, word)
            pip = max(t for t, text in times if text == "pip" and t < at)
            assert round(at - pip, 2) == script.TONE_SECONDS
        if tones == "full":
            start = max(t for t, text in times if text == "start" and t < go)
            assert round(go - start, 2) == script.TONE_SECONDS


def test_a_slow_rep_hears_a_line_halfway_through() -> None:
    cues = hip_script(tempo=24.0, only=["donkey"])
    work = [(t, text) for t, text in starts(cues, block="work", side=1)]
    assert [text for _, text in work[:4]] == ["Go.", work[1][1], "Two.", work[3][1]]
    assert work[1][1] in script.SLOW_LINES and work[1][0] == 12.0
    assert work[1][1] != work[3][1]
    fast = said(hip_script(only=["donkey"]), block="work", side=1)
    assert not set(fast) & set(script.SLOW_LINES)


def test_breathing_cues_where_the_routine_asks_for_them() -> None:
    text = "name: R\nexercises:\n  - name: Child's Pose\n    hold: 30\n{}"
    calm = said(routine_script(text.format("    breathe: true\n")), block="work")
    assert calm[:3] == ["Hold.", script.BREATH_IN, script.BREATH_OUT]
    plain = said(routine_script(text.format("")), block="work")
    assert script.BREATH_IN not in plain
    slow = "name: R\nexercises:\n  - name: Squat\n    reps: 3\n    tempo: 24\n"
    assert "And breathe." in said(routine_script(slow + "    breathe: true\n"))

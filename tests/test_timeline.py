"""voicecoach.timeline: exact sample positions, overruns, chapters, and properties
that hold for any combination of flags."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach import script, sources, timeline
from voicecoach import session as sessions
from voicecoach.timeline import MIX_RATE

LENGTH = timeline.estimate_length(170)


def laid(**options: object) -> timeline.Timeline:
    session = sessions.apply(sources.load("hip"), sessions.Options(**options))  # type: ignore[arg-type]
    return timeline.for_session(session, LENGTH)[1]


def starts(plan: timeline.Timeline, **where: object) -> list[int]:
    return [e.start for e in plan.events if e.kind == "speech"
            and all(getattr(e, k) == v for k, v in where.items())]


def test_reps_fall_exactly_on_the_tempo() -> None:
    plan = laid(tempo=2.5)
    reps = starts(plan, exercise="donkey-kicks", block="work", side=1)
    assert len(reps) == 10
    assert {b - a for a, b in pairwise(reps)} == {round(2.5 * MIX_RATE)}


def test_hold_ends_exactly_on_time() -> None:
    plan = laid(hold={"piriformis-stretch": 8})
    work = [e for e in plan.events if e.exercise == "piriformis-stretch"
            and e.block == "work" and e.side == 1 and e.kind == "speech"]
    assert work[0].text == "Hold." and work[-1].text == "Release."
    assert work[-1].start - work[0].start == 8 * MIX_RATE


def test_rest_and_timed_work_last_exactly() -> None:
    plan = laid(sets={"foam-roll-glutes": 2}, rest=20, duration={"foam": 45})
    rest = [e for e in plan.events if e.exercise == "foam-roll-glutes" and e.block == "rest"]
    assert rest[-1].end - rest[0].start == 20 * MIX_RATE
    go = [e for e in plan.events if e.exercise == "foam-roll-glutes" and e.text == "Go."]
    tones = [e for e in plan.events if e.exercise == "foam-roll-glutes" and e.text == "end"]
    assert [t.start - g.start for g, t in zip(go, tones, strict=True)] == [45 * MIX_RATE] * 4


def test_a_phrase_longer_than_its_slot_grows_the_timeline() -> None:
    cues = [script.Cue("speech", "long", slot=1.0), script.Cue("speech", "next", slot=1.0)]
    plan = timeline.build(cues, lambda text: 3 * MIX_RATE if text == "long" else 100, ["x"])
    assert plan.events[1].start == 3 * MIX_RATE  # "next" waits for "long" to finish
    assert plan.overruns[0].needed - plan.overruns[0].slot == 2 * MIX_RATE
    assert plan.total == 4 * MIX_RATE


def test_the_longest_wording_that_fits_is_said_else_the_tone() -> None:
    lengths = {"Six. Halfway there.": 3 * MIX_RATE, "Six.": MIX_RATE // 2, "Six": 100,
               "Seven.": 3 * MIX_RATE, "Seven": 3 * MIX_RATE}
    cues = [script.Cue("speech", "Six. Halfway there.", 2.0, shorter=("Six.", "Six"),
                       fallback="pip"),
            script.Cue("speech", "Seven.", 2.0, shorter=("Seven",), fallback="pip"),
            script.Cue("speech", "Seven.", 2.0, shorter=("Seven",))]
    plan = timeline.build(cues, lengths.__getitem__, ["x"])
    sounds = [(e.kind, e.text) for e in plan.events if e.kind != "silence"]
    assert sounds == [("speech", "Six."), ("tone", "pip"), ("speech", "Seven")]
    assert [e.start for e in plan.events if e.kind != "silence"][:2] == [0, 2 * MIX_RATE]
    assert len(plan.overruns) == 1  # only the one with no tone to fall back on


def test_tones_are_named_and_the_end_tone_is_longer() -> None:
    cues = [script.Cue("tone", "pip", 1.0), script.Cue("tone", "end", 1.0)]
    plan = timeline.build(cues, LENGTH, ["x"])
    pip, end = [e for e in plan.events if e.kind == "tone"]
    assert (pip.text, end.text) == ("pip", "end")
    assert end.length == 2 * pip.length == 2 * round(script.TONE_SECONDS * MIX_RATE)


def test_counts_stay_on_the_beat_where_they_used_to_overrun() -> None:
    for options in ({"tempo": 2.0}, {"voice": sessions.Voice(rate=110)},
                    {"hold": {"*": 8}}, {"hold": {"glute": 4}}):
        session = sessions.apply(sources.load("hip"), sessions.Options(**options))  # type: ignore[arg-type]
        plan = timeline.for_session(session, timeline.estimate_length(session.voice.rate))[1]
        assert plan.overruns == (), options


def test_chapters_tile_the_session() -> None:
    plan = laid()
    assert [c.title for c in plan.chapters][:2] == ["Opening", "1. Foam Roll Glutes"]
    assert len(plan.chapters) == 10
    assert plan.chapters[0].start == 0 and plan.chapters[-1].end == plan.total
    for a, b in pairwise(plan.chapters):
        assert a.end == b.start


exercise_refs = st.sampled_from(
    ["foam-roll-glutes", "piriformis-stretch", "donkey-kicks", "glute-bridges",
     "single-leg-deadlift", "walking-lunges-with-twist", "single-leg-sit-to-stand", "step-ups"]
)


@settings(max_examples=40, deadline=None)
@given(
    level=st.sampled_from(["easy", "standard", "hard"]),
    reps=st.integers(1, 25),
    sets=st.integers(1, 4),
    tempo=st.sampled_from([1.5, 2.0, 3.0, 4.5]),
    rest=st.integers(0, 60),
    skip=st.lists(exercise_refs, max_size=3, unique=True),
    brief=st.booleans(),
)
def test_properties_over_flag_combinations(
    level: str, reps: int, sets: int, tempo: float, rest: int, skip: list[str], brief: bool
) -> None:
    session = sessions.apply(
        sources.load("hip"),
        sessions.Options(level=level, reps={"*": reps}, sets={"*": sets}, tempo=tempo,
                       rest=rest, skip=skip, instructions="brief" if brief else "full"),
    )
    plan = timeline.for_session(session, LENGTH)[1]
    # the total is the sum of its parts; events tile it with no gap, overlap or negative span
    assert sum(e.length for e in plan.events) == plan.total
    position = 0
    for event in plan.events:
        assert event.start == position and event.end > event.start
        position = event.end
    # every rep-based exercise counts the requested reps, per side, per set
    for step in session.steps:
        if step.dose.kind != "reps":
            continue
        assert step.dose.reps == reps
        sides = (1, 2) if step.dose.per_side else (None,)
        for set_no in range(1, sets + 1):
            for side in sides:
                counted = {e.rep for e in plan.events if e.exercise == step.slug
                           and e.block == "work" and e.side == side
                           and e.set == (set_no if sets > 1 else None) and e.kind == "speech"}
                assert counted == set(range(1, reps + 1))
    assert {s.slug for s in session.steps}.isdisjoint(skip)

"""voicecoach.routine: the file format, validation messages, and the built-in hip routine."""

from __future__ import annotations

import pytest

from voicecoach import routine, sources
from voicecoach.errors import RoutineError
from voicecoach.routine import Range


def test_hip_has_the_articles_eight_exercises_and_doses() -> None:
    hip = sources.load("hip")
    got = [
        (e.name, e.kind, str(e.reps or e.hold or e.duration or e.distance), e.per_side)
        for e in hip.exercises
    ]
    assert got == [
        ("Foam Roll Glutes", "timed", "60", True),
        ("Piriformis Stretch", "hold", "5-10", True),
        ("Donkey Kicks", "reps", "10-15", True),
        ("Glute Bridges", "reps", "10", False),
        ("Single-Leg Deadlift", "reps", "10-15", True),
        ("Walking Lunges with Twist", "distance", "20", False),
        ("Single-Leg Sit-to-Stand", "reps", "10-15", True),
        ("Step-Ups", "reps", "15", True),
    ]
    bridges = hip.exercises[3]
    assert bridges.hold == Range(2, 2)
    assert all(e.instructions and e.cue for e in hip.exercises)
    assert "injured" in hip.safety


def test_dump_round_trips() -> None:
    hip = sources.load("hip")
    assert routine.parse(routine.dump(hip)) == hip


@pytest.mark.parametrize(
    ("text", "expected"),
    [(12, (12, 12)), ("10-15", (10, 15)), ("10–15", (10, 15)), ("10 to 15", (10, 15)),
     ([5, 10], (5, 10)), (2.5, (2.5, 2.5))],
)
def test_range_parse(text: object, expected: tuple[float, float]) -> None:
    rng = Range.parse(text)
    assert (rng.low, rng.high) == expected


def test_range_pick_by_level() -> None:
    rng = Range(10, 15)
    assert (rng.pick("easy"), rng.pick("standard"), rng.pick("hard")) == (10, 12.5, 15)


BAD = {
    "yaml syntax": ("name: x\nexercises: [\n", "f.yaml:3: not valid YAML"),
    "not a mapping": ("- a\n- b\n", "a routine is a mapping"),
    "unknown field": (
        "name: X\nexercises:\n  - name: A\n    reps: 3\n    rep: 3\n",
        "f.yaml:5: exercise 1 'A', field 'rep': is not a routine field",
    ),
    "no dose": ("name: X\nexercises:\n  - name: A\n", "exercise 1 'A': needs a dose"),
    "two doses": (
        "name: X\nexercises:\n  - name: A\n    reps: 3\n    duration: 30\n",
        "give one dose, not both reps and duration",
    ),
    "negative": (
        "name: X\nexercises:\n  - name: A\n    reps: -3\n",
        "f.yaml:4: exercise 1 'A', field 'reps': must be greater than zero, not -3",
    ),
    "absurd": (
        "name: X\nexercises:\n  - name: A\n    reps: 5000\n",
        "field 'reps': 5000 is more than the maximum of 200",
    ),
    "bad range": (
        "name: X\nexercises:\n  - name: A\n    reps: lots\n",
        "must be a number or a range like 10-15, not 'lots'",
    ),
    "downward range": (
        "name: X\nexercises:\n  - name: A\n    reps: 15-10\n",
        "range 15-10 goes downwards",
    ),
    "fractional reps": (
        "name: X\nexercises:\n  - name: A\n    reps: 2.5\n", "must be a whole number"),
    "duplicate slug": (
        "name: X\nexercises:\n  - name: A\n    slug: a\n    reps: 3\n  - name: B\n    slug: a\n"
        "    reps: 3\n",
        "share the slug 'a'",
    ),
    "no exercises": ("name: X\nexercises: []\n", "field 'exercises'"),
    "missing name": ("exercises:\n  - name: A\n    reps: 3\n", "field 'name': is required"),
    "bad default": (
        "name: X\ndefaults:\n  tempo: 0\nexercises:\n  - name: A\n    reps: 3\n",
        "f.yaml:3: field 'defaults.tempo'",
    ),
    "hold with duration": (
        "name: X\nexercises:\n  - name: A\n    duration: 30\n    hold: 5\n",
        "hold goes with reps (or alone), not with duration",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_bad_routine_has_its_own_message(case: str) -> None:
    text, message = BAD[case]
    with pytest.raises(RoutineError) as info:
        routine.parse(text, "f.yaml")
    assert message in str(info.value)


def test_every_problem_is_reported() -> None:
    text = "name: X\nexercises:\n  - name: A\n    reps: -1\n  - name: B\n    hold: x\n"
    with pytest.raises(RoutineError) as info:
        routine.parse(text, "f.yaml")
    assert len(info.value.problems) == 2
    assert info.value.problems[1].startswith("f.yaml:6: exercise 2 'B', field 'hold'")


def test_unknown_routine_name() -> None:
    with pytest.raises(RoutineError, match="no such file, and no built-in routine"):
        sources.load("hipp")


def test_binary_file(tmp_path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(RoutineError, match="not a text file"):
        sources.load(path)


def test_toml_routine(tmp_path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('name = "T"\n[[exercises]]\nname = "Squats"\nreps = "8-12"\nsets = 2\n')
    loaded = sources.load(path)
    assert loaded.exercises[0].reps == Range(8, 12)
    path.write_text('name = "T"\n[[exercises]]\nname = "Squats"\nreps = -1\n')
    with pytest.raises(RoutineError, match="exercise 1 'Squats', field 'reps'"):
        sources.load(path)
    path.write_text('name = "T\n')
    with pytest.raises(RoutineError, match="not valid TOML"):
        sources.load(path)

"""voicecoach.routine: the file format, validation messages, and the built-in hip routine."""

from __future__ import annotations

import json
import unicodedata

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


# --------------------------------------------------------------------------- issue 12/13: slugs,
# control characters, YAML and TOML that would escape or explode


@pytest.mark.parametrize("slug", ["../../../package", "/abs/path", "x\ny", "A-B", "a--b",
                                  "a" * 65, ".", "a/b"])
def test_a_routine_slug_is_checked_like_an_exercise_slug(slug: str) -> None:
    text = f"name: X\nslug: {json.dumps(slug)}\nexercises:\n  - name: A\n    reps: 3\n"
    with pytest.raises(RoutineError, match=r"f\.yaml:2: field 'slug'"):
        routine.parse(text, "f.yaml")
    ex = f"name: X\nexercises:\n  - name: A\n    slug: {json.dumps(slug)}\n    reps: 3\n"
    with pytest.raises(RoutineError, match="exercise 1 'A', field 'slug'"):
        routine.parse(ex, "f.yaml")


@pytest.mark.parametrize(("name", "slug"), [
    ("Single-Leg Sit-to-Stand", "single-leg-sit-to-stand"),
    ("Ünïcödé Routine", "unicode-routine"),
    ("Straße Übung", "strasse-ubung"),
    ("Приседания", "exercise"),
    ("x" * 100, "x" * 64),
    ("word " * 30, "-".join(["word"] * 13)),
])
def test_slugify_transliterates_and_stays_short(name: str, slug: str) -> None:
    assert routine.slugify(name) == slug
    assert routine.SLUG_RE.match(routine.slugify(name))


def test_names_that_collide_into_one_slug_are_made_unique() -> None:
    text = ("name: Circuit\nexercises:\n"
            "  - {name: Squats, reps: 3}\n  - {name: Lunges, reps: 3}\n"
            "  - {name: Squats, reps: 5}\n  - {name: Приседания, reps: 3}\n"
            "  - {name: 深蹲, reps: 3}\n  - {name: Plank, slug: squats-2, duration: 20}\n")
    slugs = [e.slug for e in routine.parse(text).exercises]
    assert slugs == ["squats", "lunges", "squats-3", "exercise", "exercise-2", "squats-2"]


CONTROL = "\x1b]0;owned\x07\x1b[2J\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\x00\x9b\u202e\r\n"


def test_control_characters_are_stripped_from_every_text_field() -> None:
    data = {
        "name": f"Hip{CONTROL}s", "description": f"d{CONTROL}", "source": f"s{CONTROL}",
        "safety": f"Stop{CONTROL}", "exercises": [{
            "name": f"Squ{CONTROL}ats", "instructions": f"Sit{CONTROL}", "cue": f"Up{CONTROL}",
            "equipment": [f"mat{CONTROL}", CONTROL], "reps": 5, "cues": {2: f"Chest{CONTROL}"},
        }],
    }
    loaded = routine.Routine.model_validate(data)
    ex = loaded.exercises[0]
    texts = [loaded.name, loaded.description, loaded.source, loaded.safety, ex.name,
             ex.instructions, ex.cue or "", *ex.equipment, *ex.cues.values()]
    for text in texts:
        assert not any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in text), text
    assert loaded.name.startswith("Hip]0;owned")


def test_a_name_of_control_characters_only_is_refused() -> None:
    with pytest.raises(RoutineError, match="field 'name': has no text"):
        routine.parse('name: "\\e\\a\\x00 \\t"\nexercises:\n  - name: A\n    reps: 3\n', "f.yaml")


def test_duplicate_yaml_keys_are_refused() -> None:
    text = "name: X\nexercises:\n  - name: A\n    reps: 3\n    reps: 30\n"
    with pytest.raises(RoutineError, match=r"f\.yaml:5: not valid YAML: the key 'reps' appears"):
        routine.parse(text, "f.yaml")


def test_a_billion_laughs_is_refused_quickly_and_quietly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for n in "bcdefghi":
        lines.append(f"{n}: &{n} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = n
    lines.append("name: X\nexercises:\n  - name: *i\n    reps: 3")
    with pytest.raises(RoutineError, match="aliases") as info:
        routine.parse("\n".join(lines), "f.yaml")
    assert len(str(info.value)) < 300


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(RoutineError, match="aliases"):
        routine.parse("name: &a [*a]\nexercises: []\n", "f.yaml")


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(RoutineError, match="nested more than"):
        routine.parse("name: " + "[" * 500 + "]" * 500, "f.yaml")
    with pytest.raises(RoutineError, match="nested more than"):
        routine.parse("name: " + "{a: " * 500 + "1" + "}" * 500, "f.yaml")
    with pytest.raises(RoutineError, match="nested more than"):
        routine.parse_toml("name = " + "[" * 500 + "]" * 500, "f.toml")
    with pytest.raises(RoutineError, match="nested more than"):
        routine.parse_toml("name = " + "{a = " * 500 + "1" + "}" * 500, "f.toml")
    # deep enough to refuse, not deep enough to exhaust Python's stack: the check itself
    with pytest.raises(RoutineError, match="nested more than"):
        routine.parse("name: " + "[" * 40 + "]" * 40, "f.yaml")
    with pytest.raises(RoutineError, match="nested more than"):
        routine.parse_toml("name = " + "[" * 40 + "]" * 40, "f.toml")
    assert routine.parse_toml('name = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n'
                              '[[exercises]]\nname = "A"\nreps = 3\n').name.startswith("[[[")


def test_a_value_quoted_in_a_message_is_shortened() -> None:
    text = f"name: X\nexercises:\n  - name: {'N' * 5000}\n    reps: {'9' * 5000}x\n"
    with pytest.raises(RoutineError) as info:
        routine.parse(text, "f.yaml")
    assert len(str(info.value)) < 300


def test_problems_listed_are_capped() -> None:
    text = "name: X\nexercises:\n" + "  - {name: A, reps: -1}\n" * 200
    with pytest.raises(RoutineError) as info:
        routine.parse(text, "f.yaml")
    assert len(info.value.problems) == 21 and info.value.problems[-1] == "... and 180 more"


def test_more_exercises_than_the_chapter_table_holds_are_refused() -> None:
    text = "name: X\nexercises:\n" + "  - {name: A, reps: 3}\n" * 254
    with pytest.raises(RoutineError, match="254 exercises, more than the 250 an MP3's chapter"):
        routine.parse(text, "f.yaml")
    text = "name: X\nexercises:\n" + "  - {name: A, reps: 3}\n" * 250
    assert len(routine.parse(text).exercises) == 250


def test_a_cue_beyond_the_last_rep_is_refused() -> None:
    text = "name: X\nexercises:\n  - name: A\n    reps: 5\n    cues: {300: Hi}\n"
    with pytest.raises(RoutineError, match="cue at rep 300, but the exercise has at most 5"):
        routine.parse(text, "f.yaml")


def test_the_init_template_follows_its_values() -> None:
    text = routine.template("Knee Rehab", "physio/week1.yaml")
    assert "# slug: week1" in text and "physio/week1.yaml -> output/week1.mp3" in text
    loaded = routine.parse(text)
    walk = loaded.exercises[-1]
    assert walk.distance is not None and walk.pace is not None
    assert f"({walk.distance} m x {walk.pace:g} s = {walk.distance.low * walk.pace:g} s)" \
        in text
    assert "my-routine" not in text

"""Building the routine and writing it out (voicecoach.importer.build, .result)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from voicecoach.importer import ImportResult, import_path, import_text, review_rows
from voicecoach.importer.build import name_from_text
from voicecoach.importer.result import SOURCED_FIELDS, quote
from voicecoach.routine import Range, Routine, parse

ARTICLES = Path(__file__).parent / "data" / "articles"
SEED = ARTICLES / "hip-exercises-article.txt"
DOSE_FIELDS = ("reps", "hold", "duration", "distance", "sets")


def summary(result: ImportResult) -> list[dict[str, object]]:
    """Each exercise's name, kind, dose fields and flags (for exact comparisons)."""
    rows = []
    for imported, ex in zip(result.exercises, result.routine.exercises, strict=True):
        row: dict[str, object] = {"name": ex.name, "kind": imported.kind}
        for key in DOSE_FIELDS:
            value = getattr(ex, key)
            if value is not None and not (key == "sets" and value == Range(1, 1)):
                row[key] = value
        if ex.per_side:
            row["per_side"] = True
        if imported.guessed:
            row["guessed"] = True
        if imported.needs_review and not imported.guessed:  # a guessed dose is always reviewed
            row["needs_review"] = True
        assert imported.needs_review or not imported.guessed
        rows.append(row)
    return rows


def expected_articles() -> list[tuple[Path, Path]]:
    """(article, its .expected.yaml) for every article with an expectation."""
    pairs = []
    for expected in sorted(ARTICLES.glob("*.expected.yaml")):
        stem = expected.name[: -len(".expected.yaml")]
        article = next(p for p in ARTICLES.iterdir()
                       if p.name.startswith(stem + ".") and not p.name.endswith(".expected.yaml"))
        pairs.append((article, expected))
    return pairs


PAIRS = expected_articles()
ALL_ARTICLES = [SEED, *(a for a, _ in PAIRS)]
ALL_IDS = [a.name for a in ALL_ARTICLES]


def builtin_hip() -> Routine:
    """The built-in routine the seed article was written up as."""
    hip = Path(__file__).parents[1] / "src" / "voicecoach" / "routines" / "hip.yaml"
    return parse(hip.read_text("utf-8"), str(hip))


@pytest.fixture(scope="module")
def seed() -> ImportResult:
    return import_path(SEED)


def _want(entry: dict[str, object]) -> dict[str, object]:
    return {k: Range.parse(v) if k in DOSE_FIELDS else v for k, v in entry.items()}


# --------------------------------------------------------------------------- the seed


def test_seed_imports_eight_exercises_named_as_the_builtin(seed: ImportResult) -> None:
    builtin = builtin_hip()
    names = [ex.name for ex in seed.routine.exercises]
    assert len(names) == 8
    assert names[:7] == [ex.name for ex in builtin.exercises[:7]]
    assert names[7] == "Step-Ups"
    assert seed.title == "8 Hip Exercises to Combat Hamstring Strains and Piriformis Syndrome"


def test_seed_doses_equal_the_builtin(seed: ImportResult) -> None:
    builtin = builtin_hip()
    for got, want in zip(seed.routine.exercises, builtin.exercises, strict=True):
        for key in (*DOSE_FIELDS, "per_side"):
            assert getattr(got, key) == getattr(want, key), (got.name, key)


def test_seed_flags(seed: ImportResult) -> None:
    by_name = {ex.name: ex for ex in seed.exercises}
    assert by_name["Step-Ups"].needs_review
    assert by_name["Foam Roll Glutes"].guessed
    assert by_name["Foam Roll Glutes"].kind == "timed"
    assert by_name["Foam Roll Glutes"].per_side
    assert [ex.name for ex in seed.exercises if ex.guessed] == ["Foam Roll Glutes"]
    # A dose the article does not give is left for review, with the session's default.
    assert [ex.name for ex in seed.exercises if ex.needs_review] == ["Foam Roll Glutes",
                                                                      "Step-Ups"]
    assert by_name["Foam Roll Glutes"].defaults == {"duration": Range(60, 60)}
    assert by_name["Glute Bridges"].dose == "10 reps, hold 2 s each"
    assert by_name["Piriformis Stretch"].dose == "hold 5-10 s per side"
    assert by_name["Donkey Kicks"].source_phrase == (
        "Bring your leg back down, repeat 10–15 times and switch legs."
    )
    assert [ex.kind for ex in seed.exercises] == [
        "timed", "hold", "reps", "reps", "reps", "distance", "reps", "reps"]
    assert [ex.kind for ex in seed.exercises] == [ex.kind for ex in seed.routine.exercises]


def test_seed_leaves_out_bio_prompts_and_intro(seed: ImportResult) -> None:
    text = seed.to_yaml() + seed.to_json()
    for phrase in ("freelance journalist", "Never Miss", "Allow", "cookies", "Share it",
                   "MapMyRun", "You're all set", "by Mackenzie"):
        assert phrase not in text
    assert seed.routine.description.startswith("Hamstring injuries are a pain")
    instructions = " ".join(ex.instructions for ex in seed.routine.exercises)
    assert "research suggests" not in instructions
    assert seed.routine.exercises[7].instructions.startswith("Stand in front of a platform")


def test_seed_warnings_are_exact(seed: ImportResult) -> None:
    assert seed.warnings == [
        "Foam Roll Glutes: the article gives no time; one minute per side",
        "Step-Ups: the article gives this exercise no heading; named 'Step-Ups' from its text",
    ]


# --------------------------------------------------------------------------- own articles


def test_there_are_the_own_articles() -> None:
    assert len(PAIRS) == 32
    assert len(ALL_ARTICLES) == 33


@pytest.mark.parametrize(("article", "expected"), PAIRS, ids=[a.name for a, _ in PAIRS])
def test_article_imports_as_expected(article: Path, expected: Path) -> None:
    want = yaml.safe_load(expected.read_text("utf-8"))
    result = import_path(article)
    assert result.title == want["title"]
    assert summary(result) == [_want(e) for e in want["exercises"]]


# --------------------------------------------------------------------------- YAML

HEADER = [
    "# Review it before use: check every name, instruction and dose against the article.",
    "# 'from:' quotes the sentence a value was read from; 'guessed:' marks a value the",
    "# article does not give.",
]


def _expected_comment(source: str) -> str:
    if source.startswith("guessed:"):
        return "  # " + " ".join(source.split())
    return f"  # from: {quote(source)}"


@pytest.mark.parametrize("article", ALL_ARTICLES, ids=ALL_IDS)
def test_yaml_round_trips_with_a_comment_on_every_value(article: Path) -> None:
    result = import_path(article)
    text = result.to_yaml()
    assert parse(text) == result.routine
    lines = text.splitlines()
    assert lines[:5] == [f"# Imported by `voicecoach import` from {article}",
                         f"# Article: {result.title}", *HEADER]
    starts = [i for i, line in enumerate(lines) if line.startswith("- name:")]
    assert len(starts) == len(result.exercises)
    for n, (imported, exercise) in enumerate(zip(result.exercises, result.routine.exercises,
                                                 strict=True)):
        block = lines[starts[n]:starts[n + 1] if n + 1 < len(starts) else len(lines)]
        if n + 1 < len(starts) and result.exercises[n + 1].needs_review:
            block = block[:-1]  # the next exercise's "# review:" line
        keys = [line.split(":")[0].strip() for line in block if line.startswith("  ")
                and not line.startswith(("  #", "   ", "  -"))]
        for key in SOURCED_FIELDS:
            written = key in keys
            value = getattr(exercise, key)
            assert written == (bool(value) and value != Range(1, 1)), (imported.name, key)
            if not written:
                continue
            where = next(i for i, line in enumerate(block) if line.startswith(f"  {key}:"))
            assert block[where - 1] == _expected_comment(imported.field_sources[key]), (
                imported.name, key)
        if imported.needs_review:
            assert lines[starts[n] - 1] == "# review: " + " ".join(
                "; ".join(imported.notes).split())
        else:
            assert not lines[starts[n] - 1].startswith("# review:")


def test_yaml_comment_sits_on_the_value_it_explains(seed: ImportResult) -> None:
    lines = seed.to_yaml().splitlines()
    i = lines.index("- name: Donkey Kicks")
    block = lines[i:i + 20]
    reps = block.index("  reps: 10-15")
    assert block[reps - 1] == (
        '  # from: "Bring your leg back down, repeat 10–15 times and switch legs."'
    )
    j = lines.index("- name: Foam Roll Glutes")
    duration = lines.index("  duration: 60", j)
    assert lines[duration - 1] == "  # guessed: the article gives no time; one minute per side"
    assert lines[lines.index("- name: Step-Ups") - 1] == (
        "# review: the article gives this exercise no heading; named 'Step-Ups' from its text")


def test_quote_cuts_long_sentences_at_a_word() -> None:
    assert quote('Say "hi"   now.') == "\"Say 'hi' now.\""
    long = " ".join(f"word{i}" for i in range(40))
    assert quote(long) == '"...word28 word29 word30 word31 word32 word33 word34 word35 ' \
        'word36 word37 word38 word39"'
    assert len(quote(long)) <= 92


def test_quote_keeps_the_number_a_dose_was_read_from() -> None:
    front = ("Hold for 3-5 seconds at the top, then bring your foot back down to the ground "
             "and slowly lower yourself back to the floor.")
    assert quote(front).startswith('"Hold for 3-5 seconds at the top,')
    assert quote(front).endswith('..."')
    middle = ("Lie on your back with your knees bent and your feet flat on the floor, then "
              "lift one leg and hold it for ten seconds while you keep your hips level and "
              "your back flat on the mat.")
    shown = quote(middle)
    assert "hold it for ten seconds" in shown and shown.startswith('"...') and len(shown) <= 92
    end = "Lie on your back, knees bent, feet flat, arms by your sides, and lift " * 2 + "8 times."
    assert quote(end).endswith('8 times."')


def test_quote_of_a_name_shows_the_name() -> None:
    told = ("Lie on your back and bend your hips to about 45 degrees and your knees to 90 "
            "degrees. When this becomes easy, use a stronger band or do the clamshells lying "
            "on one side instead of your back.")
    assert "45 degrees" in quote(told)  # a dose's quote: around its first number
    shown = quote(told, focus="Clamshells")
    assert "clamshells lying" in shown and "45 degrees" not in shown
    assert shown.startswith('"...') and not shown.endswith('...."')
    assert quote(told, focus="Bridges") == quote(told)  # not in it: as a dose's quote


# --------------------------------------------------------------------------- JSON and review


def test_json_and_review_rows(seed: ImportResult) -> None:
    data = json.loads(seed.to_json())
    assert data["title"] == seed.title
    assert data["origin"] == str(SEED)
    assert len(data["exercises"]) == 8
    donkey = data["exercises"][2]
    assert donkey["name"] == "Donkey Kicks"
    assert donkey["reps"] == [10, 15]
    assert donkey["per_side"] is True
    assert donkey["confidence"] == 1.0
    assert donkey["hold"] is None
    rows = review_rows(seed)
    assert rows[0] == {
        "exercise": "Foam Roll Glutes (check)", "kind": "timed",
        "dose": "none given (default: 60 s per side)", "per side": "yes",
        "source": 'per side: "Slowly roll up and down along the glute and then switch sides."\n'
                  "duration: none in the article",
        "uncertain": "duration: not in the article: the session uses a default (the article "
                     "gives no time; one minute per side)",
        "confidence": "0.40"}
    foam = data["exercises"][0]
    assert foam["duration"] is None and foam["defaults"] == {"duration": 60}
    assert foam["needs_review"] is True and donkey["defaults"] == {}
    assert rows[7] == {
        "exercise": "Step-Ups (check)", "kind": "reps", "dose": "15 reps per side",
        "per side": "yes",
        "source": 'reps, per side: "...return to the original standing position, switch sides '
                  'and repeat 15 times per side."',
        "uncertain": "name: the article gives this exercise no heading; named 'Step-Ups' from "
                     "its text",
        "confidence": "0.60"}
    # --json carries the same, per field: the phrase, whether it is a default, the doubt.
    assert foam["fields"]["duration"]["source"] is None
    assert foam["fields"]["duration"]["default"] is True
    assert donkey["fields"]["reps"] == {
        "source": "Bring your leg back down, repeat 10–15 times and switch legs.",
        "default": False, "uncertain": None}
    assert data["exercises"][7]["fields"]["name"]["uncertain"].startswith(
        "the article gives this exercise no heading")


def test_review_names_the_field_a_note_is_about() -> None:
    text = ("Two Poses\n\nChild's Pose\n\nKneel on the mat and fold forward, arms long. "
            "Stay for five breaths.\n\nCat Cow\n\nOn hands and knees, round and arch the "
            "back. Repeat 8 times.\n")
    result = import_text(text, "<test>")
    fields = review_rows(result)[0]
    assert fields["source"] == 'hold: "Stay for five breaths."'
    assert fields["uncertain"].startswith("hold: read '5 breaths'")


def test_name_overrides_routine_name() -> None:
    result = import_text(SEED.read_text("utf-8"), "<stdin>", name="My Hips")
    assert result.routine.name == "My Hips"
    assert result.routine.slug == "my-hips"
    assert result.title == "8 Hip Exercises to Combat Hamstring Strains and Piriformis Syndrome"


def test_source_names_the_article_and_its_file(seed: ImportResult) -> None:
    assert seed.routine.source == f"{seed.title} ({SEED})"
    assert import_text(SEED.read_text("utf-8"), "<stdin>").routine.source == seed.title


# --------------------------------------------------------------------------- circuits


def test_circuit_sets_are_quoted_and_flagged() -> None:
    text = ("Quick Legs\n\nDo 2-3 rounds. Rest a minute between rounds.\n\n"
            "Squat\nStand tall and squat down, then stand up. Repeat 12 times.\n\n"
            "Lunge\nStep forward and lower your back knee. Do 2 sets of 8 per leg.\n\n"
            "Wall Sit\nSlide down a wall until your knees are bent. Hold for 30 seconds.\n"
            "Repeat the whole circuit 3 times.\n")
    result = import_text(text, "<stdin>")
    assert summary(result) == [
        {"name": "Squat", "kind": "reps", "reps": Range(12, 12), "sets": Range(2, 3),
         "needs_review": True},
        {"name": "Lunge", "kind": "reps", "reps": Range(8, 8), "sets": Range(2, 2),
         "per_side": True},
        {"name": "Wall Sit", "kind": "hold", "hold": Range(30, 30), "sets": Range(2, 3),
         "needs_review": True},
    ]
    wall = result.routine.exercises[2]
    # not spoken with the last exercise
    assert wall.instructions == "Slide down a wall until your knees are bent. Hold."
    yaml_text = result.to_yaml()
    assert '  # from: "Do 2-3 rounds."' in yaml_text
    review = ("# review: sets 2-3 from the whole routine's rounds (the article also says 3): "
              '"Do 2-3 rounds."; each exercise\'s sets are played back to back, not as rounds '
              "of the circuit")
    lines = yaml_text.splitlines()
    assert lines[lines.index("- name: Squat") - 1] == review
    assert lines[lines.index("- name: Wall Sit") - 1] == review
    assert result.exercises[1].notes == [
        "the article repeats the whole routine 2-3 times (the article also says 3); this "
        "exercise keeps its own 2 sets"]
    assert result.warnings == [
        'the article repeats the whole routine 2-3 times ("Do 2-3 rounds."); set 2-3 sets on 2 '
        "exercise(s) that give none; they are played set by set, not as rounds of the circuit"]
    assert parse(yaml_text) == result.routine


def test_frequency_in_the_intro_is_not_rounds() -> None:
    text = ("Knees\n\nDo this routine three times a week, and repeat the whole workout twice "
            "a week in the off-season.\n\nWall Sit\nSlide down a wall until your knees are "
            "bent. Hold for 30 seconds.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Wall Sit", "kind": "hold", "hold": Range(30, 30)}]


# --------------------------------------------------------------------------- names and guesses


def test_one_line_names_and_missing_dose_guesses() -> None:
    text = (
        "Morning Mobility\n\n"
        "Cat-Cow — Get on all fours. Arch your back, then round it. Repeat 8 times.\n\n"
        "Child's Pose: Kneel and sit back on your heels, then reach your arms forward.\n\n"
        "Goblet Squat\nStand holding a dumbbell at your chest. Squat down and stand up.\n"
    )
    result = import_text(text, "<stdin>")
    assert summary(result) == [
        {"name": "Cat-Cow", "kind": "reps", "reps": Range(8, 8)},
        {"name": "Child's Pose", "kind": "hold", "hold": Range(30, 30), "guessed": True},
        {"name": "Goblet Squat", "kind": "reps", "reps": Range(10, 10), "guessed": True},
    ]
    assert result.exercises[1].field_sources == {
        "hold": "guessed: the article gives no time; a 30-second hold"}
    assert result.exercises[2].field_sources == {
        "reps": "guessed: the article gives no number of reps; 10 is usual"}
    assert result.routine.exercises[2].equipment == ["dumbbell"]


def test_orphan_without_a_known_movement_is_numbered() -> None:
    text = (
        "Routine\n\nHeel Slides\nLie on your back and slide one heel toward you. Repeat 10 "
        "times.\n\nStand tall and wave both arms over your head in big arcs. Repeat 12 times.\n"
    )
    result = import_text(text, "<stdin>")
    assert [e.name for e in result.exercises] == ["Heel Slides", "Exercise 2"]
    assert result.exercises[1].needs_review
    assert result.exercises[1].confidence == 0.3
    assert result.exercises[1].notes == [
        "the article gives this exercise no heading or recognizable name"]


def test_breaths_are_read_as_a_hold_and_say_so() -> None:
    text = ("Yoga for Hips\n\nThread the Needle\nStart on all fours. Slide your right arm "
            "under your left arm. Stay for 5 breaths, then switch sides.\n")
    result = import_text(text, "<stdin>")
    ex = result.exercises[0]
    assert (ex.kind, str(result.routine.exercises[0].hold), ex.per_side) == ("hold", "20", True)
    assert ex.notes == ["read '5 breaths' as a hold of about 4 s per breath"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Stand in front of a platform and step up onto it with your right foot.", "Step-Ups"),
        ("Lie on your back and lift your hips.", "Glute Bridges"),
        ("Get on all fours, arch your back, then round your back.", "Cat-Cow"),
        ("Lie face down and lift your chest.", "Superman"),
        ("Wave your arms.", None),
    ],
)
def test_name_from_text(text: str, name: str | None) -> None:
    assert name_from_text(text) == name


def test_legs_taking_turns_without_a_count_are_not_per_side() -> None:
    text = ("Warm Up\n\nLunges with Twist\n\nStep forward into a lunge and twist. Straighten and "
            "then repeat with the opposite leg.\n\nClamshell\n\nLie on your side and open your "
            "knee. Repeat on the other side.\n")
    result = import_text(text, "<stdin>")
    assert [ex.per_side for ex in result.routine.exercises] == [False, True]


def test_a_pause_inside_each_rep_takes_the_reps_said_for_every_exercise() -> None:
    text = ("Glute Strength\n\nTry 20 reps of each exercise, in 2-3 sets.\n\n"
            "Gluteal Bridge\n\nLie on your back and raise your hips. Hold for 3 to 5 seconds, "
            "then lower.\n\nClamshell\n\nLie on your side and open your top knee.\n")
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Gluteal Bridge", "kind": "reps", "reps": Range(20, 20), "hold": Range(3, 5),
         "sets": Range(2, 3)},
        {"name": "Clamshell", "kind": "reps", "reps": Range(20, 20), "sets": Range(2, 3)}]


def test_rounds_under_a_group_heading_are_that_group_s_sets_only() -> None:
    text = ("# Session\n\n## Warm-up\n\n### Leg swings\nHold a wall and swing one leg 10 times "
            "each leg.\n\n## Strength\n\nDo 3 rounds of the following.\n\n### Squats\nStand tall "
            "and sit back. 12 reps.\n\n### Push-ups\nLower your chest and press up. 10 reps.\n\n"
            "## Cool-down\n\n### Hamstring stretch\nSit and reach for your toes. Hold 30 "
            "seconds.\n")
    sets = {ex.name: ex.sets for ex in import_text(text, "<stdin>").routine.exercises}
    assert sets == {"Leg swings": Range(1, 1), "Squats": Range(3, 3), "Push-ups": Range(3, 3),
                    "Hamstring stretch": Range(1, 1)}


def test_rounds_under_a_heading_after_the_last_exercise_are_the_routine_s() -> None:
    text = ("Circuit\n\nSquats\nStand tall and sit back. 12 reps.\n\nPush-ups\nLower your chest "
            "and press up. 10 reps.\n\nLunges\nStep forward and lower. 10 reps.\n\n"
            "## How to do it\n\nRepeat the whole circuit 3 times.\n")
    sets = [ex.sets for ex in import_text(text, "<stdin>").routine.exercises]
    assert sets == [Range(3, 3)] * 3

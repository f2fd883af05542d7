"""Tests for importing exercise articles (voicecoach.importer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecoach.errors import VoicecoachError
from voicecoach.importer import (
    ArticleError,
    ImportResult,
    import_path,
    import_text,
    review_rows,
)
from voicecoach.importer_dose import (
    find_in_sentence,
    normalize_numbers,
    per_side_in,
    read_circuit,
)
from voicecoach.routine import Range, load, parse

ARTICLES = Path(__file__).parent / "data" / "articles"
SEED = ARTICLES / "hip-exercises-article.txt"
DOSE_FIELDS = ("reps", "hold", "duration", "distance", "sets")


@pytest.fixture(scope="module")
def seed() -> ImportResult:
    return import_path(SEED)


# --------------------------------------------------------------------------- the seed


def test_seed_imports_eight_exercises_named_as_the_builtin(seed: ImportResult) -> None:
    builtin = load("hip")
    names = [ex.name for ex in seed.routine.exercises]
    assert len(names) == 8
    assert names[:7] == [ex.name for ex in builtin.exercises[:7]]
    assert names[7] == "Step-Ups"
    assert seed.title == "8 Hip Exercises to Combat Hamstring Strains and Piriformis Syndrome"


def test_seed_doses_equal_the_builtin(seed: ImportResult) -> None:
    builtin = load("hip")
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
    assert by_name["Glute Bridges"].dose == "10 reps, hold 2 s each"
    assert by_name["Piriformis Stretch"].dose == "hold 5-10 s per side"
    assert by_name["Donkey Kicks"].source_phrase == (
        "Bring your leg back down, repeat 10–15 times and switch legs."
    )
    assert all(ex.kind == ex2.kind for ex, ex2 in zip(
        seed.exercises, seed.routine.exercises, strict=True))


def test_seed_leaves_out_bio_prompts_and_intro(seed: ImportResult) -> None:
    text = seed.to_yaml() + seed.to_json()
    for phrase in ("freelance journalist", "Never Miss", "Allow", "cookies", "Share it",
                   "MapMyRun", "You're all set", "by Mackenzie"):
        assert phrase not in text
    assert seed.routine.description.startswith("Hamstring injuries are a pain")
    instructions = " ".join(ex.instructions for ex in seed.routine.exercises)
    assert "research suggests" not in instructions
    assert seed.routine.exercises[7].instructions.startswith("Stand in front of a platform")


def test_seed_step_ups_heading_lost_is_warned(seed: ImportResult) -> None:
    assert any("Step-Ups" in w for w in seed.warnings)


# --------------------------------------------------------------------------- own articles


def _expected_articles() -> list[tuple[Path, Path]]:
    pairs = []
    for expected in sorted(ARTICLES.glob("*.expected.yaml")):
        stem = expected.name[: -len(".expected.yaml")]
        article = next(p for p in ARTICLES.iterdir()
                       if p.name.startswith(stem + ".") and not p.name.endswith(".expected.yaml"))
        pairs.append((article, expected))
    return pairs


def _summary(result: ImportResult) -> list[dict[str, object]]:
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
        if imported.needs_review:
            row["needs_review"] = True
        rows.append(row)
    return rows


def _want(entry: dict[str, object]) -> dict[str, object]:
    return {k: Range.parse(v) if k in DOSE_FIELDS else v for k, v in entry.items()}


PAIRS = _expected_articles()


def test_there_are_enough_own_articles() -> None:
    assert len(PAIRS) >= 20


@pytest.mark.parametrize(("article", "expected"), PAIRS, ids=[a.name for a, _ in PAIRS])
def test_article_imports_as_expected(article: Path, expected: Path) -> None:
    want = yaml.safe_load(expected.read_text("utf-8"))
    result = import_path(article)
    assert result.title == want["title"]
    assert _summary(result) == [_want(e) for e in want["exercises"]]


@pytest.mark.parametrize("article", [SEED, *(a for a, _ in PAIRS)],
                         ids=[SEED.name, *(a.name for a, _ in PAIRS)])
def test_yaml_round_trips_with_comments(article: Path) -> None:
    result = import_path(article)
    text = result.to_yaml()
    assert parse(text) == result.routine
    assert text.startswith("# Imported by `voicecoach import`")
    assert "Review it" in text
    for imported in result.exercises:
        if imported.guessed:
            assert "# guessed: the article gives no" in text
        elif imported.source_phrase:
            assert "# from: " in text


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
    assert lines[duration - 1].startswith("  # guessed: the article gives no time")
    assert lines[lines.index("- name: Step-Ups") - 1].startswith("# review:")


def test_json_and_review_rows(seed: ImportResult) -> None:
    data = json.loads(seed.to_json())
    assert data["title"] == seed.title
    assert len(data["exercises"]) == 8
    donkey = data["exercises"][2]
    assert donkey["name"] == "Donkey Kicks"
    assert donkey["reps"] == [10, 15]
    assert donkey["per_side"] is True
    assert donkey["confidence"] == 1.0
    rows = review_rows(seed)
    assert set(rows[0]) == {"exercise", "kind", "dose", "per side", "source", "confidence"}
    assert rows[0]["source"].startswith("guessed")
    assert rows[7]["exercise"].startswith("Step-Ups")


def test_name_overrides_routine_name() -> None:
    result = import_text(SEED.read_text("utf-8"), name="My Hips")
    assert result.routine.name == "My Hips"
    assert result.routine.slug == "my-hips"


def test_stdin_origin_and_html_text() -> None:
    html = (ARTICLES / "html-running-drills.html").read_text("utf-8")
    result = import_text(html)
    assert [e.name for e in result.routine.exercises][:2] == ["High Knees", "Butt Kicks"]
    assert "tracking" not in result.to_yaml()


# --------------------------------------------------------------------------- spoken text

NOT_SPOKEN = ("Sets:", "Reps:", "Hold:", "**", "__", "`", "http", "www.", "How to do it",
              "Muscles worked", "Make it easier", "Make it harder", "Photo:", "Image credit",
              "•", "▪", "◦", "---", "comments")


@pytest.mark.parametrize("article", [SEED, *(a for a, _ in PAIRS)],
                         ids=[SEED.name, *(a.name for a, _ in PAIRS)])
def test_spoken_instructions_read_well(article: Path) -> None:
    for ex in import_path(article).routine.exercises:
        text = ex.instructions
        for bad in NOT_SPOKEN:
            assert bad.lower() not in text.lower(), (ex.name, bad, text)
        assert not text.startswith(("- ", "* ", "1.", "1)")), (ex.name, text)
        assert text == " ".join(text.split())
        if text:
            assert text.endswith((".", "!", "?")), (ex.name, text)
            assert ex.cue, ex.name  # every exercise with instructions has a cue
        if ex.cue:
            assert "\n" not in ex.cue and ex.cue.endswith((".", "!", "?")), ex.cue
            assert len(ex.cue.split()) <= 17, ex.cue
            assert ex.cue.rstrip(".!?") in text or text.startswith(ex.cue[:20]), ex.cue


def test_seed_instructions_are_unchanged(seed: ImportResult) -> None:
    by_name = {ex.name: ex for ex in seed.routine.exercises}
    assert by_name["Glute Bridges"].instructions == (
        "Lie on your back on the ground with your arms at your sides, knees bent and feet flat "
        "on the floor. Lift your backside off the ground until you form a straight line from "
        "your shoulders to your knees. Push your heels into the ground, and feel your glutes "
        "stabilizing your body. Hold for two seconds, lower your body back down and repeat 10 "
        "times."
    )
    assert by_name["Walking Lunges with Twist"].instructions.endswith(
        "stand up and repeat with the left leg. Continue for 20 meters.")
    assert by_name["Donkey Kicks"].instructions.endswith(
        "Bring your leg back down, repeat 10–15 times and switch legs.")
    assert by_name["Step-Ups"].instructions.endswith("switch sides and repeat 15 times per side.")
    assert by_name["Glute Bridges"].cue == (
        "Lie on your back on the ground with your arms at your sides, knees bent.")


def test_labels_fragments_and_markup_are_not_spoken() -> None:
    text = (
        "Leg Day\n\n"
        "Dead Bug\nSets: 3 Reps: 10 each side\nMuscles worked: abs, hip flexors\n"
        "Lie on your back with your arms up. **Slowly** lower one arm and the opposite leg, "
        "then switch (3 x 10 each side)\n\n"
        "Side Plank\nHow to do it: Lie on your side and lift your hips off the floor. Hold: "
        "30 seconds. Make it easier: drop your bottom knee to the floor.\n"
        "Photo: Getty Images\n\n"
        "Calf Raise\n• Stand on the edge of a step • Rise onto your toes, then lower "
        "(see https://example.com/calf for a video)\n12 reps per side\n"
    )
    result = import_text(text)
    spoken = {ex.name: ex.instructions for ex in result.routine.exercises}
    assert spoken == {
        "Dead Bug": "Lie on your back with your arms up. Slowly lower one arm and the opposite "
                    "leg, then switch.",
        "Side Plank": "Lie on your side and lift your hips off the floor.",
        "Calf Raise": "Stand on the edge of a step. Rise onto your toes, then lower.",
    }
    assert _summary(result) == [
        {"name": "Dead Bug", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3),
         "per_side": True},
        {"name": "Side Plank", "kind": "hold", "hold": Range(30, 30)},
        {"name": "Calf Raise", "kind": "reps", "reps": Range(12, 12), "per_side": True},
    ]
    cues = [ex.cue for ex in result.routine.exercises]
    assert cues == ["Lie on your back with your arms up.",
                    "Lie on your side and lift your hips off the floor.",
                    "Stand on the edge of a step."]


def test_dose_only_sentences_are_left_out_but_instructing_ones_kept() -> None:
    text = ("Routine\n\nSquat\nStand with your feet apart. Sit back and stand up. 3 x 12.\n\n"
            "Lunge\nStep forward and lower your back knee. Repeat 10 times, then switch legs.\n\n"
            "Bridge\nLie on your back and lift your hips. x3 sets of 15\n")
    spoken = [ex.instructions for ex in import_text(text).routine.exercises]
    assert spoken == [
        "Stand with your feet apart. Sit back and stand up.",
        "Step forward and lower your back knee. Repeat 10 times, then switch legs.",
        "Lie on your back and lift your hips.",
    ]


def test_a_long_first_sentence_gives_a_short_cue() -> None:
    text = ("Stretch\n\nLizard Pose\nFrom low lunge, walk your right foot to the right edge of "
            "your mat and lower onto your forearms if you can. Stay for 5 breaths.\n")
    ex = import_text(text).routine.exercises[0]
    assert ex.cue == "From low lunge, walk your right foot to the right edge of your mat."


# --------------------------------------------------------------------------- circuits


@pytest.mark.parametrize(
    ("sentence", "routine_level", "rounds"),
    [
        ("Repeat the whole circuit 3 times.", False, "3"),
        ("Complete this circuit three times.", False, "3"),
        ("Perform 3 rounds of the following:", False, "3"),
        ("Go through all five exercises twice.", False, "2"),
        ("Do 2–3 rounds.", True, "2-3"),
        ("Do 2–3 rounds.", False, None),  # inside one exercise: that exercise's sets
        ("Rounds: 4", True, "4"),
        ("Do this routine three times a week.", True, None),
        ("Try the circuit 2 to 3 times a week.", True, None),
        ("Rest 60 seconds between rounds.", True, None),
        ("Repeat 10 times.", True, None),
        ("Do 3 sets of 10.", True, None),
    ],
)
def test_circuit_sentences(sentence: str, routine_level: bool, rounds: str | None) -> None:
    value = read_circuit(sentence, routine_level)
    assert (None if value is None else str(value)) == rounds


def test_circuit_sets_are_quoted_and_flagged() -> None:
    text = ("Quick Legs\n\nDo 2-3 rounds. Rest a minute between rounds.\n\n"
            "Squat\nStand tall and squat down, then stand up. Repeat 12 times.\n\n"
            "Lunge\nStep forward and lower your back knee. Do 2 sets of 8 per leg.\n\n"
            "Wall Sit\nSlide down a wall until your knees are bent. Hold for 30 seconds.\n"
            "Repeat the whole circuit 3 times.\n")
    result = import_text(text)
    assert _summary(result) == [
        {"name": "Squat", "kind": "reps", "reps": Range(12, 12), "sets": Range(2, 3),
         "needs_review": True},
        {"name": "Lunge", "kind": "reps", "reps": Range(8, 8), "sets": Range(2, 2),
         "per_side": True},
        {"name": "Wall Sit", "kind": "hold", "hold": Range(30, 30), "sets": Range(2, 3),
         "needs_review": True},
    ]
    wall = result.routine.exercises[2]
    assert "circuit" not in wall.instructions  # not spoken with the last exercise
    yaml_text = result.to_yaml()
    assert '  # from: "Do 2-3 rounds."' in yaml_text
    assert "also says 3" in yaml_text  # the other figure is noted for review
    assert any("repeats the whole routine" in w for w in result.warnings)
    assert parse(yaml_text) == result.routine


def test_frequency_in_the_intro_is_not_rounds() -> None:
    text = ("Knees\n\nDo this routine three times a week, and repeat the whole workout twice "
            "a week in the off-season.\n\nWall Sit\nSlide down a wall until your knees are "
            "bent. Hold for 30 seconds.\n")
    assert _summary(import_text(text)) == [
        {"name": "Wall Sit", "kind": "hold", "hold": Range(30, 30)}]


# --------------------------------------------------------------------------- doses


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Repeat 10–15 times and switch legs.", [("reps", "10-15")]),
        ("Do 10-15 reps.", [("reps", "10-15")]),
        ("Repeat 15 times per side.", [("reps", "15")]),
        ("Bench press x 12", [("reps", "12")]),
        ("Do 3 sets of 10.", [("sets", "3"), ("reps", "10")]),
        ("2–3 sets of 12–16 repetitions per leg", [("sets", "2-3"), ("reps", "12-16")]),
        ("3 x 12", [("sets", "3"), ("reps", "12")]),
        ("Hold for 5–10 seconds, release.", [("hold", "5-10")]),
        ("Hold for two seconds.", [("hold", "2")]),
        ("Hold for a count of ten.", [("hold", "10")]),
        ("March in place for 30 seconds.", [("duration", "30")]),
        ("Roll for 1-2 minutes.", [("duration", "60-120")]),
        ("Continue for 20 meters.", [("distance", "20")]),
        ("Walk 20 to 30 feet.", [("distance", "6-9")]),
        ("Repeat twenty-five times.", [("reps", "25")]),
        ("Do this three times a week.", []),
        ("Do it a couple of times a week.", []),
        ("Great for runners over 40.", []),
        ("Watch the video (0:17).", []),
        ("Stand with your feet hip-width apart.", []),
        ("Place your heels six inches from the wall.", []),
        ("Bend your knee to a 90-degree angle.", []),
        ("Stand two feet from the wall.", []),
        ("Rest for 30 seconds between sets.", []),
        ("Sit for a second and then stand back up.", []),
        ("Lift your leg a few inches.", []),
        # Shorthand and labelled doses from real pages.
        ("3x10", [("sets", "3"), ("reps", "10")]),
        ("x3 sets of 20", [("sets", "3"), ("reps", "20")]),
        ("Side plank - x3, 30s each side", [("sets", "3"), ("duration", "30")]),
        ("10 reps each leg", [("reps", "10")]),
        ("12/side", [("reps", "12")]),
        ("4 x 8/leg", [("sets", "4"), ("reps", "8")]),
        ("Reps: 10", [("reps", "10")]),
        ("Sets: 3", [("sets", "3")]),
        ("Hold: 30 seconds", [("hold", "30")]),
        ("Hold 30–60 seconds.", [("hold", "30-60")]),
        ("Hold for 10s", [("hold", "10")]),
        ("1 minute each side", [("duration", "60")]),
        ("Hold for a count of 5.", [("hold", "5")]),
        ("Stay for five to ten breaths.", [("hold", "20-40")]),
        ("AMRAP in 60 seconds", [("duration", "60")]),
        ("Squeeze your glutes at the top for 2 seconds.", [("hold", "2")]),
        ("Do 3 sets of 10 steps in each direction.", [("sets", "3"), ("reps", "10")]),
        # Numbers that are not doses.
        ("Updated March 3, 2024", []),
        ("5 min read", []),
        ("Watch the 10-minute video.", []),
        ("It takes about 20 minutes total.", []),
        ("Pain affects up to 80% of adults over 65.", []),
        ("Do them 2 to 3 times a week.", []),
        ("See a doctor within 48 hours.", []),
        ("A 2019 study (n=40) found less pain.", []),
        ("Bands cost $14.99 on Amazon.", []),
        ("Lift your leg 6 inches off the floor.", []),
        ("Step 1 of 4", []),
        ("Popular since the 1990s.", []),
        ("Rest 60s between sets.", []),
    ],
)
def test_dose_sentences(sentence: str, expected: list[tuple[str, str]]) -> None:
    found, _ = find_in_sentence(sentence, stretchy=False)
    assert [(f.field, str(f.value)) for f in found] == expected


@pytest.mark.parametrize(
    ("sentence", "per_side"),
    [
        ("Repeat on the other side.", True),
        ("Do 10 on each leg.", True),
        ("15 reps per side", True),
        ("Switch sides and repeat.", True),
        ("Repeat 10 times, and switch legs.", True),
        ("Do it on the left and then on the right.", True),
        ("Lie on your side with your arms at your sides.", False),
        ("Place a hand on each side of the bench.", False),
        ("Alternate legs as you walk.", False),
        ("Do 3 sets of 10 steps in each direction.", True),
        ("12/side", True),
        ("15 reps each leg", True),
        ("Rock gently from side to side.", False),
    ],
)
def test_per_side(sentence: str, per_side: bool) -> None:
    assert per_side_in(sentence) is per_side


def test_number_words() -> None:
    assert normalize_numbers("ten to fifteen times, hold for thirty seconds") == (
        "10 to 15 times, hold for 30 seconds"
    )
    assert normalize_numbers("a couple of reps") == "a couple of reps"


def test_one_line_names_and_missing_dose_guesses() -> None:
    text = (
        "Morning Mobility\n\n"
        "Cat-Cow — Get on all fours. Arch your back, then round it. Repeat 8 times.\n\n"
        "Child's Pose: Kneel and sit back on your heels, then reach your arms forward.\n\n"
        "Goblet Squat\nStand holding a dumbbell at your chest. Squat down and stand up.\n"
    )
    result = import_text(text)
    summary = _summary(result)
    assert summary == [
        {"name": "Cat-Cow", "kind": "reps", "reps": Range(8, 8)},
        {"name": "Child's Pose", "kind": "hold", "hold": Range(30, 30), "guessed": True},
        {"name": "Goblet Squat", "kind": "reps", "reps": Range(10, 10), "guessed": True},
    ]


def test_orphan_without_a_known_movement_is_numbered() -> None:
    text = (
        "Routine\n\nHeel Slides\nLie on your back and slide one heel toward you. Repeat 10 "
        "times.\n\nStand tall and wave both arms over your head in big arcs. Repeat 12 times.\n"
    )
    result = import_text(text)
    assert [e.name for e in result.exercises] == ["Heel Slides", "Exercise 2"]
    assert result.exercises[1].needs_review


def test_breaths_are_read_as_a_hold_and_say_so() -> None:
    text = ("Yoga for Hips\n\nThread the Needle\nStart on all fours. Slide your right arm "
            "under your left arm. Stay for 5 breaths, then switch sides.\n")
    result = import_text(text)
    ex = result.exercises[0]
    assert (ex.kind, str(result.routine.exercises[0].hold), ex.per_side) == ("hold", "20", True)
    assert any("4 s per breath" in note for note in ex.notes)


def test_dose_labels_keep_their_meaning() -> None:
    text = ("Core\n\nDead Bug\nSets: 3\nReps: 10 each side\nLie on your back with your "
            "arms up. Lower one arm and the opposite leg, then switch.\n\nHollow Hold\n"
            "Hold: 20-30 seconds\nLie on your back and lift your shoulders and legs.\n")
    summary = _summary(import_text(text))
    assert summary == [
        {"name": "Dead Bug", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3),
         "per_side": True},
        {"name": "Hollow Hold", "kind": "hold", "hold": Range(20, 30)},
    ]


def test_tab_separated_table_without_separator_row() -> None:
    text = "Routine\n\nExercise\tSets\tReps\nSquat\t3\t10\nLunge\t2\t8 each leg\n"
    assert _summary(import_text(text)) == [
        {"name": "Squat", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3)},
        {"name": "Lunge", "kind": "reps", "reps": Range(8, 8), "sets": Range(2, 2),
         "per_side": True},
    ]


def test_emoji_numbering_and_shorthand_list() -> None:
    text = ("# \U0001f351 Band Burn\n\n### 1\ufe0f\u20e3 Fire Hydrants\n\nStart on all fours "
            "and lift one knee out to the side.\n\n\U0001f449 15 reps each side\n\n"
            "1. Clamshells - 3x15 each side\n2. Side plank - x3, 30s each side\n")
    result = import_text(text)
    assert result.title == "Band Burn"
    assert [e.name for e in result.exercises] == ["Fire Hydrants", "Clamshells", "Side plank"]
    assert str(result.routine.exercises[2].hold) == "30"
    assert str(result.routine.exercises[2].sets) == "3"


def test_faq_questions_and_breadcrumbs_are_not_exercises() -> None:
    text = ("Home > Fitness > Knees\n\nKnee Routine\n\nWall Sit\nStand with your back "
            "against a wall and slide down. Hold for 30 seconds.\n\n"
            "How long should I hold each stretch?\n\nHold each one for 60 seconds if you "
            "can.\n")
    result = import_text(text)
    assert result.title == "Knee Routine"
    assert [e.name for e in result.exercises] == ["Wall Sit"]
    assert str(result.routine.exercises[0].hold) == "30"
    assert not result.exercises[0].needs_review


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "Just a title", "Hello world. This is not about exercise at all."]
)
def test_no_exercises_is_an_article_error(text: str) -> None:
    with pytest.raises(ArticleError) as info:
        import_text(text)
    assert info.value.exit_code == 2
    assert isinstance(info.value, VoicecoachError)


def test_unreadable_files(tmp_path: Path) -> None:
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\x01\x02PK")
    latin = tmp_path / "b.txt"
    latin.write_bytes("Caf\xe9 squats".encode("latin-1"))
    empty = tmp_path / "c.md"
    empty.write_text("")
    for path in (binary, latin, empty, tmp_path / "missing.txt", tmp_path):
        with pytest.raises(ArticleError):
            import_path(path)


ARTICLE_LINES = [
    "# Title", "## 1. Glute Bridge", "**Plank**", "Step 1: Squat", "1) Lunge — Step forward.",
    "Lie on your back. Repeat 10 times.", "Hold for 30 seconds.", "3 x 12", "x 12",
    "| Exercise | Sets | Reps |", "|---|---|---|", "| Squat | 3 | 10 |", "Share it:",
    "About the Author", "Stand tall and repeat 10–15 times per side.", "Continue for 20 feet.",
    "Hold for a count of ten", "Do this 3 times a week.", "0:17", "<p>Hi</p>", "<h2>Row</h2>",
    "Reps: 0", "Hold for 0 seconds.", "Repeat 9999 times.", "Hold 1e309 seconds", "- ", "**",
    "Name: ", "Sets: 2-1", "Repeat 15-10 times.", "", "", "Lie on your back — ", "| a |",
    "Exercise | Sets | Hold", "Plank | 3 | 30 s", "Squat\t3\t10", "1\ufe0f\u20e3 Squats",
    "\U0001f449 12 each side", "Clamshells - 3x15 each side", "Side plank - x3, 30s each side",
    "Stay for 5 breaths.", "AMRAP in 60 seconds: squat.", "Reps: 10", "Hold: 20-30 seconds",
    "How often should I do these?", "Home > Fitness > Knees", "Step 1 of 4", "WALL SIT",
    "12/side", "Reps: 8-12 per side",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_raises_only_article_error(text: str) -> None:
    try:
        result = import_text(text)
    except ArticleError:
        return
    assert parse(result.to_yaml()) == result.routine
    json.loads(result.to_json())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(ARTICLE_LINES), st.text(max_size=40)), max_size=30))
def test_article_like_lines_raise_only_article_error(lines: list[str]) -> None:
    try:
        result = import_text("\n".join(lines))
    except ArticleError:
        return
    assert parse(result.to_yaml()) == result.routine
    review_rows(result)
    json.loads(result.to_json())

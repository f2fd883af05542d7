"""Instructions cleaned for speech, and cues (voicecoach.importer.spoken)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_importer_build import ALL_ARTICLES, ALL_IDS, SEED, summary

from voicecoach.importer import ImportResult, import_path, import_text
from voicecoach.importer.spoken import short_cue, spoken_instructions, strip_dose_phrases
from voicecoach.routine import Range

NOT_SPOKEN = ("Sets:", "Reps:", "Hold:", "**", "__", "`", "http", "www.", "How to do it",
              "Muscles worked", "Make it easier", "Make it harder", "Photo:", "Image credit",
              "•", "▪", "◦", "---", "comments")


@pytest.fixture(scope="module")
def seed() -> ImportResult:
    return import_path(SEED)


@pytest.mark.parametrize("article", ALL_ARTICLES, ids=ALL_IDS)
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


def test_seed_instructions_say_no_dose(seed: ImportResult) -> None:
    # The dose is spoken after the instructions: they say no number that could contradict
    # it (issue 9), but keep the movement ("Hold", "repeat and switch legs").
    by_name = {ex.name: ex for ex in seed.routine.exercises}
    assert by_name["Glute Bridges"].instructions == (
        "Lie on your back on the ground with your arms at your sides, knees bent and feet flat "
        "on the floor. Lift your backside off the ground until you form a straight line from "
        "your shoulders to your knees. Push your heels into the ground, and feel your glutes "
        "stabilizing your body. Hold, lower your body back down and repeat."
    )
    assert by_name["Walking Lunges with Twist"].instructions.endswith(
        "stand up and repeat with the left leg.")
    assert by_name["Donkey Kicks"].instructions.endswith(
        "Bring your leg back down, repeat and switch legs.")
    assert by_name["Step-Ups"].instructions.endswith("switch sides and repeat.")
    # The --brief cue states the movement, not the starting position (issue 9).
    assert by_name["Glute Bridges"].cue == "Lift your backside off the ground."


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
    result = import_text(text, "<stdin>")
    spoken = {ex.name: ex.instructions for ex in result.routine.exercises}
    assert spoken == {
        "Dead Bug": "Lie on your back with your arms up. Slowly lower one arm and the opposite "
                    "leg, then switch.",
        "Side Plank": "Lie on your side and lift your hips off the floor.",
        "Calf Raise": "Stand on the edge of a step. Rise onto your toes, then lower.",
    }
    assert summary(result) == [
        {"name": "Dead Bug", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3),
         "per_side": True},
        {"name": "Side Plank", "kind": "hold", "hold": Range(30, 30)},
        {"name": "Calf Raise", "kind": "reps", "reps": Range(12, 12), "per_side": True},
    ]
    cues = [ex.cue for ex in result.routine.exercises]
    assert cues == ["Slowly lower one arm and the opposite leg, then switch.",
                    "Lie on your side and lift your hips off the floor.",
                    "Rise onto your toes, then lower."]


def test_dose_only_sentences_are_left_out_but_instructing_ones_kept() -> None:
    text = ("Routine\n\nSquat\nStand with your feet apart. Sit back and stand up. 3 x 12.\n\n"
            "Lunge\nStep forward and lower your back knee. Repeat 10 times, then switch legs.\n\n"
            "Bridge\nLie on your back and lift your hips. x3 sets of 15\n")
    spoken = [ex.instructions for ex in import_text(text, "<stdin>").routine.exercises]
    assert spoken == [
        "Stand with your feet apart. Sit back and stand up.",
        "Step forward and lower your back knee. Repeat, then switch legs.",
        "Lie on your back and lift your hips.",
    ]


def test_a_long_first_sentence_gives_a_short_cue() -> None:
    text = ("Stretch\n\nLizard Pose\nFrom low lunge, walk your right foot to the right edge of "
            "your mat and lower onto your forearms if you can. Stay for 5 breaths.\n")
    ex = import_text(text, "<stdin>").routine.exercises[0]
    assert ex.cue == "From low lunge, walk your right foot to the right edge of your mat."


def test_spoken_instructions_skip_and_short_cue() -> None:
    paragraphs = ["How to do it: lie down (3 x 10)", "Repeat the circuit 3 times. Breathe out"]
    assert spoken_instructions(paragraphs) == (
        "Lie down. Repeat the circuit. Breathe out.")
    assert spoken_instructions(paragraphs, skip=lambda s: "circuit" in s) == (
        "Lie down. Breathe out.")
    assert short_cue("Lie down. Breathe out.") == "Lie down."
    assert short_cue("This is about knees.") is None


def test_dose_phrases_are_not_spoken_but_alternatives_are() -> None:
    assert strip_dose_phrases("Hold this stretch for 5-10 seconds on each side.") == (
        "Hold this stretch.")
    assert strip_dose_phrases("Perform 12 to 15 reps.") == ""
    assert strip_dose_phrases("Do 2 sets of 10 on each leg.") == ""
    assert strip_dose_phrases("Keep your back straight and hold for a count of ten.") == (
        "Keep your back straight and hold.")
    assert strip_dose_phrases("Hold a medicine ball or dumbbell at your chest.") == (
        "Hold a medicine ball or dumbbell at your chest.")
    assert strip_dose_phrases("Lift your leg 6 inches off the floor.") == (
        "Lift your leg 6 inches off the floor.")
    assert strip_dose_phrases("Repeat twice more on each side.") == ""
    # "once" that opens a clause is a conjunction, not a count
    kept = "Once that becomes easy, use a stronger band."
    assert strip_dose_phrases(kept) == kept
    assert strip_dose_phrases("Do it once you can hold the plank.") == (
        "Do it once you can hold the plank.")
    assert strip_dose_phrases("Do the stretch once on each leg.") == "Do the stretch."


def test_cue_is_the_movement_not_the_starting_position() -> None:
    assert short_cue("Stand tall with feet apart. Repeat on the other side. Swing your "
                     "right leg forward and back.") == "Swing your right leg forward and back."
    assert short_cue("Lie on your back. Relax.") == "Lie on your back."


def test_a_position_without_a_verb_is_its_own_cue() -> None:
    assert short_cue("Side lying, hips stacked, top leg long. Keep still.") == "Keep still."
    assert short_cue("Side lying, hips stacked, top leg long.") == (
        "Side lying, hips stacked, top leg long.")


def test_a_cue_never_ends_in_a_clause_still_waiting_for_its_movement() -> None:
    text = ("Start walking forwards as normal but, as you hit the ground with the ball of "
            "each foot, rise up on to your toes for a second, then place the rest of your "
            "foot back on the floor before you lift it up and move forwards.")
    assert short_cue(text) == "Start walking forwards as normal."
    assert short_cue("Stand with your feet apart and, when you are ready, lower slowly into "
                     "a deep squat with your weight in your heels and your chest up.") \
        == "Stand with your feet apart."

"""Dose-shaped text and rounds of the whole routine (voicecoach.importer.shape)."""

from __future__ import annotations

import pytest

from voicecoach.importer.shape import dose_only, read_circuit, whole_routine


@pytest.mark.parametrize(
    ("sentence", "routine_level", "rounds"),
    [
        ("Repeat the whole circuit 3 times.", False, "3"),
        ("Complete this circuit three times.", False, "3"),
        ("Perform 3 rounds of the following:", False, "3"),
        ("Go through all five exercises twice.", False, "2"),
        ("Repeat circuit two more times!", False, "3"),  # two after the first
        ("I perform this very routine 3-sets, 3-times per week.", True, "3"),
        ("Repeat the circuit 1-2 more times.", True, "2-3"),
        ("Do 2–3 rounds.", True, "2-3"),
        ("Do 2–3 rounds.", False, None),  # inside one exercise: that exercise's sets
        ("Rounds: 4", True, "4"),
        ("Do this routine three times a week.", True, None),
        ("Try the circuit 2 to 3 times a week.", True, None),
        ("Rest 60 seconds between rounds.", True, None),
        ("Repeat 10 times.", True, None),
        ("Repeat three times.", True, "3"),  # alone, outside the exercises: rounds
        ("Repeat three times.", False, None),
        ("Do 3 sets of 10.", True, None),
    ],
)
def test_circuit_sentences(sentence: str, routine_level: bool, rounds: str | None) -> None:
    value = read_circuit(sentence, routine_level)
    assert (None if value is None else str(value)) == rounds
    if not routine_level:
        assert whole_routine(sentence) is (rounds is not None)



@pytest.mark.parametrize(
    ("text", "only"),
    [("3 sets of 12 reps", True), ("Reps: 10-12", True), ("(3 x 12)", True),
     ("12 reps per side", True), ("Lie on your back and lift your hips 10 times.", False),
     ("Stand tall.", False)],
)
def test_dose_only(text: str, only: bool) -> None:
    assert dose_only(text) is only


def test_a_dose_for_each_pose_is_for_every_exercise() -> None:
    from voicecoach.importer.shape import for_every_exercise

    assert for_every_exercise("In this sequence, hold each pose for five full breaths.")
    assert not for_every_exercise("Hold the pose for five breaths.")

"""The shared vocabulary (voicecoach.words)."""

from __future__ import annotations

import pytest

from voicecoach import words
from voicecoach.words import (
    digits_for_words,
    meters_per,
    number_words,
    seconds_per,
    word_to_number,
)


def test_number_words_speaks_small_counts() -> None:
    assert number_words(0) == "zero"
    assert number_words(7) == "seven"
    assert number_words(13) == "thirteen"
    assert number_words(20) == "twenty"
    assert number_words(21) == "21"
    assert number_words(-1) == "-1"
    spoken = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
              "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
    assert [number_words(n) for n in range(21)] == spoken


@pytest.mark.parametrize(
    ("word", "value"),
    [("one", 1), ("Ten", 10), ("fifteen", 15), ("twenty", 20), ("thirty", 30),
     ("fifty", 50)],
)
def test_word_to_number(word: str, value: int) -> None:
    assert word_to_number(word) == value


def test_word_to_number_rejects_other_words() -> None:
    with pytest.raises(KeyError):
        word_to_number("couple")


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("ten to fifteen times", "10 to 15 times"),
        ("Repeat twenty-five times", "Repeat 25 times"),
        ("do it twice, then once more", "do it 2 times, then 1 time more"),
        ("for a minute", "for 1 minute"),
        ("Hold for a minute or two", "Hold for 1-2 minutes"),
        ("a dozen reps", "12 reps"),
        ("a couple of reps", "a couple of reps"),
        ("someone often", "someone often"),
    ],
)
def test_digits_for_words(text: str, digits: str) -> None:
    assert digits_for_words(text) == digits


@pytest.mark.parametrize(
    ("unit", "seconds"),
    [("seconds", 1.0), ("s", 1.0), (None, 1.0), ("min", 60.0), ("Minutes", 60.0)],
)
def test_seconds_per(unit: str | None, seconds: float) -> None:
    assert seconds_per(unit) == seconds


@pytest.mark.parametrize(
    ("unit", "meters"),
    [("m", 1.0), ("metres", 1.0), ("yards", 0.9144), ("yd", 0.9144), ("feet", 0.3048),
     ("foot", 0.3048), ("ft", 0.3048)],
)
def test_meters_per(unit: str, meters: float) -> None:
    assert meters_per(unit) == meters


def test_weak_and_position_verbs() -> None:
    assert words.WEAK_VERBS <= words.MOVE_VERBS
    assert {"lie", "stand", "sit", "kneel"} <= words.POSITION_VERBS
    assert words.SECONDS_PER_BREATH == 4


def test_long_distances_convert_to_meters() -> None:
    from voicecoach.words import meters_per

    assert meters_per("km") == 1000.0
    assert meters_per("miles") == pytest.approx(1609.344)
    assert meters_per("yards") == pytest.approx(0.9144)

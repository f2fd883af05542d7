"""Which line is an exercise's name (voicecoach.importer.lines)."""

from __future__ import annotations

import pytest

from voicecoach.importer.lines import Line, classify
from voicecoach.importer.names import dose_remark, singular


def _one(raw: str) -> Line:
    return next(ln for ln in classify([raw]) if ln.kind != "blank")


@pytest.mark.parametrize(
    "raw",
    [
        # a benefit sentence with the page's "To Do:" label glued on is not a name
        "A side plank trains the obliques and hip. To Do:",
        "This move builds the side of the hip. Instructions:",
    ],
)
def test_sentence_with_a_glued_label_is_not_a_heading(raw: str) -> None:
    assert _one(raw).kind == "body"


@pytest.mark.parametrize(
    ("raw", "name", "inline"),
    [
        ("Banded Walk with resistance band, 2 sets of 10 steps",
         "Banded Walk with resistance band", "2 sets of 10 steps"),
        ("- Side Plank (each side) 2 x 20 seconds", "Side Plank", "each side, 2 x 20 seconds"),
        ("Wall Sit 3x30 seconds", "Wall Sit", "3x30 seconds"),
        ("4. Forward lunge with side twist.  5-7 on each side",
         "Forward lunge with side twist", "5-7 on each side"),
    ],
)
def test_a_dose_after_the_name_is_split_off(raw: str, name: str, inline: str) -> None:
    line = _one(raw)
    assert (line.kind, line.text, line.inline) == ("heading", name, inline)


@pytest.mark.parametrize(
    "raw", ["Repeat 10 times.", "Hold 30 seconds", "Do 3 sets of 12 reps.",
            "Lie on your back and lift your hips 10 times."],
)
def test_a_dose_sentence_is_not_a_name_with_a_dose(raw: str) -> None:
    line = _one(raw)
    assert line.kind == "body" or line.text not in ("Repeat", "Hold", "Do")


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("3. Forward lunge.  Very easy and progressive - feel it in the hips.", "Forward lunge"),
        ("2. Back arch.  Rise up on your hands and flex your back.", "Back arch"),
    ],
)
def test_a_list_items_short_first_sentence_is_its_name(raw: str, name: str) -> None:
    line = _one(raw)
    assert (line.kind, line.text) == ("heading", name)


def test_a_list_item_that_is_a_step_keeps_no_name() -> None:
    line = _one("1. Lie on your back.  Bend your knees.")
    assert line.kind == "body" or line.text != "Lie on your back"


@pytest.mark.parametrize(
    ("text", "remark"),
    [("each side", True), ("3 x 12", True), ("per leg", True), ("mini band", False),
     ("thigh muscle", False)],
)
def test_dose_remark(text: str, remark: bool) -> None:
    assert dose_remark(text) is remark


def test_singular_tells_two_names_of_one_move_apart() -> None:
    assert [singular(w) for w in ("Crunches", "pushups", "Lunges", "burpees", "press",
                                  "abs", "Plank")] == ["Crunch", "pushup", "Lunge", "burpee",
                                                       "press", "abs", "Plank"]

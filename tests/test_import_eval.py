"""The benchmark's name matcher (scripts/import_eval.py): fair, not loose."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "import_eval.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_eval", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_eval"] = module
    spec.loader.exec_module(module)
    return module


ev = _load()


def _match(want: str, got: str, matcher: str) -> bool:
    ev.MATCHER = matcher
    try:
        expected = ev.Expected(want, [want], {})
        return bool(ev.similar(expected, ev.Got(got, {}, False)) >= ev.RATIO)
    finally:
        ev.MATCHER = "tokens"


@pytest.mark.parametrize(
    ("want", "got"),
    [("Clamshell", "Clam Shells"), ("Glute Bridge", "Glute Bridges"),
     ("Row", "Row (resistance band)"), ("Side Plank", "Side Plank (each side)"),
     ("Reach for Sky", "Reach for the Sky"), ("Step-Ups", "step ups"),
     ("Sit to stand", "Sit to stand (squat to chair)")],
)
def test_token_matcher_accepts_what_a_reader_would(want: str, got: str) -> None:
    assert _match(want, got, "tokens")


@pytest.mark.parametrize(
    ("want", "got"),
    [("Side Plank", "Plank"), ("Calf stretch", "Calf raise"), ("Lunge", "Lunge with twist"),
     ("Glute Bridge", "This exercise strengthens your glutes. To Do")],
)
def test_token_matcher_rejects_other_exercises(want: str, got: str) -> None:
    assert not _match(want, got, "tokens")
    assert not _match(want, got, "ratio")


def test_ratio_matcher_is_the_old_one() -> None:
    assert not _match("Row", "Row (resistance band)", "ratio")

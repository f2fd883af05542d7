"""Page shapes and dose phrasings met on real pages, each on a made-up page of that shape
(voicecoach.importer, issue 14, eighth round)."""

from __future__ import annotations

from voicecoach.importer import import_text
from voicecoach.importer.doses import find_in_sentence
from voicecoach.routine import Range


def _names(text: str) -> list[str]:
    return [e.name for e in import_text(text, "<test>").exercises]


def _fields(text: str) -> list[dict[str, object]]:
    return [{k: getattr(e, k) for k in ("reps", "sets", "hold", "duration", "distance",
                                        "per_side")}
            for e in import_text(text, "<test>").routine.exercises]


def _found(sentence: str, stretchy: bool = False) -> dict[str, Range]:
    return {f.field: f.value for f in find_in_sentence(sentence, stretchy)[0]}


def test_headings_that_number_themselves_as_exercises() -> None:
    page = (
        "Sprint Prep\n\nSome words about why a warm-up matters before fast running.\n\n"
        "Sprint Prep Exercise 1: Ankle Hops\n\nThe point of ankle hops is stiffness. "
        "You are bouncing on the balls of the feet with straight knees.\n\n"
        "Do 2x hopping over 20m.\n\n"
        "Sprint Prep Exercise 2: Wall Drives\n\nThe point of wall drives is posture and "
        "the angle of the body when you push off hard.\n"
    )
    assert _names(page) == ["Ankle Hops", "Wall Drives"]
    first = _fields(page)[0]
    assert first["distance"] == Range(20, 20) and first["sets"] == Range(2, 2)

"""Dose-shaped text and rounds of the whole routine.

Which text *looks like* a dose (:func:`dose_only`, :data:`DOSE_START_RE`,
:data:`DOSE_HINT_RE`), used to find headings and to leave dose fragments unspoken, and which
sentences repeat the whole routine (:func:`read_circuit`, :func:`whole_routine`). The
numbers themselves are read by :mod:`.doses`.
"""

from __future__ import annotations

import re

from ..routine import Range
from ..words import SIDES, WAYS
from .doses import RANGE, find_in_sentence, frequency_follows, normalize_numbers, ok_value, to_range

__all__ = [
    "DOSE_HINT_RE",
    "DOSE_START_RE",
    "dose_only",
    "for_every_exercise",
    "read_circuit",
    "whole_routine",
]

# --------------------------------------------------------------------------- circuits

# What a whole routine is called when an article repeats it: "the whole circuit",
# "all five exercises", "this workout".
_ROUTINE_NOUN = (
    r"(?:circuits?|(?:whole|entire|full|complete)\s+(?:circuit|workout|routine|sequence|series|"
    r"set|list|thing|session|flow|block)|all\s+(?:of\s+)?(?:the\s+|these\s+|those\s+|\d+\s+)?"
    r"(?:exercises|moves|movements|stretches|drills)|(?:the|this|that)\s+(?:workout|routine|"
    r"series|set of (?:exercises|moves))|(?:the|this|that)\s+(?:very|same|whole|full|entire)\s+"
    r"(?:workout|routine|circuit|series))"
)
_CIRCUIT_PATTERNS = [
    # "Repeat the whole circuit 3 times", "Complete this circuit three times",
    # "go through all five moves twice", "I perform this very routine 3-sets"
    (re.compile(
        rf"\b(?:repeat|do|perform|complete|go(?:ing)? through|run through|cycle through|work "
        rf"through|finish|redo)\b[^.;!?]{{0,40}}?\b{_ROUTINE_NOUN}\b[^.;!?]{{0,30}}?"
        rf"(?<![\d.]){RANGE}\s*-?\s*(?:times|rounds|sets|x)\b", re.IGNORECASE), True),
    # "Repeat circuit two more times": two after the first, three in all.
    (re.compile(
        rf"\b(?:repeat|do|perform|complete|go(?:ing)? through|run through)\b[^.;!?]{{0,40}}?"
        rf"\b{_ROUTINE_NOUN}\b[^.;!?]{{0,30}}?(?<![\d.]){RANGE}\s*more\s+(?:times|rounds)\b",
        re.IGNORECASE), "more"),
    # "3 rounds of the following", "2-3 circuits", "3 times through"
    (re.compile(
        rf"(?<![\d.]){RANGE}\s*(?:(?:total|full|complete)\s+)?(?:circuits\b|rounds\s+of\s+"
        rf"(?:the\s+following|this|these|{_ROUTINE_NOUN})\b|times\s+through\b)",
        re.IGNORECASE), True),
    # Only at routine level: "Do 2-3 rounds", "Rounds: 3".
    (re.compile(rf"(?<![\d.]){RANGE}\s*(?:(?:total|full|complete)\s+)?rounds\b",
                re.IGNORECASE), False),
    (re.compile(rf"\b(?:rounds|circuits)\s*[:=]\s*{RANGE}", re.IGNORECASE), False),
    # Only at routine level: "(3 sets total)", "3 total rounds".
    (re.compile(rf"(?<![\d.]){RANGE}\s*(?:total\s+(?:sets|rounds)|(?:sets|rounds)\s+(?:in\s+)?"
                rf"total)\b", re.IGNORECASE), False),
    # Outside the exercises: "Repeat 2 more times" (three in all).
    (re.compile(rf"^\s*repeat\s+(?:(?:this|it|them|all)\s+)?(?<![\d.]){RANGE}\s*more\s+times\b",
                re.IGNORECASE), "bare more"),
    # Outside the exercises, alone: "Repeat three times." (a few times: rounds, where
    # "Repeat 10 times." is an exercise's reps that lost it)
    (re.compile(rf"^\s*repeat\s+(?:(?:this|it|them|all)\s+)?(?<![\d.]){RANGE}\s*times\s*"
                r"[.!]?\s*$", re.IGNORECASE), "bare"),
]
MAX_BARE_ROUNDS = 5
_NOT_CIRCUIT_BEFORE = re.compile(r"\b(?:rest|recover|break|between|after|every)\b[^.;,]{0,20}$",
                                 re.IGNORECASE)


def read_circuit(sentence: str, routine_level: bool) -> Range | None:
    """The number of rounds of the whole routine a sentence asks for, or None.

    ``routine_level``: the sentence is in the introduction or the closing text, where
    "Do 2-3 rounds" can only mean the whole routine. Inside an exercise only a sentence
    that names the whole routine counts ("repeat the whole circuit 3 times").
    Frequencies ("do this routine three times a week") are not rounds.
    """
    text = normalize_numbers(sentence)
    for pattern, explicit in _CIRCUIT_PATTERNS:
        if not (explicit in (True, "more") or routine_level):
            continue
        for m in pattern.finditer(text):
            if frequency_follows(text, m.end()) or _NOT_CIRCUIT_BEFORE.search(
                    text[max(0, m.start() - 25):m.start()]):
                continue
            value = to_range(m.group("lo"), m.group("hi"))
            if explicit in ("more", "bare more") and value is not None:
                value = Range(value.low + 1, value.high + 1)
            if explicit in ("bare", "bare more") and (value is None
                                                      or value.high > MAX_BARE_ROUNDS):
                continue
            if ok_value("sets", value):
                return value
    return None


# --------------------------------------------------------------------------- dose-like text

# Text that opens with a dose: "3x15 each side", "x3, 30s each", "10 reps per leg, ...".
DOSE_START_RE = re.compile(
    r"^\(?(?:[x×]\s*\d|(?:for\s+)?\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+)?\s*(?:[x×]|sets?\b|"
    r"reps?\b|repetitions?\b|iterations?\b|times\b|seconds?\b|secs?\b|s\b|minutes?\b|mins?\b|meters?\b|"
    r"metres?\b|m\b|yards?\b|breaths?\b|rounds?\b|(?:on )?(?:each|per)\b))",
    re.IGNORECASE,
)
# A dose somewhere in the text: "3 x 12", "hold: 30", "count of 5", "10s".
DOSE_HINT_RE = re.compile(
    r"\d\s*(?:x|×|sets?|reps?|repetitions?|iterations?|times|seconds?|secs?|minutes?|mins?|meters?|"
    rf"metres?|yards?|breaths?|(?:on )?(?:each|per) (?:{SIDES}|{WAYS}))\b|"
    r"\b(?:sets|reps|hold)\s*[:=]|\bcount (?:of|to) \d|\d+s\b|\bAMRAP\b|(?<!\w)[x×]\s?\d+\b|"
    r"\d\s*[x×]\s*\d",
    re.IGNORECASE,
)


def dose_only(text: str) -> bool:
    """A line that is only a dose: "3 sets of 12 reps", "Reps: 10-12", "(3 x 12)"."""
    if not DOSE_HINT_RE.search(normalize_numbers(text)):
        return False
    rest = re.sub(r"\d+|\b[x×](?=\d)|\b(?:x|sets?|reps?|repetitions?|iterations?|of|times|"
                  r"seconds?|secs?|"
                  r"minutes?|mins?|meters?|metres?|yards?|hold|each|per|side|leg|on|to|and|or|the|for|rest|"
                  r"between|do|perform|complete|sides|legs|arm|arms|a|an|right|left)\b|[^\w]", " ",
                  normalize_numbers(text), flags=re.IGNORECASE)
    return len(rest.split()) <= 1


def whole_routine(sentence: str) -> bool:
    """A sentence inside an exercise that is about the whole routine ("Repeat the whole
    circuit 3 times"): not this exercise's dose, and not spoken with it."""
    return read_circuit(sentence, routine_level=False) is not None



# A dose said once for every exercise: "Do 10 reps of each", "perform each exercise for 20
# seconds", "Complete one set of 8-15 reps for each exercise", "Each exercise lasts 30-45
# seconds".
_FOR_EACH_RE = re.compile(
    # "Then do the following drills, each over 30 metres"
    r"\b(?:exercises|moves|movements|stretches|drills|poses),?\s+each\s+(?:over|for|of|lasting)"
    r"\s+(?:about\s+)?\d|"
    r"\b(?:of|for|on)\s+each(?:\s+(?:exercise|move|movement|stretch|drill|pose|one))?\b(?!\s+"
    r"(?:side|leg|foot|arm|hand|direction|way|rep|set))|"
    # "Devote 60 seconds to each exercise", "30 seconds for every move"
    r"\b(?:to|for|of|on)\s+(?:each|every)\s+(?:exercise|move|movement|stretch|drill|pose)\b|"
    r"\beach\s+(?:exercise|move|movement|"
    r"stretch|drill|pose|posture)\s+(?:for|x|\d|(?:should\s+)?(?:lasts?|takes?)\b)|"
    # an interval for every move: "25 seconds of work, 35 seconds of rest", "40 s on, 20 s off"
    r"\d\s*-?\s*(?:seconds?|secs?|s)\s+(?:of\s+)?(?:work|on)\b[^.;!?]{0,20}?\d\s*-?\s*(?:seconds?|"
    r"secs?|s)\s+(?:of\s+)?(?:rest|off|recovery)\b|"
    # "For both exercises practice for 2-3 sets of 10-15 repetitions"
    r"\bfor\s+(?:both|all(?:\s+(?:of\s+)?(?:the|these|those))?|each\s+of\s+(?:the|these|those))\s+"
    r"(?:\w+\s+)?(?:exercises|moves|movements|stretches|drills|poses)\b|"
    # "perform 1 minute of all of these exercises", "30 seconds of each of the moves"
    r"\d\s*-?\s*(?:seconds?|secs?|minutes?|mins?|reps?|repetitions)\s+(?:of|for)\s+(?:all|each)\s+"
    r"(?:of\s+)?(?:these|the|those)\s+(?:\w+\s+)?(?:exercises|moves|movements|stretches|drills|"
    r"poses)\b|"
    # "Perform these drills for 20 seconds each"
    r"\b(?:these|the|all|both)\s+(?:\w+\s+)?(?:exercises|moves|movements|stretches|drills|"
    r"poses)\b[^.;!?]*?\d\s*(?:seconds?|secs?|minutes?|mins?|reps?|repetitions|times|meters?|"
    r"metres?|m|yards?|breaths)\s+each\b(?!\s+(?:side|leg|foot|arm|hand|direction|way))|\ball\s+(?:the\s+)?(?:exercises|moves|stretches)\s+for\b",
    re.IGNORECASE,
)


def for_every_exercise(sentence: str) -> bool:
    """A sentence that gives one dose for every exercise ("Do 10 reps of each")."""
    return bool(_FOR_EACH_RE.search(sentence)) and bool(
        find_in_sentence(sentence, stretchy=False)[0])

"""Doses and times put into words: the one place that decides how they read.

Two forms of the same dose, from the same numbers: :func:`terse` for tables
(``plan``, the importer's review) and :func:`spoken` for the coach ("Two sets of
eight.", "Hold for 30 seconds, each side."). Times read as a clock (``1:35``) on
screen and as words ("1 minute 35 seconds") aloud. :func:`mentions` finds the
numbers an instruction gives for a dose ("repeat 10–15 times"), and :func:`agree`
makes them say the dose chosen, so the coach never says two numbers for one dose.
Pure; no audio.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .limits import num
from .words import ONES, TENS, number_words, word_to_number

if TYPE_CHECKING:
    from .session import Dose


def clock(seconds: float) -> str:
    """``95`` -> ``"1:35"``; ``3725`` -> ``"1:02:05"``."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_duration(seconds: float) -> str:
    """``100`` -> ``"1 minute 40 seconds"``."""
    whole = int(round(seconds))
    minutes, secs = divmod(whole, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    if secs or not minutes:
        parts.append(f"{secs} second" + ("s" if secs != 1 else ""))
    return " ".join(parts)


def about_minutes(seconds: float) -> str:
    """``1000`` -> ``"17 minutes"`` (at least one)."""
    minutes = max(1, int(round(seconds / 60)))
    return f"{minutes} minute" + ("s" if minutes != 1 else "")


def about_time(seconds: float) -> str:
    """A time as a coach rounds it: ``42`` -> ``"40 seconds"``, ``100`` -> ``"1 minute
    40 seconds"``, ``125`` -> ``"2 minutes"``, ``500`` -> ``"8 and a half minutes"``."""
    if seconds < 60:
        return spoken_duration(max(5, 5 * round(seconds / 5)))
    if seconds < 120:
        return spoken_duration(10 * round(seconds / 10))
    halves = round(seconds / 30)
    minutes, half = divmod(halves, 2)
    return f"{minutes} and a half minutes" if half else about_minutes(minutes * 60)


def count(n: int) -> str:
    """A count as said at the start of a sentence: ``7`` -> ``"Seven"``."""
    return number_words(n).capitalize()


def terse(dose: Dose) -> str:
    """``"10 reps, hold 2 s"``, ``"60 s per side"``, ``"20 m (~1:40)"``."""
    if dose.kind == "reps":
        text = f"{dose.reps} reps"
        if dose.hold:
            text += f", hold {dose.hold} s"
    elif dose.kind == "hold":
        text = f"hold {dose.hold} s"
    elif dose.kind == "timed":
        text = f"{dose.duration} s"
    else:
        text = f"{num(dose.distance or 0)} m (~{clock(dose.duration or 0)})"
    if dose.per_side:
        text += " per side"
    return text


# How distance work is said, by movement: "Run 400 meters", "Lunge for 20 meters".
_DISTANCE_VERB = {
    "running": "Run {m}",
    "walking": "Walk {m}",
    "lunging": "Lunge for {m}",
    "carrying": "Carry for {m}",
}


ROOM = 5.0  # meters: the length of a room, to picture a short distance
LUNGE = 0.8  # meters a lunge covers


def _picture(dose: Dose) -> str:
    """A short distance as a coach pictures it: lunges are counted ("about 25 lunges"),
    a few room lengths are named ("four lengths of a room"); "" for anything longer."""
    meters = dose.distance or 0
    if dose.movement == "lunging":
        return f", {round(meters / LUNGE)} lunges" if meters / LUNGE >= 4 else ""
    lengths = meters / ROOM
    if 1 <= lengths <= 6 and abs(lengths - round(lengths)) < 0.2:
        n = round(lengths)
        return (", the length of a room" if n == 1
                else f", {number_words(n)} lengths of a room")
    return ""


def distance(meters: float) -> str:
    """``20`` -> ``"20 meters"``, ``1`` -> ``"1 meter"``, ``5000`` -> ``"5 kilometers"``
    (whole or half kilometers from 1000 m)."""
    if meters >= 1000 and (meters / 500).is_integer():
        km = meters / 1000
        return f"{num(km)} kilometer" + ("s" if km != 1 else "")
    return f"{num(meters)} meter" + ("s" if meters != 1 else "")


def spoken(dose: Dose) -> str:
    """What the coach says of the dose, as a sentence: ``"Two sets of ten, each side."``,
    ``"Hold for 30 seconds."``, ``"Run 400 meters, about 2 minutes."``, ``"Walk 10
    meters, two lengths of a room, about 10 seconds."``, ``"Lunge for 20 meters, 25
    lunges, about 1 minute 20 seconds."``"""
    each = ", each side" if dose.per_side else ""
    sets = dose.sets
    if dose.kind == "reps":
        reps = number_words(dose.reps or 1)
        if sets > 1:
            text = f"{count(sets)} sets of {reps}{each}"
        else:
            text = f"{count(dose.reps or 1)} rep" + ("s" if dose.reps != 1 else "") + each
        if dose.hold:
            text += f", holding {spoken_duration(dose.hold)} at the top"
    elif dose.kind == "hold":
        text = f"Hold for {spoken_duration(dose.hold or 0)}{each}"
        if sets > 1:
            text = f"{count(sets)} sets. {text}"
    elif dose.kind == "timed":
        length = spoken_duration(dose.duration or 0)
        if sets > 1:
            text = f"{count(sets)} sets of {length}{each}"
        else:
            text = f"{length[0].upper()}{length[1:]}{each}"
    else:
        verb = _DISTANCE_VERB.get(dose.movement or "", "{m}").format(m=distance(
            dose.distance or 0))
        text = f"{verb[0].upper()}{verb[1:]}{each}{_picture(dose)}, about "
        text += about_time(dose.duration or 0)
        if sets > 1:
            text = f"{count(sets)} sets. {text}"
    return text + "."


def with_article(item: str) -> str:
    """``"chair"`` -> ``"a chair"``, ``"exercise mat"`` -> ``"an exercise mat"``;
    plurals and items that have one already are left alone."""
    first = item.split()[0].lower() if item.split() else ""
    if not first or first in ("a", "an", "the", "some", "your", "two", "one", "pair") or (
            first[0].isdigit() or (item.endswith("s") and not item.endswith("ss"))):
        return item
    return ("an " if first[0] in "aeiou" else "a ") + item


def join(items: tuple[str, ...] | list[str]) -> str:
    """``("a", "b", "c")`` -> ``"a, b and c"``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --------------------------------------------------------------------------- dose mentions

_NUMBER = (rf"(?:\d+(?:\.\d+)?|(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(ONES)}))?|"
           rf"{'|'.join(sorted(ONES, key=len, reverse=True))})")
_MENTION_RE = re.compile(
    rf"\b(?P<low>{_NUMBER})(?:\s*(?:-|–|—|to|or)\s*(?P<high>{_NUMBER}))?\s*"
    r"(?P<unit>reps?|repetitions?|times|sets?|seconds?|secs?|minutes?|mins?|"
    r"meters?|metres?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A number an instruction gives for a dose: ``"10–15 times"`` is reps 10 to 15."""

    field: str  # reps, sets, seconds (a hold or timed work), meters
    low: float
    high: float
    start: int
    end: int
    text: str


def _value(word: str) -> float:
    try:
        return float(word)
    except ValueError:
        return float(word_to_number(word))


def mentions(text: str) -> list[Mention]:
    """Every dose number in ``text`` (reps, sets, seconds, meters)."""
    found: list[Mention] = []
    for m in _MENTION_RE.finditer(text):
        unit = m.group("unit").lower()
        scale = 60.0 if unit.startswith("min") else 1.0
        field = ("reps" if unit.startswith(("rep", "time")) else "sets" if unit.startswith("set")
                 else "meters" if unit.startswith("met") else "seconds")
        low = _value(m.group("low")) * scale
        high = _value(m.group("high")) * scale if m.group("high") else low
        previous = found[-1] if found else None
        if (previous and previous.field == field == "seconds" and low == high
                and previous.text.lower().rstrip("s").endswith("minute")
                and text[previous.end:m.start()].strip() in ("", "and")):
            # "1 minute 30 seconds" is one time
            found[-1] = Mention(field, previous.low + low, previous.high + low,
                                previous.start, m.end(), text[previous.start:m.end()])
            continue
        found.append(Mention(field, low, high, m.start(), m.end(), m.group(0)))
    return found


def dose_value(dose: Dose, field: str) -> float | None:
    """The chosen number for a mention's field (None: the dose has no such number)."""
    if field == "reps":
        return float(dose.reps) if dose.reps else None
    if field == "sets":
        return float(dose.sets)
    if field == "meters":
        return dose.distance
    if dose.kind == "timed":
        return float(dose.duration or 0)
    return float(dose.hold) if dose.hold else None


def contradicts(mention: Mention, dose: Dose) -> bool:
    """An instruction's number that is not the dose the coach says (a range counts as a
    second number, unless it is one value)."""
    chosen = dose_value(dose, mention.field)
    if chosen is None or (mention.field == "sets" and mention.low == mention.high == 1):
        return False
    return not (mention.low == mention.high == chosen)


def agree(text: str, dose: Dose) -> str:
    """``text`` with every dose number that contradicts ``dose`` saying the dose chosen:
    "repeat 10–15 times" -> "repeat 12 times" at 12 reps."""
    out = []
    last = 0
    for mention in mentions(text):
        if not contradicts(mention, dose):
            continue
        chosen = dose_value(dose, mention.field) or 0
        unit = mention.text[re.search(r"[A-Za-z]+$", mention.text).start():]  # type: ignore[union-attr]
        if mention.field == "seconds":
            said = spoken_duration(chosen)
        else:
            plural = unit if chosen != 1 or not unit.endswith("s") else unit[:-1]
            said = f"{num(chosen)} {plural}"
        out.append(text[last:mention.start] + said)
        last = mention.end
    return "".join(out) + text[last:]


def speaking_time(text: str, words_per_minute: int) -> float:
    """About how long eSpeak NG takes to say ``text``, in seconds.

    Fitted on eSpeak NG clips (266 phrases at 130, 170 and 220 words per minute;
    mean error 0.2-0.3 s a phrase, totals within 1%): time goes with characters,
    words and punctuation pauses, all inversely with the rate.
    """
    pauses = sum(text.count(p) for p in ",.:;?!")
    return (7.16 * len(text) + 5.4 * len(text.split()) + 60.0 * pauses) / words_per_minute

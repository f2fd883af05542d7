"""Doses and times put into words: the one place that decides how they read.

Two forms of the same dose, from the same numbers: :func:`terse` for tables
(``plan``, the importer's review) and :func:`spoken` for the coach. Times read
as a clock (``1:35``) on screen and as words ("1 minute 35 seconds") aloud.
Pure; no audio.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .limits import num

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


def spoken(dose: Dose) -> str:
    """What the coach says of the dose: ``"2 sets. 10 reps, each side."``"""
    each = ", each side" if dose.per_side else ""
    sets = f"{dose.sets} sets. " if dose.sets > 1 else ""
    if dose.kind == "reps":
        text = f"{dose.reps} reps{each}"
        if dose.hold:
            text += f", holding {spoken_duration(dose.hold)} at the top"
    elif dose.kind == "hold":
        text = f"Hold {spoken_duration(dose.hold or 0)}{each}"
    elif dose.kind == "timed":
        text = f"{spoken_duration(dose.duration or 0)}{each}"
    else:
        text = (f"{dose.distance:g} meters{each}, about {spoken_duration(dose.duration or 0)} "
                f"at {dose.pace:g} seconds a meter")
    return sets + text[0].upper() + text[1:] + "."

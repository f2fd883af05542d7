"""Every bound on a number a user can give, in one place.

Routine files (:mod:`voicecoach.routine`), command-line flags
(:mod:`voicecoach.session`) and the article importer all check against these
tables, so a value accepted in one place is accepted in all of them. The upper
bounds catch typos (150 instead of 15) without getting in anyone's way.
"""

from __future__ import annotations

import math

from .errors import FlagError

# Dose fields: greater than zero, at most this.
DOSE = {
    "reps": 200,
    "hold": 600,
    "duration": 3600,
    "distance": 5000,
    "sets": 20,
}
WHOLE = frozenset({"reps", "sets"})  # dose fields that count things

# Pacing, in seconds: (zero allowed, maximum).
PACING: dict[str, tuple[bool, float]] = {
    "tempo": (False, 30),
    "rest": (True, 600),
    "switch": (True, 120),
    "transition": (True, 600),
    "lead_in": (True, 300),
    "ready": (True, 120),
    "pace": (False, 120),
}

HOLD_PER_TEMPO = 10  # a hold in every rep may be at most this many times the tempo
MAX_SESSION_SECONDS = 4 * 3600  # a longer session is almost certainly a typo (--reps 1000)
SPEECH_RATE = (60, 400)  # words per minute the speech engines handle well
DEFAULT_RATE = 170  # words per minute: clear, a little slower than eSpeak NG's 200
VOLUME = (0.1, 2.0)


def num(value: float) -> str:
    """``12.0`` -> ``"12"``, ``2.5`` -> ``"2.5"``."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"  # 1e+308, not 309 digits; nan, inf


def check_dose(flag: str, slug: str, value: float) -> None:
    """A dose value given on the command line for exercise ``slug``."""
    if not math.isfinite(value) or value <= 0:
        raise FlagError(f"--{flag} for {slug} must be greater than zero, not {num(value)}")
    limit = DOSE[flag]
    if value > limit:
        raise FlagError(f"--{flag} for {slug}: {num(value)} is more than the maximum of {limit}")
    if flag in WHOLE and not float(value).is_integer():
        raise FlagError(f"--{flag} for {slug} must be a whole number, not {num(value)}")


def check_pacing(name: str, value: float | None) -> None:
    """A pacing flag (``--tempo``, ``--rest``...): ``None`` means not given."""
    if value is None:
        return
    flag = "--" + name.replace("_", "-")
    allow_zero, maximum = PACING[name]
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = "zero or more" if allow_zero else "greater than zero"
        raise FlagError(f"{flag} must be {bound} seconds, not {num(value)}")
    if value > maximum:
        raise FlagError(f"{flag} {num(value)} is more than the maximum of {num(maximum)} s")


def check_rate(rate: int) -> None:
    low, high = SPEECH_RATE
    if not low <= rate <= high:
        raise FlagError(f"--rate must be between {low} and {high} words per minute, not {rate}")


def check_volume(volume: float) -> None:
    low, high = VOLUME
    if not (math.isfinite(volume) and low <= volume <= high):
        raise FlagError(f"--volume must be between {low:.1f} and {high:.1f}, not {volume:g}")

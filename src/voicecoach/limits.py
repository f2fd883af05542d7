"""Every bound on a number a user can give, in one place.

Routine files (:mod:`voicecoach.routine`), command-line flags
(:mod:`voicecoach.session`) and the article importer all check against these
tables, so a value accepted in one place is accepted in all of them. The upper
bounds catch typos (150 instead of 15) without getting in anyone's way.
"""

from __future__ import annotations

import math
from collections.abc import Sized
from typing import Protocol

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

# Below this a rep cannot be counted aloud (or even pipped) on its beat.
MIN_SECONDS = {"tempo": 0.5}
HOLD_PER_TEMPO = 10  # a hold in every rep may be at most this many times the tempo
MAX_SESSION_SECONDS = 4 * 3600  # a longer session is almost certainly a typo (--reps 1000)
SPEECH_RATE = (60, 400)  # words per minute the speech engines handle well
DEFAULT_RATE = 170  # words per minute: clear, a little slower than eSpeak NG's 200
VOLUME = (0.1, 2.0)

# Sizes of what is read and made, each refused before any audio work.
MAX_ROUTINE_BYTES = 1_000_000  # a routine file (the hip routine is 6 KB)
MAX_ARTICLE_BYTES = 8_000_000  # an article (the importer takes 2 million characters)
MAX_NESTING = 32  # levels of lists and mappings in a routine file (it needs four)
MAX_YAML_NODES = 100_000  # values in a routine file once YAML aliases are expanded
MAX_EXERCISES = 250  # an MP3's chapter table holds 255 entries: opening, these, closing
MAX_CHAPTERS = 255
MAX_EVENTS = 200_000  # cues and pauses in a laid-out session (the hip routine has 1,000)
MAX_SLUG = 64  # characters in a slug, so that file names made from it stay short
MAX_PROBLEMS = 20  # problems listed for one routine file; the rest are counted
MAX_QUOTED = 60  # characters of a user's value quoted in a message


def quote(value: object, limit: int = MAX_QUOTED) -> str:
    """A user's value for a message: shortened, and quoted so that no control
    character in it reaches the terminal (``'a\\x1b[2J…'``)."""
    if not isinstance(value, str):
        value = str(value) if isinstance(value, (int, float)) else type(value).__name__
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return repr(value)


def check_timeline(laid: Laid, what: str = "the session") -> None:
    """Limits on a laid-out session (from the estimate before any audio, or the
    real one before mixing): its length, its events, its chapters."""
    from .errors import RoutineError

    if laid.duration > MAX_SESSION_SECONDS:
        raise RoutineError(
            f"{what} would last {_clock(laid.duration)}, more than the limit of "
            f"{_clock(MAX_SESSION_SECONDS)}; lower the reps, sets or times, or raise "
            "the tempo (each count is spoken, so a fast tempo adds time)"
        )
    if len(laid.events) > MAX_EVENTS:
        raise RoutineError(
            f"{what} has {len(laid.events):,} cues, more than the limit of {MAX_EVENTS:,}; "
            "lower the reps or sets"
        )
    if len(laid.chapters) > MAX_CHAPTERS:
        raise RoutineError(
            f"{what} has {len(laid.chapters)} chapters, more than an MP3's chapter table "
            f"holds ({MAX_CHAPTERS}); use at most {MAX_EXERCISES} exercises"
        )


def _clock(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


class Laid(Protocol):
    """What :func:`check_timeline` reads of a :class:`voicecoach.timeline.Timeline`."""

    @property
    def duration(self) -> float: ...
    @property
    def events(self) -> Sized: ...
    @property
    def chapters(self) -> Sized: ...


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
    if value < MIN_SECONDS.get(name, 0):
        raise FlagError(f"{flag} must be at least {num(MIN_SECONDS[name])} seconds (a rep "
                        f"needs time to be counted), not {num(value)}")
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

"""Where live play starts (``play --from``), and the command that resumes it.

``--from`` takes an exercise as the session flags name one (slug, unique prefix
or position in the routine) or a time, ``m:ss`` or ``h:mm:ss``. The reference is
checked against the session before any speech is made; the sample it means is
known once the session is laid out (:func:`start_sample`).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

from ..errors import FlagError
from ..routine import Routine
from ..session import Session, resolve_reference
from ..timeline import Timeline

_TIME = re.compile(r"(?:(\d+):)?(\d{1,3}):(\d{2})")


@dataclass(frozen=True)
class Start:
    """Start at an exercise's chapter (its position in the session) or at a time."""

    chapter: int | None = None
    seconds: float | None = None


def parse_time(raw: str) -> float | None:
    """``"3:53"`` -> 233.0, ``"1:02:05"`` -> 3725.0; None when it is not a time."""
    match = _TIME.fullmatch(raw.strip())
    if match is None:
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if seconds >= 60 or (match.group(1) and minutes >= 60):
        raise FlagError(f"--from {raw}: not a time (give m:ss or h:mm:ss, like --from 3:05)")
    return float(hours * 3600 + minutes * 60 + seconds)


def parse_start(raw: str, routine: Routine, session: Session,
                estimated: float | None = None) -> Start:
    """``--from``'s value checked against the session (and its estimated length)."""
    seconds = parse_time(raw)
    if seconds is not None:
        if estimated is not None and seconds >= estimated:
            raise FlagError(f"--from {raw}: the session lasts about {stamp(estimated)}; "
                            "give an earlier time or an exercise")
        return Start(seconds=seconds)
    if not raw.strip():
        raise FlagError("--from '': give an exercise (slug, prefix or position) or a "
                        "time like 3:05")
    index = resolve_reference(routine, raw, "--from")
    slug = routine.exercises[index].slug
    for step in session.steps:
        if step.slug == slug:
            return Start(chapter=step.position)
    raise FlagError(f"--from {raw}: {slug} is not in this session (left out by "
                    "--only or --skip)")


def start_sample(start: Start, timeline: Timeline) -> int:
    """The sample where ``start`` begins in the laid-out session."""
    if start.chapter is not None:
        for chapter in timeline.chapters:
            if chapter.index == start.chapter:
                return chapter.start
        return 0
    seconds = start.seconds or 0.0
    return max(0, min(round(seconds * timeline.rate), timeline.total - 1))


def stamp(seconds: float) -> str:
    """A time as ``--from`` takes it, rounded down (resume a little early, never late)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def command_line(routine: str, flags: dict[str, Any], defaults: dict[str, Any],
                 extra: dict[str, Any], at: float) -> str:
    """The ``voicecoach play`` command with the same routine and flags, from ``at``."""
    words = ["voicecoach", "play", routine]
    for name, value in [*flags.items(), *extra.items()]:
        if name == "start" or value == defaults.get(name) or value in (None, False, [], ""):
            continue
        option = "--" + name.replace("_", "-")
        if value is True:
            words.append(option)
        elif isinstance(value, list):
            for item in value:
                words += [option, str(item)]
        else:
            words += [option, str(value)]
    words += ["--from", stamp(at)]
    return shlex.join(words)

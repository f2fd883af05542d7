"""The coach's script: what is said, and how long each moment lasts.

A script is a flat list of :class:`Cue` values, in order. A cue is a phrase to
speak, a tone, or a silence, with a *slot*: the time from its start to the
start of the next cue. Speech with no slot lasts as long as the phrase plus a
short pause. Timed slots are what make reps land on the tempo and countdowns
end on time; when a phrase is longer than its slot, the timeline grows and
says so (:mod:`voicecoach.timeline`).

Pure: nothing here knows about audio, files or the speech engine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from .session import Dose, Session, Step
from .wording import about_minutes, spoken, spoken_duration
from .words import number_words

CueKind = Literal["speech", "tone", "silence"]
Block = Literal["", "opening", "intro", "ready", "work", "switch", "rest", "transition",
                "closing"]

PAUSE = 0.35  # seconds of silence after a phrase that has no slot of its own
TONE_SECONDS = 0.25

OPENING = 0  # chapter number of the opening; exercises are 1..n; closing is n + 1

@dataclass(frozen=True)
class Cue:
    kind: CueKind
    text: str = ""
    slot: float | None = None  # seconds until the next cue; None: the phrase's own length
    chapter: int = OPENING
    exercise: str | None = None  # slug
    side: int | None = None  # 1 or 2 for per-side work
    set: int | None = None
    rep: int | None = None
    block: Block = ""
    ends: bool = False  # the end of a countdown (its tone, or "Release.")
    total: bool = False  # says the session's length: worded again once it is known


def chapter_titles(session: Session) -> list[str]:
    """Title of every chapter, indexed by chapter number."""
    return (
        ["Opening"]
        + [f"{s.position}. {s.name}" for s in session.steps]
        + ["Session complete"]
    )


def build(session: Session) -> list[Cue]:
    """The whole script, built once a session. The cues that say how long the
    session is (``total=True``) say none until :func:`with_total` words them."""
    cues: list[Cue] = []
    cues += _opening(session)
    for step in session.steps:
        following = session.steps[step.position] if step.position < session.count else None
        cues += _exercise(session, step, following)
    cues += _closing(session)
    return cues


def with_total(cues: list[Cue], session: Session, total_seconds: float) -> list[Cue]:
    """The script with the session's length in the opening ("about 18 minutes") and
    the closing, once a first layout has measured it."""
    said = {
        "opening": _summary(session, total_seconds),
        "closing": _farewell(total_seconds),
    }
    return [replace(cue, text=said[cue.block]) if cue.total else cue for cue in cues]


@dataclass(frozen=True)
class Place:
    """Where in the session a cue belongs (copied onto every cue and event)."""

    chapter: int = OPENING
    exercise: str | None = None
    side: int | None = None
    set: int | None = None
    rep: int | None = None
    block: Block = ""

    def to(self, **changes: object) -> Place:
        return replace(self, **changes)  # type: ignore[arg-type]


def _say(text: str, at: Place, slot: float | None = None, *, ends: bool = False,
         total: bool = False) -> Cue:
    return Cue("speech", text, slot, at.chapter, at.exercise, at.side, at.set, at.rep, at.block,
               ends, total)


def _tone(at: Place, slot: float, *, ends: bool = False) -> Cue:
    return Cue("tone", "", slot, at.chapter, at.exercise, at.side, at.set, at.rep, at.block,
               ends)


def _summary(session: Session, total: float | None) -> str:
    n = session.count
    summary = f"{n} exercise" + ("s" if n != 1 else "")
    if total is not None:
        summary += f", about {about_minutes(total)}"
    return summary + "."


def _farewell(total: float | None) -> str:
    if total is None:
        return "Session complete. Well done."
    return f"Session complete. {about_minutes(total).capitalize()}. Well done."


def _opening(session: Session) -> list[Cue]:
    at = Place(block="opening")
    cues = [_say(f"{session.name}.", at), _say(_summary(session, None), at, total=True)]
    if session.safety:
        cues.append(_say(session.safety, at))
    if session.pacing.lead_in > 0:
        cues.append(_say("Get ready.", at, slot=session.pacing.lead_in))
    return cues


def _closing(session: Session) -> list[Cue]:
    return [_say(_farewell(None), Place(chapter=session.count + 1, block="closing"),
                 total=True)]


def _exercise(session: Session, step: Step, following: Step | None) -> list[Cue]:
    here = Place(chapter=step.position, exercise=step.slug)
    intro = here.to(block="intro")
    dose = step.dose
    cues = [_say(f"Exercise {step.position} of {session.count}: {step.name}.", intro)]
    if step.spoken:
        cues.append(_say(step.spoken, intro))
    if step.equipment:
        cues.append(_say(f"You will need: {_join(step.equipment)}.", intro))
    cues.append(_say(spoken(dose), intro))

    final, last_call = _lead_into(dose)
    sides = (1, 2) if dose.per_side else (None,)
    for set_no in range(1, dose.sets + 1):
        this_set = here.to(set=set_no if dose.sets > 1 else None)
        if dose.sets > 1:
            cues.append(_say(f"Set {set_no} of {dose.sets}.", this_set.to(block="ready")))
        for side in sides:
            at = this_set.to(side=side)
            if side == 2:
                cues += _countdown(session.pacing.switch, "Switch sides.", at.to(block="switch"),
                                   final=final, last_call=last_call)
            else:
                ready = "First side, get ready." if side == 1 else "Get into position."
                cues += _countdown(session.pacing.ready, ready, at.to(block="ready"),
                                   final=final, last_call=last_call)
            cues += _work(step, dose, at.to(block="work"))
        if set_no < dose.sets:
            cues += _countdown(dose.rest, f"Rest. {spoken_duration(dose.rest)}.",
                               this_set.to(block="rest"), final=0, announce=True)
    if following is not None and session.pacing.transition > 0:
        cues += _countdown(session.pacing.transition,
                           f"Good work. Rest. Next up: {following.name}.",
                           here.to(block="transition"), final=0, announce=True)
    return cues


def _lead_into(dose: Dose) -> tuple[int, str | None]:
    """How a get-ready span ends: "three, two, one" before a hold or timed work, but
    "begin" before counted reps, where "one" would run into the first count."""
    if dose.kind == "reps":
        return 0, "Begin."
    return 3, None


def _work(step: Step, dose: Dose, at: Place) -> list[Cue]:
    if dose.kind == "reps":
        return _reps(step, dose, at)
    if dose.kind == "hold":
        return _countdown(float(dose.hold or 1), "Hold.", at, final=10, end="Release.")
    return _countdown(float(dose.duration or 1), "Go.", at, final=3, announce=True,
                      end_tone=True)


def _reps(step: Step, dose: Dose, at: Place) -> list[Cue]:
    n = dose.reps or 1
    halfway = (n + 1) // 2 if n >= 6 else None
    extra = dict(step.cues)
    cues: list[Cue] = []
    for rep in range(1, n + 1):
        last = rep == n and n > 1
        this = at.to(rep=rep)
        if dose.hold:
            # Up / hold / down: the count and "last one" on the way up, "halfway"
            # and any form cue during the hold, where there is time to say them.
            up = "Last one. Up." if last else f"{number_words(rep).capitalize()}. Up."
            hold = "Hold. Halfway." if rep == halfway else "Hold."
            if rep in extra:
                hold += f" {_sentence(extra[rep])}"
            move = dose.tempo / 2
            cues.append(_say(up, this, slot=move))
            cues += _countdown(float(dose.hold), hold, this, final=10 if dose.hold >= 4 else 0)
            cues.append(_say("Down.", this, slot=move))
            continue
        count = number_words(rep).capitalize()
        if last:
            count += ", last one"
        elif rep == halfway:
            count += ", halfway"
        count += "."
        if rep in extra:
            count += f" {_sentence(extra[rep])}"
        cues.append(_say(count, this, slot=dose.tempo))
    return cues


def _countdown(
    seconds: float,
    start: str,
    at: Place,
    *,
    final: int = 3,
    announce: bool = False,
    end: str | None = None,
    end_tone: bool = False,
    last_call: str | None = None,
) -> list[Cue]:
    """A span of ``seconds`` that starts with ``start`` and ends exactly on time.

    Time-left calls ("30 seconds left", "10 seconds") when ``announce``; the
    last ``final`` whole seconds counted down, or ``last_call`` a second before the
    end; then ``end`` (spoken) or a tone.
    """
    if seconds <= 0:
        return []
    marks: dict[float, str] = {0.0: start}
    if announce:
        if seconds >= 45:
            marks[seconds - 30] = "30 seconds left."
        if seconds >= 20:
            marks[seconds - 10] = "10 seconds."
    for k in range(min(final, int(seconds) - 1), 0, -1):
        marks.setdefault(seconds - k, f"{number_words(k).capitalize()}.")
    if last_call and seconds >= 2:
        marks.setdefault(seconds - 1, last_call)
    times = sorted(marks)
    ends = [*times[1:], seconds]
    cues = [_say(marks[t], at, slot=until - t) for t, until in zip(times, ends, strict=True)]
    if end is not None:
        cues.append(_say(end, at, ends=True))
    elif end_tone:
        cues.append(_tone(at, TONE_SECONDS * 2, ends=True))
    return cues


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def _join(items: tuple[str, ...]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def phrases(cues: list[Cue]) -> list[str]:
    """Every distinct phrase, in order of first use (what the speech engine must say)."""
    seen: dict[str, None] = {}
    for cue in cues:
        if cue.kind == "speech":
            seen.setdefault(cue.text, None)
    return list(seen)

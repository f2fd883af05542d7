"""The coach's script: what is said, and how long each moment lasts.

A script is a flat list of :class:`Cue` values, in order. A cue is a phrase to
speak, a tone, or a silence, with a *slot*: the time from its start to the
start of the next cue. Speech with no slot lasts as long as the phrase plus a
short pause. Timed slots are what make reps land on the tempo and countdowns
end on time. A phrase may carry shorter wordings (``shorter``) and a tone to
fall back on (``fallback``): the timeline says the longest that fits its slot
(:mod:`voicecoach.timeline`), so counts stay on the beat at any tempo and rate.

Every span of time (work, a hold, a rest, getting ready) is planned the same
way (:func:`_span`): what starts it, time calls that scale with its length
(halfway, minutes left, 30 and 10 seconds left), a count at its end, and, in
the gaps, encouragement or form reminders, so that no silence in an effort of
up to five minutes is longer than :data:`QUIET` seconds. Lines come from small
banks, chosen deterministically (the same session always says the same), never
the same line twice in a row.

Tones are named (``text`` of a tone cue): ``start`` on "Go", ``pip`` on each of
the last three seconds of a count, ``end`` at the end of a countdown, ``set`` at
the end of a set. A pip or start tone that goes with a word sounds just *before*
the beat (``lead``), so the spoken count or "Go" itself lands on it.
``Session.tones`` picks them: ``none``, ``minimal`` (pips and end tones, the
default) or ``full`` (start and set tones too).

Pure: nothing here knows about audio, files or the speech engine.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from .session import Dose, Session, Step
from .wording import (
    about_minutes,
    count,
    distance,
    join,
    speaking_time,
    spoken,
    spoken_duration,
    with_article,
)

CueKind = Literal["speech", "tone", "silence"]
Block = Literal["", "opening", "intro", "ready", "work", "switch", "rest", "transition",
                "closing"]
ToneName = Literal["start", "pip", "end", "set"]

PAUSE = 0.35  # seconds of silence after a phrase that has no slot of its own
TONE_SECONDS = 0.25  # a pip, start or set tone; an end tone is twice as long
QUIET = 15.0  # planned: a cue starts at least this often in spans up to LONG_SPAN seconds
QUIET_LONG = 45.0  # ... and at least this often in longer spans
LONG_SPAN = 300.0
MARGIN = 0.6  # seconds kept free after a phrase before an optional line may start
COUNT_IN = 3  # seconds counted into work ("three, two, one")

OPENING = 0  # chapter number of the opening; exercises are 1..n; closing is n + 1


def tone_seconds(name: str) -> float:
    """How long a named tone sounds: ``end`` is twice the others."""
    return TONE_SECONDS * 2 if name == "end" else TONE_SECONDS


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    text: str = ""  # speech: the phrase; tone: its name (start, pip, end, set)
    slot: float | None = None  # seconds until the next cue; None: the phrase's own length
    chapter: int = OPENING
    exercise: str | None = None  # slug
    side: int | None = None  # 1 or 2 for per-side work
    set: int | None = None
    rep: int | None = None
    block: Block = ""
    ends: bool = False  # the end of a countdown (its tone, or "Release.")
    total: bool = False  # says the session's length: worded again once it is known
    shorter: tuple[str, ...] = ()  # shorter wordings, tried in order when text overruns
    fallback: str = ""  # a tone to play when no wording fits its slot ("": overrun)
    filler: bool = False  # encouragement or a form reminder (never twice in a row)
    lead: bool = False  # a tone just before the beat: it takes its time from the cue before


def chapter_titles(session: Session) -> list[str]:
    """Title of every chapter, indexed by chapter number."""
    return (
        ["Opening"]
        + [f"{s.position}. {s.name}" for s in session.steps]
        + ["Session complete"]
    )


# --------------------------------------------------------------------------- banks of lines

WORK_LINES = ("Keep it steady.", "Nice and controlled.", "Keep breathing.", "You've got this.",
              "Stay strong.", "Good form, keep going.", "Strong work.", "Stay with it.")
HOLD_LINES = ("Breathe and relax into it.", "Keep breathing.", "Stay relaxed.",
              "Hold it steady.", "Nice and still.", "Breathe out and ease in a little more.")
REST_LINES = ("Shake it out.", "Breathe deeply.", "Take a sip of water if you need it.",
              "Loosen up.", "Slow your breathing down.")
PRAISE = ("Good work.", "Nice job.", "Well done.", "Great work.", "That's it.")
SLOW_LINES = ("Slowly...", "Nice and slow.", "All the way.", "Control it.")  # mid-rep
BREATH_IN, BREATH_OUT = "Breathe in...", "and out."
BREATH = 4.0  # seconds from "Breathe in..." to "and out."
BREATH_CYCLE = 10.0  # seconds from one "Breathe in..." to the next
DISTANCE_LINES = {
    "running": ("Relax your shoulders.", "Keep a steady pace.", "Light, quick steps.",
                "Breathe easy."),
    "walking": ("Walk tall.", "Keep a brisk pace.", "Swing your arms."),
    "lunging": ("Keep your chest up.", "Knee over ankle.", "Control each step.",
                "Stay tall through the twist."),
    "carrying": ("Stand tall, shoulders back.", "Keep your core tight.", "Steady steps."),
}


class Lines:
    """Deterministic variety: a line from a bank, never the one said last."""

    def __init__(self, seed: str) -> None:
        self.state = zlib.crc32(seed.encode("utf-8"))
        self.last = ""

    def pick(self, bank: tuple[str, ...]) -> str:
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        choice = bank[(self.state >> 8) % len(bank)]
        if choice == self.last and len(bank) > 1:
            choice = bank[(bank.index(choice) + 1) % len(bank)]
        self.last = choice
        return choice


# --------------------------------------------------------------------------- building


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


class _Writer:
    """Builds one session's script: its settings, its lines, its cues."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rate = session.voice.rate
        self.tones = session.tones
        self.lines = Lines(session.slug)

    def time(self, text: str) -> float:
        return speaking_time(text, self.rate)

    # cues ------------------------------------------------------------------

    def say(self, text: str, at: Place, slot: float | None = None, *, ends: bool = False,
            total: bool = False, shorter: tuple[str, ...] = (), fallback: str = "",
            filler: bool = False) -> Cue:
        if self.tones == "none":
            fallback = ""
        return Cue("speech", text, slot, at.chapter, at.exercise, at.side, at.set, at.rep,
                   at.block, ends, total, shorter, fallback, filler)

    def tone(self, name: ToneName, at: Place, slot: float | None = None, *,
             ends: bool = False, lead: bool = False) -> Cue:
        return Cue("tone", name, tone_seconds(name) if slot is None else slot, at.chapter,
                   at.exercise, at.side, at.set, at.rep, at.block, ends, lead=lead)

    def number(self, n: int, at: Place, slot: float) -> list[Cue]:
        """A count on the beat: a pip just before it then the number on it (``tones``
        minimal or full), or the number alone; a shorter wording, then the pip alone,
        when time is short."""
        said = count(n)
        if self.tones != "none" and n <= 3:
            return [self.tone("pip", at, lead=True),
                    self.say(f"{said}.", at, slot, shorter=(said,))]
        return [self.say(f"{said}.", at, slot, shorter=(said,), fallback="pip")]

    def count_in(self, seconds: float, options: list[str]) -> int:
        """How many seconds a get-ready of ``seconds`` counts down ("three, two, one"):
        as many as leave its shortest wording time to be said; never a lone "one" (a
        get-ready too short for "two, one" is "Get ready." then "Go.")."""
        said = self.time(options[-1]) + PAUSE
        fits = max((k for k in range(COUNT_IN + 1) if seconds - k >= said), default=0)
        return fits if fits >= 2 else 0

    # the session -----------------------------------------------------------

    def build(self) -> list[Cue]:
        session = self.session
        cues = self.opening()
        for step in session.steps:
            following = (session.steps[step.position] if step.position < session.count
                         else None)
            cues += self.exercise(step, following)
        cues.append(self.say(farewell(None), Place(chapter=session.count + 1,
                                                    block="closing"), total=True))
        return _lead_tones(cues)

    def opening(self) -> list[Cue]:
        session = self.session
        at = Place(block="opening")
        cues = [self.say(f"{session.name}.", at), self.say(summary(session, None), at,
                                                           total=True)]
        if session.equipment:
            items = join([with_article(e) for e in session.equipment])
            cues.append(self.say(f"You'll need {items}.", at))
        if session.safety:
            cues.append(self.say(session.safety, at))
        cues += self.span(session.pacing.lead_in, "Get ready.", at, fill=REST_LINES)
        return cues

    def exercise(self, step: Step, following: Step | None) -> list[Cue]:
        session = self.session
        here = Place(chapter=step.position, exercise=step.slug)
        intro = here.to(block="intro")
        dose = step.dose
        cues = [self.say(f"Exercise {step.position} of {session.count}: {step.name}.", intro)]
        if step.spoken:
            cues.append(self.say(step.spoken, intro))
        if step.equipment:
            items = join([with_article(e) for e in step.equipment])
            cues.append(self.say(f"You'll need {items}.", intro))
        cues.append(self.say(spoken(dose), intro))

        sides = (1, 2) if dose.per_side else (None,)
        pacing = session.pacing
        for set_no in range(1, dose.sets + 1):
            this_set = here.to(set=set_no if dose.sets > 1 else None)
            announce = f"Set {set_no} of {dose.sets}." if dose.sets > 1 else ""
            for side in sides:
                at = this_set.to(side=side)
                if side == 2:
                    lead, block, seconds = "Switch sides.", "switch", pacing.switch
                else:
                    lead = "First side, get ready." if side == 1 else "Get into position."
                    block, seconds = "ready", pacing.ready
                said = announce if side != 2 else ""  # a set is announced once
                options = [f"{said} {lead}".strip(), lead, "Get ready."]
                if side == 1:
                    options.insert(-1, "First side.")
                if said:
                    options.insert(1, said)
                # A hold starts on "Hold.", so it needs no count into it (a short stretch
                # would be counted twice); reps and timed work get one that fits.
                counted = 0 if dose.kind == "hold" else self.count_in(seconds, options)
                if not seconds and announce and side != 2:
                    cues.append(self.say(announce, at.to(block="ready")))
                cues += self.span(seconds, options[0], at.to(block=block),  # type: ignore[arg-type]
                                  shorter=tuple(dict.fromkeys(options[1:])), fill=REST_LINES,
                                  count_in=counted, calls="ready")
                cues += self.work(step, dose, at.to(block="work"), counted_in=seconds > 0)
            if set_no < dose.sets:
                rest_at = this_set.to(block="rest")
                cues += self.span(dose.rest, f"Rest for {spoken_duration(dose.rest)}.",
                                  rest_at, calls="rest", fill=REST_LINES,
                                  count_in=COUNT_IN if not pacing.ready else 0)
        if following is not None and pacing.transition > 0:
            cues += self.span(pacing.transition, self.next_up(following),
                              here.to(block="transition"), fill=REST_LINES,
                              shorter=(f"Rest. Next up: {following.name}.",))
        return cues

    def next_up(self, following: Step) -> str:
        """The rest before an exercise names it and says what it is, in one line."""
        text = (f"{self.lines.pick(PRAISE)} Rest for "
                f"{spoken_duration(self.session.pacing.transition)}. "
                f"Next up: {following.name}.")
        if following.cue and following.spoken not in ("", following.cue):
            text += f" {following.cue}"
        return text

    def work(self, step: Step, dose: Dose, at: Place, *, counted_in: bool) -> list[Cue]:
        if dose.kind == "reps":
            cues = self.reps(step, dose, at, counted_in=counted_in)
            if self.tones == "full":
                cues.append(self.tone("set", at))
            return cues
        if dose.kind == "hold":
            seconds = float(dose.hold or 1)
            return self.span(seconds, "Hold.", at, calls="work", fill=HOLD_LINES,
                             count=min(5, int(seconds) - 1), end="release", start_tone=True,
                             breathe=step.breathe)
        seconds = float(dose.duration or 1)
        if dose.kind == "distance":
            bank = DISTANCE_LINES.get(dose.movement or "", WORK_LINES)
            return self.span(seconds, "Go.", at, calls="distance", fill=bank, count=3,
                             end="tone", meters=dose.distance, start_tone=True)
        return self.span(seconds, "Go.", at, calls="work", fill=WORK_LINES, count=3,
                         end="tone", start_tone=True, breathe=step.breathe)

    def reps(self, step: Step, dose: Dose, at: Place, *, counted_in: bool) -> list[Cue]:
        n = dose.reps or 1
        halfway = n // 2 + 1 if n >= 6 else None  # said as the rep after half of them starts
        extra = dict(step.cues)
        cues: list[Cue] = []
        shorter: tuple[str, ...]
        for rep in range(1, n + 1):
            this = at.to(rep=rep)
            number = count(rep)
            first = rep == 1 and counted_in
            last = rep == n and n > 1
            if dose.hold:
                move = dose.tempo / 2
                if first:
                    up, shorter = "Up.", ()
                elif last:
                    up, shorter = "Last one. Up.", ("Last one.", f"{number}.", number)
                else:
                    up, shorter = f"{number}. Up.", (f"{number}.", number)
                up_cue = self.say(up, this, move, shorter=shorter, fallback="pip")
                cues += (_with_start_tone(self, [up_cue]) if first and self.tones == "full"
                         else [up_cue])
                hold = "Hold."
                if rep == halfway:
                    hold += " Halfway there."
                if rep in extra:
                    hold += f" {sentence(extra[rep])}"
                cues += self.span(float(dose.hold), hold, this, fill=HOLD_LINES,
                                  shorter=("Hold.",), pips=dose.hold >= 4)
                cues.append(self.say("Down.", this, move, fallback="pip"))
                continue
            if first:
                said, shorter = "Go.", ()
            elif last:
                said, shorter = "Last one.", (f"{number}.", number)
            elif rep == halfway:
                said, shorter = f"{number}. Halfway there.", (f"{number}.", number)
            else:
                said, shorter = f"{number}.", (number,)
            if rep in extra:
                shorter = (said, *shorter)
                said = f"{said} {sentence(extra[rep])}"
            slow = dose.tempo - self.time(said) > QUIET  # a slow rep: a line halfway through
            cue = self.say(said, this, dose.tempo / 2 if slow else dose.tempo,
                           shorter=shorter, fallback="pip")
            cues += _with_start_tone(self, [cue]) if first and self.tones == "full" else [cue]
            if slow:
                line = "And breathe." if step.breathe else self.lines.pick(SLOW_LINES)
                cues.append(self.say(line, this, dose.tempo / 2, filler=True))
        return cues

    # spans -----------------------------------------------------------------

    def span(
        self,
        seconds: float,
        start: str,
        at: Place,
        *,
        calls: Literal["none", "work", "distance", "rest", "ready"] = "none",
        fill: tuple[str, ...] = (),
        count: int = 0,
        count_in: int = 0,
        end: Literal["none", "tone", "release"] = "none",
        shorter: tuple[str, ...] = (),
        meters: float | None = None,
        pips: bool = False,
        start_tone: bool = False,
        breathe: bool = False,
    ) -> list[Cue]:
        """``seconds`` that start with ``start`` and end exactly on time: time calls,
        lines in the gaps, and the last ``count`` (or ``count_in``) seconds counted;
        ``pips``: the last three seconds ticked, without numbers (holds inside a rep);
        ``breathe``: the gaps paced with "Breathe in..." and "and out." first."""
        if seconds <= 0:
            return []
        counted = max(0, min(max(count, count_in), int(seconds) - 1))
        marks: dict[float, tuple[str, tuple[str, ...]]] = {0.0: (start, shorter)}
        numbers = {seconds - k: k for k in range(counted, 0, -1)}
        ticks = ({seconds - k for k in range(min(3, int(seconds) - 1), 0, -1)}
                 if pips and self.tones != "none" else set())
        fixed = sorted({0.0, *numbers, *ticks, seconds})

        def free(t: float, text: str) -> bool:
            """``text`` said at ``t`` ends before the next fixed moment, and starts after
            what comes before it has been said."""
            later = sorted(f for f in (*fixed, *marks) if f > t)
            before = max((m for m in marks if m <= t), default=0.0)
            said_before = (self.time(marks[before][0]) if before in marks else 0.0)
            return (t - before >= said_before + MARGIN or before == t) and (
                not later or t + self.time(text) + MARGIN <= later[0])

        for t, text in self.calls(calls, seconds, meters):
            if t > 0 and t not in marks and free(t, text):
                marks[t] = (text, ())
        if breathe:
            moments = sorted({*marks, *fixed})
            for a, b in pairwise(moments):
                t = a + (self.time(marks[a][0]) if a in marks else TONE_SECONDS) + MARGIN
                t = round(t, 2)
                while (t + BREATH + self.time(BREATH_OUT) + MARGIN <= b
                       and free(t, BREATH_IN)):
                    marks[t] = (BREATH_IN, ())
                    marks[round(t + BREATH, 2)] = (BREATH_OUT, ())
                    t = round(t + BREATH_CYCLE, 2)
        if fill:
            limit = QUIET if seconds <= LONG_SPAN else QUIET_LONG
            moments = sorted({*marks, *fixed})
            for a, b in pairwise(moments):
                said = self.time(marks[a][0]) if a in marks else TONE_SECONDS
                gap = b - a - said
                if gap <= limit:
                    continue
                extra = math.ceil(gap / limit) - 1
                for i in range(1, extra + 1):
                    t = round(a + said + gap * i / (extra + 1), 2)
                    line = self.lines.pick(fill)
                    if free(t, line):
                        marks[t] = (line, ())

        cues: list[Cue] = []
        times = sorted({*marks, *numbers, *ticks})
        ends = [*times[1:], seconds]
        for t, until in zip(times, ends, strict=True):
            if t in numbers:
                cues += self.number(numbers[t], at, until - t)
            elif t in ticks:
                cues.append(self.tone("pip", at, until - t))
            else:
                text, alternatives = marks[t]
                is_filler = t > 0 and (text in fill or text in (BREATH_IN, BREATH_OUT))
                cues.append(self.say(text, at, until - t, shorter=alternatives,
                                     filler=is_filler))
        if start_tone and self.tones == "full":
            cues = _with_start_tone(self, cues)
        if end == "release":
            cues.append(self.say("Release.", at, ends=True))
        elif end == "tone":
            cues.append(self.tone("end", at, ends=True) if self.tones != "none"
                        else self.say("And stop.", at, ends=True))
        return cues

    def calls(self, kind: str, seconds: float, meters: float | None) -> list[tuple[float, str]]:
        """Time calls for a span, most important first (a later one never displaces an
        earlier one): 10 and 30 seconds left, minutes left, halfway."""
        out: list[tuple[float, str]] = []
        if kind in ("work", "ready") and seconds >= 20:
            out.append((seconds - 10, "10 seconds left."))
        if kind == "rest" and seconds >= 15:
            out.append((seconds - 10, "10 seconds, get ready."))
        if kind in ("work", "rest", "ready") and seconds >= 45:
            if seconds >= 60 and kind == "work" and abs(seconds / 2 - (seconds - 30)) < 3:
                out.append((seconds - 30, "Halfway, 30 seconds left."))
            else:
                out.append((seconds - 30, "30 seconds left."))
        if kind in ("work", "rest") and seconds >= 100:
            for minutes in range(int(seconds // 60), 0, -1):
                t = seconds - 60 * minutes
                if t >= 10:
                    left = f"{minutes} minute" + ("s" if minutes != 1 else "") + " left."
                    if kind == "work" and abs(t - seconds / 2) < 3:
                        left = f"Halfway, {left[0].lower()}{left[1:]}"
                    out.append((t, left))
        if kind == "distance" and meters:
            pace = seconds / meters
            if meters >= 300:
                out.append((seconds - 100 * pace, "Last 100 meters."))
            if meters >= 2000:  # long runs: a split at every kilometer
                for km in range(1, int(meters // 1000) + 1):
                    remaining = (meters - 1000 * km) / 1000
                    if remaining >= 0.5:
                        out.append((1000 * km * pace, f"{distance(1000 * km)} done, "
                                                      f"{remaining:g} to go."))
            if seconds >= 20:
                out.append((seconds - 10, "Almost there."))
        if kind in ("work", "distance") and seconds >= 20:
            if kind == "distance" and meters and meters >= 100:
                out.append((seconds / 2, f"Halfway, {distance(meters / 2)} to go."))
            else:
                out.append((seconds / 2, "Halfway."))
        return [(round(t, 2), text) for t, text in out]


def _with_start_tone(writer: _Writer, cues: list[Cue]) -> list[Cue]:
    """A start tone just before the first beat, the first cue on it."""
    if not cues:
        return cues
    first = cues[0]
    at = Place(first.chapter, first.exercise, first.side, first.set, first.rep, first.block)
    return [writer.tone("start", at, lead=True), *cues]


def _lead_tones(cues: list[Cue]) -> list[Cue]:
    """Every ``lead`` tone takes its time from the cue before it, so the word after it
    starts on the beat; where that cue has no time to give (no slot, or too short), from
    the word after it (which then starts a tone's length late)."""
    out: list[Cue] = []
    for i, cue in enumerate(cues):
        if cue.lead:
            length = cue.slot or TONE_SECONDS
            before = out[-1] if out else None
            if before is not None and before.slot is not None and before.slot > 2 * length:
                out[-1] = replace(before, slot=before.slot - length)
            elif i + 1 < len(cues) and (cues[i + 1].slot or 0.0) > 2 * length:
                nxt = cues[i + 1]
                cues[i + 1] = replace(nxt, slot=(nxt.slot or 0.0) - length)
        out.append(cue)
    return out


def build(session: Session) -> list[Cue]:
    """The whole script, built once a session. The cues that say how long the
    session is (``total=True``) say none until :func:`with_total` words them."""
    return _Writer(session).build()


def with_total(cues: list[Cue], session: Session, total_seconds: float) -> list[Cue]:
    """The script with the session's length in the opening ("about 18 minutes") and
    the closing, once a first layout has measured it."""
    said = {
        "opening": summary(session, total_seconds),
        "closing": farewell(total_seconds),
    }
    return [replace(cue, text=said[cue.block]) if cue.total else cue for cue in cues]


def summary(session: Session, total: float | None) -> str:
    """``"8 exercises, about 16 minutes."``"""
    n = session.count
    text = f"{n} exercise" + ("s" if n != 1 else "")
    if total is not None:
        text += f", about {about_minutes(total)}"
    return text + "."


def farewell(total: float | None) -> str:
    """``"That's the session: 16 minutes. Well done."``"""
    if total is None:
        return "That's the session. Well done."
    return f"That's the session: {about_minutes(total)}. Well done."


def sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def phrases(cues: list[Cue]) -> list[str]:
    """Every distinct phrase, shorter wordings included, in order of first use (what
    the speech engine must say)."""
    seen: dict[str, None] = {}
    for cue in cues:
        if cue.kind == "speech":
            seen.setdefault(cue.text, None)
            for text in cue.shorter:
                seen.setdefault(text, None)
    return list(seen)

"""The script linter: does a laid-out session sound like a coach?

Checks a timeline (laid out on real clips or on estimated lengths) against the
product's rules and returns every problem found, each one line:

- ``silence``: no silent stretch longer than :data:`QUIET_LIMIT` seconds in a span
  (work, a hold, a rest, getting ready) of up to five minutes, and none longer than
  :data:`QUIET_LIMIT_LONG` in a longer one;
- ``overrun``: no phrase longer than its slot (which pushes what follows off time);
- ``beat``: reps start on the tempo (plus the hold), one after the other, within 5 ms
  (each slot is rounded to a sample), measured where the rep's word starts (a tone just
  before it is not the beat); and every countdown ("Three. Two. One.") has each number
  start on its second, ``k`` seconds before what it counts into;
- ``contradiction``: no number in an instruction that differs from the dose said;
- ``repeat``: never the same encouragement twice in a row.

Pure: a timeline and its session in, findings out.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from .session import Session
from .timeline import Event, Timeline
from .wording import clock, contradicts, mentions

QUIET_LIMIT = 20.0  # seconds, in spans up to LONG_SPAN
QUIET_LIMIT_LONG = 60.0
LONG_SPAN = 300.0


@dataclass(frozen=True)
class Finding:
    rule: str  # silence, overrun, beat, contradiction, repeat
    at: float  # seconds into the session
    message: str

    def __str__(self) -> str:
        return f"{clock(self.at)} {self.rule}: {self.message}"


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    longest: dict[str, float]  # block -> the longest silence in it, seconds

    @property
    def ok(self) -> bool:
        return not self.findings


def lint(session: Session, laid: Timeline, fillers: frozenset[str] = frozenset()) -> Report:
    """Every problem in ``laid`` (``fillers``: the encouragement lines that must not be
    said twice in a row; by default the script's banks)."""
    if not fillers:
        from . import script

        fillers = frozenset({*script.WORK_LINES, *script.HOLD_LINES, *script.REST_LINES,
                             *(line for bank in script.DISTANCE_LINES.values()
                               for line in bank)})
    found: list[Finding] = []
    longest: dict[str, float] = {}
    rate = laid.rate
    for span in _spans(laid.events):
        length = (span[-1].end - span[0].start) / rate
        limit = QUIET_LIMIT if length <= LONG_SPAN else QUIET_LIMIT_LONG
        for event in span:
            if event.kind != "silence":
                continue
            quiet = event.length / rate
            block = event.block or "opening"
            longest[block] = max(longest.get(block, 0.0), quiet)
            if quiet > limit:
                where = f" in {event.exercise}" if event.exercise else ""
                found.append(Finding("silence", event.start / rate,
                                     f"{quiet:.1f} s of silence{where} ({block}, a span of "
                                     f"{length:.0f} s; at most {limit:.0f} s)"))
    for o in laid.overruns:
        found.append(Finding("overrun", o.start / rate,
                             f"{o.text!r} needs {o.needed / rate:.2f} s, slot "
                             f"{o.slot / rate:.2f} s"))
    found += _beats(session, laid)
    found += _countdowns(laid)
    found += _contradictions(session, laid)
    said = [e for e in laid.events if e.kind == "speech"]
    for a, b in pairwise(said):
        if a.text == b.text and a.text in fillers:
            found.append(Finding("repeat", b.start / rate, f"{b.text!r} twice in a row"))
    return Report(tuple(sorted(found, key=lambda f: f.at)), longest)


def _spans(events: tuple[Event, ...]) -> list[list[Event]]:
    """Runs of events at one place (chapter, side, set, block)."""
    spans: list[list[Event]] = []
    for event in events:
        key = (event.chapter, event.side, event.set, event.block)
        if spans and (spans[-1][0].chapter, spans[-1][0].side, spans[-1][0].set,
                      spans[-1][0].block) == key:
            spans[-1].append(event)
        else:
            spans.append([event])
    return spans


def _beats(session: Session, laid: Timeline) -> list[Finding]:
    found = []
    for step in session.steps:
        dose = step.dose
        if dose.kind != "reps":
            continue
        beat = round((dose.tempo + (dose.hold or 0)) * laid.rate)
        starts: dict[tuple[int | None, int | None], dict[int, int]] = {}
        for e in laid.events:
            if (e.chapter == step.position and e.block == "work" and e.rep is not None
                    and e.kind != "silence" and not _leads(e)):
                starts.setdefault((e.side, e.set), {}).setdefault(e.rep, e.start)
        for reps in starts.values():
            ordered = [reps[r] for r in sorted(reps)]
            for rep, (a, b) in enumerate(pairwise(ordered), 2):
                if abs(b - a - beat) > laid.rate // 200:  # slots are rounded to samples
                    off = (b - a - beat) / laid.rate
                    found.append(Finding("beat", b / laid.rate,
                                         f"{step.slug} rep {rep} is {off:+.2f} s off the beat"))
    return found


_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def _leads(event: Event) -> bool:
    """A tone that sounds just before a beat (a count's pip, the start tone)."""
    return event.kind == "tone" and event.text in ("pip", "start")


def _countdowns(laid: Timeline) -> list[Finding]:
    """Each spoken count in a countdown starts ``k`` seconds before the beat it counts
    into (the first sound after "One." that is not a lead tone), within 5 ms."""
    found = []
    heard = [e for e in laid.events if e.kind != "silence"]
    run: list[tuple[int, Event]] = []
    for i, event in enumerate(heard):
        k = _COUNTS.get(event.text.rstrip(".").lower()) if event.kind == "speech" else None
        if k is None or event.rep is not None:
            if not _leads(event):
                run = []
            continue
        run.append((k, event))
        if k != 1:
            continue
        beat = next((e for e in heard[i + 1:] if not _leads(e)), None)
        if beat is None:
            continue
        for n, said in run:
            off = (beat.start - said.start) / laid.rate - n
            if abs(off) > 0.005:
                found.append(Finding("beat", said.start / laid.rate,
                                     f"{said.text!r} is {-off:+.2f} s off its second "
                                     f"(counting into {beat.text!r})"))
        run = []
    return found


def _contradictions(session: Session, laid: Timeline) -> list[Finding]:
    found = []
    for step in session.steps:
        said = [e for e in laid.events if e.kind == "speech" and e.chapter == step.position
                and e.block == "intro"]
        for event in said:
            for mention in mentions(event.text):
                if contradicts(mention, step.dose):
                    found.append(Finding("contradiction", event.start / laid.rate,
                                         f"{step.slug}: {mention.text!r} said, but the dose "
                                         f"is {step.dose.describe()}"))
    return found

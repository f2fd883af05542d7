"""The timeline: every cue of the script at an exact sample position.

Given the script and the length of each phrase (real clips for a render, an
estimate for ``plan``), this lays the cues end to end in samples. A cue with a
slot starts the next cue exactly ``slot`` seconds later, so reps fall on the
tempo and countdowns end on time, to the sample. A phrase longer than its slot
pushes everything after it later; each such overrun is recorded.

Pure: it never touches audio. The mixer (:mod:`voicecoach.mix`) and the
player follow it sample for sample.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from . import script
from .script import Block, Cue, CueKind
from .session import Session
from .wording import speaking_time

MIX_RATE = 22050  # samples per second of the mix (eSpeak NG's own rate)

Length = Callable[[str], int]  # phrase -> its length in samples at the timeline's rate


@dataclass(frozen=True)
class Event:
    """What is heard from ``start`` to ``end`` (samples, end exclusive)."""

    start: int
    end: int
    kind: CueKind
    text: str
    chapter: int
    exercise: str | None
    side: int | None
    set: int | None
    rep: int | None
    block: Block
    ends: bool = False  # the end of a countdown (its tone, or "Release.")

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Chapter:
    index: int
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Overrun:
    """A phrase that did not fit its slot: the session grew by ``needed - slot``."""

    text: str
    start: int
    slot: int
    needed: int


@dataclass(frozen=True)
class Timeline:
    rate: int
    events: tuple[Event, ...]
    chapters: tuple[Chapter, ...]
    overruns: tuple[Overrun, ...]
    total: int

    def seconds(self, samples: int) -> float:
        return samples / self.rate

    @property
    def duration(self) -> float:
        return self.total / self.rate

    def speech(self) -> list[Event]:
        return [e for e in self.events if e.kind == "speech"]

    def chapter_at(self, sample: int) -> Chapter:
        for chapter in self.chapters:
            if chapter.start <= sample < chapter.end:
                return chapter
        return self.chapters[-1]


def build(
    cues: Sequence[Cue],
    length: Length,
    titles: Sequence[str],
    rate: int = MIX_RATE,
    *,
    tone_samples: int | None = None,
) -> Timeline:
    """Lay ``cues`` out in samples. ``titles`` names each chapter by number."""
    tone = tone_samples if tone_samples is not None else round(script.TONE_SECONDS * rate)
    pause = round(script.PAUSE * rate)
    events: list[Event] = []
    overruns: list[Overrun] = []
    position = 0
    for cue in cues:
        meta = (cue.chapter, cue.exercise, cue.side, cue.set, cue.rep, cue.block)
        kind, text = cue.kind, cue.text
        if kind == "speech" and cue.slot is not None:
            kind, text = _fitting(cue, length, round(cue.slot * rate))
        if kind == "silence":
            sound = 0
        elif kind == "tone":
            sound = tone * 2 if text == "end" else tone
        else:
            sound = length(text)
        if cue.slot is None:
            span = sound + pause
        else:
            slot = round(cue.slot * rate)
            if sound > slot:
                overruns.append(Overrun(text, position, slot, sound))
            span = max(sound, slot)
        if sound:
            events.append(Event(position, position + sound, kind, text, *meta,
                                ends=cue.ends))
        if span > sound:
            _silence(events, position + sound, position + span, meta)
        position += span
    chapters = _chapters(events, titles, position)
    return Timeline(rate, tuple(events), tuple(chapters), tuple(overruns), position)


def _fitting(cue: Cue, length: Length, slot: int) -> tuple[CueKind, str]:
    """The longest wording of ``cue`` that fits its slot; else its tone, if it has one;
    else its shortest wording (which then overruns)."""
    for text in (cue.text, *cue.shorter):
        if length(text) <= slot:
            return "speech", text
    if cue.fallback:
        return "tone", cue.fallback
    return "speech", (cue.text, *cue.shorter)[-1]


def _silence(events: list[Event], start: int, end: int, meta: tuple) -> None:
    """Append silence, merged with a silence just before it of the same place."""
    last = events[-1] if events else None
    if last and last.kind == "silence" and last.end == start and (
        (last.chapter, last.exercise, last.side, last.set, last.rep, last.block) == meta
    ):
        events[-1] = Event(last.start, end, "silence", "", *meta)
    else:
        events.append(Event(start, end, "silence", "", *meta))


def _chapters(events: list[Event], titles: Sequence[str], total: int) -> list[Chapter]:
    starts: dict[int, int] = {}
    for event in events:
        starts.setdefault(event.chapter, event.start)
    order = sorted(starts.items(), key=lambda item: item[1])
    chapters = []
    for i, (index, start) in enumerate(order):
        end = order[i + 1][1] if i + 1 < len(order) else total
        chapters.append(Chapter(index, titles[index], start, end))
    return chapters


def for_session(
    session: Session, length: Length, rate: int = MIX_RATE, cues: list[Cue] | None = None
) -> tuple[list[Cue], Timeline]:
    """The final script and its timeline (``cues``: the session's script, when the
    caller has built it already).

    The opening says how long the session is, which depends on how long the
    phrases are: lay the script out once without it, then again with the
    length from the first pass (the spoken total is rounded to minutes).
    """
    cues = script.build(session) if cues is None else cues
    titles = script.chapter_titles(session)
    first = build(cues, length, titles, rate)
    final = script.with_total(cues, session, first.duration)
    return final, build(final, length, titles, rate)


def estimate_length(words_per_minute: int, rate: int = MIX_RATE) -> Length:
    """Phrase length without a speech engine, for ``plan`` and the linter (the fit is
    :func:`voicecoach.wording.speaking_time`)."""

    def length(text: str) -> int:
        return round(speaking_time(text, words_per_minute) * rate)

    return length

"""The program: the session's samples, mastered exactly as ``render`` masters the
default file (MP3 mono at the loudness target, true peak under the MP3 ceiling),
as they become ready.

Playback starts on the routine's name, synthesised first, while the rest of the
session is synthesised, laid out and mastered in the background by the render
pipeline's own steps (:func:`voicecoach.render.speak`, :class:`voicecoach.mix.Ranges`,
:class:`voicecoach.loudness.Stream`), then handed over a chunk (~8 s) at a time.
The opening's "about N minutes" needs every phrase's length, so the rest is laid
out in one go.

The mastering gain needs the whole session's loudness, which is known only once
every phrase is and the whole session has been measured (seconds: 2 for 16 minutes,
12 for 90, warm). Nothing waits for it: the name, then the session as soon as it is
laid out, play at the gain of eSpeak NG's typical loudness (:data:`HEAD_LOUDNESS`,
with the same limiter), made just ahead of where it is played (:meth:`Program.
provisional`); once the gain is known, the file's samples take over at the next
silence, and what was played is kept as it was.
"""

from __future__ import annotations

import bisect
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from .. import export, mix, render, script
from .. import loudness as lou
from ..script import Cue
from ..session import Session
from ..timeline import Event, Timeline
from .display import Guide

if TYPE_CHECKING:
    from ..speech import SpeechCache

# LUFS of a phrase of eSpeak NG's default voice, unscaled: the name's gain before the
# session's own is known (hip measures -20.85 whole and -20.88 for its name; the test
# routine -21.05 and -20.82)
HEAD_LOUDNESS = -20.9
FORMAT = export.Format()  # the rendered file that live play sounds like (render's default)
AHEAD = 4.0  # seconds made ahead of where the session is played, until the gain is known
SEGMENT = 1.0  # seconds made at a time, at least (each ends where a silence starts)


class Program:
    """The session's samples, ready from the start up to :attr:`ready`.

    Until :meth:`lay_out` is called only a head is known (the routine's name
    and the pause after it); then the timeline, and the mastered samples as
    :meth:`extend` adds them (the head, when the timeline starts with it, is kept).
    """

    def __init__(self, rate: int, head: np.ndarray, name: str = "") -> None:
        self.rate = rate
        self.name = name
        self.samples = head
        self.ready = int(head.size)
        self.kept = 0  # samples at the start kept as played (the head, then provisional)
        self.filled = 0  # samples of the session handed in by extend()
        self.exact = False  # the file's samples have taken over: nothing more provisional
        self.position: Callable[[], int] | None = None  # where it is played (the transport)
        self.timeline: Timeline | None = None
        self.guide: Guide | None = None
        self.error: BaseException | None = None
        self.lock = threading.Lock()
        self.on_complete: Callable[[int], None] | None = None
        self.head_text = ""

    @classmethod
    def whole(cls, timeline: Timeline, samples: np.ndarray,
              session: Session | None = None) -> Program:
        """A program known in full from the start (tests, a warm cache)."""
        program = cls(timeline.rate, samples[:0])
        program.complete(timeline, samples, session)
        return program

    @property
    def done(self) -> bool:
        """Every sample of the session is ready."""
        return self.timeline is not None and self.ready >= self.timeline.total

    @property
    def total(self) -> int:
        """Samples in the session (as far as known)."""
        return self.timeline.total if self.timeline is not None else self.ready

    def lay_out(self, timeline: Timeline, session: Session | None = None, *,
                keep: bool = True) -> None:
        """The session is laid out: its length and chapters are known, its samples
        follow by :meth:`extend`. The head is kept (``keep``) when the session starts
        with it; else playing starts again from the top as the samples come."""
        with self.lock:
            head = self.samples[: self.ready]
            kept = head.size if keep and starts_with(timeline, self.head_text,
                                                     head.size) else 0
            samples = np.zeros(timeline.total, dtype=np.int16)
            samples[:kept] = head[:kept]
            self.samples, self.kept, self.filled, self.ready = samples, kept, 0, kept
            self.guide = Guide(session, timeline) if session is not None else None
            self.timeline = timeline
        if head.size and not kept and self.on_complete:
            self.on_complete(0)

    def extend(self, chunk: np.ndarray) -> None:
        """The next mastered samples of the session (the kept head's are skipped)."""
        with self.lock:
            a = self.filled
            b = min(self.samples.size, a + chunk.size)
            lo = max(a, self.kept)
            if b > lo:
                self.samples[lo:b] = chunk[lo - a:b - a]
            self.filled = b
            self.ready = max(self.kept, b)

    def provisional(self, clip: Callable[[str], np.ndarray], volume: float, *,
                    ahead: float = AHEAD, segment: float = SEGMENT) -> None:
        """Until :meth:`take_over`: the session laid out at the name's gain, limited as
        the file is, made ``ahead`` seconds ahead of where it is played, at least
        ``segment`` seconds at a time, each ending where a silence starts."""
        laid = self.timeline
        assert laid is not None
        voice = mix.Ranges(laid, clip)
        gain = np.float32(head_gain(volume))
        starts = sorted(e.start for e in laid.events if e.kind == "silence")
        while True:
            with self.lock:
                if self.exact or self.kept >= laid.total:
                    return
                a = self.kept
            played = self.position() if self.position is not None else 0
            if a - played > ahead * laid.rate:
                time.sleep(0.05)
                continue
            i = bisect.bisect_left(starts, a + round(segment * laid.rate))
            b = starts[i] if i < len(starts) else laid.total
            made = lou.to_int16(limited(voice(a, b) * gain, laid.rate))
            with self.lock:
                if self.exact:
                    return
                self.samples[a:b] = made
                self.kept = b
                self.ready = max(self.kept, self.filled)

    def take_over(self) -> None:
        """The file's samples from here on (:meth:`extend`), after what is kept."""
        with self.lock:
            self.exact = True

    def complete(self, timeline: Timeline, samples: np.ndarray,
                 session: Session | None = None, *, keep: bool = False) -> None:
        """The whole session at once."""
        self.lay_out(timeline, session, keep=keep)
        self.extend(samples)

    def fail(self, error: BaseException) -> None:
        self.error = error


def starts_with(timeline: Timeline, text: str, size: int) -> bool:
    """The session opens with ``text`` and nothing sounds before ``size`` but it."""
    events = timeline.events
    return bool(text and size and events and events[0].kind == "speech"
                and events[0].text == text and events[0].start == 0
                and timeline.total >= size
                and all(e.kind == "silence" for e in events[1:] if e.start < size))


def head_gain(volume: float) -> float:
    """The name's gain (linear), before the session's loudness is known."""
    return float(10 ** ((lou.default_target(FORMAT.channels) - HEAD_LOUDNESS) / 20) * volume)


def head(first: Cue, cache: SpeechCache, volume: float) -> tuple[str, np.ndarray]:
    """The first phrase (the routine's name) and the pause after it, as samples at
    the name's gain, limited under the file's ceiling (numpy only: no time is spent
    importing the mastering's filters before the first sound).

    Where the timeline puts them does not depend on anything later, so they
    can play while the rest is prepared.
    """
    if first.kind != "speech" or first.slot is not None:
        return "", np.zeros(0, dtype=np.int16)
    clip = cache.clip(first.text)
    event = Event(0, int(clip.size), "speech", first.text, 0, None, None, None, None,
                  first.block)
    data = mix.event_samples(event, cache.clip, cache.mix_rate)
    pause = np.zeros(round(script.PAUSE * cache.mix_rate), dtype=np.int16)
    if data is None:
        return first.text, pause
    out = limited(data * np.float32(head_gain(volume)), cache.mix_rate)
    return first.text, np.concatenate([lou.to_int16(out), pause])


def limited(samples: np.ndarray, rate: int) -> np.ndarray:
    """``samples`` (mono float) with their peaks under the file's ceiling by the
    mastering's limiter (:func:`voicecoach.loudness.limiter_gain`: the same blocks,
    look-ahead, hold and smoothing), in numpy alone, on sample peaks."""
    from numpy.lib.stride_tricks import sliding_window_view

    block = lou.block_size(rate)
    ceiling = 10 ** (FORMAT.codec.ceiling / 20)
    n = -(-samples.size // block)
    padded = np.zeros(n * block, dtype=np.float32)
    padded[:samples.size] = np.abs(samples)
    peaks = padded.reshape(n, block).max(axis=1)
    if peaks.size == 0 or float(peaks.max()) <= ceiling:
        return samples
    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    attack = max(2, round(lou.ATTACK * rate / block) // 2 * 2)
    hold = max(2, round(lou.HOLD * rate / block) // 2 * 2)
    # the least over [k - hold, k + attack], then a box of about `attack`, centred
    low = sliding_window_view(np.pad(need, (hold, attack), mode="symmetric"),
                              hold + attack + 1).min(axis=1)
    box = attack // 2 * 2 - 1
    smooth = np.convolve(np.pad(low, box // 2, mode="symmetric"), np.ones(box) / box, "valid")
    gain = np.minimum(smooth, 1.0).astype(np.float32)
    return samples * lou.per_sample(gain, block, samples.size)


def mastered(session: Session, cache: SpeechCache, laid: Timeline) -> Iterator[np.ndarray]:
    """The session laid out as ``laid``, mastered as ``render`` masters the default
    file (16-bit mono at the mix rate), a chunk at a time; the measuring is done
    before the first chunk."""
    voice = mix.Ranges(laid, cache.clip)
    with lou.Stream(voice, laid.total, laid.rate, FORMAT.channels) as stream:
        stream.analyse(lou.default_target(FORMAT.channels),
                       trim_db=20 * float(np.log10(session.voice.volume)),
                       ceiling_db=FORMAT.codec.ceiling,
                       hard_margin=lou.HARD_MARGIN if FORMAT.codec.lossy else 0.0)
        yield from stream.chunks()


def start_program(session: Session, cache: SpeechCache, *, background: bool = True
                  ) -> Program:
    """Synthesise the head, then the rest in a background thread (or in line, and
    then the head is not kept: every sample is at the file's gain)."""
    cues = script.build(session)
    text, start = head(cues[0], cache, session.voice.volume)
    program = Program(cache.mix_rate, start, session.name)
    program.head_text = text

    def finish() -> None:
        try:
            _, laid = render.speak(session, cache, cues=cues)
            program.lay_out(laid, session, keep=background)
            if background:
                threading.Thread(target=ahead, args=(cache.clip, session.voice.volume),
                                 name="voicecoach-ahead", daemon=True).start()
            chunks = mastered(session, cache, laid)
            first = next(chunks, None)  # the session measured: its gain is known
            program.take_over()
            for chunk in chunks if first is None else itertools.chain([first], chunks):
                program.extend(chunk)
        except BaseException as exc:  # reported by the main thread
            program.fail(exc)

    def ahead(clip: Callable[[str], np.ndarray], volume: float) -> None:
        try:
            program.provisional(clip, volume)
        except BaseException as exc:
            program.fail(exc)

    if background:
        threading.Thread(target=finish, name="voicecoach-prepare", daemon=True).start()
    else:
        finish()
    return program

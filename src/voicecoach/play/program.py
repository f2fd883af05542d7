"""The program: the session's samples (exactly what ``render`` mixes) as they
become ready.

Playback starts on the routine's name, synthesised first, while the rest of the
session is synthesised and mixed in the background by the render pipeline's own
steps (:func:`voicecoach.render.mixed`). The opening's "about N minutes" needs
every phrase's length, so the rest is laid out in one go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from .. import mix, render, script
from ..script import Cue
from ..session import Session
from ..timeline import Event, Timeline
from .display import Guide

if TYPE_CHECKING:
    from ..speech import SpeechCache


class Program:
    """The session's samples, ready from the start up to :attr:`ready`.

    Until :meth:`complete` is called only a head is known (the routine's name
    and the pause after it); then the whole mixed buffer and its timeline.
    """

    def __init__(self, rate: int, head: np.ndarray, name: str = "") -> None:
        self.rate = rate
        self.name = name
        self.samples = head
        self.ready = int(head.size)
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
        return self.timeline is not None

    @property
    def total(self) -> int:
        """Samples in the session (as far as known)."""
        return self.timeline.total if self.timeline is not None else self.ready

    def complete(self, timeline: Timeline, samples: np.ndarray,
                 session: Session | None = None) -> None:
        with self.lock:
            head = self.samples[: self.ready]
            same = bool(np.array_equal(samples[: head.size], head))
            self.samples = samples
            self.guide = Guide(session, timeline) if session is not None else None
            self.timeline = timeline
            self.ready = int(samples.size)
        if not same and self.on_complete:  # the head was not the session's start
            self.on_complete(0)

    def fail(self, error: BaseException) -> None:
        self.error = error


def head(first: Cue, cache: SpeechCache, volume: float) -> tuple[str, np.ndarray]:
    """The first phrase (the routine's name) and the pause after it, as samples.

    Where the timeline puts them does not depend on anything later, so they
    can play while the rest is prepared.
    """
    if first.kind != "speech" or first.slot is not None:
        return "", np.zeros(0, dtype=np.int16)
    clip = cache.clip(first.text)
    event = Event(0, int(clip.size), "speech", first.text, 0, None, None, None, None,
                  first.block)
    data = mix.render_event(event, cache.clip, cache.mix_rate, volume)
    pause = np.zeros(round(script.PAUSE * cache.mix_rate), dtype=np.int16)
    return first.text, np.concatenate([data if data is not None else clip[:0], pause])


def start_program(session: Session, cache: SpeechCache, *, background: bool = True
                  ) -> Program:
    """Synthesise the head, then the rest in a background thread (or in line)."""
    cues = script.build(session)
    text, start = head(cues[0], cache, session.voice.volume)
    program = Program(cache.mix_rate, start, session.name)
    program.head_text = text

    def finish() -> None:
        try:
            program.complete(*render.mixed(session, cache, cues=cues), session)
        except BaseException as exc:  # reported by the main thread
            program.fail(exc)

    if background:
        threading.Thread(target=finish, name="voicecoach-prepare", daemon=True).start()
    else:
        finish()
    return program

"""The transport: position in samples, paused or not, chapter seeks, key
commands. Pure; :meth:`Transport.pull` hands out the next samples. No audio,
no clock of its own (one is injected).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from ..timeline import Timeline
from .program import Program

Clock = Callable[[], float]
StartAt = Callable[[Timeline], int]

REWIND_GRACE = 3.0  # seconds: `p` within this of a chapter's start goes to the previous one


class Transport:
    """Where playback is, and what the keys do to it. No audio, no clock of its own."""

    def __init__(self, program: Program, *, clock: Clock = time.monotonic,
                 rewind_grace: float = REWIND_GRACE, start_at: StartAt | None = None
                 ) -> None:
        self.program = program
        self.position = 0
        # ``play --from``: nothing plays until the session is laid out, then it starts
        # at ``start_at(timeline)``; ``origin`` is where playing started.
        self.start_at = start_at
        self.pending = start_at is not None
        self.origin = 0
        self.paused = False
        self.quit = False
        self.clock = clock
        self.rewind_grace = rewind_grace
        self.first_sound: float | None = None  # clock time of the first audible sample
        self.lock = threading.Lock()
        program.on_complete = self._restart
        program.position = lambda: self.position
        self._settle()

    def _restart(self, position: int) -> None:
        """The head played was not the session's start: start again (where asked)."""
        tl = self.program.timeline
        if self.start_at is not None and tl is not None:
            position = self.start_at(tl)
        self.seek(position)

    def _settle(self) -> None:
        """Once the session is laid out, move to where ``--from`` asked."""
        if not self.pending:
            return
        tl = self.program.timeline
        if tl is None or self.start_at is None:
            return
        with self.lock:
            self.position = self.origin = max(0, min(self.start_at(tl), tl.total))
            self.pending = False

    # -- state

    @property
    def finished(self) -> bool:
        """Quit, or played to the end of the whole session."""
        return self.quit or (self.program.done and self.position >= self.program.total)

    @property
    def stalled(self) -> bool:
        """Waiting for samples still being prepared."""
        return self.pending or (not self.program.done and self.position >= self.program.ready)

    # -- audio

    def pull(self, frames: int) -> np.ndarray:
        """The next ``frames`` samples (silence while paused, stalled or past the end)."""
        out = np.zeros(frames, dtype=np.int16)
        self._settle()
        with self.lock:
            if self.paused or self.quit or frames <= 0 or self.pending:
                return out
            program = self.program
            with program.lock:
                stop = min(self.position + frames, program.ready)
                n = max(0, stop - self.position)
                if n:
                    out[:n] = program.samples[self.position:stop]
            self.position += n
        if self.first_sound is None and n and np.any(out[:n]):
            self.first_sound = self.clock()
        return out

    # -- controls

    def seek(self, position: int) -> None:
        with self.lock:
            self.position = max(0, min(int(position), self.program.total))

    def toggle_pause(self) -> None:
        with self.lock:
            self.paused = not self.paused

    def stop(self) -> None:
        with self.lock:
            self.quit = True

    def next_chapter(self) -> None:
        """To the start of the next exercise (the closing, then the end)."""
        tl = self.program.timeline
        if tl is None:
            return
        later = [c.start for c in tl.chapters if c.start > self.position]
        self.seek(later[0] if later else tl.total)

    def previous_chapter(self) -> None:
        """To the start of this exercise, or of the one before near its start."""
        tl = self.program.timeline
        if tl is None:
            return
        current = tl.chapter_at(self.position)
        target = current.start
        if self.position - current.start < self.rewind_grace * tl.rate:
            earlier = [c.start for c in tl.chapters if c.start < current.start]
            target = earlier[-1] if earlier else 0
        self.seek(target)

    def repeat(self) -> None:
        """Back to the current exercise's intro: name, instructions, dose."""
        tl = self.program.timeline
        if tl is None:
            return
        current = tl.chapter_at(self.position)
        intro = [e.start for e in tl.events
                 if e.chapter == current.index and e.block == "intro"]
        self.seek(intro[0] if intro else current.start)

    def command(self, key: str) -> None:
        """Apply one key: space, n, p, r, q (others are ignored)."""
        action = {
            " ": self.toggle_pause,
            "n": self.next_chapter,
            "p": self.previous_chapter,
            "r": self.repeat,
            "q": self.stop,
        }.get(key.lower())
        if action:
            action()

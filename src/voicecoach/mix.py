"""Mixing: the timeline rendered into one buffer of samples.

The buffer is allocated once at the session's full length and every clip is
written into place, so mixing is linear in the session's length (never a
chain of pydub ``+``, which copies everything each time). Tones come from
:mod:`voicecoach.tones`, by name.

:func:`track` is the voice and the tones as float samples (full scale 1.0),
for the render, whose loudness stage (:mod:`voicecoach.loudness`) applies the
volume; :func:`mix` is the same as 16-bit samples with the volume applied, for
live play.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from . import tones
from .timeline import Event, Timeline

FULL_SCALE = 32768.0


def tone(samples: int, rate: int, name: str = "pip") -> np.ndarray:
    """The tone ``name`` as 16-bit samples (faded edges: no clicks)."""
    return np.round(tones.tone(name, samples, rate) * 32767).astype(np.int16)


def event_samples(event: Event, clip: Callable[[str], np.ndarray], rate: int
                  ) -> np.ndarray | None:
    """The float samples of one event (None for silence), exactly ``event.length`` long."""
    if event.kind == "silence":
        return None
    if event.kind == "tone":
        return tones.tone(event.text, event.length, rate)
    data = clip(event.text)
    if data.size != event.length:
        raise ValueError(
            f"clip for {event.text!r} is {data.size} samples, the timeline planned "
            f"{event.length}"
        )
    return data.astype(np.float32) / FULL_SCALE


def render_event(event: Event, clip: Callable[[str], np.ndarray], rate: int,
                 volume: float = 1.0) -> np.ndarray | None:
    """The 16-bit samples of one event (None for silence), exactly ``event.length`` long."""
    data = event_samples(event, clip, rate)
    if data is None:
        return None
    return _to_int16(data * volume)


def _to_int16(data: np.ndarray) -> np.ndarray:
    return np.clip(np.round(data * FULL_SCALE), -32768, 32767).astype(np.int16)


def track(timeline: Timeline, clip: Callable[[str], np.ndarray],
          progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """The voice and tones of the whole session: float32 mono at ``timeline.rate``."""
    buffer = np.zeros(timeline.total, dtype=np.float32)
    sounding = [e for e in timeline.events if e.kind != "silence"]
    for done, event in enumerate(sounding, 1):
        data = event_samples(event, clip, timeline.rate)
        if data is not None:
            buffer[event.start:event.end] = data
        if progress and (done % 50 == 0 or done == len(sounding)):
            progress(done, len(sounding))
    return buffer


def mix(timeline: Timeline, clip: Callable[[str], np.ndarray], volume: float = 1.0,
        progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """The whole session as 16-bit mono samples at ``timeline.rate`` (live play)."""
    return _to_int16(track(timeline, clip, progress) * volume)


class Ranges:
    """The voice and tones of any stretch of the session, float32 mono, without the
    whole session in memory: each call mixes only the events it overlaps."""

    def __init__(self, timeline: Timeline, clip: Callable[[str], np.ndarray]) -> None:
        self.timeline, self.clip = timeline, clip
        self.sounding = [e for e in timeline.events if e.kind != "silence"]
        self.starts = [e.start for e in self.sounding]
        # no event is longer than this: an event ending after `start` began after it
        self.longest = max((e.length for e in self.sounding), default=0)

    def __call__(self, start: int, end: int) -> np.ndarray:
        import bisect

        out = np.zeros(end - start, dtype=np.float32)
        first = bisect.bisect_left(self.starts, start - self.longest)
        last = bisect.bisect_left(self.starts, end)
        for event in self.sounding[first:last]:
            if event.end <= start:
                continue
            data = event_samples(event, self.clip, self.timeline.rate)
            if data is None:
                continue
            a, b = max(start, event.start), min(end, event.end)
            out[a - start:b - start] = data[a - event.start:b - event.start]
        return out

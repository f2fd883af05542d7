"""Mixing: the timeline rendered into one buffer of samples.

The buffer is allocated once at the session's full length and every clip is
written into place, so mixing is linear in the session's length (never a
chain of pydub ``+``, which copies everything each time).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .timeline import Event, Timeline

TONE_HZ = 880.0
TONE_LEVEL = 0.35  # of full scale
FADE_SECONDS = 0.01


def tone(samples: int, rate: int, hz: float = TONE_HZ) -> np.ndarray:
    """A short beep with faded edges (no clicks)."""
    t = np.arange(samples) / rate
    wave = np.sin(2 * np.pi * hz * t) * TONE_LEVEL
    fade = min(samples // 2, round(FADE_SECONDS * rate))
    if fade:
        ramp = np.linspace(0.0, 1.0, fade)
        wave[:fade] *= ramp
        wave[-fade:] *= ramp[::-1]
    return (wave * 32767).astype(np.int16)


def render_event(event: Event, clip: Callable[[str], np.ndarray], rate: int,
                 volume: float = 1.0) -> np.ndarray | None:
    """The samples of one event (None for silence), exactly ``event.length`` long."""
    if event.kind == "silence":
        return None
    data = tone(event.length, rate) if event.kind == "tone" else clip(event.text)
    if data.size != event.length:
        raise ValueError(
            f"clip for {event.text!r} is {data.size} samples, the timeline planned "
            f"{event.length}"
        )
    if volume != 1.0:
        data = np.clip(data.astype(np.float32) * volume, -32768, 32767).astype(np.int16)
    return data


def mix(timeline: Timeline, clip: Callable[[str], np.ndarray], volume: float = 1.0,
        progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """The whole session as 16-bit mono samples at ``timeline.rate``."""
    buffer = np.zeros(timeline.total, dtype=np.int16)
    sounding = [e for e in timeline.events if e.kind != "silence"]
    for done, event in enumerate(sounding, 1):
        data = render_event(event, clip, timeline.rate, volume)
        if data is not None:
            buffer[event.start:event.end] = data
        if progress and (done % 50 == 0 or done == len(sounding)):
            progress(done, len(sounding))
    return buffer

"""Tones: short, soft, generated signals the coach uses besides words.

A tone event's ``text`` is its name; the timeline decides its length. Each
is a sine with a touch of its octave (warmer than a bare sine, never harsh),
a raised-cosine attack and a smooth decay to exactly zero, so it never
clicks; each peaks well below the voice (:data:`LEVEL`, about -12 dBFS).

========  ===================================================  =====================
name      where                                                sound
========  ===================================================  =====================
start     "Go" / "Begin": the work starts                      rising E5 -> B5
pip       the last seconds of a countdown ("" is a pip too)    A5, short
end       the end of a countdown (a hold, timed work, a rest)  E6, held a little
set       the end of a set                                     falling B5 -> G5
========  ===================================================  =====================
"""

from __future__ import annotations

import numpy as np

LEVEL = 0.25  # peak, of full scale (-12 dBFS): well below the voice's peak
ATTACK = 0.008  # seconds of raised-cosine fade-in
RELEASE = 0.030  # seconds of raised-cosine fade-out at the very end

# name -> (the notes in Hz, played one after the other in equal parts; the decay: 1/s)
TONES: dict[str, tuple[tuple[float, ...], float]] = {
    "start": ((659.25, 987.77), 3.0),
    "pip": ((880.0,), 6.0),
    "end": ((1318.51,), 2.5),
    "set": ((987.77, 783.99), 3.0),
}
NAMES = tuple(TONES)


def pitch(name: str) -> float:
    """The (first) pitch of the tone ``name`` in Hz ("" and unknown names: a pip)."""
    return TONES.get(name, TONES["pip"])[0][0]


def _envelope(samples: int, rate: int, decay: float) -> np.ndarray:
    t = np.arange(samples) / rate
    env = np.exp(-decay * t)
    attack = min(samples // 2, max(1, round(ATTACK * rate)))
    release = min(samples - attack, max(1, round(RELEASE * rate)))
    env[:attack] *= 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, attack))
    env[samples - release:] *= 0.5 + 0.5 * np.cos(np.linspace(0.0, np.pi, release))
    return env


def tone(name: str, samples: int, rate: int) -> np.ndarray:
    """The tone ``name`` as float samples (full scale 1.0), exactly ``samples`` long."""
    notes, decay = TONES.get(name, TONES["pip"])
    out = np.zeros(samples, dtype=np.float64)
    bounds = np.linspace(0, samples, len(notes) + 1).round().astype(int)
    for hz, a, b in zip(notes, bounds[:-1], bounds[1:], strict=True):
        if b <= a:
            continue
        t = np.arange(b - a) / rate
        wave = np.sin(2 * np.pi * hz * t) + 0.25 * np.sin(4 * np.pi * hz * t)
        out[a:b] = wave * _envelope(b - a, rate, decay)
    peak = np.abs(out).max() if samples else 0.0
    if peak > 0:
        out *= LEVEL / peak
    return out.astype(np.float32)

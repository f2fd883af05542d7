"""Clip files: reading, writing, trimming and resampling speech samples.

Clips are 16-bit mono at the engine's own rate (22050 Hz for eSpeak NG),
trimmed of the silence the engine puts around them, and resampled to the mix
rate when loaded. Pure functions over numpy arrays, and plain WAV files.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

SILENCE_THRESHOLD = 200  # |sample| below this (of 32767) counts as silence when trimming
KEEP_MARGIN = 0.02  # seconds kept before and after the speech when trimming


def read(path: Path) -> tuple[np.ndarray, int]:
    """16-bit mono samples from a WAV (or, on macOS, AIFF) file, and their rate."""
    try:
        with wave.open(str(path), "rb") as f:
            rate, width, channels = f.getframerate(), f.getsampwidth(), f.getnchannels()
            data = f.readframes(f.getnframes())
        if width == 2:
            samples = np.frombuffer(data, dtype="<i2")
            if channels > 1:
                samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
            return samples, rate
    except (wave.Error, EOFError):
        pass
    from pydub import AudioSegment  # AIFF from NSSpeechSynthesizer, anything else

    seg = AudioSegment.from_file(str(path)).set_channels(1).set_sample_width(2)
    return np.frombuffer(seg.raw_data, dtype="<i2"), seg.frame_rate


def write(path: Path, samples: np.ndarray, rate: int) -> None:
    """A 16-bit mono WAV file."""
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(samples.astype("<i2").tobytes())


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    """Cut the engine's leading and trailing silence, keeping a short margin."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) >= SILENCE_THRESHOLD)
    if loud.size == 0:
        return samples[:0]
    margin = round(KEEP_MARGIN * rate)
    return samples[max(0, loud[0] - margin): loud[-1] + 1 + margin]


def resample(samples: np.ndarray, source: int, target: int) -> np.ndarray:
    """Linear resampling from ``source`` Hz to ``target`` Hz (16-bit in, 16-bit out)."""
    if source == target or samples.size == 0:
        return samples
    n = round(samples.size * target / source)
    positions = np.arange(n) * (source / target)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.int16)

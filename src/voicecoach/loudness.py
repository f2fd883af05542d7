"""Loudness: the mix brought to a target loudness, under a true-peak ceiling.

Measured in-process with pyloudnorm (ITU-R BS.1770-4 integrated loudness), so
the file is encoded once. The gain that reaches the target is applied, then the
volume trim, then a look-ahead limiter holds the true peak (4x oversampled,
as BS.1770 defines it) under the ceiling: short gain dips with smooth ramps
instead of clipped samples. The limiter takes a little loudness away, so the
gain is corrected and the limiter run again until the result is on target.

Targets follow the podcast norm: -19 LUFS for mono, -16 LUFS for stereo (a mono
signal duplicated on two channels measures 3 LU louder, so both put the voice
at the same level), true peak at most -1 dBTP. Lossy encoders overshoot a
little, so their ceiling leaves a margin (``encode.Codec.ceiling``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MONO_TARGET = -19.0
STEREO_TARGET = -16.0
CEILING = -1.0  # dBTP
LOWEST, HIGHEST = -40.0, -6.0  # the --loudness bounds (LUFS)
ATTACK = 0.005  # seconds the limiter looks ahead (its gain ramps down over this)
HOLD = 0.060  # seconds the gain stays down after a peak before it ramps back up
OVERSAMPLE = 4
HARD_LIMITING = 0.2  # the share of samples limited beyond which a lossy encoder ...
HARD_MARGIN = -1.5  # ... gets this much more room under its ceiling (dB)


@dataclass(frozen=True)
class Result:
    """What mastering did: loudness before and after, the gain, the limiter's work."""

    before: float  # LUFS of the mix as it came
    after: float  # LUFS of the mastered samples
    gain_db: float  # applied before the limiter (target + trim - before, corrected)
    true_peak: float  # dBTP after the limiter
    limited: float  # the share of samples the limiter turned down


def default_target(channels: int) -> float:
    return MONO_TARGET if channels == 1 else STEREO_TARGET


def check_target(lufs: float) -> None:
    from .errors import FlagError

    if not (np.isfinite(lufs) and LOWEST <= lufs <= HIGHEST):
        raise FlagError(f"--loudness must be between {LOWEST:g} and {HIGHEST:g} LUFS "
                        f"(podcasts: -16 stereo, -19 mono), not {lufs:g}")


def integrated(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness in LUFS (-inf for silence)."""
    import pyloudnorm

    with np.errstate(divide="ignore"):
        return float(pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64)))


def peak_envelope(samples: np.ndarray, threshold: float = 0.0) -> np.ndarray:
    """Each sample's true peak: |sample|, and between samples (4x oversampled) where
    the signal comes within 6 dB of ``threshold`` (elsewhere no overshoot can matter)."""
    from scipy.signal import resample_poly

    frames = samples if samples.ndim == 2 else samples[:, None]
    env = np.abs(frames).max(axis=1)
    near = env > threshold * 0.5
    if not near.any():
        return env
    block = 2048
    pad = 64
    n = env.size
    flagged = np.flatnonzero(np.add.reduceat(near, np.arange(0, n, block)) > 0)
    # contiguous runs of flagged blocks, oversampled one run at a time
    breaks = np.flatnonzero(np.diff(flagged) > 1)
    for first, last in zip(np.r_[0, breaks + 1], np.r_[breaks, flagged.size - 1], strict=True):
        a, b = flagged[first] * block, min(n, (flagged[last] + 1) * block)
        lo, hi = max(0, a - pad), min(n, b + pad)
        up = resample_poly(frames[lo:hi].astype(np.float64), OVERSAMPLE, 1, axis=0)
        over = np.abs(up).max(axis=1).reshape(-1, OVERSAMPLE).max(axis=1)
        env[a:b] = np.maximum(env[a:b], over[a - lo:b - lo])
    return env


def true_peak(samples: np.ndarray) -> float:
    """The true peak in dBTP."""
    peak = float(peak_envelope(samples).max()) if samples.size else 0.0
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit(samples: np.ndarray, rate: int, ceiling_db: float) -> tuple[np.ndarray, float]:
    """The samples with their true peak under ``ceiling_db``, and the share turned down.

    The gain each sample needs is held for :data:`HOLD` after it and reached
    :data:`ATTACK` before it, then smoothed over :data:`ATTACK`: never above
    what any peak nearby needs, never a step.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = 10 ** (ceiling_db / 20)
    env = peak_envelope(samples, ceiling)
    if env.size == 0 or env.max() <= ceiling:
        return samples, 0.0
    need = np.minimum(1.0, ceiling / np.maximum(env, 1e-12))
    attack = max(2, round(ATTACK * rate) // 2 * 2)
    hold = max(2, round(HOLD * rate) // 2 * 2)
    # min over [i - hold, i + attack]; then a box of `attack` centred (half of it each side)
    gain = minimum_filter1d(need, size=attack + hold + 1, origin=(hold - attack) // 2)
    gain = uniform_filter1d(gain, size=attack // 2 * 2 - 1)
    gain = np.minimum(gain, 1.0).astype(np.float32)
    out = samples * (gain if samples.ndim == 1 else gain[:, None])
    return out, float((gain < 0.999).mean())


def master(samples: np.ndarray, rate: int, target: float, *, trim_db: float = 0.0,
           ceiling_db: float = CEILING) -> tuple[np.ndarray, Result]:
    """``samples`` (float, full scale 1.0) at ``target`` LUFS plus ``trim_db``, true peak
    under ``ceiling_db``: float32, ready to encode."""
    before = integrated(samples, rate)
    if not np.isfinite(before):  # silence: nothing to measure, nothing to change
        return samples.astype(np.float32), Result(before, before, 0.0, true_peak(samples), 0.0)
    goal = target + trim_db
    gain_db = goal - before
    for _ in range(4):
        out, limited = limit(samples * np.float32(10 ** (gain_db / 20)), rate, ceiling_db)
        after = integrated(out, rate)
        if abs(after - goal) <= 0.15 or limited == 0.0:
            break
        gain_db += goal - after
    return out.astype(np.float32), Result(before, after, gain_db, true_peak(out), limited)


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0) to 16-bit, rounded (the limiter keeps them in range)."""
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)

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
HARD_MARGIN = -1.5  # ... gets this much more room under its ceiling (dB): it overshoots more


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
    breaks = np.flatnonzero(np.diff(flagged) > 8)  # short gaps are cheaper oversampled too
    for first, last in zip(np.r_[0, breaks + 1], np.r_[breaks, flagged.size - 1], strict=True):
        a, b = flagged[first] * block, min(n, (flagged[last] + 1) * block)
        lo, hi = max(0, a - pad), min(n, b + pad)
        up = np.abs(resample_poly(frames[lo:hi], OVERSAMPLE, 1, axis=0))
        over = up.reshape(-1, OVERSAMPLE * frames.shape[1]).max(axis=1)
        env[a:b] = np.maximum(env[a:b], over[a - lo:b - lo])
    return env


def true_peak(samples: np.ndarray) -> float:
    """The true peak in dBTP."""
    peak = float(peak_envelope(samples).max()) if samples.size else 0.0
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limiter_gain(envelope: np.ndarray, rate: int, ceiling_db: float
                 ) -> tuple[np.ndarray, float, float]:
    """The limiter's gain at every sample for a signal whose true-peak envelope is
    ``envelope``, the share of samples turned down, and the true peak after (dBTP).

    The gain each sample needs is held for :data:`HOLD` after it and reached
    :data:`ATTACK` before it, then smoothed over :data:`ATTACK`: never above
    what any peak nearby needs, never a step.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = 10 ** (ceiling_db / 20)
    top = float(envelope.max()) if envelope.size else 0.0
    if top <= ceiling:
        return (np.ones(envelope.size, dtype=np.float32), 0.0,
                20 * np.log10(top) if top > 0 else float("-inf"))
    need = np.minimum(1.0, ceiling / np.maximum(envelope, 1e-12))
    attack = max(2, round(ATTACK * rate) // 2 * 2)
    hold = max(2, round(HOLD * rate) // 2 * 2)
    # min over [i - hold, i + attack]; then a box of `attack` centred (half of it each side)
    gain = minimum_filter1d(need, size=attack + hold + 1, origin=(hold - attack) // 2)
    gain = uniform_filter1d(gain, size=attack // 2 * 2 - 1)
    gain = np.minimum(gain, 1.0).astype(np.float32)
    peak = float((envelope * gain).max())
    return gain, float((gain < 0.999).mean()), 20 * np.log10(peak)


def limit(samples: np.ndarray, rate: int, ceiling_db: float) -> tuple[np.ndarray, float, float]:
    """The samples with their true peak under ``ceiling_db``, the share turned down, and
    the true peak after (dBTP)."""
    gain, limited, peak = limiter_gain(peak_envelope(samples, 10 ** (ceiling_db / 20)), rate,
                                       ceiling_db)
    return samples * (gain if samples.ndim == 1 else gain[:, None]), limited, peak


def k_power(samples: np.ndarray, rate: int) -> np.ndarray:
    """The K-weighted power at every sample, summed over the channels (BS.1770), through
    pyloudnorm's own filters."""
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    frames = samples if samples.ndim == 2 else samples[:, None]
    power = np.zeros(frames.shape[0], dtype=np.float64)
    for ch in range(frames.shape[1]):
        y = frames[:, ch].astype(np.float64)
        for stage in meter._filters.values():
            y = stage.apply_filter(y)
        power += y * y
    return power


def gated(power: np.ndarray, rate: int) -> float:
    """Integrated loudness (BS.1770 gating: 400 ms blocks every 100 ms, -70 LUFS absolute
    and -10 LU relative gates) from the K-weighted power, in one pass of sums."""
    block, step = round(0.4 * rate), round(0.1 * rate)
    if power.size < block:
        return float("-inf")
    total = np.concatenate([[0.0], np.cumsum(power)])
    starts = np.arange(0, power.size - block + 1, step)
    z = (total[starts + block] - total[starts]) / block
    with np.errstate(divide="ignore"):
        lk = -0.691 + 10 * np.log10(z)
    kept = z[lk >= -70.0]
    if kept.size == 0:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(kept.mean()) - 10.0
    with np.errstate(divide="ignore"):
        kept = kept[-0.691 + 10 * np.log10(kept) >= relative]
    return float(-0.691 + 10 * np.log10(kept.mean())) if kept.size else float("-inf")


def master(samples: np.ndarray, rate: int, target: float, *, trim_db: float = 0.0,
           ceiling_db: float = CEILING, hard_margin: float = 0.0) -> tuple[np.ndarray, Result]:
    """``samples`` (float, full scale 1.0) at ``target`` LUFS plus ``trim_db``, true peak
    under ``ceiling_db`` (lowered by ``hard_margin`` dB when the limiter works on more
    than :data:`HARD_LIMITING` of the samples): float32, ready to encode.

    The signal is K-weighted once; the limiter's gain changes slowly against the
    K-weighting filters, so the limited signal's loudness is that power times the
    gain squared, and finding the gain costs sums, not filter passes.
    """
    power = k_power(samples, rate)
    before = gated(power, rate)
    if not np.isfinite(before):  # silence: nothing to measure, nothing to change
        return samples.astype(np.float32), Result(before, before, 0.0, true_peak(samples), 0.0)
    goal = target + trim_db
    # the true-peak envelope once, wherever the peaks may come near the ceiling at any
    # gain tried below (the loop raises the gain only by what the limiter takes away)
    gain_db = goal - before
    envelope = peak_envelope(samples, 10 ** ((ceiling_db + hard_margin - gain_db - 3) / 20))

    def attempt(gain_db: float, ceiling: float) -> tuple[np.ndarray, float, float, float]:
        scale = np.float32(10 ** (gain_db / 20))
        gain, limited, peak = limiter_gain(envelope * scale, rate, ceiling)
        loud = gated(power * (scale * gain.astype(np.float64)) ** 2, rate)
        return gain * scale, limited, peak, loud

    def search(gain_db: float, ceiling: float) -> tuple[float, np.ndarray, float, float, float]:
        """The limiter compresses: find the gain that meets the goal by the secant method."""
        gain, limited, peak, after = attempt(gain_db, ceiling)
        tried = [(gain_db, after)]
        for _ in range(8):
            if abs(after - goal) <= 0.05:
                break
            if len(tried) < 2:
                gain_db += goal - after
            else:
                (g0, a0), (g1, a1) = tried[-2:]
                slope = (a1 - a0) / (g1 - g0) if g1 != g0 else 1.0
                gain_db = g1 + (goal - a1) / max(slope, 0.05)
            gain_db = min(gain_db, goal - before + 30.0)
            gain, limited, peak, after = attempt(gain_db, ceiling)
            tried.append((gain_db, after))
        return gain_db, gain, limited, peak, after

    gain_db, gain, limited, peak, after = search(gain_db, ceiling_db)
    if hard_margin and limited > HARD_LIMITING:
        gain_db, gain, limited, peak, after = search(gain_db, ceiling_db + hard_margin)
    out = samples * (gain if samples.ndim == 1 else gain[:, None])
    return out.astype(np.float32), Result(before, after, gain_db, peak, limited)


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0) to 16-bit, rounded (the limiter keeps them in range)."""
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)

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


def block_size(rate: int) -> int:
    """Samples in a block of about a millisecond: the limiter and the loudness search
    work on blocks (gains move over several), the result is drawn sample by sample."""
    return max(1, rate // 1000)


def _frames(samples: np.ndarray) -> np.ndarray:
    return samples if samples.ndim == 2 else samples[:, None]


def _blocks(values: np.ndarray, block: int, fill: float = 0.0) -> np.ndarray:
    """``values`` (n,) as (blocks, block), the last block padded with ``fill``."""
    blocks = -(-values.size // block)
    if blocks * block != values.size:
        values = np.concatenate([values, np.full(blocks * block - values.size, fill,
                                                 dtype=values.dtype)])
    return values.reshape(blocks, block)


def peak_blocks(samples: np.ndarray, block: int, threshold: float = 0.0) -> np.ndarray:
    """The true peak of each block: the largest |sample|, and between samples (4x
    oversampled, as BS.1770 defines it) wherever a block comes within 6 dB of
    ``threshold`` (elsewhere no overshoot can matter)."""
    from scipy.signal import resample_poly

    frames = _frames(samples)
    flat = np.abs(frames[:, 0]) if frames.shape[1] == 1 else np.abs(frames).max(axis=1)
    env = _blocks(flat, block).max(axis=1)
    flagged = np.flatnonzero(env > threshold * 0.5)
    if flagged.size == 0:
        return env
    n = frames.shape[0]
    pad = 16
    # runs of flagged blocks (short gaps bridged: one call is cheaper than two)
    breaks = np.flatnonzero(np.diff(flagged) > max(8, 2048 // block))
    for first, last in zip(np.r_[0, breaks + 1], np.r_[breaks, flagged.size - 1], strict=True):
        k0, k1 = int(flagged[first]), int(flagged[last]) + 1
        a, b = k0 * block, min(n, k1 * block)
        lo, hi = max(0, a - pad), min(n, b + pad)
        up = np.abs(resample_poly(frames[lo:hi], OVERSAMPLE, 1, axis=0))
        over = up[(a - lo) * OVERSAMPLE:(b - lo) * OVERSAMPLE].max(axis=1)
        env[k0:k1] = np.maximum(env[k0:k1], _blocks(over, block * OVERSAMPLE).max(axis=1))
    return env


def true_peak(samples: np.ndarray) -> float:
    """The true peak in dBTP."""
    peak = float(peak_blocks(samples, 1024).max()) if samples.size else 0.0
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limiter_gain(peaks: np.ndarray, rate: int, block: int, ceiling_db: float
                 ) -> tuple[np.ndarray, float, float]:
    """The limiter's gain for each block, given each block's true peak; the share of
    blocks turned down; and the true peak after (dBTP).

    The gain each block needs is held for :data:`HOLD` after it and reached
    :data:`ATTACK` before it, then smoothed over :data:`ATTACK`: never above
    what any peak nearby needs, never a step.
    """
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    ceiling = 10 ** (ceiling_db / 20)
    top = float(peaks.max()) if peaks.size else 0.0
    if top <= ceiling:
        return (np.ones(peaks.size, dtype=np.float32), 0.0,
                20 * np.log10(top) if top > 0 else float("-inf"))
    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    attack = max(2, round(ATTACK * rate / block) // 2 * 2)
    hold = max(2, round(HOLD * rate / block) // 2 * 2)
    # min over [k - hold, k + attack]; then a box of `attack` centred (half of it each side)
    gain = minimum_filter1d(need, size=attack + hold + 1, origin=(hold - attack) // 2)
    gain = np.minimum(uniform_filter1d(gain, size=attack // 2 * 2 - 1), 1.0)
    return gain.astype(np.float32), float((gain < 0.999).mean()), \
        20 * np.log10(float((peaks * gain).max()))


def per_sample(gain: np.ndarray, block: int, n: int) -> np.ndarray:
    """Block gains drawn between block starts: each sample's gain lies between its own
    block's and the next one's, and the next block's window holds this block too, so
    it is never above what the sample needs."""
    if block == 1:
        return gain[:n]
    nxt = np.append(gain[1:], gain[-1])
    ramp = np.arange(block, dtype=np.float32) / block
    return (gain[:, None] + (nxt - gain)[:, None] * ramp[None, :]).reshape(-1)[:n]


def limit(samples: np.ndarray, rate: int, ceiling_db: float) -> tuple[np.ndarray, float, float]:
    """The samples with their true peak under ``ceiling_db``, the share of blocks turned
    down, and the true peak after (dBTP)."""
    block = block_size(rate)
    peaks = peak_blocks(samples, block, 10 ** (ceiling_db / 20))
    gain, limited, peak = limiter_gain(peaks, rate, block, ceiling_db)
    g = per_sample(gain, block, samples.shape[0])
    return samples * (g if samples.ndim == 1 else g[:, None]), limited, peak


def k_power(samples: np.ndarray, rate: int) -> np.ndarray:
    """The K-weighted power of each sample, summed over the channels (BS.1770),
    through pyloudnorm's own filters."""
    import pyloudnorm

    meter = pyloudnorm.Meter(rate)
    frames = _frames(samples)
    power = np.zeros(frames.shape[0], dtype=np.float64)
    for ch in range(frames.shape[1]):
        y = frames[:, ch].astype(np.float64)
        for stage in meter._filters.values():
            y = stage.apply_filter(y)
        power += y * y
    return power


def gated(power: np.ndarray, step: int) -> float:
    """Integrated loudness (BS.1770 gating: blocks of four ``step`` s, one every step,
    -70 LUFS absolute and -10 LU relative gates) from the K-weighted power."""
    steps = power.size // step
    if steps < 4:
        return float("-inf")
    per_step = power[: steps * step].reshape(steps, step).sum(axis=1)
    z = np.convolve(per_step, np.ones(4), mode="valid") / (4 * step)
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
    than :data:`HARD_LIMITING` of the blocks): float32, ready to encode.

    The signal is K-weighted once (pyloudnorm's filters). The limiter's gain moves
    slowly against those filters, so the limited signal's loudness is the power of
    each block times the gain squared: the gain is searched on sums per block,
    without another pass over the samples.
    """
    block = block_size(rate)
    step = round(0.1 * rate)
    power = k_power(samples, rate)
    before = gated(power, step)
    if not np.isfinite(before):  # silence: nothing to measure, nothing to change
        return samples.astype(np.float32), Result(before, before, 0.0, true_peak(samples), 0.0)
    block_power = _blocks(power, block).sum(axis=1)
    block_step = max(1, round(step / block))
    goal = target + trim_db
    gain_db = goal - before
    # the true peaks once, oversampled wherever they may come near the ceiling at any
    # gain tried below (the search raises the gain only by what the limiter takes away)
    peaks = peak_blocks(samples, block, 10 ** ((ceiling_db + hard_margin - gain_db - 3) / 20))

    def attempt(gain_db: float, ceiling: float) -> tuple[np.ndarray, float, float, float]:
        scale = np.float32(10 ** (gain_db / 20))
        gain, limited, peak = limiter_gain(peaks * scale, rate, block, ceiling)
        loud = gated(block_power * (scale * gain.astype(np.float64)) ** 2 / block,
                     block_step)
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
    g = per_sample(gain, block, samples.shape[0])
    out = samples * (g if samples.ndim == 1 else g[:, None])
    after = gated(power * g.astype(np.float64) ** 2, step)  # on every sample, to report
    return out.astype(np.float32), Result(before, after, gain_db, peak, limited)


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0) to 16-bit, rounded (the limiter keeps them in range)."""
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)

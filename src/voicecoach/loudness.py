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

import functools
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

MONO_TARGET = -19.0
STEREO_TARGET = -16.0
CEILING = -1.0  # dBTP
LOWEST, HIGHEST = -40.0, -6.0  # the --loudness bounds (LUFS)
ATTACK = 0.005  # seconds the limiter looks ahead (its gain ramps down over this)
HOLD = 0.060  # seconds the gain stays down after a peak before it ramps back up
OVERSAMPLE = 4
HARD_LIMITING = 0.2  # the share of samples limited beyond which a lossy encoder ...
HARD_MARGIN = -2.5  # ... gets this much more room under its ceiling (dB): it overshoots more


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


def peak_blocks(samples: np.ndarray, block: int, threshold: float = 0.0, *,
                left: int = 0, right: int = 0) -> np.ndarray:
    """The true peak of each block: the largest |sample|, and between samples (4x
    oversampled, as BS.1770 defines it) wherever a block comes within 6 dB of
    ``threshold`` (elsewhere no overshoot can matter). ``left`` and ``right`` samples
    at the ends are context only (a chunk of a longer signal): no blocks of their own."""
    from scipy.signal import resample_poly

    full = _frames(samples)
    taps = _oversampler(full.dtype.str if full.dtype.kind == "f" else "<f8")
    frames = full[left:full.shape[0] - right]
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
        lo, hi = max(-left, a - pad), min(n + right, b + pad)
        up = np.abs(resample_poly(full[lo + left:hi + left], OVERSAMPLE, 1, axis=0,
                                   window=taps))
        over = up[(a - lo) * OVERSAMPLE:(b - lo) * OVERSAMPLE].max(axis=1)
        env[k0:k1] = np.maximum(env[k0:k1], _blocks(over, block * OVERSAMPLE).max(axis=1))
    return env


@functools.cache
def _oversampler(dtype: str) -> np.ndarray:
    """The interpolation filter ``resample_poly`` designs for 4x (a Kaiser-windowed sinc,
    beta 5, in the samples' type), designed once: designing it anew each call took as
    long as using it."""
    from scipy.signal import firwin

    half = 10 * OVERSAMPLE
    taps = firwin(2 * half + 1, 1.0 / OVERSAMPLE, window=("kaiser", 5.0)).astype(dtype)
    taps.flags.writeable = False
    return taps


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
    return gated_steps(power[: steps * step].reshape(steps, step).sum(axis=1), step)


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
        gain_db, (gain, limited, peak, after) = secant(
            lambda g: attempt(g, ceiling), gain_db, goal, goal - before + 30.0)
        return gain_db, gain, limited, peak, after

    gain_db, gain, limited, peak, after = search(gain_db, ceiling_db)
    if hard_margin and limited > HARD_LIMITING:
        gain_db, gain, limited, peak, after = search(gain_db, ceiling_db + hard_margin)
    g = per_sample(gain, block, samples.shape[0])
    out = samples * (g if samples.ndim == 1 else g[:, None])
    after = gated(power * g.astype(np.float64) ** 2, step)  # on every sample, to report
    return out.astype(np.float32), Result(before, after, gain_db, peak, limited)


_Tried = TypeVar("_Tried", bound=tuple[Any, ...])


def secant(attempt: Callable[[float], _Tried], gain_db: float, goal: float, cap: float
           ) -> tuple[float, _Tried]:
    """The gain (dB) whose loudness after the limiter meets ``goal``, by the secant
    method (the limiter compresses, so gain and loudness are not one for one).
    ``attempt(gain_db)`` gives a tuple whose last item is that loudness; the gain never
    goes above ``cap``. Returns the gain and its attempt."""
    tried = attempt(gain_db)
    history = [(gain_db, float(tried[-1]))]
    for _ in range(8):
        after = history[-1][1]
        if abs(after - goal) <= 0.05:
            break
        if len(history) < 2:
            gain_db += goal - after
        else:
            (g0, a0), (g1, a1) = history[-2:]
            slope = (a1 - a0) / (g1 - g0) if g1 != g0 else 1.0
            gain_db = g1 + (goal - a1) / max(slope, 0.05)
        gain_db = min(gain_db, cap)
        tried = attempt(gain_db)
        history.append((gain_db, float(tried[-1])))
    return gain_db, tried


def to_int16(samples: np.ndarray) -> np.ndarray:
    """Float samples (full scale 1.0) to 16-bit, rounded (the limiter keeps them in range)."""
    return np.clip(np.round(samples * 32768.0), -32768, 32767).astype(np.int16)


# --- streaming: the same mastering over a signal given in chunks (flat memory) ---------

Source = Callable[[int, int], np.ndarray]  # (start, end) -> float32 samples, (n,) or (n, ch)
MARGIN = 256  # blocks of context each side when the limiter's gain is drawn in chunks
CONTEXT = 16  # samples of context each side for the oversampled true peak


def chunk_size(rate: int, seconds: float = 8.0) -> int:
    """Samples in a streaming chunk: whole blocks and whole 100 ms gating steps."""
    block, step = block_size(rate), round(0.1 * rate)
    unit = block * step // math.gcd(block, step)
    return unit * max(1, round(seconds * rate / unit))


class KWeighting:
    """BS.1770's K-weighting filters (pyloudnorm's), carried from chunk to chunk."""

    def __init__(self, rate: int, channels: int) -> None:
        import pyloudnorm

        self.stages = [(s.passband_gain, s.b, s.a) for s in
                       pyloudnorm.Meter(rate)._filters.values()]
        self.state = [[np.zeros(max(len(a), len(b)) - 1) for _, b, a in self.stages]
                      for _ in range(channels)]

    def power(self, frames: np.ndarray) -> np.ndarray:
        """The K-weighted power of each sample of the next chunk, summed over channels."""
        from scipy.signal import lfilter

        frames = _frames(frames)
        power = np.zeros(frames.shape[0], dtype=np.float64)
        for ch in range(frames.shape[1]):
            y = frames[:, ch].astype(np.float64)
            for i, (g, b, a) in enumerate(self.stages):
                y, self.state[ch][i] = lfilter(b, a, y, zi=self.state[ch][i])
                y = g * y
            power += y * y
        return power


def gated_steps(per_step: np.ndarray, step: int) -> float:
    """:func:`gated` from the power summed over each step."""
    if per_step.size < 4:
        return float("-inf")
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


def integrated_stream(source: Source, total: int, rate: int, channels: int = 1) -> float:
    """Integrated loudness (LUFS) of ``source``, read a chunk at a time."""
    step, size = round(0.1 * rate), chunk_size(rate)
    weights = KWeighting(rate, channels)
    steps: list[np.ndarray] = []
    for a in range(0, total, size):
        power = weights.power(source(a, min(total, a + size)))
        whole = power.size // step * step
        steps.append(power[:whole].reshape(-1, step).sum(axis=1))
    return gated_steps(np.concatenate(steps) if steps else np.zeros(0), step)


def _gain_chunk(peaks: np.ndarray, rate: int, block: int, ceiling: float) -> np.ndarray:
    """:func:`limiter_gain`'s gain (no early exit, no statistics) on a stretch of blocks."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    attack = max(2, round(ATTACK * rate / block) // 2 * 2)
    hold = max(2, round(HOLD * rate / block) // 2 * 2)
    gain = minimum_filter1d(need, size=attack + hold + 1, origin=(hold - attack) // 2)
    return np.minimum(uniform_filter1d(gain, size=attack // 2 * 2 - 1), 1.0).astype(np.float32)


class Stream:
    """Two passes over a signal too long to hold: :meth:`analyse` measures it (loudness,
    and each millisecond block's power and true peak, kept in a scratch file, not in
    memory) and searches the gain as :func:`master` does; :meth:`chunks` then yields the
    mastered 16-bit samples a chunk at a time, for the encoder. Use it as a context
    manager (the scratch file goes at the end)."""

    def __init__(self, source: Source, total: int, rate: int, channels: int) -> None:
        import tempfile

        self.source, self.total, self.rate, self.channels = source, total, rate, channels
        self.block = block_size(rate)
        self.size = chunk_size(rate)
        self.blocks = -(-total // self.block)
        self._dir = tempfile.TemporaryDirectory(prefix="voicecoach-master-")
        self.power_path = Path(self._dir.name) / "power.f32"
        self.peak_path = Path(self._dir.name) / "peak.f32"
        self.scale = np.float32(1.0)
        self.ceiling = 1.0
        self.silent = False

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, *exc: object) -> None:
        self._dir.cleanup()

    def _read(self, path: Path, k0: int, k1: int) -> np.ndarray:
        with path.open("rb") as f:
            f.seek(4 * k0)
            return np.fromfile(f, dtype=np.float32, count=k1 - k0)

    def _gain(self, k0: int, k1: int) -> np.ndarray:
        """The limiter's gain (times the scale) for blocks [k0, k1)."""
        if self.silent:
            return np.ones(k1 - k0, dtype=np.float32)
        lo, hi = max(0, k0 - MARGIN), min(self.blocks, k1 + MARGIN)
        peaks = self._read(self.peak_path, lo, hi) * self.scale
        if float(peaks.max(initial=0.0)) <= self.ceiling:
            return np.full(k1 - k0, self.scale, dtype=np.float32)
        gain = _gain_chunk(peaks, self.rate, self.block, self.ceiling)
        return gain[k0 - lo:k1 - lo] * self.scale

    def analyse(self, target: float, *, trim_db: float = 0.0, ceiling_db: float = CEILING,
                hard_margin: float = 0.0) -> Result:
        """Pass one: loudness and block power; pass two: true peaks where they may come
        near the ceiling; then the gain search, on the blocks (as :func:`master`)."""
        block, rate, size = self.block, self.rate, self.size
        step = round(0.1 * rate)
        weights = KWeighting(rate, self.channels)
        steps: list[np.ndarray] = []
        env_parts = 0.0
        with self.power_path.open("wb") as pf:
            for a in range(0, self.total, size):
                frames = self.source(a, min(self.total, a + size))
                power = weights.power(frames)
                whole = power.size // step * step
                steps.append(power[:whole].reshape(-1, step).sum(axis=1))
                pf.write(_blocks(power, block).sum(axis=1).astype(np.float32).tobytes())
                env_parts = max(env_parts, float(np.abs(frames).max(initial=0.0)))
        before = gated_steps(np.concatenate(steps) if steps else np.zeros(0), step)
        if not np.isfinite(before):  # silence: nothing to measure, nothing to change
            self.silent = True
            tp = 20 * np.log10(env_parts) if env_parts > 0 else float("-inf")
            return Result(before, before, 0.0, tp, 0.0)
        goal = target + trim_db
        gain_db = goal - before
        threshold = 10 ** ((ceiling_db + hard_margin - gain_db - 3) / 20)
        with self.peak_path.open("wb") as kf:
            for a in range(0, self.total, size):
                b = min(self.total, a + size)
                lo, hi = max(0, a - CONTEXT), min(self.total, b + CONTEXT)
                frames = self.source(lo, hi)
                kf.write(peak_blocks(frames, block, threshold, left=a - lo, right=hi - b)
                         .astype(np.float32).tobytes())
        block_step = max(1, round(step / block))
        per = self.size // block

        def attempt(gain_db: float, ceiling: float) -> tuple[float, float, float]:
            self.scale = np.float32(10 ** (gain_db / 20))
            self.ceiling = 10 ** (ceiling / 20)
            sums: list[np.ndarray] = []
            carry = np.zeros(0)
            limited = 0
            peak = 0.0
            for k0 in range(0, self.blocks, per):
                k1 = min(self.blocks, k0 + per)
                g = self._gain(k0, k1).astype(np.float64)
                limited += int((g < 0.999 * float(self.scale)).sum())
                peak = max(peak, float((self._read(self.peak_path, k0, k1) * g).max()))
                p = np.concatenate([carry, self._read(self.power_path, k0, k1) * g * g / block])
                whole = p.size // block_step * block_step
                sums.append(p[:whole].reshape(-1, block_step).sum(axis=1))
                carry = p[whole:]
            loud = gated_steps(np.concatenate(sums) if sums else np.zeros(0), block_step)
            return limited / max(1, self.blocks), \
                20 * np.log10(peak) if peak > 0 else float("-inf"), loud

        def search(gain_db: float, ceiling: float) -> tuple[float, float, float, float]:
            gain_db, (limited, peak, after) = secant(
                lambda g: attempt(g, ceiling), gain_db, goal, goal - before + 30.0)
            return gain_db, limited, peak, after

        gain_db, limited, peak, after = search(gain_db, ceiling_db)
        if hard_margin and limited > HARD_LIMITING:
            gain_db, limited, peak, after = search(gain_db, ceiling_db + hard_margin)
        return Result(before, after, gain_db, peak, limited)

    def chunks(self) -> Iterator[np.ndarray]:
        """Pass three: the mastered samples as 16-bit, a chunk at a time."""
        block, size = self.block, self.size
        for a in range(0, self.total, size):
            b = min(self.total, a + size)
            k0, k1 = a // block, -(-b // block)
            g = self._gain(k0, min(self.blocks, k1 + 1))
            if g.size == k1 - k0:  # the last block: drawn flat, as per_sample does
                g = np.append(g, g[-1])
            ramp = np.arange(block, dtype=np.float32) / block
            drawn = (g[:-1, None] + (g[1:] - g[:-1])[:, None] * ramp[None, :]).reshape(-1)
            frames = self.source(a, b)
            drawn = drawn[: b - a]
            yield to_int16(frames * (drawn if frames.ndim == 1 else drawn[:, None]))

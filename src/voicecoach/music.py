"""Music under the voice: the user's tracks as a bed, ducked under every cue.

``--music PATH`` is a file in any format ffmpeg reads, or a folder whose audio
files play in turn, shuffled the same way every time (seeded by their names).
The tracks are crossfaded into one another and looped to the session's
length, faded in at the start and out at the end, set :data:`BED` dB under the
voice's loudness, and ducked ``--duck`` dB under every spoken cue and tone:
the music is down :data:`ATTACK` before a cue starts (no clipped first
syllable) and comes back over :data:`RELEASE` after it ends; cues closer than
that are bridged, so the music does not pump between counted reps.
"""

from __future__ import annotations

import itertools
import random
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .errors import DependencyError, FlagError
from .timeline import Timeline

BED = -8.0  # dB: the music's loudness against the voice's, between cues
DUCK = 12.0  # dB the music goes down under a cue (--duck)
DUCK_RANGE = (0.0, 40.0)
ATTACK = 0.15  # seconds: the ramp down ends as the cue starts
RELEASE = 0.40  # seconds: the ramp up starts as the cue ends
BRIDGE = ATTACK + RELEASE  # cues closer than this keep the music down between them
CROSSFADE = 3.0  # seconds between one track and the next (and the loop's seam)
FADE_IN = 2.0
FADE_OUT = 4.0
AUDIO_SUFFIXES = {".mp3", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".wav", ".wma",
                  ".aif", ".aiff", ".mka", ".webm", ".mp4"}


def check_duck(db: float) -> None:
    low, high = DUCK_RANGE
    if not (np.isfinite(db) and low <= db <= high):
        raise FlagError(f"--duck must be between {low:g} and {high:g} dB, not {db:g}")


def tracks(path: Path) -> list[Path]:
    """The files to play: ``path``, or the audio files in the folder ``path``, shuffled
    deterministically (the same folder plays in the same order every time)."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir()
                       if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
        if not found:
            raise FlagError(f"--music {path}: the folder holds no audio files")
        random.Random("\n".join(p.name for p in found)).shuffle(found)
        return found
    if not path.is_file():
        raise FlagError(f"--music {path}: no such file or folder")
    return [path]


def decode(path: Path, rate: int, channels: int, seconds: float | None = None) -> np.ndarray:
    """A file's audio as float32 frames (n, channels) at ``rate``, through ffmpeg."""
    exe = shutil.which("ffmpeg")
    if not exe:
        raise DependencyError("ffmpeg is not installed; it is needed to read --music",
                              hint="Debian/Ubuntu: sudo apt-get install ffmpeg")
    command = [exe, "-nostdin", "-v", "error", "-i", str(path)]
    if seconds is not None:
        command += ["-t", f"{seconds:.3f}"]
    command += ["-vn", "-f", "f32le", "-ac", str(channels), "-ar", str(rate), "pipe:1"]
    try:
        result = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL,
                                timeout=600)
    except subprocess.TimeoutExpired:
        raise FlagError(f"--music {path}: ffmpeg took too long to read it") from None
    audio = np.frombuffer(result.stdout, dtype="<f4")
    if result.returncode != 0 or audio.size < channels * rate // 10:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        why = detail[-1] if detail else "no audio in it"
        raise FlagError(f"--music {path}: ffmpeg cannot read it as audio ({why})")
    return audio[: audio.size // channels * channels].reshape(-1, channels).copy()


def _ramp(n: int, up: bool) -> np.ndarray:
    r = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))  # equal-gain raised cosine
    return (r if up else r[::-1]).astype(np.float32)[:, None]


def bed_length(parts: Sequence[np.ndarray], total: int, rate: int) -> np.ndarray:
    """The tracks one after the other, crossfaded, looped until ``total`` frames."""
    fade = round(CROSSFADE * rate)
    channels = parts[0].shape[1]
    out = np.zeros((total, channels), dtype=np.float32)
    position = 0  # where the music heard so far ends
    for i in itertools.count():
        part = parts[i % len(parts)]
        x = min(fade, part.shape[0] // 3, position)  # the overlap with what is there
        start = position - x
        end = min(total, start + part.shape[0])
        chunk = part[: end - start].copy()
        if x:
            chunk[:x] *= _ramp(x, up=True)
            out[start:start + x] *= _ramp(x, up=False)
        out[start:end] += chunk
        position = end
        if position >= total or i > 100_000:  # i: a track of a few samples, looped
            break
    fi, fo = min(round(FADE_IN * rate), total // 2), min(round(FADE_OUT * rate), total // 2)
    if fi:
        out[:fi] *= _ramp(fi, up=True)
    if fo:
        out[total - fo:] *= _ramp(fo, up=False)
    return out


def cue_spans(timeline: Timeline) -> list[tuple[int, int]]:
    """The stretches the music is ducked under: every spoken cue and tone, bridged
    where the music would have less than :data:`BRIDGE` to come back up."""
    bridge = round(BRIDGE * timeline.rate)
    spans: list[tuple[int, int]] = []
    for event in timeline.events:
        if event.kind == "silence":
            continue
        if spans and event.start - spans[-1][1] < bridge:
            spans[-1] = (spans[-1][0], event.end)
        else:
            spans.append((event.start, event.end))
    return spans


def duck_gain(timeline: Timeline, duck_db: float) -> np.ndarray:
    """The music's gain at every sample: 1 between cues, ``-duck_db`` dB under them,
    with ramps (linear in dB) of :data:`ATTACK` before and :data:`RELEASE` after.
    Worked out on millisecond blocks, drawn between them sample by sample."""
    from .loudness import block_size, per_sample

    rate = timeline.rate
    block = block_size(rate)
    n = -(-timeline.total // block)
    db = np.zeros(n, dtype=np.float32)
    attack, release = round(ATTACK * rate / block), round(RELEASE * rate / block)
    for first, last in cue_spans(timeline):
        start, end = first // block, -(-last // block)  # every block a cue touches
        db[start:end] = -duck_db
        a = max(0, start - attack)
        down = np.linspace(0.0, -duck_db, start - a + 1, dtype=np.float32)[:-1]
        db[a:start] = np.minimum(db[a:start], down)
        b = min(n, end + release)
        up = np.linspace(-duck_db, 0.0, b - end + 1, dtype=np.float32)[1:]
        db[end:b] = np.minimum(db[end:b], up[: b - end])
    # drawn from each block to the next, and from the one before to each block: the
    # lower of the two is fully down over every block a cue touches, first to last
    gain = (10.0 ** (db / 20.0)).astype(np.float32)
    before = np.insert(gain[:-1], 0, gain[0])
    return np.minimum(per_sample(gain, block, timeline.total),
                      per_sample(before, block, timeline.total))


def bed(path: Path, timeline: Timeline, channels: int, voice_lufs: float,
        duck_db: float = DUCK) -> np.ndarray:
    """The music for the whole session (float32, (n, channels)): looped, faded, set
    :data:`BED` dB under ``voice_lufs`` and ducked under every cue."""
    from . import loudness

    check_duck(duck_db)
    rate, total = timeline.rate, timeline.total
    files = tracks(path)
    parts: list[np.ndarray] = []
    have = 0
    for file in files:  # enough tracks for the session (the rest are never heard)
        parts.append(decode(file, rate, channels, seconds=timeline.duration + CROSSFADE))
        have += parts[-1].shape[0]
        if have >= total:
            break
    # the level of the tracks as decoded (the looped bed is the same music, longer)
    heard = np.concatenate(parts)[:total]
    level = loudness.gated(loudness.k_power(heard, rate), round(0.1 * rate))
    music = bed_length(parts, total, rate)
    if np.isfinite(level) and np.isfinite(voice_lufs):
        # a mono voice on two channels measures 3 LU louder: compare like with like
        voice = voice_lufs + (3.01 if channels == 2 else 0.0)
        music *= np.float32(10 ** ((voice + BED - level) / 20))
    return music * duck_gain(timeline, duck_db)[:, None]


class Bed:
    """:func:`bed` for any stretch of the session, without the whole session in memory:
    the tracks are decoded once (as heard, at most the session's length), the loop's
    seams, fades, level and ducking are worked out for each stretch asked for."""

    def __init__(self, path: Path, timeline: Timeline, channels: int, voice_lufs: float,
                 duck_db: float = DUCK) -> None:
        from . import loudness

        check_duck(duck_db)
        self.timeline, self.channels, self.duck_db = timeline, channels, duck_db
        rate, total = timeline.rate, timeline.total
        self.parts: list[np.ndarray] = []
        have = 0
        for file in tracks(path):  # enough tracks for the session (the rest are never heard)
            self.parts.append(decode(file, rate, channels,
                                     seconds=timeline.duration + CROSSFADE))
            have += self.parts[-1].shape[0]
            if have >= total:
                break
        # the level of the tracks as decoded (the looped bed is the same music, longer)
        weights = loudness.KWeighting(rate, channels)
        step = round(0.1 * rate)
        left, sums = total, []
        carry = np.zeros(0)
        for part in self.parts:
            p = np.concatenate([carry, weights.power(part[:left])])
            left -= min(left, part.shape[0])
            whole = p.size // step * step
            sums.append(p[:whole].reshape(-1, step).sum(axis=1))
            carry = p[whole:]
        level = loudness.gated_steps(np.concatenate(sums), step)
        self.gain = np.float32(1.0)
        if np.isfinite(level) and np.isfinite(voice_lufs):
            voice = voice_lufs + (3.01 if channels == 2 else 0.0)
            self.gain = np.float32(10 ** ((voice + BED - level) / 20))
        # where each track sits in the loop: (start, end, part, fade in, fade out)
        fade = round(CROSSFADE * rate)
        self.places: list[list[int]] = []
        position = 0
        for i in itertools.count():
            n = i % len(self.parts)
            x = min(fade, self.parts[n].shape[0] // 3, position)
            start = position - x
            end = min(total, start + self.parts[n].shape[0])
            if self.places:
                self.places[-1][4] = x
            self.places.append([start, end, n, x, 0])
            position = end
            if position >= total or i > 100_000:
                break
        self.spans = cue_spans(timeline)
        self.span_ends = [e for _, e in self.spans]

    def music(self, start: int, end: int) -> np.ndarray:
        """The looped, crossfaded, faded bed for [start, end), before level and ducking."""
        total, rate = self.timeline.total, self.timeline.rate
        out = np.zeros((end - start, self.channels), dtype=np.float32)
        for s, e, n, x_in, x_out in self.places:
            a, b = max(start, s), min(end, e)
            if a >= b:
                continue
            chunk = self.parts[n][a - s:b - s].copy()
            if x_in and a < s + x_in:  # fading in over the previous track
                r = _ramp(x_in, up=True)
                chunk[: min(b, s + x_in) - a] *= r[a - s:min(b, s + x_in) - s]
            if x_out and b > e - x_out:  # the next track fades in over this one's end
                r = _ramp(x_out, up=False)
                c = max(a, e - x_out)
                chunk[c - a:] *= r[c - (e - x_out):b - (e - x_out)]
            out[a - start:b - start] += chunk
        fi, fo = min(round(FADE_IN * rate), total // 2), min(round(FADE_OUT * rate), total // 2)
        if fi and start < fi:
            r = _ramp(fi, up=True)
            out[: min(end, fi) - start] *= r[start:min(end, fi)]
        if fo and end > total - fo:
            r = _ramp(fo, up=False)
            c = max(start, total - fo)
            out[c - start:] *= r[c - (total - fo):end - (total - fo)]
        return out

    def duck(self, start: int, end: int) -> np.ndarray:
        """:func:`duck_gain` for [start, end)."""
        from .loudness import block_size

        rate, total = self.timeline.rate, self.timeline.total
        block = block_size(rate)
        n = -(-total // block)
        attack, release = round(ATTACK * rate / block), round(RELEASE * rate / block)
        k0, k1 = max(0, start // block - 1), min(n, -(-end // block) + 1)
        db = np.zeros(k1 - k0, dtype=np.float32)
        import bisect

        first = bisect.bisect_left(self.span_ends, (k0 - release - 2) * block)
        for lo, hi in self.spans[first:]:
            s_blk, e_blk = lo // block, -(-hi // block)
            if s_blk - attack > k1:
                break
            if e_blk + release < k0:
                continue
            a = max(0, s_blk - attack)
            down = np.linspace(0.0, -self.duck_db, s_blk - a + 1, dtype=np.float32)[:-1]
            b = min(n, e_blk + release)
            up = np.linspace(-self.duck_db, 0.0, b - e_blk + 1, dtype=np.float32)[1:]
            for first_k, values in ((a, down), (s_blk, np.full(e_blk - s_blk, -self.duck_db,
                                                                dtype=np.float32)),
                                    (e_blk, up[: b - e_blk])):
                u, v = max(k0, first_k), min(k1, first_k + values.size)
                if u < v:
                    db[u - k0:v - k0] = np.minimum(db[u - k0:v - k0],
                                                   values[u - first_k:v - first_k])
        gain = (10.0 ** (db / 20.0)).astype(np.float32)
        # as duck_gain: drawn to the next block, and from the one before; the lower
        first_k, last_k = start // block, -(-end // block)
        idx = np.arange(first_k, last_k)
        cur = gain[idx - k0]
        nxt = gain[np.minimum(idx + 1, n - 1) - k0]
        prv = gain[np.maximum(idx - 1, 0) - k0]
        ramp = np.arange(block, dtype=np.float32) / block
        both = np.minimum(cur[:, None] + (nxt - cur)[:, None] * ramp[None, :],
                          prv[:, None] + (cur - prv)[:, None] * ramp[None, :]).reshape(-1)
        return both[start - first_k * block:end - first_k * block]

    def __call__(self, start: int, end: int) -> np.ndarray:
        return self.music(start, end) * (self.duck(start, end) * self.gain)[:, None]

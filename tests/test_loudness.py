"""voicecoach.loudness: the target met and the true peak held, measured on the exported
file with an independent meter (ffmpeg's ebur128 filter)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from voicecoach import export, loudness, render, sources
from voicecoach import session as sessions
from voicecoach.errors import FlagError
from voicecoach.speech import SpeechCache

RATE = 22050


def ebur128(path: Path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) by ffmpeg's ebur128 filter."""
    err = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-af",
         "ebur128=peak=true", "-f", "null", "-"], capture_output=True, text=True, check=True,
    ).stderr
    summary = err[err.rindex("Summary:"):]
    lufs = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]
    peak = float(re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary).group(1))  # type: ignore[union-attr]
    return lufs, peak


def speechlike(seconds: float = 20.0, level: float = 0.05) -> np.ndarray:
    """Bursts of a rich harmonic tone with sharp transients: a stand-in for speech."""
    rng = np.random.default_rng(1)
    t = np.arange(round(seconds * RATE)) / RATE
    wave = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 12))
    gate = (np.sin(2 * np.pi * 1.3 * t) > 0).astype(float)
    out = wave * gate * level
    out[rng.integers(0, t.size, 40)] = 0.9  # isolated spikes well over any ceiling
    return out.astype(np.float32)


def test_master_reaches_the_target_under_the_ceiling() -> None:
    out, result = loudness.master(speechlike(), RATE, -19.0, ceiling_db=-1.0)
    assert loudness.integrated(out, RATE) == pytest.approx(-19.0, abs=0.2)
    assert loudness.true_peak(out) <= -1.0 + 0.05
    assert 0 < result.limited < 0.25  # the limiter worked on the peaks only


def test_a_trim_never_clips() -> None:
    out, _ = loudness.master(speechlike(), RATE, -19.0, trim_db=20 * np.log10(2.0))
    assert np.abs(out).max() < 10 ** (-1.0 / 20)
    assert loudness.integrated(out, RATE) > -19.0 + 4  # louder, as asked


def test_the_limiter_ramps_instead_of_stepping() -> None:
    spike = np.full(RATE, 0.1, dtype=np.float32)
    spike[RATE // 2] = 1.0
    out, _, peak = loudness.limit(spike, RATE, -6.0)
    assert peak <= -6.0 + 1e-6
    gain = out / spike
    assert gain[RATE // 2] <= 10 ** (-6 / 20) + 1e-6
    assert np.abs(np.diff(gain)).max() < 0.01  # spread over milliseconds, no step
    assert gain[0] == 1.0 and gain[-1] == 1.0  # untouched away from the peak


def test_silence_is_left_alone() -> None:
    out, result = loudness.master(np.zeros(RATE, np.float32), RATE, -19.0)
    assert not out.any() and result.gain_db == 0.0


@pytest.mark.parametrize("lufs", [-50.0, 0.0, float("nan")])
def test_an_absurd_target_is_refused(lufs: float) -> None:
    with pytest.raises(FlagError, match="--loudness must be between -40 and -6 LUFS"):
        loudness.check_target(lufs)


@pytest.mark.audio
@pytest.mark.parametrize(("kind", "channels", "volume", "target"), [
    ("mp3", 1, 1.0, -19.0), ("mp3", 2, 1.0, -16.0), ("m4a", 2, 1.0, -16.0),
    ("opus", 1, 1.0, -19.0), ("flac", 1, 1.0, -19.0), ("mp3", 1, 2.0, None),
    ("wav", 1, 1.0, -23.0),
])
def test_the_exported_file_meets_its_target(tmp_path: Path, data_dir: Path, kind: str,
                                            channels: int, volume: float,
                                            target: float | None) -> None:
    session = sessions.apply(sources.load(data_dir / "tiny.yaml"),
                             sessions.Options(voice=sessions.Voice(volume=volume)))
    fmt = export.Format(kind=kind, channels=channels)
    out = tmp_path / f"t{fmt.codec.extensions[0]}"
    render.to_file(session, out, SpeechCache(), fmt=fmt,
                   loudness=target if target != -19.0 and target != -16.0 else None)
    lufs, peak = ebur128(out)
    assert peak <= -1.0
    if target is not None:
        assert lufs == pytest.approx(target, abs=1.0)
    else:  # --volume 2.0: a trim, louder than the target, never clipped
        assert lufs > -19.0 + 1.0  # louder (the limiter takes most of the +6 dB)
        decoded = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(out), "-f",
                                  "s16le", "-"], capture_output=True, check=True).stdout
        assert np.abs(np.frombuffer(decoded, "<i2").astype(int)).max() < 32767


@pytest.mark.parametrize("channels", [1, 2])
def test_streamed_mastering_is_the_whole_buffer_mastering_sample_for_sample(
        channels: int) -> None:
    """The render masters a chunk at a time (block power and peaks in a scratch file):
    the same 16-bit samples, to the sample, as mastering the whole buffer at once."""
    mono = speechlike(30.0, 0.2)  # several chunks, limited peaks across their joins
    samples = mono if channels == 1 else np.stack([mono, 0.7 * mono], axis=1)
    whole, expected = loudness.master(samples, RATE, -19.0, ceiling_db=-2.0,
                                      hard_margin=loudness.HARD_MARGIN)
    assert samples.shape[0] > 3 * loudness.chunk_size(RATE)
    with loudness.Stream(lambda a, b: samples[a:b], samples.shape[0], RATE,
                         channels) as stream:
        result = stream.analyse(-19.0, ceiling_db=-2.0, hard_margin=loudness.HARD_MARGIN)
        streamed = np.concatenate(list(stream.chunks()))
    assert np.array_equal(streamed, loudness.to_int16(whole))
    assert result.gain_db == pytest.approx(expected.gain_db, abs=1e-6)
    # reported from the blocks (the search's own figure), not re-measured sample by sample
    assert result.after == pytest.approx(expected.after, abs=0.05)
    assert result.limited == pytest.approx(expected.limited)


def test_streamed_mastering_of_silence_is_silence() -> None:
    with loudness.Stream(lambda a, b: np.zeros(b - a, np.float32), RATE * 3, RATE,
                         1) as stream:
        assert stream.analyse(-19.0).before == float("-inf")
        assert not np.concatenate(list(stream.chunks())).any()

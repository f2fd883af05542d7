"""voicecoach.music: the user's music looped under the session, ducked under every cue."""

from __future__ import annotations

import subprocess
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from voicecoach import export, music, render, sources, timeline
from voicecoach import session as sessions
from voicecoach.errors import FlagError
from voicecoach.script import Cue
from voicecoach.speech import SpeechCache

RATE = 8000


def plan() -> timeline.Timeline:
    """Speech with long gaps between (the music comes back up) and counted reps close
    together (bridged: no pumping)."""
    cues = [Cue("silence", slot=3.0), Cue("speech", "Get ready.", slot=4.0),
            Cue("speech", "One.", slot=0.6), Cue("speech", "Two.", slot=0.6),
            Cue("speech", "Three.", slot=4.0), Cue("tone", "end", slot=4.0)]
    return timeline.build(cues, lambda t: round(0.4 * RATE), ["Opening"], RATE,
                          tone_samples=round(0.3 * RATE))


def db(x: np.ndarray) -> float:
    return float(20 * np.log10(np.sqrt(np.mean(np.square(x, dtype=np.float64))) + 1e-12))


def test_the_gain_is_down_under_every_cue_with_ramps_of_the_stated_lengths() -> None:
    laid = plan()
    gain_db = 20 * np.log10(music.duck_gain(laid, 12.0))
    attack, release = round(music.ATTACK * RATE), round(music.RELEASE * RATE)
    spans = music.cue_spans(laid)
    assert len(spans) == 3  # "One." "Two." "Three." bridged into one, then the tone
    for start, end in spans:
        assert np.allclose(gain_db[start:end], -12.0, atol=1e-4)
        # down over ATTACK before the cue, up over RELEASE after it
        assert gain_db[start - attack - 1] == pytest.approx(0.0, abs=1e-4)
        assert -12.0 < gain_db[start - attack // 2] < -1.0
        assert gain_db[end + release] == pytest.approx(0.0, abs=1e-4)
        assert -12.0 < gain_db[end + release // 2] < -1.0
    assert gain_db[: spans[0][0] - attack].max() == pytest.approx(0.0, abs=1e-4)


def test_a_folder_plays_in_the_same_shuffled_order_every_time(tmp_path: Path) -> None:
    for name in "abcdefgh":
        (tmp_path / f"{name}.mp3").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not music")
    order = music.tracks(tmp_path)
    assert order == music.tracks(tmp_path)
    assert sorted(p.name for p in order) == [f"{n}.mp3" for n in "abcdefgh"]
    assert [p.name for p in order] != sorted(p.name for p in order)  # shuffled


@pytest.mark.parametrize(("setup", "message"), [
    ("empty", "the folder holds no audio files"),
    ("missing", "no such file or folder"),
])
def test_bad_music_paths_are_clear_errors(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "music"
    if setup == "empty":
        path.mkdir()
    with pytest.raises(FlagError, match=message):
        music.tracks(path)


@pytest.mark.parametrize("db_", [-1.0, 41.0, float("nan")])
def test_the_duck_depth_is_bounded(db_: float) -> None:
    with pytest.raises(FlagError, match="--duck must be between 0 and 40 dB"):
        music.check_duck(db_)


def synthetic_music(path: Path, seconds: float = 5.0) -> Path:
    """A steady chord with a little noise: any level change is the ducking's."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"sine=frequency=220:duration={seconds}", "-f", "lavfi", "-i",
         f"sine=frequency=330:duration={seconds}", "-filter_complex", "amix=inputs=2",
         "-ac", "2", str(path)], check=True)
    return path


@pytest.mark.audio
def test_the_music_under_each_cue_is_the_duck_depth_below_its_level_between(
        tmp_path: Path) -> None:
    laid = plan()
    # shorter than the session: it is looped (crossfaded) to the session's length
    bed = music.bed(synthetic_music(tmp_path / "m.ogg", 5.0), laid, 2, -20.0, duck_db=15.0)
    assert bed.shape == (laid.total, 2)
    attack, release = round(music.ATTACK * RATE), round(music.RELEASE * RATE)
    spans = music.cue_spans(laid)
    fade_in = round(music.FADE_IN * RATE)
    gaps = [(a + release, b - attack) for (_, a), (b, _) in pairwise(spans)]
    between = db(np.concatenate([bed[a:b] for a, b in gaps if b > a]))
    for event in laid.events:
        if event.kind in ("speech", "tone") and event.start > fade_in:
            assert db(bed[event.start:event.end]) <= between - 15.0 + 0.5, event.text
    # faded in at the start and out at the end
    assert db(bed[:200]) < between - 20 and db(bed[-200:]) < between - 20
    # set under the voice: between cues the music sits music.BED dB under its loudness
    assert between < -20.0


@pytest.mark.audio
def test_a_file_ffmpeg_cannot_read_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "song.mp3"
    bad.write_text("not audio at all")
    with pytest.raises(FlagError, match="ffmpeg cannot read it as audio"):
        music.decode(bad, RATE, 1)


@pytest.mark.audio
def test_a_session_with_music_meets_the_loudness_target(tmp_path: Path,
                                                         data_dir: Path) -> None:
    from test_loudness import ebur128

    session = sessions.apply(sources.load(data_dir / "tiny.yaml"))
    out = tmp_path / "t.mp3"
    fmt = export.Format(channels=2)
    result = render.to_file(session, out, SpeechCache(mix_rate=44100), fmt=fmt,
                            music=synthetic_music(tmp_path / "m.flac", 30.0))
    assert "music" in result.phases
    lufs, peak = ebur128(out)
    assert lufs == pytest.approx(-16.0, abs=1.0) and peak <= -1.0


@pytest.mark.parametrize("channels", [1, 2])
def test_the_streamed_bed_is_the_whole_bed_stretch_by_stretch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, channels: int) -> None:
    """The render asks for the bed a chunk at a time: any stretch of it is the same
    samples as the whole-session bed (loop seams, fades, level, ducking)."""
    laid = plan()
    rng = np.random.default_rng(5)
    parts = {"a.flac": rng.standard_normal((RATE * 4, channels)).astype(np.float32) * 0.1,
             "b.flac": rng.standard_normal((RATE * 3, channels)).astype(np.float32) * 0.2}
    for name in parts:
        (tmp_path / name).write_bytes(b"")
    monkeypatch.setattr(music, "decode",
                        lambda path, rate, ch, seconds=None: parts[Path(path).name])
    whole = music.bed(tmp_path, laid, channels, -19.0)
    streamed = music.Bed(tmp_path, laid, channels, -19.0)
    edges = sorted({0, laid.total, *rng.integers(0, laid.total, 12).tolist()})
    joined = np.concatenate([streamed(a, b) for a, b in pairwise(edges)])
    assert joined.shape == whole.shape
    np.testing.assert_allclose(joined, whole, rtol=1e-5, atol=1e-7)

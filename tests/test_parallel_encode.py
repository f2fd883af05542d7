"""The parallel MP3 encode: parts joined gaplessly, sample by sample."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from voicecoach import encode, parallel

RATE = 22050
OUT = 44100


def test_parts_cover_the_frames_on_the_grid() -> None:
    parts = parallel.parts_for(RATE * 120, RATE, OUT, 3)
    assert parts[0].start == 0 and parts[0].drop == 0
    assert parts[-1].end == RATE * 120 and parts[-1].keep is None
    for p in parts[1:]:
        assert (p.start * OUT // RATE) % parallel.FRAME == 0
        assert p.drop >= parallel.PRIME
    assert parallel.worth_it(RATE * 5, RATE, OUT, 2) == 1  # too short to split
    assert parallel.worth_it(RATE * 600, RATE, 22050, 2) == 1  # MPEG-2: not split


def test_crc_is_the_lame_tags() -> None:
    assert parallel.crc16(b"123456789") == 0xBB3D  # CRC-16/ARC check value
    assert parallel.crc16_fast(b"123456789") == 0xBB3D
    rng = np.random.default_rng(3)
    for n in (0, 1, 4 * parallel.CRC_BLOCK - 1, 4 * parallel.CRC_BLOCK,
              10 * parallel.CRC_BLOCK + 7, 123_457):
        data = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        assert parallel.crc16_fast(data) == parallel.crc16(data), n
        for cut in (0, n // 3, n):
            a, b = data[:cut], data[cut:]
            assert parallel.crc16_combine(parallel.crc16(a), parallel.crc16(b),
                                          len(b)) == parallel.crc16(data)


def test_mp3_goes_in_parallel_unless_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    mp3, m4a = encode.CODECS["mp3"], encode.CODECS["m4a"]
    minutes = RATE * 600
    monkeypatch.setattr(encode, "cores", lambda: 2)
    monkeypatch.delenv(encode.PARALLEL_ENV, raising=False)
    assert encode.parallel_parts(mp3, minutes, RATE, OUT) == 2
    assert encode.parallel_parts(m4a, minutes, RATE, OUT) == 1  # MP3 only
    assert encode.parallel_parts(mp3, RATE * 5, RATE, OUT) == 1  # too short to pay
    monkeypatch.setattr(encode, "cores", lambda: 1)
    assert encode.parallel_parts(mp3, minutes, RATE, OUT) == 1
    monkeypatch.setattr(encode, "cores", lambda: 2)
    monkeypatch.setenv(encode.PARALLEL_ENV, "0")
    assert encode.parallel_parts(mp3, minutes, RATE, OUT) == 1


def _decode(path: Path) -> np.ndarray:
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(path),
                          "-f", "s16le", "-ac", "1", "-ar", str(OUT), "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.int16).astype(np.float64)


@pytest.mark.audio
def test_joins_are_gapless(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    n = RATE * 50 + 1234
    t = np.arange(n) / RATE
    rng = np.random.default_rng(7)
    x = (0.3 * np.sin(2 * np.pi * 220 * t * (1 + 0.1 * np.sin(t)))
         + 0.05 * rng.standard_normal(n)) * (0.5 + 0.5 * np.sin(3 * t))
    pcm = (x * 20000).astype(np.int16)
    codec = encode.CODECS["mp3"]
    monkeypatch.setenv(encode.PARALLEL_ENV, "0")
    encode.encode(pcm, RATE, tmp_path / "one.mp3", codec, speech_only=True)
    monkeypatch.setenv(encode.PARALLEL_ENV, "")  # on unless turned off
    monkeypatch.setattr(parallel, "MIN_FRAMES", 100)
    monkeypatch.setattr(encode, "cores", lambda: 3)
    encode.encode_stream((pcm[i:i + 30000] for i in range(0, n, 30000)), n, 1, RATE,
                         tmp_path / "par.mp3", codec, speech_only=True)
    # the same encoder settings in one pass: what a join must reproduce
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "s16le", "-ar", str(RATE),
                    "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", "64k",
                    "-ar", str(OUT), "-reservoir", "0",
                    "-compression_level", str(encode.SPEECH_QUALITY), "-f", "mp3",
                    str(tmp_path / "r0.mp3")],
                   input=pcm.tobytes(), check=True)
    one, par, r0 = (_decode(tmp_path / f) for f in ("one.mp3", "par.mp3", "r0.mp3"))
    assert len(par) == len(one) == n * OUT // RATE  # exact, delay and padding honoured
    durations = [float(encode.probe(tmp_path / f)["format"]["duration"])
                 for f in ("one.mp3", "par.mp3")]
    assert durations[0] == durations[1]  # ffprobe: the same, as the single pass
    src = np.frombuffer(subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-f", "s16le", "-ar", str(RATE), "-ac", "1",
         "-i", "pipe:0", "-ar", str(OUT), "-f", "s16le", "-"],
        input=pcm.tobytes(), capture_output=True, check=True).stdout, np.int16).astype(float)

    def snr(y: np.ndarray) -> float:
        return float(10 * np.log10(np.sum(src ** 2) / np.sum((y - src) ** 2)))

    assert snr(par) > snr(one) - 0.6  # within the codec's error of the single pass
    parts = parallel.parts_for(n, RATE, OUT, 3)
    at = 0
    for part in parts[:-1]:
        assert part.keep is not None
        at += part.keep
        s = at * parallel.FRAME - 1105  # where the join decodes
        near = slice(s - 4 * parallel.FRAME, s + 4 * parallel.FRAME)
        assert np.array_equal(par[near], r0[near])  # not a sample off at a join
        jump = np.abs(np.diff(par[s - 2:s + 2])).max()
        assert jump <= np.abs(np.diff(r0)).max()


def test_a_batch_shares_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    from voicecoach import batch

    assert batch.encoders(3, 2, 2) == [1, 1, 2]  # the third file has both cores to itself
    assert batch.encoders(4, 2, 2) == [1, 1, 1, 1]
    assert batch.encoders(1, 1, 2) == [2]
    assert batch.encoders(5, 4, 4) == [1, 1, 1, 1, 4]
    mp3 = encode.CODECS["mp3"]
    monkeypatch.setattr(encode, "cores", lambda: 2)
    for setting, parts in (("1", 1), ("0", 1), ("2", 2), ("8", 2), ("", 2), ("x", 2)):
        monkeypatch.setenv(encode.PARALLEL_ENV, setting)
        assert encode.parallel_parts(mp3, RATE * 600, RATE, OUT) == parts, setting



def _audio_frames(path: Path) -> bytes:
    """The MP3's audio frames: no ID3 tag, no Xing/LAME header frame."""
    data = path.read_bytes()
    if data[:3] == b"ID3":
        size = data[6:10]
        data = data[10 + (size[0] << 21 | size[1] << 14 | size[2] << 7 | size[3]):]
    bare = path.with_suffix(".bare")
    bare.write_bytes(data)
    starts, _ = parallel.frames_in(bare)
    return data[starts[1]:]


@pytest.mark.audio
def test_speech_alone_gets_the_speech_setting(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    pcm = (rng.standard_normal(RATE * 4) * 3000).astype(np.int16)
    monkeypatch.setenv(encode.PARALLEL_ENV, "0")
    codec = encode.CODECS["mp3"]
    encode.encode(pcm, RATE, tmp_path / "speech.mp3", codec, speech_only=True)
    encode.encode(pcm, RATE, tmp_path / "music.mp3", codec)

    def ffmpeg(name: str, *options: str) -> Path:
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "s16le", "-ar", str(RATE),
                        "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", "64k",
                        "-ar", str(OUT), *options, "-f", "mp3", str(tmp_path / name)],
                       input=pcm.tobytes(), check=True)
        return tmp_path / name

    q7 = ffmpeg("q7.mp3", "-compression_level", str(encode.SPEECH_QUALITY))
    default = ffmpeg("default.mp3")
    assert _audio_frames(tmp_path / "speech.mp3") == _audio_frames(q7)
    assert _audio_frames(tmp_path / "music.mp3") == _audio_frames(default)
    assert _audio_frames(q7) != _audio_frames(default)


@pytest.mark.audio
def test_a_render_says_whether_music_is_in_it(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from test_music import synthetic_music

    from voicecoach import render, sources
    from voicecoach import session as sessions
    from voicecoach.speech import SpeechCache

    seen: list[bool] = []
    real = encode.encode_stream

    def spy(*args: object, **kwargs: object) -> None:
        seen.append(bool(kwargs.get("speech_only")))
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(encode, "encode_stream", spy)
    session = sessions.apply(sources.load(str(Path(__file__).parent / "data" / "tiny.yaml")))
    render.to_file(session, tmp_path / "speech.mp3", SpeechCache())
    render.to_file(session, tmp_path / "music.mp3", SpeechCache(),
                   music=synthetic_music(tmp_path / "song.flac"))
    assert seen == [True, False]


@pytest.mark.audio
def test_the_joined_header_checks_as_ffmpegs_own(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The music CRC and the tag CRC of a joined file are computed as ffmpeg computes
    them for a single pass (checked on a single pass first)."""
    rng = np.random.default_rng(9)
    pcm = (rng.standard_normal(RATE * 30) * 2000).astype(np.int16)
    codec = encode.CODECS["mp3"]
    monkeypatch.setattr(parallel, "MIN_FRAMES", 100)
    monkeypatch.setattr(encode, "cores", lambda: 2)
    for name, setting in (("one.mp3", "0"), ("par.mp3", "")):
        monkeypatch.setenv(encode.PARALLEL_ENV, setting)
        encode.encode(pcm, RATE, tmp_path / name, codec, speech_only=True)
        data = (tmp_path / name).read_bytes()
        starts, lengths = parallel.frames_in(tmp_path / name)
        head = bytearray(data[:lengths[0]])
        at = parallel.xing_offset(bytes(head))
        assert at is not None
        lame = at + 120
        assert int.from_bytes(head[lame + 32:lame + 34], "big") == \
            parallel.crc16(data[starts[1]:])
        stored = int.from_bytes(head[lame + 34:lame + 36], "big")
        head[lame + 34:lame + 36] = b"\0\0"
        assert stored == parallel.crc16(bytes(head[:190]))


@pytest.mark.audio
def test_frames_are_found_in_a_file_read_in_pieces(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(11)
    pcm = (rng.standard_normal(RATE * 6) * 2000).astype(np.int16)
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "s16le", "-ar", str(RATE),
                    "-ac", "1", "-i", "pipe:0", "-c:a", "libmp3lame", "-b:a", "64k", "-ar",
                    str(OUT), "-id3v2_version", "0", "-f", "mp3", str(tmp_path / "a.mp3")],
                   input=pcm.tobytes(), check=True)
    whole = parallel.frames_in(tmp_path / "a.mp3")  # in one read: the file is < COPY
    assert (tmp_path / "a.mp3").stat().st_size < parallel.COPY
    for piece in (1000, 1153, 4096):  # frame headers across every kind of boundary
        monkeypatch.setattr(parallel, "COPY", piece)
        starts, lengths = parallel.frames_in(tmp_path / "a.mp3")
        assert np.array_equal(starts, whole[0]) and np.array_equal(lengths, whole[1])


def test_without_pread_the_mp3_goes_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parts are read back with os.pread, which Windows lacks."""
    monkeypatch.setattr(encode, "cores", lambda: 2)
    monkeypatch.setenv(encode.PARALLEL_ENV, "")
    mp3 = encode.CODECS["mp3"]
    assert encode.parallel_parts(mp3, RATE * 600, RATE, OUT) == 2
    monkeypatch.delattr("os.pread")
    assert encode.parallel_parts(mp3, RATE * 600, RATE, OUT) == 1

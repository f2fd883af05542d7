"""voicecoach.split: ``render --split``, a file per chapter with track tags and an M3U8
playlist, read back with ffprobe and mutagen; written as one transaction."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import mutagen
import numpy as np
import pytest

from voicecoach import encode, render, sources, split
from voicecoach import session as sessions
from voicecoach.errors import OutputError
from voicecoach.export import Format
from voicecoach.speech import SpeechCache

DATA = Path(__file__).parent / "data"


def test_file_names_drop_the_chapter_number_and_keep_the_order() -> None:
    assert split.file_name(2, "1. Foam Roll Glutes", ".mp3") == "02-foam-roll-glutes.mp3"
    assert split.file_name(10, "Session complete", ".opus") == "10-session-complete.opus"
    assert split.file_name(3, "Übung / ../ 日本", ".ogg") == "03-ubung.ogg"
    paths = split.paths(Path("out/hip.m4a"), ["Opening", "1. A"], Format(kind="m4a"))
    assert paths == [Path("out/hip/01-opening.m4a"), Path("out/hip/02-a.m4a"),
                     Path("out/hip/hip.m3u8")]


def test_playlist_has_titles_durations_and_relative_paths() -> None:
    folder = Path("out/hip")
    tracks = [split.Track(1, 2, "Opening", folder / "01-opening.mp3", 12.4),
              split.Track(2, 2, "1. Knee\nLifts", folder / "02-knee-lifts.mp3", 0.2)]
    assert split.playlist("Hip Routine", tracks, folder) == (
        "#EXTM3U\n#PLAYLIST:Hip Routine\n#EXTINF:12,Opening\n01-opening.mp3\n"
        "#EXTINF:1,1. Knee Lifts\n02-knee-lifts.mp3\n")


def _tags(path: Path) -> dict[str, str]:
    """Title, album and track as ffprobe reads them (the format's own tag names)."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration:"
                          "format_tags:stream_tags", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    tags = {k.lower(): v for k, v in data["format"].get("tags", {}).items()}
    for stream in data.get("streams", []):
        for key, value in stream.get("tags", {}).items():  # Ogg: the stream's
            tags.setdefault(key.lower(), value)
    tags["duration"] = data["format"]["duration"]
    return tags


@pytest.mark.audio
@pytest.mark.parametrize("kind", ["mp3", "m4a", "opus", "flac"])
def test_split_writes_tagged_tracks_and_a_playlist(tmp_path: Path, kind: str) -> None:
    session = sessions.apply(sources.load(DATA / "tiny.yaml"), sessions.Options(
        instructions="none"))
    ext = encode.CODECS[kind].extensions[0]
    result = render.to_file(session, tmp_path / f"tiny{ext}", SpeechCache(),
                            fmt=Format(kind=kind), split=True, transcript=True)
    laid = result.timeline
    folder = tmp_path / "tiny"
    assert not (tmp_path / f"tiny{ext}").exists()  # the tracks instead of one file
    *files, m3u = result.tracks
    assert result.path == m3u == folder / "tiny.m3u8"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in [*result.tracks, *result.transcripts])
    assert [f.name[:3] for f in files] == [f"{n:02d}-" for n in range(1, len(files) + 1)]
    assert len(files) == len(laid.chapters)
    total = 0.0
    for n, (path, chapter) in enumerate(zip(files, laid.chapters, strict=True), 1):
        tags = _tags(path)
        assert tags["title"] == chapter.title
        assert tags["album"] == session.name
        assert tags["track"].split("/")[0] == str(n)
        seconds = float(tags["duration"])
        assert seconds == pytest.approx((chapter.end - chapter.start) / laid.rate, abs=0.1)
        total += seconds
        read = mutagen.File(path)
        assert read is not None and read.info.length > 0
    assert total == pytest.approx(laid.duration, abs=0.1 * len(files))
    lines = m3u.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["#EXTM3U", f"#PLAYLIST:{session.name}"]
    assert lines[2::2] == [
        f"#EXTINF:{max(1, round((c.end - c.start) / laid.rate))},{c.title}"
        for c in laid.chapters]
    assert lines[3::2] == [f.name for f in files]
    assert result.transcripts == [folder / "tiny.vtt", folder / "tiny.json"]


@pytest.mark.audio
def test_track_totals_in_the_formats_own_tags(tmp_path: Path) -> None:
    from mutagen.flac import FLAC
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4

    session = sessions.apply(sources.load(DATA / "tiny.yaml"),
                             sessions.Options(only=["wall-sit"], instructions="none"))
    for kind, ext in (("mp3", ".mp3"), ("m4a", ".m4a"), ("flac", ".flac"), ("wav", ".wav")):
        result = render.to_file(session, tmp_path / f"s{ext}", SpeechCache(),
                                fmt=Format(kind=kind), split=True)
        second = result.tracks[1]
        if kind == "mp3":
            assert str(ID3(second)["TRCK"]) == "2/3"
            assert str(ID3(second)["TALB"]) == session.name
        elif kind == "m4a":
            assert MP4(second).tags["trkn"] == [(2, 3)]
        elif kind == "flac":
            tags = FLAC(second)
            assert (tags["TRACKNUMBER"], tags["TRACKTOTAL"]) == (["2"], ["3"])
        else:
            wav = mutagen.File(second)
            assert str(wav.tags["TRCK"]) == "2/3" and str(wav.tags["TIT2"]) == "1. Wall Sit"


@pytest.mark.audio
def test_split_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure on the third track replaces nothing: the old playlist and tracks stay,
    and no new track appears."""
    session = sessions.apply(sources.load(DATA / "tiny.yaml"),
                             sessions.Options(instructions="none"))
    first = render.to_file(session, tmp_path / "tiny.mp3", SpeechCache(), split=True)
    before = {p: p.read_bytes() for p in first.tracks}
    real = encode.encode
    calls = []

    def failing(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OutputError("ffmpeg could not encode the MP3: disk full")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(encode, "encode", failing)
    changed = sessions.apply(sources.load(DATA / "tiny.yaml"),
                             sessions.Options(instructions="brief"))
    with pytest.raises(OutputError, match="disk full"):
        render.to_file(changed, tmp_path / "tiny.mp3", SpeechCache(), split=True)
    assert {p: p.read_bytes() for p in first.tracks} == before
    assert sorted((tmp_path / "tiny").iterdir()) == sorted(before)


def test_a_file_where_the_folder_goes_is_refused_before_any_audio(tmp_path: Path) -> None:
    (tmp_path / "tiny").write_text("not a folder")
    session = sessions.apply(sources.load(DATA / "tiny.yaml"))
    with pytest.raises(OutputError, match="is not a folder"):
        render.to_file(session, tmp_path / "tiny.mp3", SpeechCache(), split=True)


def test_stretches_cut_ranges_from_chunks_of_any_size() -> None:
    signal = np.arange(1000, dtype=np.int16)
    ranges = [(0, 10), (10, 400), (450, 451), (451, 1000)]
    for size in (1, 7, 128, 999, 1000):
        chunks = (signal[a:a + size] for a in range(0, 1000, size))
        got = list(split.stretches(chunks, ranges))
        assert [g.tolist() for g in got] == [signal[a:b].tolist() for a, b in ranges]
    with pytest.raises(ValueError):
        list(split.stretches([signal[:100]], [(0, 200)]))

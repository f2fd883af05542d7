"""voicecoach.export: formats, atomic writes, tags and chapters, transcripts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from voicecoach import encode, export, timeline
from voicecoach.errors import FlagError
from voicecoach.script import Cue

RATE = 8000


def small_timeline() -> timeline.Timeline:
    cues = [Cue("speech", "Hello --> there.", chapter=0),
            Cue("speech", "One.", slot=1.0, chapter=1, exercise="a", rep=1, block="work"),
            Cue("speech", "Bye.", chapter=2, block="closing")]
    return timeline.build(cues, lambda t: 800, ["Opening", "1. A", "Session complete"], RATE)


@pytest.mark.parametrize(("fmt", "message"), [
    (export.Format(bitrate=100), "--bitrate must be one of"),
    (export.Format(sample_rate=8000), "--sample-rate must be one of"),
    (export.Format(channels=3), "--channels must be 1 (mono) or 2 (stereo), not 3"),
    (export.Format(bitrate=192, sample_rate=22050), "at 22050 Hz an MP3 is at most 160 kbps"),
])
def test_format_check(fmt: export.Format, message: str) -> None:
    with pytest.raises(FlagError) as info:
        fmt.check()
    assert message in str(info.value)


def test_webvtt_and_cue_sheet() -> None:
    plan = small_timeline()
    vtt = export.webvtt(plan)
    assert vtt.splitlines()[:6] == ["WEBVTT", "", "NOTE Opening", "", "1",
                                     "00:00:00.000 --> 00:00:00.100"]
    assert "Hello -> there." in vtt  # a cue's text never ends the cue early
    sheet = json.loads(export.cue_sheet(plan, {"rate": 170}, "R"))
    assert sheet["routine"] == "R" and sheet["settings"] == {"rate": 170}
    assert [c["title"] for c in sheet["chapters"]] == ["Opening", "1. A", "Session complete"]
    one = next(e for e in sheet["events"] if e["text"] == "One.")
    assert (one["exercise"], one["rep"], one["block"], round(one["end"] - one["start"], 3)) == \
        ("a", 1, "work", 0.1)
    assert sheet["duration"] == plan.duration


def ffprobe(path: Path) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-show_chapters",
         "-of", "json", str(path)], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.audio
def test_mp3_with_tags_and_chapters(tmp_path: Path) -> None:
    plan = small_timeline()
    samples = (np.sin(np.arange(plan.total) / 5) * 8000).astype(np.int16)
    target = tmp_path / "s.mp3"
    export.write(samples, RATE, target, export.Format(),
                 export.Tags(title="T", comment="level=easy"), plan)
    tags = ID3(target)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "T" and str(tags["TPE1"]) == "voicecoach"
    toc = tags.getall("CTOC")[0]
    chapters = {c.element_id: c for c in tags.getall("CHAP")}
    assert list(toc.child_element_ids) == sorted(chapters, key=lambda k: chapters[k].start_time)
    titles = [str(chapters[k].sub_frames["TIT2"]) for k in toc.child_element_ids]
    assert titles == ["Opening", "1. A", "Session complete"]
    info = ffprobe(target)
    assert abs(float(info["format"]["duration"]) - plan.duration) < 0.06
    assert [c["tags"]["title"] for c in info["chapters"]] == titles


# format -> (ffprobe's codec name, sample rate, where ffprobe finds the tags)
EXPECTED = {
    "mp3": ("mp3", 44100), "m4a": ("aac", 44100), "opus": ("opus", 48000),
    "ogg": ("vorbis", 44100), "flac": ("flac", 44100), "wav": ("pcm_s16le", 44100),
}


@pytest.mark.audio
@pytest.mark.parametrize("kind", sorted(EXPECTED))
@pytest.mark.parametrize("channels", [1, 2])
def test_every_format_with_its_tags_and_chapters(tmp_path: Path, kind: str,
                                                 channels: int) -> None:
    """The bytes are the format the name says, with tags, and chapters wherever the
    format holds them, as ffprobe reads them back."""
    plan = small_timeline()
    mono = (np.sin(np.arange(plan.total) / 5) * 8000).astype(np.int16)
    samples = mono if channels == 1 else np.stack([mono, mono], axis=1)
    target = tmp_path / f"s{encode.CODECS[kind].extensions[0]}"
    export.write(samples, RATE, target, export.Format(kind=kind, channels=channels),
                 export.Tags(title="Tïtle; x=1", comment="level=easy"), plan)
    info = ffprobe(target)
    stream = info["streams"][0]
    codec, rate = EXPECTED[kind]
    assert (stream["codec_name"], int(stream["sample_rate"]), stream["channels"]) == \
        (codec, rate, channels)
    assert abs(float(info["format"]["duration"]) - plan.duration) < 0.06
    tags = {k.lower(): v for k, v in {**info["format"].get("tags", {}),
                                      **stream.get("tags", {})}.items()}
    assert tags["title"] == "Tïtle; x=1"
    assert tags["artist"] == "voicecoach"
    assert "level=easy" in tags["comment"]
    chapters = [(c["tags"]["title"], round(float(c["start_time"]), 2))
                for c in info["chapters"]]
    if kind == "wav":
        assert chapters == []  # WAV has no chapters
    else:
        sec = plan.seconds
        assert chapters == [(c.title, round(sec(c.start), 2)) for c in plan.chapters]


@pytest.mark.parametrize(("flag", "output", "expected"), [
    (None, None, ("mp3", None)),
    (None, "a/s.M4A", ("m4a", "a/s.M4A")),
    (None, "s.opus", ("opus", "s.opus")),
    ("flac", None, ("flac", None)),
    ("wav", "session", ("wav", "session.wav")),
    ("OGG", "s.oga", ("ogg", "s.oga")),
])
def test_the_format_comes_from_the_flag_or_the_extension(
        flag: str | None, output: str | None, expected: tuple[str, str | None]) -> None:
    kind, path = encode.resolve(flag, Path(output) if output else None)
    assert (kind, str(path) if path else None) == expected


@pytest.mark.parametrize(("flag", "output", "message"), [
    ("aiff", None, "--format must be one of mp3, m4a, opus, ogg, flac, wav, not 'aiff'"),
    (None, "s.aiff", "'.aiff' is not an audio format voicecoach writes"),
    ("mp3", "s.wav", "--format mp3 contradicts -o s.wav (a WAV name); use -o s.mp3"),
])
def test_an_unknown_or_contradicting_format_is_refused(flag: str | None, output: str,
                                                       message: str) -> None:
    with pytest.raises(FlagError) as info:
        encode.resolve(flag, Path(output) if output else None)
    assert message in str(info.value)


def test_cue_sheet_states_the_files_sample_rate() -> None:
    sheet = json.loads(export.cue_sheet(small_timeline(), {}, "R", sample_rate=44100))
    assert sheet["sample_rate"] == 44100 and sheet["timeline_rate"] == RATE

"""End to end with real parts: eSpeak NG speech, ffmpeg MP3, read back with ffprobe
and mutagen, and the decoded audio checked against the timeline."""

from __future__ import annotations

import json
import subprocess
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode

from voicecoach import export, render, sources
from voicecoach import session as sessions
from voicecoach.errors import OutputError
from voicecoach.speech import SpeechCache

pytestmark = pytest.mark.audio

TOLERANCE = 0.050  # seconds


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> render.RenderResult:
    from conftest import DATA

    out = tmp_path_factory.mktemp("render") / "tiny.mp3"
    session = sessions.apply(sources.load(DATA / "tiny.yaml"))
    return render.to_file(session, out, SpeechCache(), transcript=True)


def ffprobe(path: Path) -> dict:
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(result.stdout)


def decode(path: Path, rate: int) -> np.ndarray:
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate),
         "-"], check=True, capture_output=True,
    ).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float32)


def test_duration_matches_timeline(rendered: render.RenderResult) -> None:
    info = ffprobe(rendered.path)
    assert abs(float(info["format"]["duration"]) - rendered.timeline.duration) < TOLERANCE
    assert abs(MP3(rendered.path).info.length - rendered.timeline.duration) < TOLERANCE


def test_mp3_format_is_phone_ready(rendered: render.RenderResult) -> None:
    stream = ffprobe(rendered.path)["streams"][0]
    assert stream["codec_name"] == "mp3"
    assert int(stream["sample_rate"]) == 44100
    assert int(stream["channels"]) == 1
    assert int(stream["bit_rate"]) == 64000
    info = MP3(rendered.path).info
    assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)  # CBR: an Info tag
    assert info.bitrate == 64000


def test_tags_are_id3v23_with_settings(rendered: render.RenderResult) -> None:
    tags = ID3(rendered.path)
    assert tags.version == (2, 3, 0)
    assert str(tags["TIT2"]) == "Tiny Test Routine"
    assert str(tags["TPE1"]) == "voicecoach"
    assert str(tags["TALB"])
    comment = str(tags.getall("COMM")[0])
    assert "level=easy" in comment


def test_chapters_match_timeline(rendered: render.RenderResult) -> None:
    tags = ID3(rendered.path)
    toc = tags.getall("CTOC")
    assert len(toc) == 1
    assert toc[0].flags & 0x03 == 0x03  # top level, ordered
    chaps = {c.element_id: c for c in tags.getall("CHAP")}
    assert list(toc[0].child_element_ids) == [f"chp{c.index}" for c in rendered.timeline.chapters]
    titles = [str(chaps[e].sub_frames["TIT2"]) for e in toc[0].child_element_ids]
    assert titles == ["Opening", "1. Knee Lifts", "2. Bridge", "3. Wall Sit", "4. Plank",
                      "5. Walk", "Session complete"]
    rate = rendered.timeline.rate
    for chapter in rendered.timeline.chapters:
        frame = chaps[f"chp{chapter.index}"]
        assert abs(frame.start_time - chapter.start * 1000 / rate) <= 1
        assert abs(frame.end_time - chapter.end * 1000 / rate) <= 1
    # ffprobe reads the same chapters
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(rendered.path)],
        check=True, capture_output=True, text=True,
    )
    chapters = json.loads(probe.stdout)["chapters"]
    assert [c["tags"]["title"] for c in chapters] == titles


def test_audio_follows_timeline(rendered: render.RenderResult) -> None:
    """Energy per window: sound where speech is planned, silence where silence is."""
    plan = rendered.timeline
    rate = 8000
    audio = decode(rendered.path, rate)
    assert abs(audio.size / rate - plan.duration) < TOLERANCE
    window = int(0.010 * rate)
    frames = audio[: audio.size // window * window].reshape(-1, window)
    rms = np.sqrt((frames**2).mean(axis=1))
    loud = rms > 300
    audible = rms > 50  # onsets: fricatives ("th", "s") are quiet
    margin = 0.050

    def span(start: float, end: float) -> np.ndarray:
        a, b = int((start + margin) * 100), int((end - margin) * 100)
        return loud[a:b] if b > a else loud[:0]

    checked_speech = checked_silence = 0
    for event in plan.events:
        start, end = plan.seconds(event.start), plan.seconds(event.end)
        if end - start < 3 * margin:
            continue
        part = span(start, end)
        if event.kind == "silence":
            assert not part.any(), f"sound in planned silence at {start:.2f}-{end:.2f} s"
            checked_silence += 1
        elif event.kind == "speech":
            assert part.mean() > 0.3, f"no speech at {start:.2f} s ({event.text!r})"
            # the phrase starts on time: sound within 50 ms of its planned start
            a = int(start * 100)
            assert audible[max(0, a - 5): a + 6].any(), f"{event.text!r} late at {start:.2f}"
            checked_speech += 1
    assert checked_speech > 20 and checked_silence > 20


def test_transcripts(rendered: render.RenderResult) -> None:
    vtt = rendered.path.with_suffix(".vtt").read_text()
    assert vtt.startswith("WEBVTT")
    assert "Exercise 1 of 5: Knee Lifts." in vtt
    sheet = json.loads(rendered.path.with_suffix(".json").read_text())
    assert sheet["duration"] == pytest.approx(rendered.timeline.duration, abs=0.001)
    kinds = {e["kind"] for e in sheet["events"]}
    assert kinds == {"speech", "silence", "tone"}
    reps = [e for e in sheet["events"] if e["exercise"] == "knee-lifts" and e["rep"]]
    assert {(e["side"], e["rep"]) for e in reps if e["kind"] == "speech"} == {
        (side, rep) for side in (1, 2) for rep in (1, 2, 3)
    }
    assert {"start", "end", "kind", "text", "exercise", "side", "set", "rep"} <= set(
        sheet["events"][0]
    )
    # events tile the session: no gaps, no overlaps
    for before, after in pairwise(sheet["events"]):
        assert before["end"] == pytest.approx(after["start"], abs=0.0011)
    assert sheet["settings"]["level"] == "easy"


def test_warm_render_synthesises_nothing(rendered: render.RenderResult, tmp_path: Path) -> None:
    from conftest import DATA

    session = sessions.apply(sources.load(DATA / "tiny.yaml"))
    again = render.to_file(session, tmp_path / "again.mp3", SpeechCache())
    assert again.synthesised == 0
    assert again.timeline == rendered.timeline


def test_failed_encode_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error mid-export never leaves a half-written MP3 under the final name."""
    from conftest import DATA

    def broken(path: Path, *args: object) -> None:
        path.write_bytes(b"partial")
        raise OutputError("disk full")

    monkeypatch.setattr(export, "write_tags", broken)
    session = sessions.apply(sources.load(DATA / "tiny.yaml"))
    target = tmp_path / "out.mp3"
    with pytest.raises(OutputError):
        render.to_file(session, target, SpeechCache())
    assert list(tmp_path.iterdir()) == []


def test_existing_file_survives_failed_render(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import DATA

    target = tmp_path / "out.mp3"
    target.write_bytes(b"yesterday's session")
    monkeypatch.setattr(export, "write_tags", lambda *a: (_ for _ in ()).throw(
        OutputError("boom")))
    with pytest.raises(OutputError):
        render.to_file(sessions.apply(sources.load(DATA / "tiny.yaml")), target, SpeechCache())
    assert target.read_bytes() == b"yesterday's session"
    assert [p.name for p in tmp_path.iterdir()] == ["out.mp3"]


def test_streamed_render_decodes_to_the_single_pass_encode(
        rendered: render.RenderResult, tmp_path: Path) -> None:
    """The render mixes, masters and encodes a chunk at a time; the file decodes to the
    same samples as one encode of the whole mastered buffer, with the same length."""
    from conftest import DATA

    from voicecoach import encode, loudness, mix

    session = sessions.apply(sources.load(DATA / "tiny.yaml"))
    cache = SpeechCache()
    laid = render.speak(session, cache)[1]
    fmt = export.Format()
    whole, _ = render.master(mix.track(laid, cache.clip), laid.rate, fmt, 1.0, None)
    single = tmp_path / "single.mp3"
    encode.encode(whole, laid.rate, single, fmt.codec, bitrate=fmt.bitrate,
                  sample_rate=fmt.sample_rate, speech_only=True)  # as the render's
    with loudness.Stream(mix.Ranges(laid, cache.clip), laid.total, laid.rate, 1) as stream:
        stream.analyse(loudness.MONO_TARGET, ceiling_db=fmt.codec.ceiling,
                       hard_margin=loudness.HARD_MARGIN)
        fed = np.concatenate(list(stream.chunks()))
    # what went down the pipe: the whole-buffer mastering to within float rounding
    assert np.abs(fed.astype(int) - whole.astype(int)).max() <= 1
    streamed, reference = decode(rendered.path, 44100), decode(single, 44100)
    assert streamed.size == reference.size
    # a one-LSB difference may change the encoder's choices: within its own error
    # (64 kbps MP3 of speech: some 30 dB under the signal), not a gap or a click
    error = np.sqrt(np.mean((streamed - reference) ** 2))
    assert error < 0.05 * np.sqrt(np.mean(reference ** 2))

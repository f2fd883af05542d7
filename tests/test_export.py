"""voicecoach.export: formats, atomic writes, tags and chapters, transcripts."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from voicecoach import export, timeline
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


@pytest.mark.audio
def test_mp3_with_tags_and_chapters(tmp_path: Path) -> None:
    plan = small_timeline()
    samples = (np.sin(np.arange(plan.total) / 5) * 8000).astype(np.int16)
    target = tmp_path / "s.mp3"
    export.encode_mp3(samples, RATE, target, export.Format())
    export.write_tags(target, export.Tags(title="T", comment="level=easy"), plan)
    tags = ID3(target)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "T" and str(tags["TPE1"]) == "voicecoach"
    toc = tags.getall("CTOC")[0]
    chapters = {c.element_id: c for c in tags.getall("CHAP")}
    assert list(toc.child_element_ids) == sorted(chapters, key=lambda k: chapters[k].start_time)
    titles = [str(chapters[k].sub_frames["TIT2"]) for k in toc.child_element_ids]
    assert titles == ["Opening", "1. A", "Session complete"]
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                            "-of", "csv=p=0", str(target)], capture_output=True, text=True,
                           check=True)
    assert abs(float(probe.stdout) - plan.duration) < 0.06

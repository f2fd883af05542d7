"""``voicecoach voices --say`` / ``--preview``: a sample written to a file (read back
with ffprobe) or played through a PulseAudio null sink."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from voicecoach.cli import app

sys.path.insert(0, str(Path(__file__).parent))
from pulse import MISSING, Recorder, pulse_server

VOICECOACH = Path(sys.executable).parent / "voicecoach"


def test_empty_text_is_one_line() -> None:
    result = CliRunner().invoke(app, ["voices", "--say", "  ", "-o", "x.wav"])
    assert result.exit_code == 2 and "--say needs some text" in result.output


@pytest.mark.audio
@pytest.mark.parametrize("args", [["--say", "Three, two, one, go", "--voice", "en-gb"],
                                  ["--preview", "en-us"],
                                  ["--say", "Go", "--tts-command", "espeak-ng -w {out} {text}"]])
def test_sample_to_a_file(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "sample.wav"
    result = CliRunner().invoke(app, ["voices", *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_name",
         "-of", "json", str(out)], capture_output=True, text=True, check=True).stdout)
    assert probe["streams"][0]["codec_name"] == "pcm_s16le"
    assert float(probe["format"]["duration"]) > (3 if "--preview" in args else 0.5)


@pytest.mark.audio
@pytest.mark.skipif(bool(MISSING), reason="needs pulseaudio and pulseaudio-utils")
def test_sample_played_through_the_audio_output(tmp_path: Path) -> None:
    with pulse_server(tmp_path / "pulse") as env:
        recorder = Recorder(env, tmp_path / "rec.raw")
        time.sleep(0.3)
        run = subprocess.run([str(VOICECOACH), "voices", "--say", "Three, two, one, go"],
                             env={**os.environ, **env}, capture_output=True, text=True,
                             timeout=60, stdin=subprocess.DEVNULL)
        time.sleep(0.3)
        raw = recorder.stop()
    assert run.returncode == 0, run.stderr
    heard = np.frombuffer(raw[: len(raw) // 2 * 2], dtype="<i2")
    assert np.count_nonzero(np.abs(heard.astype(np.int32)) > 1000) > 2000  # speech, not hiss

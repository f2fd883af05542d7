"""voicecoach.doctor: `voicecoach doctor` on this machine, and on one without ffmpeg
(an empty PATH), without HOME, and with a cache folder that is not voicecoach's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from voicecoach import doctor

VOICECOACH = Path(sys.executable).with_name("voicecoach")


def _doctor(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(VOICECOACH), "doctor"], capture_output=True, text=True,
                          env={**os.environ, **env})


def _line(output: str, name: str) -> str:
    return next(line for line in output.splitlines() if line[6:].startswith(name))


def test_doctor_on_this_machine() -> None:
    done = _doctor()
    assert done.returncode == 0, done.stdout
    assert _line(done.stdout, "ffmpeg").startswith("ok    ffmpeg    ")
    assert "with the MP3 encoder" in _line(done.stdout, "ffmpeg")
    assert _line(done.stdout, "speech").startswith("ok    speech    espeak")
    assert done.stdout.rstrip().endswith("Ready: voicecoach render hip")


def test_doctor_without_ffmpeg(tmp_path: Path) -> None:
    done = _doctor(PATH=str(tmp_path))  # nothing on PATH
    assert done.returncode == 3
    lines = done.stdout.splitlines()
    at = lines.index(_line(done.stdout, "ffmpeg"))
    assert lines[at] == "FAIL  ffmpeg    not found on PATH (needed to write MP3 files)"
    assert lines[at + 1].strip() == "fix: sudo apt-get install ffmpeg   (or run scripts/run)"
    assert _line(done.stdout, "speech").startswith("ok  ")  # the rest is still checked
    assert "Not ready: ffmpeg." in done.stdout
    assert done.stderr == ""


def test_doctor_without_home_and_with_a_foreign_cache(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("x")
    done = _doctor(HOME=str(tmp_path / "missing"), VOICECOACH_CACHE_DIR=str(tmp_path))
    assert done.returncode == 0  # advice, not a failure
    assert _line(done.stdout, "home").startswith("warn  home      HOME=")
    assert "holds other files" in _line(done.stdout, "cache")


def test_an_ffmpeg_without_an_mp3_encoder(tmp_path: Path) -> None:
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho ' A..... aac   AAC'\n")
    fake.chmod(0o755)
    os.environ["PATH"], saved = str(tmp_path), os.environ["PATH"]
    try:
        check = doctor.ffmpeg()
    finally:
        os.environ["PATH"] = saved
    assert not check.ok
    assert check.found == f"{fake} has no MP3 encoder (libmp3lame)"

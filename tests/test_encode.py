"""voicecoach.encode: ffmpeg run directly, its output checked before it counts.

Fake ffmpeg programs on PATH stand for the faults met in the field (one that
exits 0 and writes nothing, one that hangs, one without the encoder, one that
writes the wrong thing); the real one for the rest.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from voicecoach import encode
from voicecoach.errors import EXIT_MISSING_DEPENDENCY, EXIT_OUTPUT, DependencyError, OutputError

pytestmark = pytest.mark.audio

RATE = 8000
SECOND = (np.sin(np.arange(RATE) / 3) * 8000).astype(np.int16)
MP3 = encode.CODECS["mp3"]

FAKES = {
    # exits 0 and writes nothing at all
    "silent": "#!/bin/sh\ncat > /dev/null\nexit 0\n",
    # writes a few bytes that are no audio
    "garbage": "#!/bin/sh\ncat > /dev/null\nfor last; do :; done\n"
               "printf 'ID3 not really' > \"$last\"\nexit 0\n",
    # an ffmpeg built without the encoder (what ffmpeg 5 and 6 say)
    "no-encoder": "#!/bin/sh\ncat > /dev/null\necho \"Unknown encoder 'libmp3lame'\" >&2\n"
                  "exit 1\n",
    # hangs, and says where it is
    "hang": "#!/bin/sh\necho $$ > \"$FAKE_PID\"\nexec sleep 600\n",
    # fails for another reason
    "broken": "#!/bin/sh\ncat > /dev/null\necho 'Conversion failed: no space left' >&2\n"
              "exit 1\n",
}


@pytest.fixture()
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def install(name: str) -> Path:
        folder = tmp_path / f"bin-{name}"
        folder.mkdir()
        program = folder / "ffmpeg"
        program.write_text(FAKES[name])
        program.chmod(0o755)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
        return folder

    return install


def test_the_real_ffmpeg_writes_a_checked_file(tmp_path: Path) -> None:
    target = tmp_path / "one.mp3"
    encode.encode(SECOND, RATE, target, MP3)
    info = encode.probe(target)
    assert info["streams"][0]["codec_name"] == "mp3"
    assert abs(float(info["format"]["duration"]) - 1.0) < encode.DURATION_TOLERANCE


def test_an_encoder_that_writes_nothing_is_an_error(tmp_path: Path, fake) -> None:  # type: ignore[no-untyped-def]
    fake("silent")
    with pytest.raises(OutputError, match="ffmpeg reported success but wrote no MP3"):
        encode.encode(SECOND, RATE, tmp_path / "x.mp3", MP3)


def test_an_encoder_that_writes_no_audio_is_an_error(tmp_path: Path, fake) -> None:  # type: ignore[no-untyped-def]
    fake("garbage")
    with pytest.raises(OutputError, match="ffmpeg wrote no audio where MP3 was expected"):
        encode.encode(SECOND, RATE, tmp_path / "x.mp3", MP3)


def test_a_short_file_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "short.mp3"
    encode.encode(SECOND, RATE, target, MP3)
    with pytest.raises(OutputError, match=r"ffmpeg wrote 1.0\d s of MP3 where 3.00 s"):
        encode.check(target, MP3, 3.0)


def test_an_ffmpeg_without_the_encoder_is_a_missing_piece(tmp_path: Path, fake) -> None:  # type: ignore[no-untyped-def]
    fake("no-encoder")
    with pytest.raises(DependencyError) as info:
        encode.encode(SECOND, RATE, tmp_path / "x.mp3", MP3)
    assert str(info.value) == "this ffmpeg cannot write MP3: it has no libmp3lame encoder"
    assert info.value.hint and "apt-get install ffmpeg" in info.value.hint
    assert info.value.exit_code == EXIT_MISSING_DEPENDENCY


def test_another_ffmpeg_failure_gives_its_last_line(tmp_path: Path, fake) -> None:  # type: ignore[no-untyped-def]
    fake("broken")
    with pytest.raises(OutputError, match="could not encode the MP3: Conversion failed: no space"):
        encode.encode(SECOND, RATE, tmp_path / "x.mp3", MP3)


def test_a_stalled_encoder_is_stopped(tmp_path: Path, fake,  # type: ignore[no-untyped-def]
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    fake("hang")
    pid_file = tmp_path / "pid"
    monkeypatch.setenv("FAKE_PID", str(pid_file))
    monkeypatch.setattr(encode, "TIMEOUT_BASE", 1.0)
    with pytest.raises(OutputError, match="ffmpeg stalled: no MP3 after 1 s"):
        encode.encode(SECOND, RATE, tmp_path / "x.mp3", MP3)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the encoder is gone, not left running


def test_the_timeout_grows_with_the_audio() -> None:
    assert encode.timeout_for(3600) > encode.timeout_for(60) > encode.TIMEOUT_BASE


def test_no_temporary_files_are_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pydub left 118 MB per interrupted encode; the pipe leaves nothing, and the
    small metadata file is removed."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    encode.encode(SECOND, RATE, tmp_path / "x.m4a", encode.CODECS["m4a"],
                  tags={"title": "T"}, chapters=[("A", 0.0, 1.0)])
    assert list(temp.iterdir()) == []


def test_the_cli_keeps_the_old_file_when_the_encoder_writes_nothing(
        tmp_path: Path, fake, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "work" / "tiny.mp3"
    out.parent.mkdir()
    out.write_bytes(b"last week's session")
    fake("silent")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("voicecoach")), "render",
         str(data_dir / "tiny.yaml"), "-o", str(out)],
        capture_output=True, text=True, env=dict(os.environ), timeout=300,
    )
    assert result.returncode == EXIT_OUTPUT
    assert "error: ffmpeg reported success but wrote no MP3; nothing was replaced" in \
        result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == b"last week's session"
    assert [p.name for p in out.parent.iterdir()] == ["tiny.mp3"]


def test_the_cli_says_a_missing_encoder_is_a_missing_piece(
        tmp_path: Path, fake, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    fake("no-encoder")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("voicecoach")), "render",
         str(data_dir / "tiny.yaml"), "-o", str(tmp_path / "t.mp3")],
        capture_output=True, text=True, env=dict(os.environ), timeout=300,
    )
    assert result.returncode == EXIT_MISSING_DEPENDENCY
    assert "error: this ffmpeg cannot write MP3: it has no libmp3lame encoder" in \
        result.stderr.splitlines()
    assert not (tmp_path / "t.mp3").exists()


@pytest.mark.audio
def test_chunks_down_the_pipe_encode_as_one_buffer(tmp_path: Path) -> None:
    """Samples streamed in uneven chunks make the same MP3 as the whole buffer at once."""
    rng = np.random.default_rng(2)
    samples = (rng.standard_normal(22050 * 5) * 3000).astype(np.int16)
    codec = encode.CODECS["mp3"]
    encode.encode(samples, 22050, tmp_path / "one.mp3", codec)
    edges = [0, 1, 4000, 4001, 60000, samples.size]
    encode.encode_stream((samples[a:b] for a, b in itertools.pairwise(edges)),
                         samples.size, 1, 22050, tmp_path / "many.mp3", codec)
    assert (tmp_path / "one.mp3").read_bytes() == (tmp_path / "many.mp3").read_bytes()

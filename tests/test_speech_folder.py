"""voicecoach.speech.folder: what is voicecoach's in the cache folder, and only that
is ever deleted. Fake clips (real WAV files written by clips.write) stand in for
speech: nothing here synthesises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from voicecoach.errors import CacheError
from voicecoach.speech import clear_cache, clip_count, clips, folder

KEY = "ab" + "c" * 62
VOICECOACH = Path(sys.executable).with_name("voicecoach")


def a_clip(where: Path, key: str = KEY, frames: int = 100) -> Path:
    path = where / key[:2] / f"{key}.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    clips.write(path, np.arange(frames, dtype=np.int16), 22050)
    return path


def a_cache(where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    folder.mark(where)
    a_clip(where)
    a_clip(where, "0" * 64)
    return where


def test_clear_refuses_a_folder_that_is_not_a_cache(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("five years of work")
    (tmp_path / "song.mp3").write_bytes(b"ID3")
    a_clip(tmp_path)  # even with a clip-like file in it
    with pytest.raises(CacheError, match=r"is not a voicecoach speech cache.*nothing deleted"):
        clear_cache(tmp_path)
    assert (tmp_path / "thesis.tex").read_text() == "five years of work"
    assert (tmp_path / "song.mp3").exists()
    assert (tmp_path / KEY[:2] / f"{KEY}.wav").exists()


def test_clear_deletes_only_its_own_files_from_a_marked_cache(tmp_path: Path) -> None:
    cache = a_cache(tmp_path / "speech")
    (cache / "notes.txt").write_text("mine")
    (cache / KEY[:2] / "keep.wav").write_bytes(b"not a clip name")
    (cache / "zz").mkdir()
    (cache / "zz" / f"{'f' * 64}.wav").write_bytes(b"wrong shard name")
    wrong_shard = cache / "00" / f"{'1' * 64}.wav"  # a clip name in another clip's shard
    wrong_shard.write_bytes(b"")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.wav").write_text("outside")
    (cache / "cd").symlink_to(elsewhere, target_is_directory=True)
    stale = cache / "00" / ".tmp-999999999-abc_12.wav"
    stale.write_bytes(b"")
    assert clip_count(cache)[0] == 2
    assert clear_cache(cache) == 2
    left = sorted(str(p.relative_to(cache)) for p in cache.rglob("*"))
    assert left == sorted(["CACHEDIR.TAG", "notes.txt", "ab", "ab/keep.wav", "zz",
                           f"zz/{'f' * 64}.wav", "00", f"00/{'1' * 64}.wav", "cd"])
    assert (elsewhere / "x.wav").read_text() == "outside"
    assert clip_count(cache) == (0, 0)


def test_clear_accepts_an_unmarked_cache_of_its_own_files_only(tmp_path: Path) -> None:
    a_clip(tmp_path)  # a cache made before the marker existed
    assert clear_cache(tmp_path) == 1
    assert list(tmp_path.iterdir()) == []
    assert clear_cache(tmp_path / "never-made") == 0


def test_clear_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(CacheError, match="is not a folder"):
        clear_cache(tmp_path / "f")


def test_a_folder_with_other_things_is_never_marked(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("x")
    folder.mark(tmp_path)
    assert not (tmp_path / "CACHEDIR.TAG").exists()
    empty = tmp_path / "new"
    empty.mkdir()
    folder.mark(empty)
    assert folder.is_marked(empty)
    assert (empty / "CACHEDIR.TAG").read_text().startswith(folder.SIGNATURE)


@pytest.mark.parametrize("damage", ["44", "100", "half", "zero", "text", "random",
                                    "stereo", "directory"])
def test_valid_rejects_damaged_clips(tmp_path: Path, damage: str) -> None:
    path = a_clip(tmp_path, frames=5000)
    assert folder.valid(path)
    data = path.read_bytes()
    if damage == "directory":
        path.unlink()
        path.mkdir()
    elif damage == "stereo":
        import wave

        with wave.open(str(path), "wb") as f:
            f.setnchannels(2)
            f.setsampwidth(2)
            f.setframerate(22050)
            f.writeframes(b"\0" * 400)
    else:
        path.write_bytes({"44": data[:44], "100": data[:100], "half": data[:len(data) // 2],
                          "zero": b"", "text": b"hello, world\n",
                          "random": os.urandom(len(data))}[damage])
    assert not folder.valid(path)


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    a_clip(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / "ab" / f".tmp-{dead}-x1y2z3.wav"
    live = tmp_path / "ab" / f"{folder.temporary_prefix()}q9q9q9.wav"  # ours, being written
    other = tmp_path / "ab" / ".tmp-notapid.wav"
    for p in (stale, live, other):
        p.write_bytes(b"")
    assert folder.remove_stale(tmp_path) == 1
    assert not stale.exists() and live.exists() and other.exists()


def _cli(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, VOICECOACH_CACHE_DIR=str(cache))
    return subprocess.run([str(VOICECOACH), *args], capture_output=True, text=True, env=env)


def test_cli_cache_clear_refuses_and_keeps_the_users_files(tmp_path: Path) -> None:
    (tmp_path / "thesis.tex").write_text("five years of work")
    done = _cli("cache", "--clear", cache=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == (
        f"error: {tmp_path} is not a voicecoach speech cache (no CACHEDIR.TAG; it holds "
        "thesis.tex); nothing deleted")
    assert "Traceback" not in done.stderr
    assert (tmp_path / "thesis.tex").exists()


def test_cli_cache_clear_and_show(tmp_path: Path) -> None:
    cache = a_cache(tmp_path / "speech")
    shown = _cli("cache", cache=cache)
    assert shown.stdout.startswith(f"{cache}: 2 clips")
    cleared = _cli("cache", "--clear", cache=cache)
    assert cleared.returncode == 0
    assert cleared.stdout.strip() == f"Removed 2 clips from {cache}"
    assert (cache / "CACHEDIR.TAG").exists()

"""The speech cache's folder: its layout, its marker, and what is voicecoach's in it.

A cache folder holds ``CACHEDIR.TAG`` (the standard marker that backup tools
honour, with a line naming voicecoach), and clips at ``ab/abcdef....wav`` (the
first two hex digits of the 64-digit key, then the key). Temporaries being
written are ``ab/.tmp-PID-random.wav``. Nothing else in the folder is
voicecoach's: :func:`clear` deletes only files of those two name patterns, and
refuses a folder that is not a voicecoach cache. Clips are checked when read
(:func:`valid`): the WAV header's frame count against the file's size.
"""

from __future__ import annotations

import contextlib
import os
import re
import wave
from collections.abc import Iterator
from pathlib import Path

from ..errors import CacheError

MARKER = "CACHEDIR.TAG"
SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"  # https://bford.info/cachedir/
MARKER_TEXT = (
    f"{SIGNATURE}\n"
    "# This folder is a voicecoach speech cache: one WAV clip per phrase, voice and rate.\n"
    "# `voicecoach cache --clear` deletes the clips; every clip is made again when needed.\n"
)
SHARD = re.compile(r"[0-9a-f]{2}")
CLIP = re.compile(r"[0-9a-f]{64}\.wav")
TEMPORARY = re.compile(r"\.tmp-(\d+)-[a-z0-9_]+\.wav")
HEADER = 44  # bytes of the WAV header :func:`voicecoach.speech.clips.write` writes


def temporary_prefix() -> str:
    """The start of a temporary clip's name, for :func:`tempfile.mkstemp`."""
    return f".tmp-{os.getpid()}-"


def is_marked(folder: Path) -> bool:
    try:
        text = (folder / MARKER).read_text("utf-8", errors="replace")
    except OSError:
        return False
    return text.startswith(SIGNATURE) and "voicecoach" in text


def _foreign(folder: Path) -> list[str]:
    """Entries of ``folder`` that are not voicecoach's (by name and type)."""
    out = []
    for entry in os.scandir(folder):
        if entry.name == MARKER and entry.is_file(follow_symlinks=False):
            continue
        if not (SHARD.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False)):
            out.append(entry.name)
            continue
        for inner in os.scandir(entry.path):
            if not (_own_name(entry.name, inner.name) and not inner.is_dir(follow_symlinks=False)):
                out.append(f"{entry.name}/{inner.name}")
    return out


def _own_name(shard: str, name: str) -> bool:
    return bool((CLIP.fullmatch(name) and name.startswith(shard)) or TEMPORARY.fullmatch(name))


def is_cache(folder: Path) -> bool:
    """Marked as a voicecoach cache, or holding only voicecoach's own files (a cache
    made before the marker existed, or an empty folder)."""
    if is_marked(folder):
        return True
    try:
        return not _foreign(folder)
    except OSError:
        return False


def mark(folder: Path) -> None:
    """Mark ``folder`` as a voicecoach cache, unless it holds other things (then it is
    used as it is, and never cleared)."""
    if not is_marked(folder) and is_cache(folder):
        tmp = folder / f".{MARKER}.{os.getpid()}"
        tmp.write_text(MARKER_TEXT, encoding="utf-8")
        os.replace(tmp, folder / MARKER)


def own_files(folder: Path) -> Iterator[Path]:
    """Every clip and temporary of voicecoach's in ``folder`` (symlinks not followed)."""
    try:
        shards = [e for e in os.scandir(folder)
                  if SHARD.fullmatch(e.name) and e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for shard in sorted(shards, key=lambda e: e.name):
        try:
            entries = sorted(os.scandir(shard.path), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if _own_name(shard.name, entry.name) and not entry.is_dir(follow_symlinks=False):
                yield Path(entry.path)


def valid(path: Path) -> bool:
    """Whether ``path`` is a whole clip: a 16-bit mono WAV whose header's frame count
    matches the file's size (a truncated, empty or garbage file is not)."""
    try:
        size = path.stat().st_size
        with wave.open(str(path), "rb") as f:
            frames, width, channels = f.getnframes(), f.getsampwidth(), f.getnchannels()
    except (OSError, EOFError, wave.Error, ValueError):
        return False
    return width == 2 and channels == 1 and size in (HEADER + frames * 2,
                                                     HEADER + frames * 2 + 1)


def discard(path: Path) -> bool:
    """Remove a bad entry at a clip's path (a file, or an empty folder); True if gone."""
    try:
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def remove_stale(folder: Path) -> int:
    """Delete temporaries left by processes that no longer run (killed mid-clip)."""
    removed = 0
    for path in own_files(folder):
        match = TEMPORARY.fullmatch(path.name)
        if match and not _alive(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def count(folder: Path) -> tuple[int, int]:
    """How many clips ``folder`` holds, and their size in bytes."""
    number = size = 0
    for path in own_files(folder):
        if CLIP.fullmatch(path.name):
            number += 1
            with contextlib.suppress(OSError):
                size += path.lstat().st_size
    return number, size


def clear(folder: Path) -> int:
    """Delete voicecoach's own files from ``folder`` (then its empty shard folders; the
    marker stays); return how many clips there were. Anything else is left alone, and a
    folder that is not a voicecoach cache is refused with nothing deleted."""
    if not folder.exists():
        return 0
    if not folder.is_dir():
        raise CacheError(f"the speech cache {folder} is not a folder; nothing deleted")
    if not is_cache(folder):
        try:
            others = _foreign(folder)
        except OSError as exc:
            raise CacheError(f"cannot read the speech cache {folder}: {exc.strerror}") from None
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3
                                         else "")
        raise CacheError(
            f"{folder} is not a voicecoach speech cache (no {MARKER}; it holds {shown}); "
            "nothing deleted",
            hint="point VOICECOACH_CACHE_DIR at the speech cache, or unset it",
        )
    clips = 0
    for path in list(own_files(folder)):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise CacheError(f"cannot delete {path}: {exc.strerror}") from None
        clips += bool(CLIP.fullmatch(path.name))
    for entry in os.scandir(folder):
        if SHARD.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
            with contextlib.suppress(OSError):  # something else is in it: not ours
                os.rmdir(entry.path)
    return clips

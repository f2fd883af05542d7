"""Output targets: where voicecoach may write, and writing there safely.

Every file voicecoach writes (sessions, transcripts, routine files) goes
through here: checked before any audio work, written under a temporary name
beside the target, and moved into place only when complete, so an
interrupted or failed write never leaves a truncated file or replaces a good one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

__all__ = ["atomic", "check_writable"]


def check_writable(path: Path) -> None:
    """Fail now, before any audio work, if ``path`` cannot be written."""
    if path.exists() and path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name like {path / 'session.mp3'}")
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {parent}: {exc.strerror}") from None
    if not parent.is_dir():
        raise OutputError(f"{parent}: is not a folder")
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".voicecoach-", delete=True):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to {parent}: {exc.strerror}") from None


@contextlib.contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place on success only."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)

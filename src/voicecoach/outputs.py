"""Output targets: where voicecoach may write, and writing there safely.

Every file voicecoach writes (sessions, transcripts, routine files) goes
through here: checked before any audio work, written under a temporary name
beside the target, and moved into place only when complete, so an
interrupted or failed write never leaves a truncated file or replaces a good one.

What voicecoach replaces is a regular file, and only one: a device node
(``/dev/null``), a FIFO, a socket, a symbolic link, a folder or a read-only file at
the target is refused, as is a target that is one of the command's inputs or
another of its outputs. A replaced file keeps its mode (and, as root, its owner);
a new one gets the mode the umask allows. Several files written by one command
(an MP3 and its transcripts) form a :func:`transaction`: all are replaced, or
none is. Two processes committing to the same folder at once take turns, so a
set is never mixed from two renders.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import functools
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .errors import OutputError

__all__ = [
    "atomic",
    "check_target",
    "check_targets",
    "check_writable",
    "is_folder",
    "transaction",
    "transactional",
    "within",
]

NAME_MAX = 255  # bytes in one file name on every common file system
TEMP_SUFFIX = ".part"
_TEMP_NAME = 200  # bytes of the target's name kept in its temporary name
# A temporary of the target being written, left by a writer that is gone (SIGKILL, a
# power cut), is removed by the next write of that target: when no process holds its
# lock and it is older than STALE_GRACE (its writer may be between creating and
# locking it), or, where files cannot be locked, when older than STALE_AFTER.
STALE_GRACE = 2.0
STALE_AFTER = 600.0
_LOCKS: dict[str, int] = {}  # our temporaries -> the descriptor holding each one's lock

F = TypeVar("F", bound=Callable[..., Any])


def _shown(path: Path | str) -> str:
    from .sources import shown

    return shown(path)


# --------------------------------------------------------------------------- checks


def within(folder: Path, name: str) -> Path:
    """``folder / name`` for a name voicecoach made (from a slug): a plain file name
    that stays inside ``folder``, never a path."""
    if (not name or name in (".", "..") or "/" in name or os.sep in name or "\x00" in name
            or name.startswith(".")):
        raise OutputError(f"{_shown(name)} is not a plain file name; not writing it")
    path = folder / name
    if os.path.dirname(os.path.normpath(path)) != os.path.normpath(folder):
        raise OutputError(f"{_shown(path)} is outside {_shown(folder)}; not writing it")
    return path


def is_folder(path: Path) -> bool:
    """``-o`` names an existing folder (not a link to one): the session goes inside."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def check_target(path: Path) -> None:
    """Fail now, before any audio work, unless ``path`` can be written as a regular
    file: its folder is created when missing."""
    name = _shown(path)
    if str(path) == "-":
        raise OutputError("voicecoach does not write to standard output; give a file name")
    if len(os.fsencode(path.name)) > NAME_MAX:
        raise OutputError(f"{name}: the file name is {len(os.fsencode(path.name))} bytes, "
                          f"more than the {NAME_MAX} a file system allows")
    try:
        info: os.stat_result | None = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folder is looked at below
        info = None
    except OSError as exc:
        raise OutputError(f"cannot write {name}: {exc.strerror}") from None
    if info is not None:
        _check_existing(path, info)
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{_shown(parent)}: is not a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot create the folder {_shown(parent)}: {exc.strerror}") \
            from None
    if not parent.is_dir():
        raise OutputError(f"{_shown(parent)}: is not a folder")
    if not os.stat(parent).st_mode & 0o222:
        raise OutputError(f"cannot write to {_shown(parent)}: the folder is read-only")
    try:
        with tempfile.NamedTemporaryFile(dir=parent, prefix=".voicecoach-", delete=True):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to {_shown(parent)}: {exc.strerror}") from None


def _check_existing(path: Path, info: os.stat_result) -> None:
    name = _shown(path)
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"{name}: is a folder; give a file name like "
                          f"{_shown(path / 'session.mp3')}")
    if stat.S_ISLNK(mode):
        raise OutputError(f"{name}: is a symbolic link; voicecoach replaces only regular "
                          f"files (give the file it points to, {_shown(os.path.realpath(path))})")
    if not stat.S_ISREG(mode):
        kind = ("a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
        raise OutputError(f"{name}: is {kind}; voicecoach writes only regular files")
    if not mode & 0o222:
        raise OutputError(f"{name}: is read-only; not replacing it "
                          "(make it writable, or give another name)")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def check_targets(targets: Sequence[Path], inputs: Iterable[Path] = ()) -> None:
    """Check every output of one command: each writable (:func:`check_target`), none
    the same file as an input (the routine file, the article) or as another output."""
    sources = list(inputs)
    for index, target in enumerate(targets):
        for source in sources:
            if _same(target, source):
                raise OutputError(
                    f"{_shown(target)} is this command's input; not overwriting it "
                    "(give the output another name)")
        for other in targets[:index]:
            if _same(target, other):
                raise OutputError(
                    f"{_shown(target)} would be written twice by this command (the session "
                    "and a transcript); give the output a name ending in .mp3")
    for target in targets:
        check_target(target)


def check_writable(path: Path) -> None:
    """Fail now, before any audio work, if ``path`` cannot be written."""
    check_target(path)


# --------------------------------------------------------------------------- writing


class _Transaction:
    """Temporary files waiting to be moved into place together."""

    def __init__(self) -> None:
        self.pending: list[tuple[Path, Path]] = []

    def discard(self) -> None:
        for tmp, _ in self.pending:
            _drop(tmp)
        self.pending.clear()


_current: contextvars.ContextVar[_Transaction | None] = contextvars.ContextVar(
    "voicecoach_outputs_transaction", default=None)


@contextlib.contextmanager
def transaction() -> Iterator[None]:
    """Every :func:`atomic` write inside is moved into place at the end, all of them
    or (when anything fails, or one cannot be moved) none."""
    if _current.get() is not None:  # already inside one: it commits
        yield
        return
    txn = _Transaction()
    token = _current.set(txn)
    try:
        yield
    except BaseException:
        _current.reset(token)
        txn.discard()
        raise
    _current.reset(token)
    try:
        _commit(txn.pending)
    finally:
        txn.discard()


def transactional(func: F) -> F:
    """Run ``func`` as one :func:`transaction`."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with transaction():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _base(path: Path) -> str:
    return os.fsencode(path.name)[:_TEMP_NAME].decode("utf-8", "ignore") or "output"


def _temporary(path: Path) -> Path:
    """A new empty file beside ``path``: ``.NAME.XXXXXXXX.part`` (the name shortened
    so that the whole stays within the file system's limit), locked while this
    process may still write it, so that a later run can tell it from a leftover."""
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{_base(path)}.",
                                    suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise OutputError(f"cannot write {_shown(path)}: {exc.strerror}") from None
    if _lock(fd):
        _LOCKS[str(Path(name))] = fd
    else:
        os.close(fd)
    return Path(name)


def _lock(fd: int) -> bool | None:
    """Take the exclusive lock on ``fd`` without waiting: True when taken, False when
    another process holds it, None where files cannot be locked."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (Windows)
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return None
    return True


def _drop(tmp: Path) -> None:
    """Remove one of our temporaries (if still there) and let go of its lock."""
    tmp.unlink(missing_ok=True)
    _release(tmp)


def _release(tmp: Path) -> None:
    fd = _LOCKS.pop(str(tmp), None)
    if fd is not None:
        os.close(fd)


def remove_stale(path: Path) -> list[Path]:
    """Remove the temporaries of ``path`` (``.NAME.XXXXXXXX.part`` beside it) that a
    writer left when it was killed; never another target's, never a live writer's.
    Returns what was removed."""
    pattern = re.compile(re.escape(f".{_base(path)}.") + r"[a-z0-9_]{8}"
                         + re.escape(TEMP_SUFFIX))
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    removed = []
    for name in names:
        stale = path.parent / name
        if not pattern.fullmatch(name) or str(stale) in _LOCKS:
            continue
        try:
            fd = os.open(stale, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            age = time.time() - info.st_mtime
            if not stat.S_ISREG(info.st_mode) or age < STALE_GRACE:
                continue
            free = _lock(fd)
            if free is False or (free is None and age < STALE_AFTER):
                continue  # its writer is still at work
            with contextlib.suppress(OSError):
                os.unlink(stale)
                removed.append(stale)
        finally:
            os.close(fd)
    return removed


@contextlib.contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place on success only
    (at the end of the enclosing :func:`transaction`, when there is one)."""
    remove_stale(path)
    tmp = _temporary(path)
    try:
        yield tmp
    except OSError as exc:
        _drop(tmp)
        raise OutputError(f"cannot write {_shown(path)}: {exc.strerror or exc}") from None
    except BaseException:
        _drop(tmp)
        raise
    txn = _current.get()
    if txn is not None:
        txn.pending.append((tmp, path))
        return
    try:
        _commit([(tmp, path)])
    finally:
        _drop(tmp)


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # pragma: no cover (not Linux)
    os.umask(mask)  # pragma: no cover
    return mask  # pragma: no cover


def _settle(tmp: Path, target: Path) -> None:
    """The temporary file's data on disk, with the mode (and owner) the target has,
    or the mode the umask gives a new file."""
    try:
        old: os.stat_result | None = os.stat(target)
    except OSError:
        old = None
    if old is not None and stat.S_ISREG(old.st_mode):
        os.chmod(tmp, stat.S_IMODE(old.st_mode) & 0o777)
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            with contextlib.suppress(OSError):
                os.chown(tmp, old.st_uid, old.st_gid)
    else:
        os.chmod(tmp, 0o666 & ~_umask())
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _locked(folders: Iterable[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each folder (its own descriptor: no lock file is
    left behind), so two commits into one folder take turns."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (Windows)
        yield
        return
    fds = []
    try:
        for folder in sorted({os.path.realpath(f) for f in folders}):
            try:
                fd = os.open(folder, os.O_RDONLY)
            except OSError:
                continue
            fds.append(fd)
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        for fd in fds:
            os.close(fd)  # closing releases the lock


def _backup(target: Path) -> Path | None:
    """A copy of the target's current content (a hard link where possible), to put
    back if a later file of the same transaction cannot be moved into place."""
    try:
        if not stat.S_ISREG(os.lstat(target).st_mode):
            return None
    except OSError:
        return None
    copy = _temporary(target)
    _drop(copy)  # the name only: the copy is the target's own content, not a writer's
    try:
        os.link(target, copy)
    except OSError:
        shutil.copy2(target, copy)
    return copy


def _commit(pairs: list[tuple[Path, Path]]) -> None:
    """Move each temporary file onto its target: all of them, or none."""
    if not pairs:
        return
    current = pairs[0][1]
    backups: dict[Path, Path] = {}
    done: list[Path] = []
    try:
        for tmp, target in pairs:
            current = target
            _settle(tmp, target)
        with _locked(target.parent for _, target in pairs):
            for _, target in pairs:  # still what was checked before the work began?
                current = target
                with contextlib.suppress(FileNotFoundError):
                    _check_existing(target, os.lstat(target))
            if len(pairs) > 1:
                for _, target in pairs:
                    current = target
                    copy = _backup(target)
                    if copy is not None:
                        backups[target] = copy
            for tmp, target in pairs:
                current = target
                os.replace(tmp, target)
                done.append(target)
            _sync_folders(target.parent for _, target in pairs)
    except OSError as exc:
        for target in reversed(done):
            with contextlib.suppress(OSError):
                if target in backups:
                    os.replace(backups.pop(target), target)
                else:
                    target.unlink()
        reason = exc.strerror or str(exc)
        if exc.errno == errno.EISDIR:
            reason = "it is a folder"
        kept = " (none of this command's files was replaced)" if len(pairs) > 1 else ""
        raise OutputError(f"cannot write {_shown(current)}: {reason}{kept}") from None
    except OutputError as exc:
        if len(pairs) > 1:
            raise OutputError(f"{exc.message} (none of this command's files was replaced)") \
                from None
        raise
    finally:
        for copy in backups.values():
            copy.unlink(missing_ok=True)
        for tmp, _ in pairs:
            _drop(tmp)


def _sync_folders(folders: Iterable[Path]) -> None:
    """Make the renames durable (best effort: not every system can sync a folder)."""
    for folder in {os.path.realpath(f) for f in folders}:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

"""Where routines come from: one loader above the formats.

``load(spec)`` takes what a user types as ROUTINE: a built-in name, a routine
file (YAML or TOML), an article (``.txt``, ``.md``, ``.html``) imported on the
fly, or ``-`` for standard input. The format itself lives in
:mod:`voicecoach.routine`, the article reader in :mod:`voicecoach.importer`;
this module picks one and applies the rules that hold for all of them, such as
"an imported routine is named after its file".
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ArticleError, RoutineError
from .limits import MAX_ARTICLE_BYTES, MAX_ROUTINE_BYTES, quote
from .routine import Routine, clean, parse, parse_toml, slugify

if TYPE_CHECKING:
    from .importer import ImportResult

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
TOML_SUFFIXES = (".toml",)
STDIN = "-"


def builtin_names() -> list[str]:
    """The built-in routines (``routines/*.yaml`` in the package)."""
    folder = resources.files("voicecoach") / "routines"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def did_you_mean(name: str) -> str:
    """``"; did you mean 'hip'?"`` for a near miss of a built-in name, else ``""``."""
    import difflib

    names = builtin_names()
    close = [n for n in names if n == name.lower()] or difflib.get_close_matches(
        name.lower(), names, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def builtin_text(name: str) -> str:
    """The YAML text of a built-in routine."""
    if name not in builtin_names():
        raise RoutineError(
            f"no built-in routine called {quote(name)}{did_you_mean(name)}",
            hint=f"built-in routines: {', '.join(builtin_names())}; or give a path to a file",
        )
    return (resources.files("voicecoach") / "routines" / f"{name}.yaml").read_text("utf-8")


def builtin(name: str) -> Routine:
    """A built-in routine; its slug is its name (``hip`` renders ``output/hip.mp3``).
    The text sets no slug, so a copy (``routines show hip > my.yaml``) follows its
    own file name."""
    loaded = parse(builtin_text(name), f"<built-in {name}>")
    return loaded.model_copy(update={"slug": name})


def shown(spec: str | Path) -> str:
    """A path as it appears in a message: control characters dropped, shortened."""
    text = clean(str(spec))
    return text if len(text) <= 120 else text[:59] + "…" + text[-60:]


def check_regular(path: Path, error: type[RoutineError] | type[ArticleError] = RoutineError,
                  limit: int = MAX_ROUTINE_BYTES) -> os.stat_result:
    """Refuse, before reading, anything that is not a regular file of at most ``limit``
    bytes: a device (``/dev/zero``), a FIFO (which would block), a folder, a symlink
    loop. Symbolic links are followed to what they name."""
    name = shown(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"{name}: a loop of symbolic links; it names no file") from None
        if exc.errno == errno.ENOENT:
            raise error(f"{name}: no such file") from None
        raise error(f"{name}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise error(f"{name}: is a folder, not a routine file")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode)
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise error(f"{name}: is {kind}; voicecoach reads only regular files "
                    "(use - for standard input)")
    if info.st_size > limit:
        raise error(f"{name}: {info.st_size:,} bytes is more than the limit of {limit:,}")
    return info


def read_bytes(path: Path, error: type[RoutineError] | type[ArticleError] = RoutineError,
               limit: int = MAX_ROUTINE_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit`` of them (checked before and while reading)."""
    check_regular(path, error, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise error(f"{shown(path)}: cannot be read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the check
            raise error(f"{shown(path)}: is not a regular file")
        try:
            data = file.read(limit + 1)
        except OSError as exc:
            raise error(f"{shown(path)}: cannot be read ({exc.strerror})") from None
    if len(data) > limit:
        raise error(f"{shown(path)}: more than the limit of {limit:,} bytes")
    return data


def read_stdin(limit: int = MAX_ARTICLE_BYTES) -> str:
    """Standard input as text, at most ``limit`` bytes (``import - </dev/zero`` stops)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (tests): the same limit in characters
        text = sys.stdin.read(limit + 1)
        data = None
    else:
        data = stream.read(limit + 1)
        text = ""
    if (len(data) if data is not None else len(text)) > limit:
        raise ArticleError(f"standard input: more than the limit of {limit:,} bytes")
    if data is not None:
        if b"\x00" in data[:8192]:
            raise ArticleError("standard input is binary, not an article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ArticleError("standard input is not UTF-8 text") from None
    return text


def is_article(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES


def named_after(result: ImportResult, file: Path) -> ImportResult:
    """An imported routine is named after its file (``hip-imported.yaml`` renders
    ``output/hip-imported.mp3``), not after the article's headline."""
    import dataclasses

    routine = result.routine.model_copy(update={"slug": slugify(file.stem, "routine")})
    return dataclasses.replace(result, routine=routine)


def read_article(spec: str) -> ImportResult:
    """An article from a path, or from standard input when ``spec`` is ``-``."""
    from .importer import import_path, import_text

    if spec == STDIN:
        try:
            text = read_stdin()
        except UnicodeDecodeError:
            raise ArticleError("standard input is not UTF-8 text") from None
        return import_text(text, "<stdin>")
    check_regular(Path(spec), ArticleError, MAX_ARTICLE_BYTES)
    return import_path(Path(spec))


def routine_file_for(spec: str, result: ImportResult) -> Path:
    """Where ``voicecoach import`` writes by default: the article's name with
    ``.yaml``, or the routine's slug for standard input."""
    if spec == STDIN:
        return Path(f"{result.routine.slug}.yaml")
    return Path(spec).with_suffix(".yaml")


@dataclass(frozen=True)
class Source:
    """What ROUTINE named: a built-in, a file, an article, or standard input."""

    spec: str
    kind: str  # builtin | routine | article | stdin

    @property
    def path(self) -> Path | None:
        return Path(self.spec) if self.kind in ("routine", "article") else None


def locate(spec: str) -> Source:
    """Decide what ``spec`` names, without reading it."""
    if spec == STDIN:
        return Source(spec, "stdin")
    path = Path(spec)
    try:
        os.lstat(path)
        exists = True
    except (OSError, ValueError):
        exists = False
    if spec in builtin_names() and not exists:
        return Source(spec, "builtin")
    if not exists:
        raise RoutineError(
            f"{shown(spec)}: no such file, and no built-in routine by that name"
            f"{did_you_mean(spec)}",
            hint=f"built-in routines: {', '.join(builtin_names())}",
        )
    check_regular(path, RoutineError, MAX_ARTICLE_BYTES if is_article(path)
                  else MAX_ROUTINE_BYTES)
    return Source(spec, "article" if is_article(path) else "routine")


def load(spec: str | Path) -> Routine:
    """A validated routine from a built-in name, a routine file, an article or ``-``."""
    source = locate(str(spec))
    if source.kind == "builtin":
        return builtin(source.spec)
    if source.kind == "stdin":
        return read_article(STDIN).routine
    path = Path(source.spec)
    if source.kind == "article":
        return named_after(read_article(source.spec), path).routine
    origin = shown(spec)
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RoutineError(f"{origin}: not a text file (it is not UTF-8)") from None
    if "\x00" in text:
        raise RoutineError(f"{origin}: not a text file (it holds NUL bytes)")
    loaded = parse_toml(text, origin) if path.suffix.lower() in TOML_SUFFIXES \
        else parse(text, origin)
    return follows_file_name(loaded, path)


def follows_file_name(loaded: Routine, path: Path) -> Routine:
    """A routine file renders under its own name (``week1.yaml`` -> ``output/week1.mp3``)
    unless it sets ``slug`` on purpose; a copy of a routine never overwrites the
    original's session."""
    if loaded.slug_given:
        return loaded
    return loaded.model_copy(update={"slug": slugify(path.stem, "routine")})

"""Where routines come from: one loader above the formats.

``load(spec)`` takes what a user types as ROUTINE: a built-in name, a routine
file (YAML or TOML), an article (``.txt``, ``.md``, ``.html``) imported on the
fly, or ``-`` for standard input. The format itself lives in
:mod:`voicecoach.routine`, the article reader in :mod:`voicecoach.importer`;
this module picks one and applies the rules that hold for all of them, such as
"an imported routine is named after its file".
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ArticleError, RoutineError
from .routine import Routine, parse, parse_toml, slugify

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
            f"no built-in routine called {name!r}{did_you_mean(name)}",
            hint=f"built-in routines: {', '.join(builtin_names())}; or give a path to a file",
        )
    return (resources.files("voicecoach") / "routines" / f"{name}.yaml").read_text("utf-8")


def builtin(name: str) -> Routine:
    return parse(builtin_text(name), f"<built-in {name}>")


def is_article(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES


def named_after(result: ImportResult, file: Path) -> ImportResult:
    """An imported routine is named after its file (``hip-imported.yaml`` renders
    ``output/hip-imported.mp3``), not after the article's headline."""
    import dataclasses

    routine = result.routine.model_copy(update={"slug": slugify(file.stem)})
    return dataclasses.replace(result, routine=routine)


def read_article(spec: str) -> ImportResult:
    """An article from a path, or from standard input when ``spec`` is ``-``."""
    from .importer import import_path, import_text

    if spec == STDIN:
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise ArticleError("standard input is not UTF-8 text") from None
        return import_text(text, "<stdin>")
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
    if spec in builtin_names() and not path.exists():
        return Source(spec, "builtin")
    if not path.exists():
        raise RoutineError(
            f"{spec}: no such file, and no built-in routine by that name{did_you_mean(spec)}",
            hint=f"built-in routines: {', '.join(builtin_names())}",
        )
    if path.is_dir():
        raise RoutineError(f"{spec}: is a folder, not a routine file")
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
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise RoutineError(f"{spec}: not a text file (it is not UTF-8)") from None
    except OSError as exc:
        raise RoutineError(f"{spec}: cannot be read ({exc.strerror})") from None
    if path.suffix.lower() in TOML_SUFFIXES:
        return parse_toml(text, str(spec))
    return parse(text, str(spec))

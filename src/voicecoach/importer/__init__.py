"""Import an exercise article (plain text, Markdown or HTML) into a routine to review.

The entry points decide what counts as an article (UTF-8 text, not binary, not empty,
not too long; HTML by its suffix or its first tags) and run the passes, each a module:

1. :mod:`.text` cleans the text: HTML to text, quotes and spaces, tables to lines
   (:mod:`.flat`: a list flattened onto one line gets its line breaks back).
2. :mod:`.lines` classifies every line (heading, body, label, junk) and finds the title.
3. :mod:`.sections` splits the lines into the introduction, the exercises and the
   closing words (:mod:`.sentences` says which text instructs a movement).
4. :mod:`.doses` reads reps, holds, times, distances, sets and sides (:mod:`.shape`: which
   text looks like a dose, and rounds of the whole routine).
5. :mod:`.build` turns the exercises into a validated routine (:mod:`.spoken` cleans the
   instructions for speech), and :mod:`.result` writes it as commented YAML or JSON.

Reading standard input is the caller's business: give :func:`import_text` the text and a
name for where it came from. Every problem with the input is raised as
:class:`~voicecoach.errors.ArticleError`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ArticleError
from .build import build_result, name_from_text
from .flat import unflatten
from .lines import classify, take_title
from .result import ImportedExercise, ImportResult, review_rows
from .sections import (
    dose_named_exercise,
    find_sections,
    lenient_exercises,
    numbered_items,
    prose_exercises,
    single_exercise,
    split_intro,
)
from .shape import read_circuit
from .text import html_to_text, looks_like_html, normalize, tables_to_lines

__all__ = [
    "MAX_CHARS",
    "ArticleError",
    "ImportResult",
    "ImportedExercise",
    "html_to_text",
    "import_path",
    "import_text",
    "review_rows",
]

MAX_CHARS = 2_000_000  # characters in an article; longer is not an article


def import_path(path: str | Path) -> ImportResult:
    """Read an article file (UTF-8 plain text, Markdown or HTML) and import it."""
    origin = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise ArticleError(f"{origin}: is a folder, not an article")
        data = p.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{origin}: no such file") from None
    except OSError as exc:
        raise ArticleError(f"{origin}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise ArticleError(f"{origin}: is a binary file, not an article (plain text, "
                           "Markdown or HTML)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError(f"{origin}: is not UTF-8 text",
                           hint="save the article as UTF-8 plain text or Markdown") from None
    if p.suffix.lower() in (".html", ".htm") or looks_like_html(text):
        text = html_to_text(text)
    return import_text(text, origin)


def import_text(text: str, origin: str, name: str | None = None) -> ImportResult:
    """Import an article's text; ``origin`` names where it came from in messages and in
    the routine's source. ``name`` overrides the routine's name (and slug)."""
    if not isinstance(text, str):
        raise ArticleError(f"{origin}: the article must be text")
    if not text.strip():
        raise ArticleError(f"{origin}: the article is empty")
    if len(text) > MAX_CHARS:
        raise ArticleError(f"{origin}: the article is too long ({len(text)} characters)")
    if looks_like_html(text):
        text = html_to_text(text)
    lines = classify(tables_to_lines(unflatten(normalize(text))).split("\n"))
    title, lines = take_title(lines)
    sections = find_sections(lines)
    intro, exercises, routine_text = split_intro(sections)
    if not exercises or (len(exercises) == 1 and exercises[0].heading is None):
        prose = prose_exercises(sections)
        one = single_exercise(title, sections)
        if len(prose) >= 3 or (len(prose) == 2 and any(
                p.heading is not None and p.heading.tag == "another" for p in prose)):
            # a routine told in prose, three moves or more (or "another exercise ... is X")
            exercises = prose
        elif one is not None:  # a page that is one exercise, named by its title
            intro, exercises, routine_text = [], [one], []
        elif exercises and name_from_text(exercises[0].all_text) is None:
            # one exercise without a heading: named by its dose ("Do 2 sets of 12 toe taps")
            one = dose_named_exercise(title, sections)
            if one is not None:
                intro, exercises, routine_text = [], [one], []
    if not exercises:
        exercises = lenient_exercises(sections)
    if not exercises:
        exercises = numbered_items(lines)
        if exercises:  # (the items' own words are not the whole routine's)
            said = {p.text for e in exercises for p in e.paragraphs}
            intro = [t for t in intro if t not in said]
            routine_text = [t for t in routine_text if t not in said]
    if not exercises:
        exercises = prose_exercises(sections)
    if not exercises:
        one = dose_named_exercise(title, sections)
        exercises = [one] if one is not None else []
    if not exercises:
        raise ArticleError(
            f"{origin}: no exercises found",
            hint="an exercise is a name (a heading line) followed by instructions such as "
            "'Lie on your back ... repeat 10 times'",
        )
    if read_circuit(title, routine_level=True) is not None and len(title.split()) <= 3:
        routine_text = [title, *routine_text]  # a page titled "5 Rounds" is done five times
    return build_result(title, intro, exercises, origin, name, routine_text)

"""The import's result: what was read, and how it is written out.

:class:`ImportResult` holds the validated routine, one :class:`ImportedExercise` per
exercise (its dose in words, the sentence each value came from, how sure the importer is,
and what to review) and the warnings. It decides the three outputs: the review table's
rows (:func:`review_rows`), JSON for scripting (:meth:`ImportResult.to_json`), and the
routine file (:meth:`ImportResult.to_yaml`): YAML with a comment on every dose value
saying the sentence it was read from, or why it was guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml

from ..routine import Range, Routine, dump
from ..words import NUMBERS

__all__ = ["ImportResult", "ImportedExercise", "quote", "review_rows"]

# The routine file's line width (as :func:`voicecoach.routine.dump` writes it).
YAML_WIDTH = 88
# The exercise fields whose value is commented with where it came from.
SOURCED_FIELDS = ("reps", "hold", "duration", "distance", "sets", "per_side")
# Routine fields as the JSON output gives them.
_JSON_DOSE_FIELDS = ("reps", "hold", "duration", "distance", "sets")

# A number in digits or words: what a quoted dose phrase must keep.
_NUMBER_WORDS = "|".join(sorted(NUMBERS, key=len, reverse=True))
_NUMBER = re.compile(rf"\b(?:\d|(?:{_NUMBER_WORDS})\b)", re.IGNORECASE)


@dataclass
class ImportedExercise:
    """What the importer read for one exercise, and how sure it is."""

    name: str
    slug: str
    kind: str  # "reps" | "hold" | "timed" | "distance"
    dose: str  # human: "10-15 reps per side"
    per_side: bool
    source_phrase: str | None  # the sentence the dose was read from
    confidence: float  # 0..1
    guessed: bool  # the dose is a default, not in the article
    needs_review: bool
    notes: list[str] = field(default_factory=list)
    field_sources: dict[str, str] = field(default_factory=dict)  # field -> sentence or guess
    # Dose fields the article does not give, with the default the session plays instead
    # (the routine must have a dose to validate and render). In --json these fields are
    # null (the article gives none) and the defaults are listed apart.
    defaults: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    """An imported article: the routine, what was read for each exercise, and warnings."""

    routine: Routine
    exercises: list[ImportedExercise]
    title: str
    warnings: list[str]
    origin: str  # the file, or what the caller calls the text ("<stdin>")

    def to_yaml(self) -> str:
        """The routine file text, commented with where every dose value came from."""
        return _commented_yaml(self)

    def to_json(self) -> str:
        """The parsed result for scripting."""
        items = []
        for imported, exercise in zip(self.exercises, self.routine.exercises, strict=True):
            item: dict[str, Any] = asdict(imported)
            item["fields"] = field_review(imported)
            item["instructions"] = exercise.instructions
            item["equipment"] = list(exercise.equipment)
            defaults = item.pop("defaults")
            item["defaults"] = {}
            for key in _JSON_DOSE_FIELDS:
                value = getattr(exercise, key)
                if key in defaults:  # not in the article: empty, with what the session uses
                    item["defaults"][key] = None if value is None else _json_range(value)
                    value = None
                item[key] = None if value is None else _json_range(value)
            items.append(item)
        data = {
            "title": self.title,
            "origin": self.origin,
            "routine": {
                "name": self.routine.name,
                "slug": self.routine.slug,
                "description": self.routine.description,
            },
            "exercises": items,
            "warnings": list(self.warnings),
        }
        return json.dumps(data, indent=2, ensure_ascii=False)


def _json_range(value: Range) -> Any:
    """A number, or ``[low, high]`` for a range; whole numbers as ints."""

    def num(v: float) -> int | float:
        return int(v) if float(v).is_integer() else float(v)

    return num(value.low) if not value.is_range else [num(value.low), num(value.high)]


# Which field a review note is about, by its words ("the article also gives reps 12; ...",
# "5 breaths read as about 20 s", "the sides alternate within each rep").
_NOTE_FIELD = {
    "name": re.compile(r"\bheading\b|\bnamed\b", re.IGNORECASE),
    "reps": re.compile(r"\breps?\b|repetitions?|\btimes\b", re.IGNORECASE),
    "hold": re.compile(r"\bhold|\bbreaths?\b|\bcounts?\b", re.IGNORECASE),
    "duration": re.compile(r"\bgives no time\b|\bduration\b|\bminutes?\b", re.IGNORECASE),
    "distance": re.compile(r"\bdistance\b|yards?|met(?:er|re)s?|\bsteps?\b|\blaps?\b",
                           re.IGNORECASE),
    "sets": re.compile(r"\bsets?\b|\brounds?\b|\bcircuit\b", re.IGNORECASE),
    "per_side": re.compile(r"\bsides?\b|alternat", re.IGNORECASE),
}
_FIELD_LABEL = {"per_side": "per side"}
DEFAULT_USED = "not in the article: the session uses a default"


def field_review(ex: ImportedExercise) -> dict[str, dict[str, Any]]:
    """For each field the importer filled (and the name when it is in doubt): the phrase of
    the article it came from (None for a default), whether the value is the session's
    default, and what is uncertain about it (None when nothing is). Each review note goes
    to the first field its words name; one that names none stays with the exercise."""
    guesses = {s[len("guessed:"):].strip() for s in ex.field_sources.values()
               if s.startswith("guessed:")}
    about: dict[str, list[str]] = {}
    for note in ex.notes:
        key = next((k for k, pattern in _NOTE_FIELD.items() if pattern.search(note)), None)
        if key is not None and note not in guesses:
            about.setdefault(key, []).append(note)
    out: dict[str, dict[str, Any]] = {}
    for key in ("name", *SOURCED_FIELDS):
        source = ex.field_sources.get(key)
        doubts = about.get(key, [])
        if source is None and not doubts:
            continue
        default = source is not None and source.startswith("guessed:")
        if default:
            assert source is not None
            doubts = [f"{DEFAULT_USED} ({source[len('guessed:'):].strip()})", *doubts]
            source = None
        out[key] = {"source": source, "default": default,
                    "uncertain": "; ".join(doubts) or None}
    return out


def review_rows(result: ImportResult) -> list[dict[str, str]]:
    """One row per exercise for a review table: per field the phrase it came from
    ("reps, per side: \"...repeat 10 times per side.\""), and what is uncertain."""
    rows = []
    for ex in result.exercises:
        dose = f"none given (default: {ex.dose})" if ex.guessed else ex.dose
        fields = field_review(ex)
        by_phrase: dict[str, list[str]] = {}
        for key, info in fields.items():
            if info["source"] is not None:
                by_phrase.setdefault(info["source"], []).append(_FIELD_LABEL.get(key, key))
        sources = [f"{', '.join(keys)}: {quote(phrase)}" for phrase, keys in by_phrase.items()]
        sources += [f"{_FIELD_LABEL.get(k, k)}: none in the article" for k, info in fields.items()
                    if info["default"]]
        uncertain = [f"{_FIELD_LABEL.get(k, k)}: {info['uncertain']}"
                     for k, info in fields.items() if info["uncertain"]]
        name = ex.name + (" (check)" if ex.needs_review else "")
        rows.append(
            {
                "exercise": name,
                "kind": ex.kind,
                "dose": dose,
                "per side": "yes" if ex.per_side else "no",
                "source": "\n".join(sources) or "none in the article",
                "uncertain": "\n".join(uncertain),
                "confidence": f"{ex.confidence:.2f}",
            }
        )
    return rows


# --------------------------------------------------------------------------- YAML


def quote(sentence: str, limit: int = 90, focus: str | None = None) -> str:
    """A sentence in double quotes on one line, cut to about ``limit`` at words: its end,
    or, when its first number comes before that, the words around the number (a dose is
    quoted for its number: "hold for 3-5 seconds, then slowly lower ..." must keep it), or,
    given ``focus`` (a name read from the sentence), the words around its first mention."""
    text = " ".join(sentence.split()).replace('"', "'")
    if len(text) <= limit:
        return f'"{text}"'
    tail = text[-(limit - 3):]
    tail = tail.split(" ", 1)[1] if " " in tail else tail
    at = text.lower().find(focus.lower()) if focus else -1
    number = _NUMBER.search(text)
    if at < 0 and number is not None:
        at = number.start()
    if at < 0 or at >= len(text) - len(tail):
        return f'"...{tail}"'
    start = max(0, at - 30)
    if start:
        start = text.rfind(" ", 0, start + 1) + 1
    window = text[start:start + limit - 6]
    window = window.rsplit(" ", 1)[0] if " " in window else window
    return f'"{"..." if start else ""}{window.rstrip(".")}..."'


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _yaml_pair(key: str, value: Any, indent: int, first: str = "") -> list[str]:
    """``key: value`` as YAML lines at ``indent`` spaces; ``first`` replaces the indent on
    the first line (``"- "`` starts a list item)."""
    text = yaml.safe_dump({key: value}, sort_keys=False, allow_unicode=True,
                          width=YAML_WIDTH - indent)
    lines = [(" " * indent + line) if line else line for line in text.splitlines()]
    if first:
        lines[0] = first + lines[0][indent:]
    return lines


def _source_comment(source: str) -> str:
    """The comment above a value: the sentence it was read from, or why it was guessed."""
    if source.startswith("guessed:"):
        return f"  # {_one_line(source)}"
    return f"  # from: {quote(source)}"


def _commented_yaml(result: ImportResult) -> str:
    """The routine in the file format, each exercise's values commented.

    The routine's own :func:`~voicecoach.routine.dump` decides which fields are written
    and how; its output is read back as data and written out again key by key, so every
    comment is placed above the value it explains.
    """
    data: dict[str, Any] = yaml.safe_load(dump(result.routine))
    out = [
        f"# Imported by `voicecoach import` from {_one_line(result.origin)}",
        f"# Article: {_one_line(result.title)}",
        "# Review it before use: check every name, instruction and dose against the article.",
        "# 'from:' quotes the sentence a value was read from; 'guessed:' marks a value the",
        "# article does not give.",
    ]
    for key, value in data.items():
        if key != "exercises":
            out.extend(_yaml_pair(key, value, 0))
            continue
        out.append("exercises:")
        for item, imported in zip(value, result.exercises, strict=True):
            if imported.needs_review:
                out.append(f"# review: {_one_line('; '.join(imported.notes) or 'check this one')}")
            for n, (field_name, field_value) in enumerate(item.items()):
                source = imported.field_sources.get(field_name)
                if field_name in SOURCED_FIELDS and source:
                    out.append(_source_comment(source))
                out.extend(_yaml_pair(field_name, field_value, 2, "- " if n == 0 else ""))
    return "\n".join(out) + "\n"

"""The routine format: YAML (or TOML) text to a validated :class:`Routine`, and back.

Where a routine comes from (a built-in name, a file, an article) is decided in
:mod:`voicecoach.sources`; this module knows only the format.

A routine is data only: names, instructions and doses, where a dose may be a
range ("10-15") exactly as an article states it. Picking a value from a range,
and every other adjustment, happens later (:mod:`voicecoach.session`).

Every problem is reported with the file, the line, the exercise and the field.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import RoutineError
from .limits import (
    DOSE,
    MAX_EXERCISES,
    MAX_NESTING,
    MAX_PROBLEMS,
    MAX_SLUG,
    MAX_YAML_NODES,
    MIN_SECONDS,
    PACING,
    quote,
)

Kind = Literal["reps", "hold", "timed", "distance"]
Movement = Literal["running", "walking", "lunging", "carrying"]
MOVEMENTS: tuple[str, ...] = ("running", "walking", "lunging", "carrying")

Level = Literal["easy", "standard", "hard"]
LEVELS: tuple[str, ...] = ("easy", "standard", "hard")

_RANGE_RE = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(?:(?:-|–|—|to)\s*(\d+(?:\.\d+)?))?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Range:
    """A number or an inclusive range of numbers, as an article writes a dose."""

    low: float
    high: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", float(self.low))
        object.__setattr__(self, "high", float(self.high))

    @classmethod
    def parse(cls, value: Any) -> Range:
        """Read ``10``, ``2.5``, ``"10-15"``, ``"10–15"``, ``"10 to 15"`` or ``[10, 15]``."""
        if isinstance(value, Range):
            return value
        if isinstance(value, bool):
            raise ValueError("must be a number or a range like 10-15, not true/false")
        if isinstance(value, (int, float)):
            low = high = _finite(value)
        elif isinstance(value, (list, tuple)) and len(value) == 2:
            if any(isinstance(v, bool) for v in value):
                raise ValueError("must be a number or a range like 10-15, not true/false")
            try:
                low, high = _finite(value[0]), _finite(value[1])
            except (TypeError, ValueError):
                raise ValueError("must be a number or a range like 10-15") from None
        elif isinstance(value, str):
            match = _RANGE_RE.match(value)
            if not match:
                raise ValueError(f"must be a number or a range like 10-15, not {quote(value)}")
            low = float(match.group(1))
            high = float(match.group(2)) if match.group(2) else low
        else:
            raise ValueError("must be a number or a range like 10-15")
        if not (math.isfinite(low) and math.isfinite(high)):
            raise ValueError("must be a finite number")
        if low <= 0:
            raise ValueError(f"must be greater than zero, not {_num(low)}")
        if high < low:
            raise ValueError(f"range {_num(low)}-{_num(high)} goes downwards")
        return cls(low, high)

    @property
    def is_range(self) -> bool:
        return self.high != self.low

    def pick(self, level: str = "easy") -> float:
        """The low end (easy), the middle (standard) or the high end (hard)."""
        if level == "easy":
            return self.low
        if level == "hard":
            return self.high
        return (self.low + self.high) / 2

    def __str__(self) -> str:
        return _num(self.low) if not self.is_range else f"{_num(self.low)}-{_num(self.high)}"


def _finite(value: Any) -> float:
    """A number as a float; an integer too large for one (``reps: 1000...0`` with 400
    digits, which YAML reads as an int) is infinite, refused as such, not an
    OverflowError."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Letters NFKD does not take apart into a base letter and marks.
_LATIN = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ł": "l", "Ł": "L",
    "ı": "i", "ŋ": "ng", "Ŋ": "NG",
})


def slugify(name: str, fallback: str = "exercise") -> str:
    """``"Single-Leg Sit-to-Stand"`` -> ``"single-leg-sit-to-stand"``; ``"Ünïcödé"``
    -> ``"unicode"`` (accents dropped, not the letters). A name with no Latin letters
    or digits gives ``fallback``. At most :data:`~voicecoach.limits.MAX_SLUG` characters,
    cut at a hyphen, so that a file name made from it stays short."""
    latin = unicodedata.normalize("NFKD", name.translate(_LATIN))
    latin = "".join(ch for ch in latin if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:MAX_SLUG]
    return slug or fallback


def check_slug(slug: str) -> str:
    """A slug given in a file: lower-case letters, digits and single hyphens, short;
    never a path (``../x``, ``/abs``) or a name with a newline."""
    if not (SLUG_RE.match(slug) and len(slug) <= MAX_SLUG):
        suggestion = slugify(clean(slug))
        raise ValueError(
            f"{quote(slug)} must be lower-case letters, digits and hyphens, at most "
            f"{MAX_SLUG} characters (for example {quote(suggestion)})"
        )
    return slug


# Control characters (C0, C1, DEL), format characters (bidirectional overrides,
# zero-width marks) and lone surrogates: never printed, tagged or spoken.
_CONTROL = frozenset({"Cc", "Cf", "Cs"})


def clean(text: str) -> str:
    """Text from a routine file made safe for a terminal, ID3 tags and chapter titles:
    control and format characters dropped (whitespace ones become spaces), runs of
    whitespace collapsed."""
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _CONTROL
    )
    return " ".join(text.split())


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Defaults(_Model):
    """Pacing shared by every exercise (each may override tempo, rest and pace)."""

    tempo: float = Field(3.0, description="seconds per rep")
    rest: float = Field(30.0, description="seconds of rest between sets")
    switch: float = Field(5.0, description="seconds to change sides")
    transition: float = Field(15.0, description="seconds between exercises")
    lead_in: float = Field(5.0, description="seconds before the first exercise")
    ready: float = Field(5.0, description="seconds to get into position")
    pace: float | None = Field(
        None, description="seconds per meter for distance work (default: by movement)")

    @field_validator("*")
    @classmethod
    def _bounds(cls, value: float | None, info: Any) -> float | None:
        return None if value is None else _pacing(value, info.field_name)


def _pacing(value: float, name: str) -> float:
    """A pacing value within :data:`voicecoach.limits.PACING` (one table for all)."""
    allow_zero, maximum = PACING[name]
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"must be {'zero or more' if allow_zero else 'greater than zero'}")
    if value > maximum:
        raise ValueError(f"must be at most {maximum:g} seconds")
    if value < MIN_SECONDS.get(name, 0):
        raise ValueError(f"must be at least {MIN_SECONDS[name]:g} seconds (a rep needs time "
                         f"to be counted)")
    return value



class _Named(_Model):
    """A model with a ``name`` that must keep some text once control characters go."""

    @field_validator("name", mode="after", check_fields=False)
    @classmethod
    def _named(cls, value: str) -> str:
        if not clean(value):  # (runs before the subclass's own cleaning)
            raise ValueError("has no text (only control characters or spaces)")
        return value


class Exercise(_Named):
    name: str = Field(min_length=1)
    slug: str = ""
    instructions: str = ""
    cue: str | None = None
    equipment: list[str] = Field(default_factory=list)
    reps: Range | None = None
    hold: Range | None = None
    duration: Range | None = None
    distance: Range | None = None
    sets: Range = Range(1, 1)
    per_side: bool = False
    tempo: float | None = None
    rest: float | None = None
    pace: float | None = None
    movement: Movement | None = None  # distance work: how it is covered (sets the pace)
    cues: dict[int, str] = Field(default_factory=dict)
    breathe: bool = False  # breathing cues in holds, timed work and slow reps

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_slug(value) if value else value

    @field_validator("tempo", "rest", "pace")
    @classmethod
    def _pace(cls, value: float | None, info: Any) -> float | None:
        return None if value is None else _pacing(value, info.field_name)

    @field_validator("reps", "hold", "duration", "distance", "sets", mode="before")
    @classmethod
    def _range(cls, value: Any, info: Any) -> Range | None:
        if value is None:
            return None
        rng = Range.parse(value)
        limit = DOSE[info.field_name]
        if rng.high > limit:
            raise ValueError(f"{_num(rng.high)} is more than the maximum of {limit}")
        if info.field_name in ("reps", "sets") and not (
            rng.low.is_integer() and rng.high.is_integer()
        ):
            raise ValueError(f"must be a whole number, not {rng}")
        return rng

    @field_validator("equipment", mode="before")
    @classmethod
    def _equipment(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @field_validator("name", "instructions", "cue", mode="after")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return clean(value) if isinstance(value, str) else value

    @field_validator("equipment", mode="after")
    @classmethod
    def _things(cls, value: list[str]) -> list[str]:
        return [thing for thing in (clean(v) for v in value) if thing]

    @field_validator("cues", mode="after")
    @classmethod
    def _cues(cls, value: dict[int, str]) -> dict[int, str]:
        cleaned: dict[int, str] = {}
        for rep, text in value.items():
            if rep < 1:
                raise ValueError(f"cue at rep {rep}: reps are counted from 1")
            cleaned[rep] = clean(text)
            if not cleaned[rep]:
                raise ValueError(f"cue at rep {rep} has no text")
        return cleaned

    @model_validator(mode="after")
    def _dose(self) -> Exercise:
        if not self.slug:
            object.__setattr__(self, "slug", slugify(self.name))
        if self.cues and self.reps is not None:
            beyond = [rep for rep in self.cues if rep > self.reps.high]
            if beyond:
                raise ValueError(
                    f"cue at rep {beyond[0]}, but the exercise has at most "
                    f"{_num(self.reps.high)} reps"
                )
        given = [f for f in ("reps", "duration", "distance") if getattr(self, f) is not None]
        if len(given) > 1:
            raise ValueError(f"give one dose, not both {given[0]} and {given[1]}")
        if not given and self.hold is None:
            raise ValueError("needs a dose: reps, hold, duration or distance")
        if self.hold is not None and given and given[0] != "reps":
            raise ValueError(f"hold goes with reps (or alone), not with {given[0]}")
        if self.movement is not None and self.distance is None:
            raise ValueError("movement goes with distance work (distance)")
        if self.cues and self.reps is None:
            raise ValueError("cues at a rep need a rep-based exercise (reps)")
        return self

    @property
    def kind(self) -> Kind:
        """``reps``, ``hold``, ``timed`` or ``distance``."""
        if self.reps is not None:
            return "reps"
        if self.duration is not None:
            return "timed"
        if self.distance is not None:
            return "distance"
        return "hold"


class Routine(_Named):
    name: str = Field(min_length=1)
    slug: str = ""
    description: str = ""
    source: str = ""
    safety: str = ""  # spoken in the opening when the routine has one
    defaults: Defaults = Field(default_factory=Defaults)
    exercises: list[Exercise] = Field(min_length=1)

    @field_validator("exercises", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        if isinstance(value, list) and len(value) > MAX_EXERCISES:
            raise ValueError(
                f"{len(value)} exercises, more than the {MAX_EXERCISES} an MP3's chapter "
                "table holds (with the opening and closing)"
            )
        return value

    @field_validator("name", "description", "source", "safety", mode="after")
    @classmethod
    def _text(cls, value: str) -> str:
        return clean(value)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        return check_slug(value) if value else value

    @property
    def slug_given(self) -> bool:
        """Whether the file set ``slug`` on purpose (else it follows the file's name)."""
        return "slug" in self.model_fields_set and bool(self.slug)

    @model_validator(mode="after")
    def _unique(self) -> Routine:
        if not self.slug:
            object.__setattr__(self, "slug", slugify(self.name, "routine"))
        # Slugs given on purpose must differ; one made from a name that collides
        # (a circuit repeating an exercise) gets a number: squats, squats-2.
        given = [("slug" in ex.model_fields_set and bool(ex.slug)) for ex in self.exercises]
        seen: dict[str, int] = {}
        for index, exercise in enumerate(self.exercises, 1):
            if not given[index - 1]:
                continue
            if exercise.slug in seen:
                raise ValueError(
                    f"exercises {seen[exercise.slug]} and {index} share the slug "
                    f"{quote(exercise.slug)}; give one of them its own 'slug'"
                )
            seen[exercise.slug] = index
        for index, exercise in enumerate(self.exercises, 1):
            if given[index - 1]:
                continue
            base, slug, n = exercise.slug, exercise.slug, 2
            while slug in seen:
                slug, n = f"{base[:MAX_SLUG - 4]}-{n}", n + 1
            if slug != exercise.slug:
                self.exercises[index - 1] = exercise.model_copy(update={"slug": slug})
            seen[slug] = index
        return self


# --------------------------------------------------------------------------- parsing


def parse_toml(text: str, origin: str = "<routine>") -> Routine:
    """The same format written as TOML (``[[exercises]]`` tables). Problems name the
    exercise and field; TOML parsers give no line for them."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    _check_nesting_toml(text, origin)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoutineError(f"{origin}: not valid TOML: {_short(str(exc))}") from None
    except RecursionError:
        raise _too_deep(origin) from None
    return _validate(data, origin, lambda loc: None)


def _short(text: str, limit: int = 160) -> str:
    """A parser's message (which may quote the file) cleaned and shortened."""
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _too_deep(origin: str) -> RoutineError:
    return RoutineError(f"{origin}: nested more than {MAX_NESTING} levels deep; "
                        "a routine needs no more than four")


def _check_nesting_toml(text: str, origin: str) -> None:
    """Refuse deep nesting before the TOML parser recurses into it: count open
    brackets and braces outside strings and comments (an upper bound is enough)."""
    depth = 0
    quote_char = ""
    comment = False
    escaped = False
    for ch in text:
        if comment:
            comment = ch != "\n"
        elif quote_char:
            if escaped:
                escaped = False
            elif ch == "\\" and quote_char == '"':
                escaped = True
            elif ch == quote_char:
                quote_char = ""
        elif ch in "\"'":
            quote_char = ch
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep(origin)
        elif ch in "]}":
            depth = max(0, depth - 1)


def _yaml_loader() -> Any:
    """A safe YAML loader that refuses duplicate keys (the second would silently win)."""
    import yaml

    class Loader(yaml.SafeLoader):
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if isinstance(node, yaml.MappingNode):
                seen: set[Any] = set()
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    try:
                        duplicate = key in seen
                        seen.add(key)
                    except TypeError:
                        continue  # an unhashable key: the base class says so
                    if duplicate:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"the key {quote(key)} appears twice",
                            key_node.start_mark)
            return super().construct_mapping(node, deep)

    return Loader


def _compose(text: str, origin: str) -> Any:
    """The YAML node tree, refused when nested too deeply or when its aliases
    expand to too many nodes (a "billion laughs" file)."""
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise _too_deep(origin)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None and _expanded_size(root) > MAX_YAML_NODES:
        raise RoutineError(
            f"{origin}: its aliases (*name) expand to more than {MAX_YAML_NODES:,} values; "
            "a routine is far smaller"
        )
    return root


def _expanded_size(root: Any) -> int:
    """How many nodes the tree has once every alias is expanded (shared nodes are
    counted once per use), without expanding it; cycles count as too many."""
    import yaml

    sizes: dict[int, int] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        children = [c for pair in node.value for c in pair] \
            if isinstance(node, yaml.MappingNode) else list(node.value)
        if done:
            open_nodes.discard(key)
            sizes[key] = min(MAX_YAML_NODES + 1, 1 + sum(sizes[id(c)] for c in children))
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            return MAX_YAML_NODES + 1  # an alias inside its own anchor
        open_nodes.add(key)
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                return MAX_YAML_NODES + 1
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def parse(text: str, origin: str = "<routine>") -> Routine:
    """Parse and validate routine YAML; raise :class:`RoutineError` with every problem."""
    import yaml

    try:
        root = _compose(text, origin)
        data = None
        if root is not None:
            loader = _yaml_loader()("")
            try:
                data = loader.construct_document(root)
            finally:
                loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}" if mark is not None else origin
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RoutineError(f"{where}: not valid YAML: {_short(problem)}") from None
    except RecursionError:
        raise _too_deep(origin) from None
    return _validate(data, origin, _line_finder(root))


def _validate(data: Any, origin: str, lines: Any) -> Routine:
    if not isinstance(data, dict):
        raise RoutineError(
            f"{origin}: a routine is a mapping with 'name' and 'exercises' "
            f"(see `voicecoach routines show hip`)"
        )
    try:
        return Routine.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        problems = [_describe(err, data, origin, lines) for err in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(f"... and {len(errors) - MAX_PROBLEMS} more")
        raise RoutineError(problems) from None
    except RecursionError:
        raise _too_deep(origin) from None


def _describe(err: Any, data: dict, origin: str, lines: Any) -> str:
    loc = tuple(err["loc"])
    line = lines(loc)
    where = f"{origin}:{line}" if line else origin
    parts: list[str] = []
    if len(loc) >= 2 and loc[0] == "exercises" and isinstance(loc[1], int):
        index = loc[1]
        exercises = data.get("exercises") or []
        name = None
        if isinstance(exercises, list) and index < len(exercises):
            item = exercises[index]
            name = item.get("name") if isinstance(item, dict) else None
        shown = clean(name) if isinstance(name, str) else ""
        parts.append(f"exercise {index + 1}" + (f" {quote(shown)}" if shown else ""))
        field = ".".join(clean(str(p)) for p in loc[2:])
    else:
        field = ".".join(clean(str(p)) for p in loc)
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "is not a routine field (check the spelling)"
        close = _close_field(loc)
        if close:
            message += f"; did you mean '{close}'?"
    elif err["type"] == "missing":
        message = "is required"
    message = _own_words(err, message)
    if field:
        parts.append(f"field {quote(field)}")
    return f"{where}: " + (", ".join(parts) + ": " if parts else "") + clean(message)


def _close_field(loc: tuple[Any, ...]) -> str | None:
    """The routine field closest to a misspelt one (``rep`` -> ``reps``)."""
    import difflib

    model: type[BaseModel] = Routine
    if loc and loc[0] == "exercises":
        model = Exercise
    elif loc and loc[0] == "defaults":
        model = Defaults
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None


# pydantic's wordings ("Input should be a valid boolean, unable to interpret input")
# in the tool's own: what is allowed, and the value given.
_WORDS = {
    "too_short": "needs at least {min_length} entry",
    "too_long": "has too many entries (at most {max_length})",
    "string_too_short": "must not be empty",
    "bool_parsing": "must be true or false, not {value}",
    "bool_type": "must be true or false, not {value}",
    "int_parsing": "must be a whole number, not {value}",
    "int_type": "must be a whole number, not {value}",
    "int_from_float": "must be a whole number, not {value}",
    "float_parsing": "must be a number, not {value}",
    "float_type": "must be a number, not {value}",
    "finite_number": "must be a finite number, not {value}",
    "string_type": "must be text, not {value}",
    "list_type": "must be a list (lines starting with '- '), not {value}",
    "dict_type": "must be a mapping (lines of 'key: value'), not {value}",
    "model_type": "must be a mapping (lines of 'key: value'), not {value}",
    "greater_than": "must be greater than {gt}, not {value}",
    "greater_than_equal": "must be {ge} or more, not {value}",
    "less_than_equal": "must be at most {le}, not {value}",
    "literal_error": "must be one of {expected}, not {value}",
}


def _own_words(err: Any, message: str) -> str:
    wording = _WORDS.get(err["type"])
    if wording is None:
        return message
    value = repr(err.get("input"))
    value = value if len(value) <= 40 else value[:40] + "..."
    try:
        return wording.format(value=value, **(err.get("ctx") or {}))
    except (KeyError, IndexError, ValueError):
        return message


def _line_finder(root: Any) -> Any:
    """Map a validation location to a 1-based line number using YAML node marks."""
    import yaml

    def find(loc: tuple[Any, ...]) -> int | None:
        node = root
        best = node.start_mark.line + 1 if node is not None else None
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if str(k.value) == str(key):
                        best = k.start_mark.line + 1
                        node = v
                        break
                else:
                    return best
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if key >= len(node.value):
                    return best
                node = node.value[key]
                best = node.start_mark.line + 1
            else:
                return best
        return best

    return find


ROUTINE_SUFFIXES = (".yaml", ".yml")  # what `init` and `import` write (TOML is read only)

_TEMPLATE_DISTANCE = (10, 4)  # the template's walking lunges: meters, seconds per meter


def template(name: str, file: str) -> str:
    """The commented routine file ``init`` writes for ``name`` at ``file``: every value
    a comment mentions is filled in from the values the file holds."""
    import json
    from importlib import resources
    from pathlib import Path

    text = (resources.files("voicecoach") / "templates" / "routine.yaml").read_text("utf-8")
    distance, pace = _TEMPLATE_DISTANCE
    values = {
        "name": json.dumps(clean(name), ensure_ascii=False),
        "file": clean(file),
        "slug": slugify(Path(file).stem, "routine"),
        "distance": _num(distance),
        "pace": _num(pace),
        "walk": _num(distance * pace),
    }
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def dump(routine: Routine) -> str:
    """The routine as YAML in the file format (ranges as "10-15")."""
    import yaml

    def value(v: Any) -> Any:
        if isinstance(v, Range):
            if v.is_range:
                return str(v)
            return int(v.low) if v.low.is_integer() else v.low
        return v

    data: dict[str, Any] = {
        "name": routine.name,
        "slug": routine.slug,
    }
    for key in ("description", "source", "safety"):
        if getattr(routine, key):
            data[key] = getattr(routine, key)
    data["defaults"] = routine.defaults.model_dump(exclude_none=True)
    exercises = []
    for ex in routine.exercises:
        item: dict[str, Any] = {"name": ex.name, "slug": ex.slug}
        for key in ("instructions", "cue", "equipment"):
            if getattr(ex, key):
                item[key] = getattr(ex, key)
        for key in ("reps", "hold", "duration", "distance"):
            if getattr(ex, key) is not None:
                item[key] = value(getattr(ex, key))
        if ex.sets != Range(1, 1):
            item["sets"] = value(ex.sets)
        if ex.per_side:
            item["per_side"] = True
        for key in ("tempo", "rest", "pace", "movement"):
            if getattr(ex, key) is not None:
                item[key] = getattr(ex, key)
        if ex.cues:
            item["cues"] = dict(ex.cues)
        if ex.breathe:
            item["breathe"] = True
        exercises.append(item)
    data["exercises"] = exercises
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)

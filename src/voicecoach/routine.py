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
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import RoutineError
from .limits import DOSE, PACING

Kind = Literal["reps", "hold", "timed", "distance"]

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
            low = high = float(value)
        elif isinstance(value, (list, tuple)) and len(value) == 2:
            try:
                low, high = float(value[0]), float(value[1])
            except (TypeError, ValueError):
                raise ValueError("must be a number or a range like 10-15") from None
        elif isinstance(value, str):
            match = _RANGE_RE.match(value)
            if not match:
                raise ValueError(f"must be a number or a range like 10-15, not {value!r}")
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


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def slugify(name: str) -> str:
    """``"Single-Leg Sit-to-Stand"`` -> ``"single-leg-sit-to-stand"``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "exercise"


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
    pace: float = Field(5.0, description="seconds per meter for distance work")

    @field_validator("*")
    @classmethod
    def _bounds(cls, value: float, info: Any) -> float:
        return _pacing(value, info.field_name)


def _pacing(value: float, name: str) -> float:
    """A pacing value within :data:`voicecoach.limits.PACING` (one table for all)."""
    allow_zero, maximum = PACING[name]
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"must be {'zero or more' if allow_zero else 'greater than zero'}")
    if value > maximum:
        raise ValueError(f"must be at most {maximum:g} seconds")
    return value



class Exercise(_Model):
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
    cues: dict[int, str] = Field(default_factory=dict)

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
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("cues", mode="after")
    @classmethod
    def _cues(cls, value: dict[int, str]) -> dict[int, str]:
        for rep, text in value.items():
            if rep < 1:
                raise ValueError(f"cue at rep {rep}: reps are counted from 1")
            if not text.strip():
                raise ValueError(f"cue at rep {rep} has no text")
        return value

    @model_validator(mode="after")
    def _dose(self) -> Exercise:
        if not self.slug:
            object.__setattr__(self, "slug", slugify(self.name))
        elif self.slug != slugify(self.slug):
            raise ValueError(
                f"slug {self.slug!r} must be lower-case letters, digits and hyphens "
                f"(for example {slugify(self.slug)!r})"
            )
        given = [f for f in ("reps", "duration", "distance") if getattr(self, f) is not None]
        if len(given) > 1:
            raise ValueError(f"give one dose, not both {given[0]} and {given[1]}")
        if not given and self.hold is None:
            raise ValueError("needs a dose: reps, hold, duration or distance")
        if self.hold is not None and given and given[0] != "reps":
            raise ValueError(f"hold goes with reps (or alone), not with {given[0]}")
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


class Routine(_Model):
    name: str = Field(min_length=1)
    slug: str = ""
    description: str = ""
    source: str = ""
    safety: str = (
        "Do not strengthen or stretch an area that is still injured. Let it heal first."
    )
    defaults: Defaults = Field(default_factory=Defaults)
    exercises: list[Exercise] = Field(min_length=1)

    @field_validator("name", "description", "source", "safety", mode="after")
    @classmethod
    def _text(cls, value: str) -> str:
        return " ".join(value.split())

    @model_validator(mode="after")
    def _unique(self) -> Routine:
        if not self.slug:
            object.__setattr__(self, "slug", slugify(self.name))
        seen: dict[str, int] = {}
        for index, exercise in enumerate(self.exercises, 1):
            if exercise.slug in seen:
                raise ValueError(
                    f"exercises {seen[exercise.slug]} and {index} share the slug "
                    f"{exercise.slug!r}; give one of them its own 'slug'"
                )
            seen[exercise.slug] = index
        return self


# --------------------------------------------------------------------------- parsing


def parse_toml(text: str, origin: str = "<routine>") -> Routine:
    """The same format written as TOML (``[[exercises]]`` tables). Problems name the
    exercise and field; TOML parsers give no line for them."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoutineError(f"{origin}: not valid TOML: {exc}") from None
    return _validate(data, origin, lambda loc: None)


def parse(text: str, origin: str = "<routine>") -> Routine:
    """Parse and validate routine YAML; raise :class:`RoutineError` with every problem."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{origin}:{mark.line + 1}" if mark is not None else origin
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RoutineError(f"{where}: not valid YAML: {problem}") from None
    return _validate(data, origin, _line_finder(text))


def _validate(data: Any, origin: str, lines: Any) -> Routine:
    if not isinstance(data, dict):
        raise RoutineError(
            f"{origin}: a routine is a mapping with 'name' and 'exercises' "
            f"(see `voicecoach routines show hip`)"
        )
    try:
        return Routine.model_validate(data)
    except ValidationError as exc:
        raise RoutineError(
            [_describe(err, data, origin, lines) for err in exc.errors()]
        ) from None


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
        parts.append(f"exercise {index + 1}" + (f" {name!r}" if name else ""))
        field = ".".join(str(p) for p in loc[2:])
    else:
        field = ".".join(str(p) for p in loc)
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = "is not a routine field (check the spelling)"
    elif err["type"] == "missing":
        message = "is required"
    message = _own_words(err, message)
    if field:
        parts.append(f"field '{field}'")
    return f"{where}: " + (", ".join(parts) + ": " if parts else "") + message


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


def _line_finder(text: str) -> Any:
    """Map a validation location to a 1-based line number using YAML node marks."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        root = None

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
    data["defaults"] = routine.defaults.model_dump()
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
        for key in ("tempo", "rest", "pace"):
            if getattr(ex, key) is not None:
                item[key] = getattr(ex, key)
        if ex.cues:
            item["cues"] = dict(ex.cues)
        exercises.append(item)
    data["exercises"] = exercises
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)

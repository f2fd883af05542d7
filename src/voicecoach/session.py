"""Flags applied: a validated routine plus the user's options becomes a session.

This is the one code path that turns command-line choices into concrete
numbers, shared by ``plan``, ``render`` and ``play``. It is pure: no files, no
audio. Ranges are resolved here (the level picks the low, middle or high end;
an explicit number wins), and every value that differs from the routine is
recorded so that ``plan`` can mark it and the MP3 can say how it was made.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Literal

from . import limits
from .errors import FlagError
from .limits import DEFAULT_RATE, MAX_SESSION_SECONDS, num
from .routine import LEVELS, Exercise, Kind, Range, Routine
from .wording import agree, clock

Instructions = Literal["full", "brief", "none"]
Tones = Literal["none", "minimal", "full"]
TONES: tuple[str, ...] = ("none", "minimal", "full")

# Seconds per meter for distance work, by how it is covered (a flag, the exercise's
# ``pace`` or the routine's ``defaults.pace`` win); a name that says nothing: DEFAULT_PACE.
MOVEMENT_PACE: dict[str, float] = {
    "running": 0.3,   # 5 minutes a kilometer, an easy run
    "walking": 0.75,  # 4.8 km/h
    "lunging": 4.0,   # a controlled lunge of about 0.8 m every 3 s
    "carrying": 1.0,  # a loaded walk
}
DEFAULT_PACE = 2.0
_MOVEMENT_WORDS = (
    ("lunging", ("lunge",)),
    ("carrying", ("carry", "farmer", "suitcase")),
    ("running", ("run", "jog", "sprint", "stride")),
    ("walking", ("walk", "march", "hike")),
)


def movement_of(name: str, given: str | None) -> str | None:
    """How distance work is covered: as the routine says, else from its name."""
    if given:
        return given
    lowered = name.lower()
    for movement, stems in _MOVEMENT_WORDS:
        if any(stem in lowered for stem in stems):
            return movement
    return None


@dataclass(frozen=True)
class Voice:
    """How the coach sounds: the engine's voice, its rate and the loudness.

    Checked when made, so a :class:`Voice` in hand is always usable (the voice
    name itself is resolved against the engine by :mod:`voicecoach.speech`).
    """

    name: str | None = None  # voice id or name; None: the engine's default
    rate: int = DEFAULT_RATE  # words per minute
    volume: float = 1.0  # gain on the voice
    command: str | None = None  # --tts-command: a speech program's template

    def __post_init__(self) -> None:
        limits.check_rate(self.rate)
        limits.check_volume(self.volume)
        if self.command is not None:
            from .speech.command import TtsCommand

            TtsCommand.parse(self.command)

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"rate": self.rate}
        if self.name:
            out["voice"] = self.name
        if self.volume != 1.0:
            out["volume"] = self.volume
        if self.command:
            out["tts_command"] = self.command
        return out


@dataclass(frozen=True)
class Dose:
    """Concrete numbers for one exercise."""

    kind: Kind
    sets: int
    per_side: bool
    reps: int | None = None
    hold: int | None = None  # seconds held (per rep when reps is set)
    duration: int | None = None  # seconds of work (distance: converted at the pace)
    distance: float | None = None  # meters
    tempo: float = 3.0  # seconds per rep
    rest: float = 30.0  # seconds between sets
    pace: float = DEFAULT_PACE  # seconds per meter (distance work)
    movement: str | None = None  # distance work: running, walking, lunging, carrying

    def describe(self) -> str:
        """The terse form for tables: ``"10 reps, hold 2 s"`` (see :mod:`wording`)."""
        from .wording import terse

        return terse(self)


@dataclass(frozen=True)
class Step:
    """One exercise as it will be done in this session."""

    position: int  # 1-based, in the session
    slug: str
    name: str
    spoken: str  # the instructions to speak ("" when none)
    equipment: tuple[str, ...]
    dose: Dose
    cues: tuple[tuple[int, str], ...] = ()
    cue: str = ""  # the one-line version of the instructions (said in the rest before it)
    breathe: bool = False  # breathing cues ("Breathe in... and out.") in holds and slow work
    changed: frozenset[str] = frozenset()  # dose fields a flag changed


@dataclass(frozen=True)
class Pacing:
    switch: float
    transition: float
    lead_in: float
    ready: float


@dataclass(frozen=True)
class Session:
    name: str
    slug: str
    safety: str
    steps: tuple[Step, ...]
    pacing: Pacing
    voice: Voice = field(default_factory=Voice)
    settings: dict[str, object] = field(default_factory=dict, compare=False)
    tones: Tones = "minimal"

    @property
    def count(self) -> int:
        return len(self.steps)

    @property
    def equipment(self) -> tuple[str, ...]:
        """Everything the session needs, once each, in order of first use."""
        seen: dict[str, None] = {}
        for step in self.steps:
            for item in step.equipment:
                seen.setdefault(item, None)
        return tuple(seen)

    def settings_line(self) -> str:
        """The settings used, as one line (MP3 comment, cue sheet)."""
        return "; ".join(f"{k}={v}" for k, v in self.settings.items())


@dataclass
class Options:
    """Everything a flag can change. ``None`` (or empty) means "as the routine says".

    Dose maps are keyed by exercise reference (slug, unique prefix or
    1-based position); the key ``"*"`` applies to every exercise it fits.
    """

    level: str = "easy"
    reps: dict[str, int] = field(default_factory=dict)
    sets: dict[str, int] = field(default_factory=dict)
    hold: dict[str, float] = field(default_factory=dict)
    duration: dict[str, float] = field(default_factory=dict)
    distance: dict[str, float] = field(default_factory=dict)
    pace: dict[str, float] = field(default_factory=dict)
    tempo: float | None = None
    rest: float | None = None
    switch: float | None = None
    transition: float | None = None
    lead_in: float | None = None
    ready: float | None = None
    only: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    instructions: Instructions = "full"
    tones: Tones = "minimal"
    voice: Voice = field(default_factory=Voice)

    def summary(self) -> dict[str, object]:
        """Non-default options, for the record (comment tag, cue sheet, plan)."""
        out: dict[str, object] = {"level": self.level}
        for name in ("reps", "sets", "hold", "duration", "distance", "pace"):
            for key, value in getattr(self, name).items():
                label = name if key == "*" else f"{name}[{key}]"
                out[label] = num(value)
        for name in ("tempo", "rest", "switch", "transition", "lead_in", "ready"):
            value = getattr(self, name)
            if value is not None:
                out[name] = num(value)
        if self.only:
            out["only"] = ",".join(self.only)
        if self.skip:
            out["skip"] = ",".join(self.skip)
        if self.instructions != "full":
            out["instructions"] = self.instructions
        if self.tones != "minimal":
            out["tones"] = self.tones
        out.update(self.voice.summary())
        return out


# --------------------------------------------------------------------------- resolving


def resolve_reference(routine: Routine, ref: str, what: str = "exercise") -> int:
    """Index (0-based) of the exercise named by slug, unique prefix or position."""
    slugs = [ex.slug for ex in routine.exercises]
    text = ref.strip().lower()
    if text.isdigit():
        position = int(text)
        if 1 <= position <= len(slugs):
            return position - 1
        raise FlagError(
            f"{what} {ref}: there is no exercise {position}; "
            f"this routine has {len(slugs)} (1 to {len(slugs)})"
        )
    if text in slugs:
        return slugs.index(text)
    names = [ex.name.lower() for ex in routine.exercises]
    if text in names:
        return names.index(text)
    prefixed = [i for i, slug in enumerate(slugs) if slug.startswith(text)] if text else []
    if len(prefixed) == 1:
        return prefixed[0]
    valid = ", ".join(slugs)
    if len(prefixed) > 1:
        matches = " or ".join(slugs[i] for i in prefixed)
        raise FlagError(f"{what} {ref!r} is ambiguous: {matches}? Valid names: {valid}")
    close = difflib.get_close_matches(text, slugs, n=2, cutoff=0.5)
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise FlagError(f"unknown {what} {ref!r}: {hint}Valid names: {valid}")


def apply(routine: Routine, options: Options | None = None) -> Session:
    """Resolve ranges and apply the options; raise :class:`FlagError` on bad values."""
    options = options or Options()
    if options.level not in LEVELS:
        raise FlagError(f"--level must be one of {', '.join(LEVELS)}, not {options.level!r}")
    if options.tones not in TONES:
        raise FlagError(f"--tones must be one of {', '.join(TONES)}, not {options.tones!r}")
    defaults = routine.defaults
    pacing_values = {}
    for name in ("switch", "transition", "lead_in", "ready"):
        value = getattr(options, name)
        limits.check_pacing(name, value)
        pacing_values[name] = getattr(defaults, name) if value is None else float(value)
    limits.check_pacing("tempo", options.tempo)
    limits.check_pacing("rest", options.rest)

    selected = _select(routine, options)
    per_exercise = _targets(routine, options)

    steps: list[Step] = []
    for position, index in enumerate(selected, 1):
        exercise = routine.exercises[index]
        dose, changed = _dose(routine, exercise, options, per_exercise.get(index, {}))
        steps.append(
            Step(
                position=position,
                slug=exercise.slug,
                name=exercise.name,
                spoken=agree(_spoken(exercise, options.instructions), dose),
                equipment=tuple(exercise.equipment),
                dose=dose,
                cues=tuple(sorted(exercise.cues.items())),
                cue=agree(_spoken(exercise, "brief"), dose),
                breathe=exercise.breathe,
                changed=frozenset(changed),
            )
        )
    session = Session(
        name=routine.name,
        slug=routine.slug,
        safety=routine.safety,
        steps=tuple(steps),
        pacing=Pacing(**pacing_values),
        voice=options.voice,
        settings=options.summary(),
        tones=options.tones,
    )
    seconds = rough_seconds(session)
    if seconds > MAX_SESSION_SECONDS:
        raise FlagError(
            f"this session would last about {clock(seconds)}, more than the maximum of "
            f"{clock(MAX_SESSION_SECONDS)}; lower the reps, sets or times"
        )
    return session


def _spoken(exercise: Exercise, mode: Instructions) -> str:
    if mode == "none":
        return ""
    if mode == "brief":
        if exercise.cue:
            return exercise.cue
        first = exercise.instructions.split(". ")[0].strip()
        return first if first.endswith(".") or not first else first + "."
    return exercise.instructions


def _select(routine: Routine, options: Options) -> list[int]:
    indexes = list(range(len(routine.exercises)))
    if options.only:
        wanted = {resolve_reference(routine, ref, "--only") for ref in options.only}
        indexes = [i for i in indexes if i in wanted]
    if options.skip:
        unwanted = {resolve_reference(routine, ref, "--skip") for ref in options.skip}
        indexes = [i for i in indexes if i not in unwanted]
    if not indexes:
        raise FlagError("--only/--skip leave no exercise in the session")
    return indexes


_DOSE_FLAGS = ("reps", "sets", "hold", "duration", "distance", "pace")
_WHOLE_SECONDS = ("hold", "duration")  # dose fields counted in whole seconds


def _targets(routine: Routine, options: Options) -> dict[int, dict[str, float]]:
    """Per-exercise flag values; an explicit name must fit the exercise it names."""
    targets: dict[int, dict[str, float]] = {}
    named: dict[tuple[str, int], str] = {}  # (flag, exercise) -> the reference that set it
    for flag in _DOSE_FLAGS:
        for ref, value in getattr(options, flag).items():
            if ref == "*":
                continue
            index = resolve_reference(routine, ref, f"--{flag}")
            exercise = routine.exercises[index]
            if not _fits(exercise, flag):
                raise FlagError(
                    f"--{flag} {exercise.slug}={num(value)}: {exercise.slug} is "
                    f"{_kind_phrase(exercise.kind)}, so --{flag} does not apply to it"
                )
            earlier = targets.get(index, {}).get(flag)
            if earlier is not None and earlier != value:
                raise FlagError(
                    f"--{flag} {named[flag, index]}={num(earlier)} and --{flag} "
                    f"{ref}={num(value)} both name {exercise.slug}; give it once")
            named[flag, index] = ref
            targets.setdefault(index, {})[flag] = value
    return targets


def _fits(exercise: Exercise, flag: str) -> bool:
    kind = exercise.kind
    return {
        "reps": kind == "reps",
        "sets": True,
        "hold": exercise.hold is not None,
        "duration": kind == "timed",
        "distance": kind == "distance",
        "pace": kind == "distance",
    }[flag]


def _kind_phrase(kind: str) -> str:
    return {
        "reps": "counted in reps",
        "hold": "a held stretch",
        "timed": "timed work",
        "distance": "distance work",
    }[kind]


def _dose(
    routine: Routine, exercise: Exercise, options: Options, explicit: dict[str, float]
) -> tuple[Dose, set[str]]:
    changed: set[str] = set()

    def value(flag: str, rng: Range | None) -> float | None:
        if rng is None:
            return None
        given = explicit.get(flag)
        if given is None and "*" in getattr(options, flag) and _fits(exercise, flag):
            given = getattr(options, flag)["*"]
        if given is not None:
            limits.check_dose(flag, exercise.slug, given)
            if flag in _WHOLE_SECONDS and given < 1:  # would be said and held as 1 s
                shown = num(given) if flag not in explicit else f"{exercise.slug}={num(given)}"
                raise FlagError(f"--{flag} {shown}: must be at least 1 second "
                                f"(held and timed work is counted in whole seconds)")
            if given != rng.low or rng.is_range:
                changed.add(flag)
            return float(given)
        picked = rng.pick(options.level)
        if rng.is_range and options.level != "easy":
            changed.add(flag)
        return picked

    reps = value("reps", exercise.reps)
    hold = value("hold", exercise.hold)
    duration = value("duration", exercise.duration)
    distance = value("distance", exercise.distance)
    sets = value("sets", exercise.sets) or 1

    tempo = options.tempo if options.tempo is not None else (
        exercise.tempo if exercise.tempo is not None else routine.defaults.tempo
    )
    rest = options.rest if options.rest is not None else (
        exercise.rest if exercise.rest is not None else routine.defaults.rest
    )
    movement = movement_of(exercise.name, exercise.movement) if exercise.distance else None
    pace_flag = explicit.get("pace", options.pace.get("*") if _fits(exercise, "pace") else None)
    if pace_flag is not None:
        limits.check_pacing("pace", pace_flag)
        changed.add("pace")
    pace = next(p for p in (pace_flag, exercise.pace, routine.defaults.pace,
                            MOVEMENT_PACE.get(movement or ""), DEFAULT_PACE) if p is not None)
    if options.tempo is not None:
        changed.add("tempo")
    if options.rest is not None and sets > 1:
        changed.add("rest")

    kind = exercise.kind
    if kind == "distance" and distance is not None:
        duration = distance * pace
    dose = Dose(
        kind=kind,
        sets=_whole(sets),
        per_side=exercise.per_side,
        reps=_whole(reps) if reps is not None else None,
        hold=max(1, _whole(hold)) if hold is not None else None,
        duration=max(1, _whole(duration)) if duration is not None else None,
        distance=distance,
        tempo=float(tempo),
        rest=float(rest),
        pace=float(pace),
        movement=movement,
    )
    if dose.reps is not None and dose.hold is not None and (
            dose.hold > limits.HOLD_PER_TEMPO * dose.tempo):
        raise FlagError(
            f"{exercise.slug}: a hold of {dose.hold} s in every rep is more than ten times "
            f"the tempo ({num(dose.tempo)} s per rep); lower --hold or raise --tempo"
        )
    return dose, changed


def _whole(value: float) -> int:
    """Round half up (10-15 at "standard" is 13, not banker's 12)."""
    return int(math.floor(value + 0.5))


def rough_seconds(session: Session) -> float:
    """A quick upper-ish estimate of the session length, without speech."""
    total = session.pacing.lead_in + 20.0
    for step in session.steps:
        d = step.dose
        if d.kind == "reps":
            work = (d.reps or 0) * (d.tempo + (d.hold or 0))
        else:
            work = float(d.hold or d.duration or 0)
        sides = 2 if d.per_side else 1
        total += 15 + len(step.spoken) / 14 + d.sets * sides * (work + session.pacing.ready)
        total += (d.sets - 1) * d.rest + (sides - 1) * d.sets * session.pacing.switch
        total += session.pacing.transition
    return total

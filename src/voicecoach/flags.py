"""The flags shared by ``plan``, ``render`` and ``play``: declared once, parsed
into :class:`~voicecoach.session.Options` once, so the three commands agree.

What each flag *does* to a session is decided in :mod:`voicecoach.session`;
its bounds in :mod:`voicecoach.limits`. This module only turns the command
line's text into those values.
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .errors import FlagError
from .limits import DEFAULT_RATE, SPEECH_RATE, VOLUME

if TYPE_CHECKING:
    from .routine import Routine
    from .session import Options, Session


Routine_ = Annotated[
    str,
    typer.Argument(
        metavar="ROUTINE",
        help="A built-in routine (see `voicecoach routines`), a routine YAML file, "
        "or an article (.txt/.md/.html) to import on the fly.",
    ),
]

Routines_ = Annotated[
    list[str],
    typer.Argument(
        metavar="ROUTINE...",
        help="One or more routines: built-in (see `voicecoach routines`), routine YAML "
        "files, or articles (.txt/.md/.html) to import on the fly. Several make a batch: "
        "a file each, rendered side by side on all cores.",
    ),
]

_DOSE_HELP = "Give N for every exercise it fits, or SLUG=N for one (slug, prefix or position)."


def _session_params() -> list[inspect.Parameter]:
    """The flags shared by plan, render and play (one definition, one code path)."""

    def opt(name: str, annotation: Any, default: Any, *decls: str, **kw: Any) -> Any:
        return inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[annotation, typer.Option(*decls, **kw)], default=default,
        )

    dose = "Dose"
    pace = "Pace (seconds)"
    sel = "Selection"
    speech = "Speech"
    return [
        opt("level", str, "easy", "--level",
            help="Where ranges like 10-15 land: easy (low end), standard (middle), "
            "hard (high end). An explicit number wins. render takes several "
            "(easy,standard,hard): a file each, named with its level.", rich_help_panel=dose),
        opt("reps", list[str], [], "--reps", metavar="[SLUG=]N",
            help=f"Reps per set (per side). {_DOSE_HELP}", rich_help_panel=dose),
        opt("sets", list[str], [], "--sets", metavar="[SLUG=]N",
            help=f"Sets. {_DOSE_HELP}", rich_help_panel=dose),
        opt("hold", list[str], [], "--hold", metavar="[SLUG=]SECONDS",
            help=f"Seconds held (holds, and reps with a hold). {_DOSE_HELP}",
            rich_help_panel=dose),
        opt("duration", list[str], [], "--duration", metavar="[SLUG=]SECONDS",
            help=f"Seconds of timed work. {_DOSE_HELP}", rich_help_panel=dose),
        opt("distance", list[str], [], "--distance", metavar="[SLUG=]METERS",
            help=f"Meters of distance work. {_DOSE_HELP}", rich_help_panel=dose),
        opt("pace", list[str], [], "--pace", metavar="[SLUG=]SECONDS",
            help="Seconds per meter of distance work (default: by movement: running 0.3, "
            f"walking 0.75, lunging 4, carrying 1). {_DOSE_HELP}", rich_help_panel=dose),
        opt("tempo", Optional[str], None, "--tempo", metavar="SECONDS", help="Seconds per rep.",
            rich_help_panel=pace),
        opt("rest", Optional[str], None, "--rest", metavar="SECONDS", help="Rest between sets.",
            rich_help_panel=pace),
        opt("switch", Optional[str], None, "--switch", metavar="SECONDS",
            help="Change-over between sides.", rich_help_panel=pace),
        opt("transition", Optional[str], None, "--transition", metavar="SECONDS",
            help="Rest between exercises.", rich_help_panel=pace),
        opt("lead_in", Optional[str], None, "--lead-in", metavar="SECONDS",
            help="Time to get ready before the first exercise.", rich_help_panel=pace),
        opt("ready", Optional[str], None, "--ready", metavar="SECONDS",
            help="Time to get into position before each set.", rich_help_panel=pace),
        opt("only", list[str], [], "--only", metavar="A,B",
            help="Only these exercises (slugs, prefixes or positions), in routine order.",
            rich_help_panel=sel),
        opt("skip", list[str], [], "--skip", metavar="A,B",
            help="Leave these exercises out.", rich_help_panel=sel),
        opt("brief", bool, False, "--brief",
            help="Speak a one-line cue instead of the full instructions.",
            rich_help_panel=sel),
        opt("no_instructions", bool, False, "--no-instructions",
            help="Speak no instructions, only the name and the dose.", rich_help_panel=sel),
        opt("tones", str, "minimal", "--tones",
            help="Tones with the voice: none; minimal (pips on the last three seconds of a "
            "count, a tone at its end); full (also on 'Go' and at the end of a set).",
            rich_help_panel=speech),
        opt("voice", Optional[str], None, "--voice",
            help="Voice id or name (see `voicecoach voices`).", rich_help_panel=speech),
        opt("rate", str, str(DEFAULT_RATE), "--rate", metavar="WPM",
            help="Speaking rate, words per minute.", rich_help_panel=speech),
        opt("volume", str, "1.0", "--volume", metavar="GAIN",
            help="Loudness of the voice, 0.1 to 2.0.", rich_help_panel=speech),
        opt("tts_command", Optional[str], None, "--tts-command", metavar="TEMPLATE",
            help="Speak with another program that writes a WAV, e.g. "
            "'espeak-ng -v en-gb -w {out} {text}' ({text}, {out}, {rate}, {voice}; "
            "run without a shell).", rich_help_panel=speech),
    ]


_SESSION_NAMES = [p.name for p in _session_params()]


def session_command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared session flags; it receives them as ``flags``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = kwargs.pop(_CONTEXT)
        flags = {name: kwargs.pop(name) for name in _SESSION_NAMES}
        return func(*args, flags=with_config(flags, given_on_command_line(ctx)), **kwargs)

    own = [p for p in inspect.signature(func, eval_str=True).parameters.values()
           if p.name != "flags"]
    context = inspect.Parameter(_CONTEXT, inspect.Parameter.KEYWORD_ONLY,
                                annotation=typer.Context)  # Typer passes the context
    wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        own + _session_params() + [context])
    return wrapper


_CONTEXT = "_command_context"


def given_on_command_line(ctx: typer.Context) -> set[str]:
    """The parameters of the running command given on its command line."""
    given = set()
    for name in ctx.params:
        source = ctx.get_parameter_source(name)
        if source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP"):
            given.add(name)
    return given


def with_config(flags: dict[str, Any], given: set[str] | None = None) -> dict[str, Any]:
    """``flags`` with the config file's defaults where no flag was ``given`` (by default:
    where a value differs from the flag's default)."""
    from . import config

    if given is None:
        own = defaults()
        given = {name for name, value in flags.items() if value != own.get(name)}
    return config.apply(flags, given, config.load())


def shown(raw: str, limit: int = 40, *, quote: bool = False) -> str:
    """A value as quoted in a message: short, and control characters escaped."""
    text = raw if len(raw) <= limit else raw[:limit] + "..."
    plain = text.isprintable() and text and " " not in text and not quote
    return text if plain else repr(text)


def _numbers(flag: str, values: list[str], whole: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    example = f"--{flag} 12, or SLUG=N like --{flag} donkey-kicks=12"
    for raw in values:
        ref, _, number = raw.rpartition("=")
        key = ref.strip() or "*"
        try:
            value = float(number)
        except ValueError:
            what = f"{shown(number, quote=True)} is not a number" if ref else "not a number"
            raise FlagError(f"--{flag} {shown(raw)}: {what} (give {example})") from None
        if not math.isfinite(value):
            raise FlagError(f"--{flag} {shown(raw)}: give a finite number ({example})")
        if whole and not value.is_integer():
            raise FlagError(f"--{flag} {shown(raw)}: must be a whole number, "
                            f"not {shown(number)}")
        if key in out and out[key] != value:
            who = "every exercise" if key == "*" else key
            raise FlagError(f"--{flag} is given twice for {who} ({out[key]:g} and "
                            f"{value:g}); give it once")
        out[key] = value
    return out


def _refs(flag: str, values: list[str]) -> list[str]:
    out = []
    for value in values:
        parts = [part.strip() for part in value.split(",") if part.strip()]
        if not parts:
            raise FlagError(f"--{flag} {shown(value)}: names no exercise (give slugs, "
                            f"prefixes or positions, like --{flag} donkey-kicks,2)")
        out.extend(parts)
    return out


# What the routine file offers instead, for a pacing flag given with SLUG=.
_PER_EXERCISE = {"tempo": "tempo", "rest": "rest"}


def _seconds(name: str, raw: str | None) -> float | None:
    """A pacing flag's seconds (bounds are checked in :mod:`voicecoach.limits`)."""
    if raw is None:
        return None
    flag = "--" + name.replace("_", "-")
    if "=" in raw:
        key = _PER_EXERCISE.get(name)
        where = (f"; for one exercise, set `{key}:` on it in the routine file" if key
                 else "; it applies to the whole session")
        raise FlagError(f"{flag} {shown(raw)}: {flag} has no per-exercise form: give "
                        f"seconds, like {flag} 2{where}")
    try:
        value = float(raw)
    except ValueError:
        raise FlagError(f"{flag} {shown(raw)}: not a number of seconds "
                        f"(give seconds, like {flag} 2)") from None
    if not math.isfinite(value):
        raise FlagError(f"{flag} {shown(raw)}: give a finite number of seconds, "
                        f"like {flag} 2")
    return value


def _rate(raw: str) -> int:
    low, high = SPEECH_RATE
    allowed = f"words per minute from {low} to {high}, like --rate 150 ({DEFAULT_RATE} " \
              "is the default)"
    try:
        value = float(raw)
    except ValueError:
        raise FlagError(f"--rate {shown(raw)}: not a number; give {allowed}") from None
    if not math.isfinite(value) or not value.is_integer():
        raise FlagError(f"--rate {shown(raw)}: give a whole number of {allowed}")
    return int(value)


def _volume(raw: str) -> float:
    low, high = VOLUME
    try:
        value = float(raw)
    except ValueError:
        raise FlagError(f"--volume {shown(raw)}: not a number; give {low:.1f} to "
                        f"{high:.1f} (1.0 leaves the voice as it is)") from None
    if not math.isfinite(value):
        raise FlagError(f"--volume {shown(raw)}: give a number from {low:.1f} to "
                        f"{high:.1f}")
    return value


def build_options(flags: dict[str, Any]) -> Options:
    from .session import Options, Voice

    if flags["brief"] and flags["no_instructions"]:
        raise FlagError("--brief and --no-instructions cannot be used together")
    return Options(
        level=flags["level"].lower(),
        reps=_numbers("reps", flags["reps"], whole=True),  # type: ignore[arg-type]
        sets=_numbers("sets", flags["sets"], whole=True),  # type: ignore[arg-type]
        hold=_numbers("hold", flags["hold"], whole=False),
        duration=_numbers("duration", flags["duration"], whole=False),
        distance=_numbers("distance", flags["distance"], whole=False),
        pace=_numbers("pace", flags["pace"], whole=False),
        tempo=_seconds("tempo", flags["tempo"]), rest=_seconds("rest", flags["rest"]),
        switch=_seconds("switch", flags["switch"]),
        transition=_seconds("transition", flags["transition"]),
        lead_in=_seconds("lead_in", flags["lead_in"]), ready=_seconds("ready", flags["ready"]),
        only=_refs("only", flags["only"]), skip=_refs("skip", flags["skip"]),
        instructions="none" if flags["no_instructions"] else (
            "brief" if flags["brief"] else "full"),
        tones=flags["tones"].lower(),
        voice=Voice(flags["voice"], _rate(str(flags["rate"])), _volume(str(flags["volume"])),
                    flags.get("tts_command") or None),
    )


def unused(session: Session, options: Options) -> list[str]:
    """Flags that change nothing in ``session`` (each a warning: the user meant
    something by it). A flag naming one exercise is checked where it is applied."""
    doses = [step.dose for step in session.steps]
    fits = {
        "reps": any(d.kind == "reps" for d in doses),
        "hold": any(d.hold is not None for d in doses),
        "duration": any(d.kind == "timed" for d in doses),
        "distance": any(d.kind == "distance" for d in doses),
    }
    what = {"reps": "counts reps", "hold": "has a hold", "duration": "is timed work",
            "distance": "is distance work"}
    out = []
    for flag, fit in fits.items():
        value = getattr(options, flag).get("*")
        if value is not None and not fit:
            out.append(f"--{flag} {value:g} changes nothing: no exercise in this session "
                       f"{what[flag]}")
    if options.tempo is not None and not fits["reps"]:
        out.append(f"--tempo {options.tempo:g} changes nothing: no exercise in this session "
                   "counts reps")
    if options.rest is not None and all(d.sets == 1 for d in doses):
        out.append(f"--rest {options.rest:g} changes nothing: every exercise in this session "
                   "has one set (add --sets 2 for rests between sets)")
    if options.switch is not None and not any(d.per_side for d in doses):
        out.append(f"--switch {options.switch:g} changes nothing: no exercise in this "
                   "session is done per side")
    return out


def load_session(spec: str, flags: dict[str, Any],
                 warn: Callable[[str], None] | None = None) -> Session:
    """Routine file or built-in -> validated routine -> flags applied; ``warn`` is told
    of every flag that changes nothing."""
    return load(spec, flags, warn)[1]


def load(spec: str, flags: dict[str, Any], warn: Callable[[str], None] | None = None
         ) -> tuple[Routine, Session]:
    """:func:`load_session`, with the routine it was made from (read once: it may
    come from standard input)."""
    from . import sources
    from .session import apply

    options = build_options(flags)
    routine = sources.load(spec)
    session = apply(routine, options)
    if warn is not None:
        for message in unused(session, options):
            warn(message)
    return routine, session


def defaults() -> dict[str, Any]:
    """The shared flags as a command gets them when none is given."""
    return {p.name: p.default for p in _session_params()}

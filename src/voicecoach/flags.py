"""The flags shared by ``plan``, ``render`` and ``play``: declared once, parsed
into :class:`~voicecoach.session.Options` once, so the three commands agree.

What each flag *does* to a session is decided in :mod:`voicecoach.session`;
its bounds in :mod:`voicecoach.limits`. This module only turns the command
line's text into those values.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from .errors import FlagError
from .limits import DEFAULT_RATE

if TYPE_CHECKING:
    from .session import Options, Session


Routine_ = Annotated[
    str,
    typer.Argument(
        metavar="ROUTINE",
        help="A built-in routine (see `voicecoach routines`), a routine YAML file, "
        "or an article (.txt/.md/.html) to import on the fly.",
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
            "hard (high end). An explicit number wins.", rich_help_panel=dose),
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
        opt("tempo", Optional[float], None, "--tempo", help="Seconds per rep.",
            rich_help_panel=pace),
        opt("rest", Optional[float], None, "--rest", help="Rest between sets.",
            rich_help_panel=pace),
        opt("switch", Optional[float], None, "--switch",
            help="Change-over between sides.", rich_help_panel=pace),
        opt("transition", Optional[float], None, "--transition",
            help="Rest between exercises.", rich_help_panel=pace),
        opt("lead_in", Optional[float], None, "--lead-in",
            help="Time to get ready before the first exercise.", rich_help_panel=pace),
        opt("ready", Optional[float], None, "--ready",
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
        opt("rate", int, DEFAULT_RATE, "--rate", help="Speaking rate, words per minute.",
            rich_help_panel=speech),
        opt("volume", float, 1.0, "--volume", help="Loudness of the voice, 0.1 to 2.0.",
            rich_help_panel=speech),
    ]


_SESSION_NAMES = [p.name for p in _session_params()]


def session_command(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the shared session flags; it receives them as ``flags``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        flags = {name: kwargs.pop(name) for name in _SESSION_NAMES}
        return func(*args, flags=flags, **kwargs)

    own = [p for p in inspect.signature(func, eval_str=True).parameters.values()
           if p.name != "flags"]
    wrapper.__signature__ = inspect.Signature(own + _session_params())  # type: ignore[attr-defined]
    return wrapper


def _numbers(flag: str, values: list[str], whole: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    for raw in values:
        ref, _, number = raw.rpartition("=")
        key = ref.strip() or "*"
        try:
            value = float(number)
        except ValueError:
            raise FlagError(
                f"--{flag} {raw}: {number!r} is not a number "
                f"(give N, or SLUG=N like --{flag} donkey-kicks=12)"
            ) from None
        if whole and not value.is_integer():
            raise FlagError(f"--{flag} {raw}: must be a whole number")
        out[key] = value
    return out


def _refs(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


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
        tempo=flags["tempo"], rest=flags["rest"], switch=flags["switch"],
        transition=flags["transition"], lead_in=flags["lead_in"], ready=flags["ready"],
        only=_refs(flags["only"]), skip=_refs(flags["skip"]),
        instructions="none" if flags["no_instructions"] else (
            "brief" if flags["brief"] else "full"),
        tones=flags["tones"].lower(),
        voice=Voice(flags["voice"], flags["rate"], flags["volume"]),
    )


def load_session(spec: str, flags: dict[str, Any]) -> Session:
    """Routine file or built-in -> validated routine -> flags applied."""
    from . import sources
    from .session import apply

    options = build_options(flags)
    return apply(sources.load(spec), options)


def defaults() -> dict[str, Any]:
    """The shared flags as a command gets them when none is given."""
    return {p.name: p.default for p in _session_params()}

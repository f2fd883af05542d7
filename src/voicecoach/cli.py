"""The command line: parse, call, report.

Kept thin and quick to start: heavy modules (numpy, pydub, pyttsx3, mutagen,
pydantic) are imported inside the commands that need them, so ``--help`` and
``plan`` answer fast. Every :class:`~voicecoach.errors.VoicecoachError` is
turned into one line on stderr and its exit code, in :func:`_errors`.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from . import __version__
from .errors import EXIT_INTERRUPTED, FlagError, VoicecoachError
from .limits import DEFAULT_RATE

if TYPE_CHECKING:
    from rich.console import Console

    from .session import Options, Session
    from .speech import SpeechCache

app = typer.Typer(
    name="voicecoach",
    help=(
        "Turn exercise routines into voice-guided audio sessions: an MP3 for your phone, "
        "or the session spoken live.\n\n"
        "Examples:\n\n"
        "  voicecoach render hip\n\n"
        "  voicecoach plan hip --level hard --sets 2\n\n"
        "  voicecoach play hip --brief"
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
routines_app = typer.Typer(
    help="List the built-in routines, or print one as YAML.\n\n"
    "Examples:\n\n  voicecoach routines\n\n  voicecoach routines show hip > my-hip.yaml",
    invoke_without_command=True,
)
app.add_typer(routines_app, name="routines")


def _out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, markup=False)


def _err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


def _errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """The one place that maps the tool's errors to a message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except VoicecoachError as exc:
            console = _err()
            console.print(f"error: {exc.message}")
            if exc.hint:
                console.print(f"hint: {exc.hint}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err().print("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper


# --------------------------------------------------------------------------- shared flags

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
        tempo=flags["tempo"], rest=flags["rest"], switch=flags["switch"],
        transition=flags["transition"], lead_in=flags["lead_in"], ready=flags["ready"],
        only=_refs(flags["only"]), skip=_refs(flags["skip"]),
        instructions="none" if flags["no_instructions"] else (
            "brief" if flags["brief"] else "full"),
        voice=Voice(flags["voice"], flags["rate"], flags["volume"]),
    )


def load_session(spec: str, flags: dict[str, Any]) -> Session:
    """Routine file or built-in -> validated routine -> flags applied."""
    from . import sources
    from .session import apply

    options = build_options(flags)
    return apply(sources.load(spec), options)


def speech_cache(session: Session) -> SpeechCache:
    from .speech import SpeechCache

    return SpeechCache(voice=session.voice)


# --------------------------------------------------------------------------- commands


@app.command()
@_errors
@session_command
def render(
    routine: Routine_,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write the MP3 [default: output/<routine>.mp3].",
        dir_okay=False)] = None,
    transcript: Annotated[bool, typer.Option(
        "--transcript", help="Also write NAME.vtt (WebVTT) and NAME.json (cue sheet).")] = False,
    bitrate: Annotated[int, typer.Option("--bitrate", help="MP3 bitrate in kbps (CBR).")] = 64,
    sample_rate: Annotated[int, typer.Option(
        "--sample-rate", help="MP3 sample rate in Hz.")] = 44100,
    channels: Annotated[int, typer.Option("--channels", help="1 (mono) or 2.")] = 1,
    *,
    flags: dict[str, Any],
) -> None:
    """Render a routine to a phone-ready MP3 with chapters.

    Examples:

      voicecoach render hip

      voicecoach render hip -o ~/Music/hip.mp3 --transcript

      voicecoach render my-routine.yaml --level hard --sets 2 --brief
    """
    from . import render as pipeline
    from .export import Format
    from .wording import clock

    session = load_session(routine, flags)
    target = output or pipeline.default_output(session)
    fmt = Format(bitrate=bitrate, sample_rate=sample_rate, channels=channels)
    cache = speech_cache(session)
    with _progress() as progress:
        result = pipeline.to_file(session, target, cache, fmt=fmt, transcript=transcript,
                                  progress=progress)
    out = _out()
    plan = result.timeline
    out.print(f"Wrote {result.path}")
    out.print(f"  duration  {clock(plan.duration)} ({plan.duration:.1f} s)")
    out.print(f"  chapters  {len(plan.chapters)}: "
              + ", ".join(c.title for c in plan.chapters[1:-1]))
    out.print(f"  format    MP3 {fmt.bitrate} kbps CBR, {fmt.sample_rate} Hz, "
              f"{'mono' if fmt.channels == 1 else 'stereo'}, ID3v2.3")
    for path in result.transcripts:
        out.print(f"  transcript {path}")
    out.print(f"  rendered in {result.seconds:.1f} s ({result.synthesised} new speech clips)")
    _overruns(plan)


@app.command()
@_errors
@session_command
def plan(
    routine: Routine_,
    timeline: Annotated[bool, typer.Option(
        "--timeline", help="Print every event of the session with its time.")] = False,
    *,
    flags: dict[str, Any],
) -> None:
    """Show what a session will be, without making any audio.

    Times are estimated from the text; `render` reports the exact ones.

    Examples:

      voicecoach plan hip

      voicecoach plan hip --level hard --reps glute-bridges=15 --skip foam-roll-glutes

      voicecoach plan hip --timeline
    """
    from . import timeline as tl
    from .speech import resolve_voice

    session = load_session(routine, flags)
    resolve_voice(session.voice.name)  # checked as `render` checks it
    _, laid = tl.for_session(session, tl.estimate_length(session.voice.rate))
    out = _out()
    if timeline:
        _print_timeline(out, laid)
        return
    _print_plan(out, session, laid)
    _overruns(laid)


@app.command()
@_errors
@session_command
def play(
    routine: Routine_,
    device: Annotated[Optional[str], typer.Option(
        "--device", help="Output device id or name (see `voicecoach devices`).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Run the display against the clock, without sound.")] = False,
    *,
    flags: dict[str, Any],
) -> None:
    """Speak a session live through the speakers, with a live display.

    Keys: space pause/resume, n next exercise, p previous, r repeat the
    instructions, q quit. Ctrl-C stops at once.

    Examples:

      voicecoach play hip --brief

      voicecoach play hip --only donkey-kicks,glute-bridges --level hard

      voicecoach play hip --dry-run
    """
    from .play import play_session

    session = load_session(routine, flags)
    play_session(session, speech_cache(session), device=device, dry_run=dry_run)


@app.command()
@_errors
def devices() -> None:
    """List the audio output devices (use one with `play --device`).

    Example:

      voicecoach devices
    """
    from .play import list_devices

    out = _out()
    found = list_devices()
    for ident, name in found:
        out.print(f"{ident}  {name}")
    if not found:
        out.print("No audio output devices found. Use `voicecoach render` to make an MP3.")


@routines_app.callback()
@_errors
def routines(ctx: typer.Context) -> None:
    """List the built-in routines."""
    if ctx.invoked_subcommand:
        return
    from rich.table import Table

    from .sources import builtin, builtin_names

    table = Table("name", "routine", "exercises", box=None)
    for name in builtin_names():
        r = builtin(name)
        table.add_row(name, r.name, str(len(r.exercises)))
    out = _out()
    out.print(table)
    out.print("\nPrint one with: voicecoach routines show NAME")


@routines_app.command("show")
@_errors
def routines_show(
    name: Annotated[str, typer.Argument(help="A built-in routine name.")],
) -> None:
    """Print a built-in routine as YAML, to copy and edit.

    Example:

      voicecoach routines show hip > my-hip.yaml
    """
    from .sources import builtin_text

    sys.stdout.write(builtin_text(name))


@app.command()
@_errors
def check(
    file: Annotated[str, typer.Argument(
        metavar="FILE", help="A routine file (or built-in name, or article) to validate.")],
) -> None:
    """Validate a routine file: print its plan summary, or every problem found.

    Each problem names the file, the line, the exercise and the field.

    Example:

      voicecoach check my-routine.yaml
    """
    from . import sources
    from . import timeline as tl
    from .session import apply
    from .wording import clock

    loaded = sources.load(file)
    session = apply(loaded)
    _, laid = tl.for_session(session, tl.estimate_length(session.voice.rate))
    out = _out()
    out.print(f"{file}: OK, {loaded.name!r}, {len(loaded.exercises)} exercises, "
              f"about {clock(laid.duration)} at the easy level")
    _print_plan(out, session, laid)


@app.command()
@_errors
def init(
    name: Annotated[str, typer.Argument(help="The routine's name.")] = "My Routine",
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="File to write [default: <slug>.yaml].")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
    = False,
) -> None:
    """Write a fully commented routine file to edit; it renders as it is.

    Examples:

      voicecoach init "Knee Rehab"

      voicecoach init -o physio/week1.yaml
    """
    import json
    from importlib import resources

    from .export import atomic, check_writable
    from .routine import parse, slugify

    target = output or Path(f"{slugify(name)}.yaml")
    if target.exists() and not force:
        raise FlagError(f"{target} exists; not overwriting it (use --force, or -o another name)")
    template = (resources.files("voicecoach") / "templates" / "routine.yaml").read_text("utf-8")
    text = template.replace("{name}", json.dumps(name)).replace("{file}", str(target))
    parse(text, str(target))  # the template must stay valid: fail here, not in the user's hands
    check_writable(target)
    with atomic(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    _out().print(f"Wrote {target}. Edit it, then: voicecoach plan {target}")


@app.command("import")
@_errors
def import_(
    article: Annotated[str, typer.Argument(
        metavar="ARTICLE", help="A .txt, .md or .html article, or - for standard input.")],
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Routine file to write [default: ARTICLE's name, .yaml].")]
    = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the parsed result as JSON instead of writing a file.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]
    = False,
) -> None:
    """Import an exercise article into a routine file to review and render.

    Prints a review table: each exercise, its kind and dose, the phrase the
    dose came from, and how sure the importer is. Guessed values are marked
    with a comment in the file.

    Examples:

      voicecoach import hip-article.txt -o hip-imported.yaml

      pbpaste | voicecoach import - -o stretches.yaml

      voicecoach import article.md --json
    """
    from . import sources
    from .export import atomic, check_writable
    from .importer import review_rows

    result = sources.read_article(article)
    target = output or sources.routine_file_for(article, result)
    result = sources.named_after(result, target)
    if as_json:
        sys.stdout.write(result.to_json())
        return
    if target.exists() and not force:
        raise FlagError(f"{target} exists; not overwriting it (use --force, or -o another name)")
    check_writable(target)
    with atomic(target) as tmp:
        tmp.write_text(result.to_yaml(), encoding="utf-8")
    from rich.table import Table

    rows = review_rows(result)
    table = Table(title=f"{result.title}: {len(rows)} exercises", title_justify="left")
    for column in ("exercise", "kind", "dose", "per side", "source", "confidence"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(row[c] for c in ("exercise", "kind", "dose", "per side", "source",
                                           "confidence")))
    out = _out()
    out.print(table)
    for warning in result.warnings:
        out.print(f"review: {warning}")
    out.print(f"Wrote {target}. Review it, then: voicecoach render {target}")


@app.command()
@_errors
def voices(
    language: Annotated[str | None, typer.Option(
        "--language", "-l", help="Only voices for this language (e.g. en).")] = None,
) -> None:
    """List the voices the speech engine offers (use one with --voice).

    Examples:

      voicecoach voices

      voicecoach voices --language en
    """
    from rich.table import Table

    from .speech import list_voices

    table = Table("id", "name", "languages", box=None)
    shown = 0
    for v in list_voices():
        if language and not any(lang.lower().startswith(language.lower())
                                for lang in v.languages):
            continue
        table.add_row(v.id, v.name, ", ".join(v.languages))
        shown += 1
    out = _out()
    out.print(table)
    out.print(f"\n{shown} voices. Example: voicecoach render hip --voice {_example_voice()}")


def _example_voice() -> str:
    return "en-us" if sys.platform.startswith("linux") else "\"Samantha\""


@app.command()
@_errors
def cache(
    clear: Annotated[bool, typer.Option("--clear", help="Delete every cached clip.")] = False,
) -> None:
    """Show (or clear) the speech cache: one clip per phrase, voice and rate.

    Examples:

      voicecoach cache

      voicecoach cache --clear
    """
    from .speech import cache_dir, clear_cache, clip_count

    folder = cache_dir()
    if clear:
        _out().print(f"Removed {clear_cache(folder)} clips from {folder}")
        return
    count, size = clip_count(folder)
    _out().print(f"{folder}: {count} clips, {size / 1e6:.1f} MB")


# --------------------------------------------------------------------------- output helpers


def _progress() -> Any:
    """A context manager yielding a ``progress(phase, done, total)`` callback."""
    import contextlib

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    labels = {"speech": "Synthesising speech", "mix": "Mixing", "encode": "Encoding MP3"}

    @contextlib.contextmanager
    def manager() -> Any:
        # The bar appears with the first report of work, so an error raised by the
        # checks before any work is not preceded by the line a finished bar leaves.
        bar = Progress(TextColumn("{task.description:<22}"), BarColumn(),
                       MofNCompleteColumn(), console=_err(), transient=True)
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if not tasks:
                bar.start()
            if phase not in tasks:
                tasks[phase] = bar.add_task(labels.get(phase, phase), total=total or 1)
            bar.update(tasks[phase], completed=done if total else 1, total=total or 1)

        try:
            yield update
        finally:
            if tasks:
                bar.stop()

    return manager()


def _overruns(laid: Any) -> None:
    if not laid.overruns:
        return
    grown = sum(o.needed - o.slot for o in laid.overruns) / laid.rate
    err = _err()
    count = len(laid.overruns)
    many = f"{count} phrases are" if count != 1 else "1 phrase is"
    err.print(f"note: {many} longer than the time planned for them; "
              f"the session grows by {grown:.1f} s to fit:")
    for o in laid.overruns[:5]:
        err.print(f"  {o.start / laid.rate:7.1f} s  {o.text!r} needs "
                  f"{o.needed / laid.rate:.2f} s, slot {o.slot / laid.rate:.2f} s")
    if len(laid.overruns) > 5:
        err.print(f"  ... and {len(laid.overruns) - 5} more (raise --tempo or --rate)")


def _print_plan(out: Console, session: Session, laid: Any) -> None:
    from rich.table import Table

    from .wording import clock

    spans = {chapter.index: chapter.end - chapter.start for chapter in laid.chapters}
    dose_fields = {"reps", "hold", "duration", "distance", "tempo"}
    table = Table(title=f"{session.name}  [{session.slug}]", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("exercise", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("dose", no_wrap=True)
    table.add_column("sets", justify="right")
    table.add_column("time", justify="right")
    for step in session.steps:
        d = step.dose
        dose = d.describe() + (" *" if step.changed & dose_fields else "")
        sets = str(d.sets) + (" *" if "sets" in step.changed else "")
        table.add_row(str(step.position), step.slug, d.kind, dose, sets,
                      clock(spans.get(step.position, 0) / laid.rate))
    out.print(table)
    out.print(f"Total: about {clock(laid.duration)} (estimated; opening "
              f"{clock(spans.get(0, 0) / laid.rate)}, {len(laid.chapters)} chapters)")
    out.print(f"Settings: {session.settings_line()}")
    if any(step.changed & (dose_fields | {"sets"}) for step in session.steps):
        out.print("* changed by a flag")


def _print_timeline(out: Console, laid: Any) -> None:
    from .wording import clock

    for event in laid.events:
        start = event.start / laid.rate
        where = []
        if event.exercise:
            where.append(event.exercise)
        for label, value in (("side", event.side), ("set", event.set), ("rep", event.rep)):
            if value is not None:
                where.append(f"{label} {value}")
        text = event.text or f"({event.length / laid.rate:.1f} s)"
        out.print(f"{clock(start):>7} {start:9.2f}  {event.kind:<7} {text}"
                  + (f"   [{', '.join(where)}]" if where else ""))
    out.print(f"{clock(laid.duration):>7} {laid.duration:9.2f}  end")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"voicecoach {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")]
    = False,
) -> None:
    """Turn exercise routines into voice-guided audio sessions."""


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

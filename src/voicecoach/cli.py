"""The command line: parse, call, report.

Kept thin and quick to start: heavy modules (numpy, pydub, pyttsx3, mutagen,
pydantic) are imported inside the commands that need them, so ``--help`` and
``plan`` answer fast. Every :class:`~voicecoach.errors.VoicecoachError` is
turned into one line on stderr and its exit code, in :func:`_errors`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from . import __version__, report
from . import flags as flags_mod
from .errors import EXIT_INTERRUPTED, FlagError, VoicecoachError

if TYPE_CHECKING:
    from rich.console import Console

    from .session import Session
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


def speech_cache(session: Session, mix_rate: int | None = None) -> SpeechCache:
    from .speech import SpeechCache

    if mix_rate is None:
        return SpeechCache(voice=session.voice)
    return SpeechCache(voice=session.voice, mix_rate=mix_rate)


# --------------------------------------------------------------------------- commands


@app.command()
@_errors
@flags_mod.session_command
def render(
    routine: flags_mod.Routine_,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write the session [default: output/<routine>.mp3]; "
        "its extension picks the format.", dir_okay=False)] = None,
    format_: Annotated[Optional[str], typer.Option(
        "--format", help="mp3, m4a, opus, ogg, flac or wav [default: from -o, else mp3].")]
    = None,
    loudness: Annotated[Optional[float], typer.Option(
        "--loudness", metavar="LUFS",
        help="Loudness target [default: -19 mono, -16 stereo]; true peak stays under -1 dBTP.")]
    = None,
    music: Annotated[Optional[Path], typer.Option(
        "--music", help="Music under the voice: an audio file, or a folder played in turn "
        "(shuffled, the same order every time); ducked under every cue.")] = None,
    duck: Annotated[Optional[float], typer.Option(
        "--duck", metavar="DB", help="How far the music goes down under the voice [default: 12].")]
    = None,
    transcript: Annotated[bool, typer.Option(
        "--transcript", help="Also write NAME.vtt (WebVTT) and NAME.json (cue sheet).")] = False,
    bitrate: Annotated[int, typer.Option(
        "--bitrate", help="Bitrate in kbps (CBR for MP3; lossy formats only).")] = 64,
    sample_rate: Annotated[int, typer.Option(
        "--sample-rate", help="Sample rate in Hz (Opus is always 48000).")] = 44100,
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
    from . import encode
    from . import render as pipeline
    from .export import Format
    from .wording import clock

    kind, output = encode.resolve(format_, output)
    session = flags_mod.load_session(routine, flags)
    fmt = Format(bitrate=bitrate, sample_rate=sample_rate, channels=channels, kind=kind)
    target = output or pipeline.default_output(session, fmt)
    # with music, mix at the file's rate (full-band music); speech alone needs no more
    cache = speech_cache(session, fmt.output_rate if music is not None else None)
    with report.progress(_err()) as progress:
        result = pipeline.to_file(session, target, cache, fmt=fmt, transcript=transcript,
                                  loudness=loudness, music=music, duck=duck,
                                  progress=progress)
    out = _out()
    laid = result.timeline
    out.print(f"Wrote {result.path}")
    out.print(f"  duration  {clock(laid.duration)} ({laid.duration:.1f} s)")
    out.print(f"  chapters  {len(laid.chapters)}: "
              + ", ".join(c.title for c in laid.chapters[1:-1]))
    out.print(f"  format    {fmt.describe()}")
    if result.loudness is not None:
        out.print(f"  loudness  {result.loudness.after:.1f} LUFS, "
                  f"true peak {result.loudness.true_peak:.1f} dBTP")
    for path in result.transcripts:
        out.print(f"  transcript {path}")
    out.print(f"  rendered in {result.seconds:.1f} s ({result.synthesised} new speech clips)")
    report.overruns(_err(), laid)


@app.command()
@_errors
@flags_mod.session_command
def plan(
    routine: flags_mod.Routine_,
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

    session = flags_mod.load_session(routine, flags)
    resolve_voice(session.voice.name)  # checked as `render` checks it
    _, laid = tl.for_session(session, tl.estimate_length(session.voice.rate))
    out = _out()
    if timeline:
        report.timeline(out, laid)
        return
    report.plan(out, session, laid)
    report.overruns(_err(), laid)


@app.command()
@_errors
@flags_mod.session_command
def play(
    routine: flags_mod.Routine_,
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

    session = flags_mod.load_session(routine, flags)
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
    report.plan(out, session, laid)


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

    from .outputs import atomic, check_writable
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
    from .importer import review_rows
    from .outputs import atomic, check_writable

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

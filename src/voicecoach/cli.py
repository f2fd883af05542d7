"""The command line: parse, call, report.

Kept thin and quick to start: heavy modules (numpy, pydub, pyttsx3, mutagen,
pydantic) are imported inside the commands that need them, so ``--help`` and
``plan`` answer fast. Every :class:`~voicecoach.errors.VoicecoachError` is
turned into one line on stderr and its exit code, in :func:`_errors`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import signal
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from . import __version__, report
from . import flags as flags_mod
from .errors import (
    EXIT_BROKEN_PIPE,
    FlagError,
    Interrupted,
    OutputError,
    VoicecoachError,
)

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
        "  voicecoach play hip --brief\n\n"
        "  voicecoach serve --lan"
    ),
    no_args_is_help=True,
    add_completion=True,
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

    console = Console(highlight=False, soft_wrap=True, markup=False)
    console.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
    return console


def _broken_pipe() -> None:
    """rich would exit 1 (a bug's code) on a broken pipe: let :func:`_errors` decide."""
    raise BrokenPipeError


def _err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, markup=False)


MAX_SPEED = 1000  # play --dry-run --speed: at most this many times faster

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


def _stop(signum: int, frame: object) -> None:
    """SIGTERM and SIGHUP stop the command as Ctrl-C does: an exception in the main
    thread, so every ``finally`` runs (temporary files, the terminal, the pool).
    A second one while cleaning up is ignored."""
    for other in STOP_SIGNALS:
        signal.signal(other, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def _signals() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.signal(s, _stop) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def _stop_workers() -> None:
    cache = sys.modules.get("voicecoach.speech.cache")  # loaded only if speech was used
    if cache is not None:
        cache.stop_pools()


def _warn(message: str) -> None:
    _err().print(f"warning: {message}")


def _errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """The one place that maps the tool's errors to a message and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _signals():
                result = func(*args, **kwargs)
                _flush(sys.stdout)
                return result
        except VoicecoachError as exc:
            console = _err()
            console.print(f"error: {exc.message}")
            if exc.hint:
                console.print(f"hint: {exc.hint}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:
            stopped = exc if isinstance(exc, Interrupted) else Interrupted(signal.SIGINT)
            _stop_workers()
            _err().print(stopped.message)
            raise typer.Exit(stopped.exit_code) from None
        except BrokenPipeError:  # `voicecoach plan hip | head -1`: the reader has gone
            _stop_workers()
            _silence_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None

    return wrapper


def _flush(stream: Any) -> None:
    if stream is not None:
        stream.flush()


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class _Stdout(io.TextIOBase):
    """Standard output whose failures (a full disk, an I/O error) are the tool's own
    error; a broken pipe stays a :class:`BrokenPipeError` (a quiet exit)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def _call(self, method: Callable[..., Any], *args: Any) -> Any:
        try:
            return method(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(
                f"cannot write to standard output: {exc.strerror or exc}") from None

    def write(self, text: str) -> int:
        return int(self._call(self._inner.write, text))

    def flush(self) -> None:
        self._call(self._inner.flush)

    def fileno(self) -> int:
        return int(self._inner.fileno())

    def isatty(self) -> bool:
        return bool(self._inner.isatty())

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(self._inner.encoding)

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._inner.errors  # type: ignore[no-any-return]

    @property
    def buffer(self) -> Any:
        return self._inner.buffer


def _standard_streams() -> None:
    """Before any command: a closed stdin/stdout/stderr is opened on /dev/null (so no
    file the tool opens takes its number), text the output encoding cannot show is
    replaced instead of failing, and stdout's write errors become one clear line."""
    closed = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            closed.append(fd)
    for fd in closed:
        opened = os.open(os.devnull, os.O_RDWR)
        if opened != fd:
            os.dup2(opened, fd)
            os.close(opened)
    if 1 in closed:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if 2 in closed:
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout = _Stdout(sys.stdout)
    if 1 in closed:
        sys.stderr.write("warning: standard output is closed; what voicecoach prints "
                         "there is lost\n")


def speech_cache(session: Session, mix_rate: int | None = None) -> SpeechCache:
    from .speech import SpeechCache

    if mix_rate is None:
        return SpeechCache(voice=session.voice)
    return SpeechCache(voice=session.voice, mix_rate=mix_rate)


def _render_batch(routines: list[str], levels: list[str], output: Path | None,
                  format_: str | None, flags: dict[str, Any], *, transcript: bool,
                  loudness: float | None, music: Path | None, duck: float | None,
                  bitrate: int, sample_rate: int, channels: int, split: bool,
                  cover: Path | None) -> None:
    """``render A B C`` / ``--level easy,standard,hard``: :mod:`.batch` does the work;
    this prints one summary (a line a file, failures with their reason) and exits
    non-zero when any file failed."""
    from . import batch, config, encode
    from .export import Format
    from .outputs import is_folder
    from .wording import clock

    if output is not None and not is_folder(output):
        if output.suffix:
            raise FlagError(f"-o {shown_path(output)}: several files are rendered (a "
                            f"routine and level each); give a folder for them")
        output.mkdir(parents=True, exist_ok=True)  # -o sessions: a new folder
    folder = output
    if folder is None and config.load().get("output"):
        folder = Path(config.load().get("output")).expanduser()
    kind, _ = encode.resolve(format_, None)
    fmt = Format(bitrate=bitrate, sample_rate=sample_rate, channels=channels, kind=kind)
    fmt.check()
    jobs = batch.plan(routines, levels, flags, fmt, folder, _warn)
    with report.progress(_err()) as progress:
        outcomes = batch.run(jobs, fmt=fmt, mix_rate=fmt.output_rate if music else None,
                             transcript=transcript, loudness=loudness, music=music,
                             duck=duck, cover=cover, split=split, progress=progress)
    out, err = _out(), _err()
    written = [o for o in outcomes if o.ok]
    out.print(f"Wrote {len(written)} of {len(outcomes)} files ({fmt.describe()})")
    for o in written:
        out.print(f"  {shown_path(o.target)}  {clock(o.duration)} ({o.duration:.1f} s), "
                  f"{len(o.chapters)} chapters, rendered in {o.seconds:.1f} s")
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        label = o.spec + (f" --level {o.level}" if len(levels) > 1 else "")
        err.print(f"error: {label}: {o.error}")
    if failed:
        raise typer.Exit(batch.exit_code(outcomes))


# --------------------------------------------------------------------------- commands


@app.command()
@_errors
@flags_mod.session_command
def render(
    routine: flags_mod.Routines_,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Where to write the session (a folder: FOLDER/<routine>.mp3) "
        "[default: output/<routine>.mp3]; its extension picks the format. With several "
        "routines or levels, a folder.")] = None,
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
    split: Annotated[bool, typer.Option(
        "--split", help="One file per chapter in a folder named like the output "
        "(output/hip/01-opening.mp3, ...), with track tags and an M3U8 playlist.")] = False,
    cover: Annotated[Optional[Path], typer.Option(
        "--cover", metavar="IMAGE", help="Artwork to embed (JPEG or PNG) [default: a "
        "cover drawn with the routine's name].")] = None,
    *,
    flags: dict[str, Any],
) -> None:
    """Render a routine to a phone-ready MP3 with chapters.

    Examples:

      voicecoach render hip

      voicecoach render hip -o ~/Music/hip.mp3 --transcript

      voicecoach render my-routine.yaml --level hard --sets 2 --brief

      voicecoach render hip --split --cover hip.jpg

      voicecoach render hip tiny.yaml --level easy,standard,hard -o sessions/
    """
    from . import batch, config, encode
    from . import render as pipeline
    from .export import Format
    from .outputs import is_folder
    from .sources import locate
    from .wording import clock

    if output is not None and str(output) == "-":
        raise FlagError("-o -: render writes an audio file, not standard output; give a "
                        "file name, like -o hip.mp3")
    level_list = batch.levels(flags["level"])
    if len(routine) > 1 or len(level_list) > 1:
        _render_batch(routine, level_list, output, format_, flags, transcript=transcript,
                      loudness=loudness, music=music, duck=duck, bitrate=bitrate,
                      sample_rate=sample_rate, channels=channels, split=split, cover=cover)
        return
    flags = {**flags, "level": level_list[0]}
    session = flags_mod.load_session(routine[0], flags, _warn)
    folder = output if output is not None and is_folder(output) else None
    if output is None and config.load().get("output"):  # the config file's folder
        folder = Path(config.load().get("output")).expanduser()
    kind, output = encode.resolve(format_, None if folder is not None else output)
    fmt = Format(bitrate=bitrate, sample_rate=sample_rate, channels=channels, kind=kind)
    if folder is not None:
        target = pipeline.default_output(session, folder, fmt)  # -o DIR: DIR/<routine>.mp3
    else:
        target = output or pipeline.default_output(session, fmt=fmt)
    source = locate(routine[0]).path
    # with music, mix at the file's rate (full-band music); speech alone needs no more
    cache = speech_cache(session, fmt.output_rate if music is not None else None)
    with report.progress(_err()) as progress:
        result = pipeline.to_file(session, target, cache, fmt=fmt, transcript=transcript,
                                  loudness=loudness, music=music, duck=duck,
                                  progress=progress, inputs=[source] if source else [],
                                  cover=cover, split=split)
    out = _out()
    laid = result.timeline
    out.print(f"Wrote {shown_path(result.path)}")
    if result.tracks:
        out.print(f"  tracks    {len(result.tracks) - 1} files in "
                  f"{shown_path(result.tracks[0].parent)}")
    out.print(f"  duration  {clock(laid.duration)} ({laid.duration:.1f} s)")
    out.print(f"  chapters  {len(laid.chapters)}: "
              + ", ".join(c.title for c in laid.chapters[1:-1]))
    out.print(f"  format    {fmt.describe()}")
    if result.loudness is not None:
        out.print(f"  loudness  {result.loudness.after:.1f} LUFS, "
                  f"true peak {result.loudness.true_peak:.1f} dBTP")
    for path in result.transcripts:
        out.print(f"  transcript {shown_path(path)}")
    out.print(f"  rendered in {result.seconds:.1f} s ({result.synthesised} new speech clips)")
    report.overruns(_err(), laid)


@app.command()
@_errors
@flags_mod.session_command
def plan(
    routine: flags_mod.Routine_,
    timeline: Annotated[bool, typer.Option(
        "--timeline", help="Print every event of the session with its time.")] = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the session as JSON: steps with their doses, settings, "
        "chapters and duration (see the README for the fields).")] = False,
    *,
    flags: dict[str, Any],
) -> None:
    """Show what a session will be, without making any audio.

    Times are estimated from the text; `render` reports the exact ones.

    Examples:

      voicecoach plan hip

      voicecoach plan hip --level hard --reps glute-bridges=15 --skip foam-roll-glutes

      voicecoach plan hip --timeline

      voicecoach plan hip --json
    """
    from . import timeline as tl
    from .limits import check_timeline

    session = flags_mod.load_session(routine, flags, _warn)
    if session.voice.name:  # checked as `render` checks it (only then is the engine needed)
        from .speech import resolve_voice

        resolve_voice(session.voice.name)
    _, laid = tl.for_session(session, tl.estimate_length(session.voice.rate))
    check_timeline(laid)  # the limits `render` applies, said here first
    if timeline and as_json:
        raise FlagError("--timeline and --json cannot be used together (the JSON has the "
                        "chapters; `render --transcript` writes every event)")
    out = _out()
    if as_json:
        from .plandata import to_json

        sys.stdout.write(to_json(session, laid))
        report.overruns(_err(), laid)
        return
    if timeline:
        report.timeline(out, laid)
    else:
        report.plan(out, session, laid)
    report.overruns(_err(), laid)
    report.warnings(_err(), session, laid)


@app.command()
@_errors
@flags_mod.session_command
def play(
    routine: flags_mod.Routine_,
    device: Annotated[Optional[str], typer.Option(
        "--device", help="Output device id or name (see `voicecoach devices`).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Run the display against the clock, without sound.")] = False,
    start: Annotated[Optional[str], typer.Option(
        "--from", metavar="EXERCISE|TIME", help="Start at an exercise (slug, prefix or "
        "position) or a time (m:ss); `q` prints the command that resumes.")] = None,
    speed: Annotated[Optional[str], typer.Option(
        "--speed", metavar="N", help="With --dry-run: run the clock N times faster "
        f"(up to {MAX_SPEED}), to check a session quickly.")] = None,
    *,
    flags: dict[str, Any],
) -> None:
    """Speak a session live through the speakers, with a live display.

    Keys: space pause/resume, n next exercise, p previous, r repeat the
    instructions, q quit (and print the command that resumes). Ctrl-C stops at
    once. When standard output is not a terminal, a plain line is printed at
    each change instead of the live display.

    Examples:

      voicecoach play hip --brief

      voicecoach play hip --only donkey-kicks,glute-bridges --level hard

      voicecoach play hip --from glute-bridges

      voicecoach play hip --dry-run --speed 20
    """
    from . import config
    from . import timeline as tl
    from .play import play_session
    from .play.resume import command_line, parse_start

    given_device = device
    factor = _speed(speed, dry_run)
    device = device or config.load().get("device")
    loaded, session = flags_mod.load(routine, flags, _warn)
    begin = None
    if start is not None:
        _, laid = tl.for_session(session, tl.estimate_length(session.voice.rate))
        begin = parse_start(start, loaded, session, laid.duration)
    own = {"device": given_device, "dry_run": dry_run, "speed": speed}

    def resume(seconds: float) -> str:
        return command_line(routine, flags, flags_mod.defaults(), own, seconds)

    play_session(session, speech_cache(session), device=device, dry_run=dry_run,
                 start=begin, speed=factor, resume=resume)



def _speed(raw: str | None, dry_run: bool) -> float:
    """``--speed``: a number above 0 and up to MAX_SPEED, with ``--dry-run`` only."""
    if raw is None:
        return 1.0
    if not dry_run:
        raise FlagError(f"--speed {flags_mod.shown(raw)}: only a dry run can go faster "
                        "than the sound (add --dry-run)")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0 < value <= MAX_SPEED):
        raise FlagError(f"--speed {flags_mod.shown(raw)}: give how many times faster, "
                        f"a number above 0 and up to {MAX_SPEED}, like --speed 20")
    return value


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
    script: Annotated[bool, typer.Option(
        "--script", help="Also lint the coach's script: silences, beats, overruns, "
        "contradictions, repeated lines (exit 1 on a problem).")] = False,
) -> None:
    """Validate a routine file: print its plan summary, or every problem found.

    Each problem names the file, the line, the exercise and the field.

    Examples:

      voicecoach check my-routine.yaml

      voicecoach check my-routine.yaml --script
    """
    from . import sources
    from . import timeline as tl
    from .limits import check_timeline
    from .session import apply
    from .wording import clock

    loaded = sources.load(file)
    session = apply(loaded)
    _, laid = tl.for_session(session, tl.estimate_length(session.voice.rate))
    check_timeline(laid)
    out = _out()
    out.print(f"{sources.shown(file)}: OK, {loaded.name!r}, {len(loaded.exercises)} exercises, "
              f"about {clock(laid.duration)} at the easy level")
    report.plan(out, session, laid)
    if script:
        from .lint import lint

        found = lint(session, laid)
        report.lint(out, found)
        if not found.ok:
            raise typer.Exit(1)


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
    from .errors import RoutineError
    from .outputs import atomic, check_writable
    from .routine import parse, slugify, template
    from .sources import shown

    target = output or Path(f"{slugify(name, 'routine')}.yaml")
    _routine_file_name(target)
    check_writable(target)
    if target.exists() and not force:
        raise FlagError(f"{shown(target)} exists; not overwriting it "
                        "(use --force, or -o another name)")
    text = template(name, str(target))
    try:  # the template must stay valid: fail here, not in the user's hands
        parse(text, "<template>")
    except RoutineError as exc:
        raise FlagError(f"cannot make a routine called {shown(name)}: {exc.problems[0]}") \
            from None
    check_writable(target)
    with atomic(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    _out().print(f"Wrote {shown(target)}. Edit it, then: voicecoach plan {shown(target)}")


def _routine_file_name(target: Path) -> None:
    """`init` and `import` write YAML: a name ending in .toml (or anything else) is
    refused rather than filled with YAML."""
    from .routine import ROUTINE_SUFFIXES

    if target.suffix.lower() not in ROUTINE_SUFFIXES:
        raise FlagError(f"-o {shown_path(target)}: routine files are written as YAML; give a "
                        f"name ending in .yaml (TOML routines can be read, not written)")


def shown_path(path: Path | str) -> str:
    from .sources import shown

    return shown(path)


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

    Prints a review (a table on a wide terminal, a list on a narrow one):
    each exercise, its kind and dose, the phrase each value came from, what
    is uncertain, and how sure the importer is. Guessed values are marked
    with a comment in the file.

    Examples:

      voicecoach import hip-article.txt -o hip-imported.yaml

      pbpaste | voicecoach import - -o stretches.yaml

      voicecoach import article.md --json
    """
    from . import sources
    from .importer import review_rows
    from .outputs import atomic, check_targets, check_writable

    result = sources.read_article(article)
    target = output or sources.routine_file_for(article, result)
    result = sources.named_after(result, target)
    if as_json:
        sys.stdout.write(result.to_json())
        return
    _routine_file_name(target)
    if article != sources.STDIN:
        check_targets([target], [Path(article)])
    check_writable(target)
    if target.exists() and not force:
        raise FlagError(f"{shown_path(target)} exists; not overwriting it "
                        "(use --force, or -o another name)")
    check_writable(target)
    with atomic(target) as tmp:
        tmp.write_text(result.to_yaml(), encoding="utf-8")
    out = _out()
    _print_review(out, result.title, review_rows(result))
    for warning in result.warnings:
        out.print(textwrap.fill(f"review: {warning}", max(out.width, 40),
                                subsequent_indent="  "))
    out.print(f"Wrote {shown_path(target)}. Review it, then: "
              f"voicecoach render {shown_path(target)}")


#: Below this many columns the review is a list, one exercise a block: seven table columns
#: of quotes folded into 80 columns were ten words high and three words wide.
REVIEW_TABLE_WIDTH = 110


def _print_review(out: Console, title: str, rows: list[dict[str, str]]) -> None:
    """The import's review: per exercise its dose, the phrases each field came from and
    what is uncertain; a table on a wide terminal, a list of blocks on a narrow one."""
    heading = f"{title}: {len(rows)} exercises"
    if out.width >= REVIEW_TABLE_WIDTH:
        from rich.table import Table

        table = Table(title=heading, title_justify="left")
        columns = ("exercise", "kind", "dose", "per side", "source", "uncertain", "confidence")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(row[c] for c in columns))
        out.print(table)
        return
    from rich.text import Text

    width = max(out.width, 40)
    out.print(heading)
    for number, row in enumerate(rows, 1):
        out.print(Text(textwrap.fill(  # (the dose says "per side" itself)
            f"{number}. {row['exercise']}: {row['dose']} ({row['kind']}, "
            f"confidence {row['confidence']})", width, subsequent_indent="   "), style="bold"))
        lines = row["source"].splitlines()
        lines += [f"check {line}" for line in row["uncertain"].splitlines()]
        for line in filter(None, lines):
            out.print(textwrap.fill(line, width, initial_indent="   ",
                                    subsequent_indent="     "))


@app.command()
@_errors
def voices(
    language: Annotated[str | None, typer.Option(
        "--language", "-l", help="Only voices for this language (e.g. en).")] = None,
    say: Annotated[Optional[str], typer.Option(
        "--say", metavar="TEXT", help="Say TEXT with the voice (--voice or --preview) "
        "instead of listing: played, or written with -o.")] = None,
    preview: Annotated[Optional[str], typer.Option(
        "--preview", metavar="VOICE", help="Say a short coaching sample with VOICE.")] = None,
    voice: Annotated[Optional[str], typer.Option(
        "--voice", help="The voice for --say (id or name).")] = None,
    rate: Annotated[str, typer.Option("--rate", metavar="WPM", help="Speaking rate.")]
    = "170",
    tts_command: Annotated[Optional[str], typer.Option(
        "--tts-command", metavar="TEMPLATE", help="Say it with this program instead "
        "(as for render).")] = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="Write the sample to this file (.wav, .mp3, ...) "
        "instead of playing it.")] = None,
    device: Annotated[Optional[str], typer.Option(
        "--device", help="Audio output to play it on (see `voicecoach devices`).")] = None,
) -> None:
    """List the voices the speech engine offers (use one with --voice), or hear one.

    Examples:

      voicecoach voices

      voicecoach voices --language en

      voicecoach voices --say "Three, two, one, go" --voice en-gb

      voicecoach voices --preview en-us -o sample.wav
    """
    if say is not None or preview is not None or output is not None:
        _say_sample(say, preview or voice, rate, tts_command, output, device)
        return
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


def _say_sample(text: str | None, voice: str | None, rate: str, tts: str | None,
                output: Path | None, device: str | None) -> None:
    from .session import Voice
    from .speech import sample

    chosen = Voice(voice, flags_mod._rate(rate), 1.0, tts)
    samples = sample.say(text if text is not None else sample.SAMPLE_TEXT, chosen)
    who = voice or ("your --tts-command" if tts else "the default voice")
    if output is not None:
        if str(output) == "-":
            raise FlagError("-o -: give a file name, like -o sample.wav")
        target = sample.write(samples, 22050, output)
        _out().print(f"Wrote {shown_path(target)}: {who}, {samples.size / 22050:.1f} s")
        return
    _out().print(f"Playing {who} ({samples.size / 22050:.1f} s)")
    sample.play(samples, 22050, device)


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


@app.command()
@_errors
def serve(
    directory: Annotated[Optional[Path], typer.Argument(
        help="Folder of rendered sessions [default: output, or the config file's "
        "`output`].")] = None,
    lan: Annotated[bool, typer.Option(
        "--lan", help="Listen on the local network so a phone can connect; a token is then "
        "required in every URL (one is made for you).")] = False,
    token: Annotated[Optional[str], typer.Option(
        "--token", help="Require this token in every URL (8+ letters, digits, - _ . ~).")]
    = None,
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free port).")]
    = 8000,
    render_routines: Annotated[Optional[list[str]], typer.Option(
        "--render", metavar="ROUTINE",
        help="Render this routine into the folder first (repeatable).")] = None,
) -> None:
    """Serve rendered sessions to a phone: a page with players and chapters, a podcast
    feed (every new session arrives with its chapters), and a QR code to open it.

    Only the folder's session files are served, read-only. Ctrl-C stops.

    Examples:

      voicecoach serve

      voicecoach serve --lan

      voicecoach serve --lan --render hip

      voicecoach serve ~/Music/sessions --lan --port 8080
    """
    from . import config
    from . import render as pipeline
    from .serve import run
    from .wording import clock

    if directory is None:
        configured = config.load().get("output")
        directory = Path(configured).expanduser() if configured else Path("output")
    out = _out()
    for spec in render_routines or []:
        session = flags_mod.load_session(spec, flags_mod.with_config(flags_mod.defaults()))
        target = directory / f"{session.slug}.mp3"
        with report.progress(_err()) as progress:
            result = pipeline.to_file(session, target, speech_cache(session),
                                      transcript=True, progress=progress)
        out.print(f"Wrote {result.path} ({clock(result.timeline.duration)})")
    run(directory, lan=lan, token=token, port=port, console_print=out.print)


@app.command()
@_errors
def doctor() -> None:
    """Check what voicecoach needs (ffmpeg, the speech engine, the cache, an audio
    device...) and say how to fix what is missing. Exits 3 when a needed piece is.

    Example:

      voicecoach doctor
    """
    from . import doctor as checks
    from .errors import EXIT_MISSING_DEPENDENCY

    out = _out()
    found = checks.run()
    for check in found:
        mark = "ok  " if check.ok else ("FAIL" if check.needed else "warn")
        out.print(f"{mark}  {check.name:<9} {check.found}")
        if not check.ok and check.fix:
            out.print(f"      {'':<9} fix: {check.fix}")
    broken = [c.name for c in found if c.needed and not c.ok]
    if broken:
        out.print(f"\nNot ready: {', '.join(broken)}. `voicecoach render` needs them.")
        raise typer.Exit(EXIT_MISSING_DEPENDENCY)
    out.print("\nReady: voicecoach render hip")


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
    _standard_streams()
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

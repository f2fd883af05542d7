"""A batch: several routines, or several levels, rendered in one command.

``render A B C`` and ``render hip --level easy,standard,hard``. Every session is
planned here first (a bad routine fails alone, with its one-line reason); the
speech of all of them (the union of their phrases) is synthesised once, into the
shared cache; then each file is rendered by :func:`render.to_file` in its own
process, as many at a time as there are cores. Their progress comes back on one
queue to one display; one failure does not stop the others.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import queue as queues
import re
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import encode, export, outputs
from .errors import EXIT_BUG, FlagError, VoicecoachError

if TYPE_CHECKING:
    from .render import Progress
    from .session import Session

LEVEL_SPLIT = re.compile(r"\s*,\s*")


def levels(raw: str) -> list[str]:
    """``--level easy,standard,hard`` -> its levels, in order, each once."""
    found: list[str] = []
    for level in LEVEL_SPLIT.split(raw.strip().lower()):
        if not level:
            raise FlagError(f"--level {raw!r}: an empty level; give e.g. easy,standard,hard")
        if level not in found:
            found.append(level)
    return found


@dataclass
class Job:
    """One file of the batch: what to render and where (``session`` is ``None`` when
    the routine could not be loaded: ``error`` says why)."""

    spec: str
    level: str
    target: Path
    session: Session | None = None
    inputs: list[Path] = field(default_factory=list)
    error: str = ""
    hint: str = ""
    exit_code: int = 0


@dataclass
class Outcome:
    """What became of one file: written (duration, chapters, seconds), or its error."""

    spec: str
    level: str
    target: Path
    ok: bool
    duration: float = 0.0
    chapters: list[str] = field(default_factory=list)
    seconds: float = 0.0
    synthesised: int = 0
    error: str = ""
    hint: str = ""
    exit_code: int = 0


def plan(specs: Sequence[str], level_list: Sequence[str], flags: dict[str, Any],
         fmt: export.Format, folder: Path | None,
         warn: Callable[[str], None] | None = None) -> list[Job]:
    """A job a routine and level: its session loaded (or its error kept) and its file:
    ``FOLDER/<slug>.<ext>``, with ``-<level>`` when there are several levels. Two
    routines with one slug are told apart by their file's name, then by a number."""
    from . import flags as flags_mod
    from . import render
    from .routine import slugify
    from .sources import locate

    where = folder if folder is not None else render.OUTPUT_DIR
    jobs: list[Job] = []
    for spec in specs:
        for level in level_list:
            job = Job(spec, level, where)
            try:
                session = flags_mod.load_session(spec, {**flags, "level": level}, warn)
                source = locate(spec).path
            except VoicecoachError as exc:
                job.error, job.hint, job.exit_code = exc.message, exc.hint or "", exc.exit_code
                job.target = where / f"{slugify(Path(spec).stem, 'routine')}"
            else:
                job.session = session
                job.inputs = [source] if source else []
                name = session.slug + (f"-{level}" if len(level_list) > 1 else "")
                job.target = render.default_output(replace(session, slug=name), where, fmt)
            jobs.append(job)
    _distinct(jobs, fmt)
    return jobs


def _distinct(jobs: list[Job], fmt: export.Format) -> None:
    """No two jobs write one file: a repeated name takes the routine file's stem
    (``tiny-copy.mp3``), and failing that a number (``tiny-2.mp3``)."""
    from .routine import slugify

    ext = fmt.codec.extensions[0]
    taken: set[Path] = set()
    for job in jobs:
        if job.session is None:
            continue
        if job.target in taken:
            stem = slugify(Path(job.spec).stem, "routine")
            suffix = f"-{job.level}" if job.target.stem.endswith(f"-{job.level}") else ""
            job.target = outputs.within(job.target.parent, f"{stem}{suffix}{ext}")
            number = 2
            base = job.target.stem
            while job.target in taken:
                job.target = outputs.within(job.target.parent, f"{base}-{number}{ext}")
                number += 1
        taken.add(job.target)


def _failed(job: Job) -> Outcome:
    return Outcome(job.spec, job.level, job.target, ok=False, error=job.error,
                   hint=job.hint, exit_code=job.exit_code)


# Worker side: set once per process by the pool's initializer.
_QUEUE: Any = None
_RENDERING = False  # a file is being written (a stop must let it clean up)


class _Stopped(BaseException):
    """SIGTERM in a worker (the batch is stopping): unwinds the render, so that its
    temporary file is removed and its encoder stopped."""


def _init(progress_queue: Any) -> None:
    global _QUEUE
    _QUEUE = progress_queue
    # Ctrl-C reaches every process of the terminal's group: the main process stops the
    # workers itself (SIGTERM, below), so each stops once, cleanly, and says nothing.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_term)


def _on_term(signum: int, frame: object) -> None:
    if _RENDERING:
        raise _Stopped
    os._exit(128 + signum)  # idle: nothing to clean up, and no traceback to print


def _render_one(index: int, job: Job, options: dict[str, Any]) -> Outcome:
    """In a worker: :func:`render.to_file` for one job, its progress sent on the
    queue, its failure returned as a message (exceptions need not pickle)."""
    from . import render
    from .speech import SpeechCache

    def progress(phase: str, done: int, total: int) -> None:
        if _QUEUE is not None and phase == "encode":
            _QUEUE.put((index, done, total))

    global _RENDERING
    assert job.session is not None
    _RENDERING = True
    os.environ[encode.PARALLEL_ENV] = str(options.get("encoders", 1))
    try:
        cache = SpeechCache(voice=job.session.voice, mix_rate=options["mix_rate"])
        result = render.to_file(job.session, job.target, cache, fmt=options["fmt"],
                                transcript=options["transcript"],
                                loudness=options["loudness"], music=options["music"],
                                duck=options["duck"], progress=progress,
                                inputs=job.inputs, cover=options["cover"],
                                split=options["split"])
    except VoicecoachError as exc:
        return Outcome(job.spec, job.level, job.target, ok=False, error=exc.message,
                       hint=exc.hint or "", exit_code=exc.exit_code)
    except Exception as exc:  # a bug in one file: the others still get written
        return Outcome(job.spec, job.level, job.target, ok=False,
                       error=f"{type(exc).__name__}: {exc}", exit_code=EXIT_BUG)
    except _Stopped:  # cleaned up on the way here: end without a word
        os._exit(128 + signal.SIGTERM)
    finally:
        _RENDERING = False
    laid = result.timeline
    return Outcome(job.spec, job.level, result.path, ok=True, duration=laid.duration,
                   chapters=[c.title for c in laid.chapters], seconds=result.seconds,
                   synthesised=result.synthesised)


def encoders(count: int, processes: int, cores: int) -> list[int]:
    """ffmpeg processes each of ``count`` files may encode its MP3 with: one while the
    pool keeps every core busy with a file of its own; the files of a last, partial
    round (3 files on 2 cores: the third) share the cores left to them."""
    last = count % processes if count > processes else count
    alone = max(1, cores // last) if last else 1
    return [1] * (count - last) + [alone] * last


def workers(count: int) -> int:
    """Processes for ``count`` files: one a core, no more than the files."""
    return max(1, min(encode.cores(), count))


def run(jobs: list[Job], *, fmt: export.Format, mix_rate: int | None = None,
        transcript: bool = False, loudness: float | None = None,
        music: Path | None = None, duck: float | None = None,
        cover: Path | None = None, split: bool = False,
        progress: Progress | None = None, processes: int | None = None) -> list[Outcome]:
    """Render every job that loaded, an outcome a job in the jobs' order.

    The union of the sessions' phrases is synthesised first (``progress("speech",
    ...)``), then the files are rendered in a pool of ``processes`` (default: a
    core each); each file's encode is reported as ``progress(<file name>, ...)``."""
    from . import render, script
    from .speech import SpeechCache

    report = progress or (lambda phase, done, total: None)
    outcomes: list[Outcome | None] = [None if job.session else _failed(job) for job in jobs]
    ready = [(i, job) for i, job in enumerate(jobs) if job.session is not None]
    # speech once, for every session (they share the flags, hence the voice)
    by_voice: dict[Any, list[str]] = {}
    for _, job in ready:
        assert job.session is not None
        phrases = by_voice.setdefault(job.session.voice, [])
        phrases.extend(script.phrases(script.build(job.session)))
    for voice, phrases in by_voice.items():
        try:
            shared = SpeechCache(voice=voice, mix_rate=mix_rate or 22050)
            shared.prepare(list(dict.fromkeys(phrases)),
                           lambda done, total: report("speech", done, total))
        except VoicecoachError as exc:  # no engine, a clip that hangs: every file fails
            for i, job in ready:
                assert job.session is not None
                if job.session.voice == voice:
                    outcomes[i] = Outcome(job.spec, job.level, job.target, ok=False,
                                          error=exc.message, hint=exc.hint or "",
                                          exit_code=exc.exit_code)
    ready = [(i, job) for i, job in ready if outcomes[i] is None]
    options = {"fmt": fmt, "mix_rate": mix_rate or 22050,
               "transcript": transcript, "loudness": loudness, "music": music,
               "duck": duck, "cover": cover, "split": split}
    if ready:
        for _, job in ready:
            report(job.target.name, 0, 1)
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["voicecoach.render", "voicecoach.batch"])
        progress_queue = ctx.Queue()
        pool = cf.ProcessPoolExecutor(processes or workers(len(ready)), mp_context=ctx,
                                      initializer=_init, initargs=(progress_queue,))
        try:
            # (never more parts than VOICECOACH_PARALLEL_MP3 allows: each worker sets it)
            shares = [min(share, max(1, encode.parts_limit())) for share in
                      encoders(len(ready), processes or workers(len(ready)), encode.cores())]
            futures = {pool.submit(_render_one, i, job, {**options, "encoders": share}): i
                       for (i, job), share in zip(ready, shares, strict=True)}
            pending = set(futures)
            while pending:
                done, pending = cf.wait(pending, timeout=0.2,
                                        return_when=cf.FIRST_COMPLETED)
                _drain(progress_queue, jobs, report)
                for future in done:
                    i = futures[future]
                    try:
                        outcomes[i] = future.result()
                    except Exception as exc:  # the worker died (killed, out of memory)
                        outcomes[i] = Outcome(jobs[i].spec, jobs[i].level, jobs[i].target,
                                              ok=False, error=f"the render stopped: {exc}",
                                              exit_code=EXIT_BUG)
                    report(jobs[i].target.name, 1, 1)
        except BaseException:
            _stop(pool)
            for i, job in ready:  # a worker killed mid-file leaves its temporary: gone
                if outcomes[i] is None:
                    for target in render.targets(job.target, transcript):
                        outputs.remove_stale(target)
            raise
        pool.shutdown()
        progress_queue.close()
    return [outcome for outcome in outcomes if outcome is not None]


def _drain(progress_queue: Any, jobs: list[Job], report: Progress) -> None:
    while True:
        try:
            index, done, total = progress_queue.get_nowait()
        except queues.Empty:
            return
        report(jobs[index].target.name, done, total)


def _stop(pool: cf.ProcessPoolExecutor) -> None:
    """Ctrl-C or a signal: the workers stop now (SIGTERM: each removes its temporary
    file and stops its encoder; one that does not within 5 s is killed)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
        if process.is_alive():
            process.kill()
            process.join(timeout=5)


def exit_code(outcomes: Sequence[Outcome]) -> int:
    """0 when every file was written, else the first failure's code."""
    return next((o.exit_code or EXIT_BUG for o in outcomes if not o.ok), 0)

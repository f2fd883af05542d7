"""The speech cache: each distinct phrase synthesised once, kept on disk.

Clips are cached under a key made of the text, the voice, the rate, the
driver and the engine's version, so a second render synthesises nothing and
starts no engine. A cold cache is filled in this process for a few clips (to
time the engine), then by a pool of processes, one engine each, when that pays.

Where the cache lives is decided here, once: ``VOICECOACH_CACHE_DIR``, else the
user cache folder (platformdirs). The folder's layout, its marker and what
``cache --clear`` may delete are in :mod:`.folder`.

The cache heals itself: every clip is checked when it is used (a truncated,
empty or garbage entry is made again, once), entries are written under a
temporary name and moved into place, temporaries left by a killed process are
removed, and an unwritable cache falls back to a temporary one with a warning.
A long phrase is said in pieces (:mod:`.chunks`), each an entry of its own.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np

from ..errors import DependencyError
from ..session import Voice
from . import chunks, clips, command, engine, folder

CACHE_ENV = "VOICECOACH_CACHE_DIR"
PROBE_CLIPS = 4  # clips said in-process first, to time the engine
POOL_AFTER = 2.0  # seconds of synthesis left that make a process pool worth starting


def cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where clips are kept: ``$VOICECOACH_CACHE_DIR``, else the user cache folder."""
    environ = os.environ if environ is None else environ
    folder = environ.get(CACHE_ENV)
    if folder:
        return Path(folder)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("voicecoach")) / "speech"


def synthesise(text: str, target: Path, voice: str | None, rate: int,
               tts: str | None = None) -> None:
    """Say ``text`` into ``target`` (16-bit WAV, trimmed), atomically; with the engine,
    or the ``--tts-command`` template ``tts`` (:mod:`.command`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, raw_name = tempfile.mkstemp(prefix=folder.temporary_prefix(), suffix=".wav",
                                    dir=target.parent)
    os.close(fd)
    raw = Path(raw_name)
    try:
        if tts:
            command.TtsCommand.parse(tts).say_to_file(text, raw, rate, voice)
        else:
            engine.say_to_file(text, raw, voice, rate)
        samples, sample_rate = clips.read(raw)
        clips.write(raw, clips.trim(samples, sample_rate), sample_rate)
        os.replace(raw, target)
    finally:
        raw.unlink(missing_ok=True)


_WORKER: tuple[str | None, int, str | None] = (None, 0, None)


def _worker_init(voice: str | None, rate: int, parent: int, tts: str | None = None) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides, and stops the pool
    # ``parent`` comes from the parent: it may be dead already when this runs
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if not tts:
        engine.engine()
    _WORKER = (voice, rate, tts)


def _watch_parent(parent: int) -> None:
    """End this worker when its parent is gone (killed with SIGKILL: no clean-up ran)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


_POOLS: set[object] = set()  # pools running now (live play fills the cache in a thread)


def _stop_pool(pool: object) -> None:
    """Stop a process pool now: cancel what is queued, end the workers mid-clip (their
    temporaries are removed by the next run). The executor has no public way to end
    busy workers; its ``_processes`` is read defensively."""
    _POOLS.discard(pool)
    processes = list((getattr(pool, "_processes", None) or {}).values())
    # (read before shutdown(), which forgets them)
    wakeup = getattr(pool, "_executor_manager_thread_wakeup", None)
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)
    # Python 3.11's exit handler wakes every pool's manager thread through a pipe that a
    # broken pool (its workers ended above) may have closed: under load it printed a
    # traceback (EBADF) after the tool's own message. Let the thread end, then drop it.
    if wakeup is not None and hasattr(wakeup, "wakeup"):
        wake = wakeup.wakeup

        def quiet() -> None:  # its pipe may be closed by now: nothing left to wake
            with contextlib.suppress(OSError, ValueError):
                wake()

        wakeup.wakeup = quiet
    if manager is not None:
        manager.join(timeout=5)
        import concurrent.futures.process as cfp

        wakeups = getattr(cfp, "_threads_wakeups", None)
        if wakeups is not None and not manager.is_alive():
            wakeups.pop(manager, None)


def stop_pools() -> None:
    """Stop every synthesis pool of this process (the CLI calls it on a signal)."""
    for pool in list(_POOLS):
        _stop_pool(pool)


def _warn(message: str) -> None:
    sys.stderr.write(f"warning: {message}\n")


def _worker_say(job: tuple[str, str]) -> str:
    text, target = job
    synthesise(text, Path(target), *_WORKER)
    return text


class SpeechCache:
    """Phrases to clips: a disk cache in front of the speech engine.

    ``length(text)`` and ``clip(text)`` synthesise on demand; ``prepare`` fills
    the cache for many phrases at once, in parallel.
    """

    def __init__(
        self,
        folder: Path | None = None,
        *,
        voice: Voice | None = None,
        mix_rate: int = 22050,
        workers: int | None = None,
        pool_after: float = POOL_AFTER,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        voice = voice or Voice()
        self.dir = folder if folder is not None else cache_dir()
        self.mix_rate = mix_rate
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.pool_after = pool_after
        self.rate = voice.rate
        self.tts = voice.command  # --tts-command: the engine is never started
        if self.tts:
            command.TtsCommand.parse(self.tts).check()  # a missing program: say so now
        # A named voice must be resolved against the engine's list (which starts
        # it); the default voice is keyed as such, so a warm render starts none.
        self.voice_id = voice.name if self.tts else engine.resolve_voice(voice.name)
        self._clips: dict[str, np.ndarray] = {}
        self.synthesised = 0  # clips made by this instance (0 on a warm render)
        self.warn = warn or _warn
        self._checked = False  # the folder was checked (and marked, and swept)
        self._fallback = False  # the folder is not writable: new clips go to _scratch
        self._scratch: Path | None = None
        self._elsewhere: dict[str, Path] = {}  # pieces kept outside the folder

    def key(self, text: str) -> str:
        blob = json.dumps([text, self.voice_id or "", self.rate, engine.driver_name(),
                           engine.identity()] + ([self.tts] if self.tts else []))
        return hashlib.sha256(blob.encode()).hexdigest()

    def path(self, text: str) -> Path:
        key = self.key(text)
        return self.dir / key[:2] / f"{key}.wav"

    def _target(self, piece: str) -> Path:
        return self._elsewhere.get(piece) or self.path(piece)

    def missing(self, texts: Iterable[str]) -> list[str]:
        """The pieces (:func:`.chunks.pieces`) of ``texts`` with no whole clip yet."""
        out = dict.fromkeys(piece for text in dict.fromkeys(texts)
                            for piece in chunks.pieces(text))
        return [p for p in out if not folder.valid(self._target(p))]

    def _scratch_dir(self) -> Path:
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="voicecoach-speech-"))
            atexit.register(shutil.rmtree, self._scratch, ignore_errors=True)
        return self._scratch

    def _place(self, piece: str) -> Path:
        """Where a new clip for ``piece`` goes: its place in the cache, cleared of a
        bad entry; or a temporary folder when the cache cannot take it."""
        if piece in self._elsewhere:
            return self._elsewhere[piece]
        path = self.path(piece)
        if not self._fallback and (not os.path.lexists(path) or folder.discard(path)):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return path
            except OSError:
                pass
        target = self._scratch_dir() / path.name
        self._elsewhere[piece] = target
        return target

    def _say(self, piece: str) -> None:
        synthesise(piece, self._place(piece), self.voice_id, self.rate, self.tts)
        self.synthesised += 1

    def prepare(
        self, texts: Iterable[str], progress: Callable[[int, int], None] | None = None
    ) -> None:
        """Synthesise every phrase not cached yet; ``progress(done, total)``.

        A few phrases are said in this process first, to learn how fast the
        engine is; the rest go to a pool of processes (one engine each) only
        when they would take longer than the pool takes to start.
        """
        todo = self.missing(texts)
        total = len(todo)
        done = 0

        def one_more() -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)

        if progress:
            progress(0, total)
        if not todo:
            return
        self._writable()
        started = time.perf_counter()
        probe, rest = todo[:PROBE_CLIPS], todo[PROBE_CLIPS:]
        for text in probe:
            self._say(text)
            one_more()
        per_clip = (time.perf_counter() - started) / len(probe)
        workers = min(self.workers, len(rest))
        if workers > 1 and per_clip * len(rest) > self.pool_after:
            rest = self._in_pool(rest, workers, one_more)
        for text in rest:
            self._say(text)
            one_more()

    def _in_pool(self, todo: list[str], workers: int, one_more: Callable[[], None]
                 ) -> list[str]:
        """Synthesise ``todo`` in worker processes; return what is still missing."""
        import concurrent.futures as cf
        import multiprocessing

        jobs = [(t, str(self._place(t))) for t in todo]
        ctx = multiprocessing.get_context("spawn")  # a fresh engine per process
        try:
            pool = cf.ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_worker_init,
                initargs=(self.voice_id, self.rate, os.getpid(), self.tts),
            )
            _POOLS.add(pool)
            try:
                for _ in pool.map(_worker_say, jobs, chunksize=4):
                    self.synthesised += 1
                    one_more()
            except BaseException:
                _stop_pool(pool)  # Ctrl-C, a signal, a failure: stop the workers now
                raise
            _POOLS.discard(pool)
            pool.shutdown()
        except (cf.process.BrokenProcessPool, OSError):
            pass  # no worker processes here (e.g. run from stdin): finish in-process
        return self.missing(todo)

    def _writable(self) -> None:
        """Before the first new clip: make and mark the folder, remove stale
        temporaries; an unwritable folder means a temporary one, with a warning."""
        if self._checked:
            return
        self._checked = True
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.dir, prefix=".voicecoach-", delete=True):
                pass
            folder.mark(self.dir)
            folder.remove_stale(self.dir)
        except OSError as exc:
            self._fallback = True
            self.warn(f"the speech cache {self.dir} is not writable "
                      f"({exc.strerror or exc}); using a temporary one for this run "
                      f"(set {CACHE_ENV} to a writable folder)")

    def _read(self, piece: str) -> np.ndarray | None:
        path = self._target(piece)
        if not folder.valid(path):
            return None
        try:
            samples, rate = clips.read(path)
        except Exception:
            return None
        return clips.resample(samples, rate, self.mix_rate)

    def _piece(self, piece: str) -> np.ndarray:
        samples = self._read(piece)
        if samples is None:  # missing, truncated, garbage or unreadable: made again, once
            self._writable()
            self._say(piece)
            samples = self._read(piece)
        if samples is None:
            raise DependencyError(
                f"the speech engine made no usable clip for {piece[:60]!r}"
                f"{'...' if len(piece) > 60 else ''} (in {self._target(piece).parent})")
        return samples

    def clip(self, text: str) -> np.ndarray:
        """The phrase as 16-bit samples at the mix rate (a long one: its pieces,
        joined with a short pause)."""
        if text not in self._clips:
            parts = [self._piece(p) for p in chunks.pieces(text)]
            if len(parts) > 1:
                gap = np.zeros(round(chunks.GAP_SECONDS * self.mix_rate), dtype=np.int16)
                parts = [x for part in parts for x in (gap, part)][1:]
            self._clips[text] = parts[0] if len(parts) == 1 else np.concatenate(parts)
        return self._clips[text]

    def length(self, text: str) -> int:
        return int(self.clip(text).size)


def clip_count(where: Path | None = None) -> tuple[int, int]:
    """How many clips the cache holds, and their size in bytes."""
    return folder.count(where if where is not None else cache_dir())


def clear_cache(where: Path | None = None) -> int:
    """Delete the cache's own clips (nothing else); return how many there were.
    Refuses (:class:`~voicecoach.errors.CacheError`) a folder that is not a cache."""
    return folder.clear(where if where is not None else cache_dir())

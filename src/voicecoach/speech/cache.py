"""The speech cache: each distinct phrase synthesised once, kept on disk.

Clips are cached under a key made of the text, the voice, the rate, the
driver and the engine's version, so a second render synthesises nothing and
starts no engine. A cold cache is filled in this process for a few clips (to
time the engine), then by a pool of processes, one engine each, when that pays.

Where the cache lives is decided here, once: ``VOICECOACH_CACHE_DIR``, else the
user cache folder (platformdirs).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import numpy as np

from ..errors import DependencyError
from ..session import Voice
from . import clips, engine

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


def synthesise(text: str, target: Path, voice: str | None, rate: int) -> None:
    """Say ``text`` into ``target`` (16-bit WAV, trimmed), atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, raw_name = tempfile.mkstemp(suffix=".wav", dir=target.parent)
    os.close(fd)
    raw = Path(raw_name)
    try:
        engine.say_to_file(text, raw, voice, rate)
        samples, sample_rate = clips.read(raw)
        clips.write(raw, clips.trim(samples, sample_rate), sample_rate)
        os.replace(raw, target)
    finally:
        raw.unlink(missing_ok=True)


_WORKER: tuple[str | None, int] = (None, 0)


def _worker_init(voice: str | None, rate: int) -> None:
    global _WORKER
    engine.engine()
    _WORKER = (voice, rate)


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
    ) -> None:
        voice = voice or Voice()
        self.dir = folder if folder is not None else cache_dir()
        self.mix_rate = mix_rate
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.pool_after = pool_after
        self.rate = voice.rate
        # A named voice must be resolved against the engine's list (which starts
        # it); the default voice is keyed as such, so a warm render starts none.
        self.voice_id = engine.resolve_voice(voice.name)
        self._clips: dict[str, np.ndarray] = {}
        self.synthesised = 0  # clips made by this instance (0 on a warm render)

    def key(self, text: str) -> str:
        blob = json.dumps([text, self.voice_id or "", self.rate, engine.driver_name(),
                           engine.identity()])
        return hashlib.sha256(blob.encode()).hexdigest()

    def path(self, text: str) -> Path:
        key = self.key(text)
        return self.dir / key[:2] / f"{key}.wav"

    def missing(self, texts: Iterable[str]) -> list[str]:
        return [t for t in dict.fromkeys(texts) if not self.path(t).exists()]

    def _say(self, text: str) -> None:
        synthesise(text, self.path(text), self.voice_id, self.rate)
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

        jobs = [(t, str(self.path(t))) for t in todo]
        ctx = multiprocessing.get_context("spawn")  # a fresh engine per process
        try:
            pool = cf.ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=_worker_init,
                initargs=(self.voice_id, self.rate),
            )
            try:
                for _ in pool.map(_worker_say, jobs, chunksize=4):
                    self.synthesised += 1
                    one_more()
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: stop now
                raise
            pool.shutdown()
        except (cf.process.BrokenProcessPool, OSError):
            pass  # no worker processes here (e.g. run from stdin): finish in-process
        return self.missing(todo)

    def _writable(self) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.dir, delete=True):
                pass
        except OSError as exc:
            raise DependencyError(
                f"the speech cache {self.dir} is not writable ({exc.strerror}); "
                f"set {CACHE_ENV} to a writable folder"
            ) from None

    def clip(self, text: str) -> np.ndarray:
        """The phrase as 16-bit samples at the mix rate."""
        if text not in self._clips:
            path = self.path(text)
            if not path.exists():
                self._writable()
                self._say(text)
            samples, rate = clips.read(path)
            self._clips[text] = clips.resample(samples, rate, self.mix_rate)
        return self._clips[text]

    def length(self, text: str) -> int:
        return int(self.clip(text).size)


def clip_count(folder: Path | None = None) -> tuple[int, int]:
    """How many clips the cache holds, and their size in bytes."""
    folder = folder if folder is not None else cache_dir()
    files = list(folder.rglob("*.wav")) if folder.exists() else []
    return len(files), sum(f.stat().st_size for f in files)


def clear_cache(folder: Path | None = None) -> int:
    """Delete every cached clip; return how many there were."""
    folder = folder if folder is not None else cache_dir()
    count = clip_count(folder)[0]
    shutil.rmtree(folder, ignore_errors=True)
    return count

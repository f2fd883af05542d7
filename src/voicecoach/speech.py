"""Speech clips: synthesised with pyttsx3, cached on disk, loaded as samples.

One engine per process and one ``save_to_file`` + ``runAndWait`` per clip
(pyttsx3 2.99 on Linux writes only the last file of a queue). Each distinct
phrase is synthesised once: clips are cached under a key made of the text,
voice, rate, driver and engine version, so a second render synthesises
nothing. A cold cache is filled by a pool of processes, one engine each.

Clips are stored as 16-bit mono WAV at the engine's own rate, trimmed of the
silence the engine puts around them, and resampled to the mix rate on load.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .adjust import check_rate
from .errors import DependencyError, FlagError

DEFAULT_RATE = 170  # words per minute: clear, a little slower than the engine's 200
SILENCE_THRESHOLD = 200  # |sample| below this (of 32767) counts as silence when trimming
KEEP_MARGIN = 0.02  # seconds kept before and after the speech when trimming
PROBE_CLIPS = 4  # clips said in-process first, to time the engine
POOL_AFTER = 2.0  # seconds of synthesis left that make a process pool worth starting


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]
    gender: str | None


@dataclass(frozen=True)
class EngineInfo:
    driver: str
    version: str  # pyttsx3 and engine versions
    voice: str  # resolved voice id
    rate: int


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("voicecoach")) / "speech"


# --------------------------------------------------------------------------- engine


def _silence_drivers() -> None:
    """Keep pyttsx3's drivers from printing ("Audio saved to ...") on our stdout.

    The drivers call the built-in ``print`` from their callbacks, on the engine's
    own thread; shadowing ``print`` in those modules only is thread-safe, unlike
    swapping ``sys.stdout`` (which would also swallow the live display).
    """
    for name, module in list(sys.modules.items()):
        if name.startswith("pyttsx3.drivers.") and module is not None:
            module.print = _no_print  # type: ignore[attr-defined]


def _no_print(*args: object, **kwargs: object) -> None:
    pass


_ENGINE: Any = None  # one engine per process, for the life of the process
_ENGINE_LOCK = threading.RLock()
_DEFAULT_VOICE = ""


def _init_engine() -> Any:
    """The process's one pyttsx3 engine.

    Kept alive on purpose: pyttsx3 caches engines weakly and a collected
    engine's driver clears eSpeak NG's global callback, breaking the next one.
    """
    global _ENGINE, _DEFAULT_VOICE
    with _ENGINE_LOCK:
        if _ENGINE is not None:
            return _ENGINE
        try:
            import pyttsx3
        except ImportError as exc:  # pragma: no cover - a broken install
            raise DependencyError(f"pyttsx3 is not installed ({exc})") from None
        try:
            engine = pyttsx3.init()
            _DEFAULT_VOICE = str(engine.getProperty("voice") or "")
        except (OSError, RuntimeError, ImportError, KeyError) as exc:
            name = "eSpeak NG" if sys.platform.startswith("linux") else "the system speech engine"
            raise DependencyError(
                f"the speech engine could not start: {name} is missing or broken "
                f"(pyttsx3 says: {exc})",
                hint=_install_hint("espeak-ng"),
            ) from None
        _silence_drivers()  # the driver module is loaded by init
        _ENGINE = engine
        atexit.register(_release_engine)
        return engine


def _release_engine() -> None:
    """Let the engine go while the interpreter is whole (its ``__del__`` needs it)."""
    global _ENGINE
    _ENGINE = None


def _install_hint(package: str) -> str:
    if sys.platform.startswith("linux"):
        return f"install it: sudo apt-get install {package}   (or run scripts/run)"
    if sys.platform == "darwin":
        return "macOS: the system voices are used; `brew install ffmpeg` for MP3 export"
    return "Windows: SAPI5 voices are built in; install ffmpeg and put it on PATH"


def _engine_version(engine: Any) -> tuple[str, str]:
    from importlib.metadata import version

    driver = type(engine.proxy._driver).__module__.rsplit(".", 1)[-1]
    parts = [f"pyttsx3 {version('pyttsx3')}"]
    if driver == "espeak":
        with contextlib.suppress(Exception):
            from pyttsx3.drivers import _espeak

            parts.append(f"espeak-ng {_espeak.Info(None).decode()}")
    parts.append(platform.system())
    return driver, ", ".join(parts)


def list_voices() -> list[VoiceInfo]:
    engine = _init_engine()
    voices = engine.getProperty("voices")
    out = []
    for v in voices:
        langs = tuple(
            lang.decode(errors="ignore") if isinstance(lang, bytes) else str(lang)
            for lang in (getattr(v, "languages", None) or ())
        )
        out.append(VoiceInfo(str(v.id), str(v.name), langs, getattr(v, "gender", None)))
    return out


def resolve_voice(wanted: str | None, voices: list[VoiceInfo]) -> str | None:
    """A voice id from an id, a name, or a unique part of either (case-insensitive)."""
    if not wanted:
        return None
    text = wanted.lower()
    exact = [
        lambda v: text in (v.id.lower(), v.name.lower()),
        lambda v: text in (lang.lower() for lang in v.languages),  # "en-us"
        lambda v: v.id.lower().rsplit("/", 1)[-1] == text,  # "gmw/en-us" as "en-us"
    ]
    for match in exact:
        for v in voices:
            if match(v):
                return v.id
    matches = [v for v in voices if text in v.id.lower() or text in v.name.lower()]
    if len(matches) == 1:
        return matches[0].id
    if not matches:
        raise FlagError(f"no voice matches {wanted!r}; `voicecoach voices` lists them")
    names = ", ".join(f"{v.id} ({v.name})" for v in matches[:8])
    more = f" and {len(matches) - 8} more" if len(matches) > 8 else ""
    raise FlagError(f"--voice {wanted!r} matches several voices: {names}{more}")


_CONFIGURED: tuple[str | None, int] | None = None  # the engine's voice and rate now


def _configure(engine: Any, voice: str | None, rate: int) -> None:
    global _CONFIGURED
    if (voice, rate) == _CONFIGURED:
        return
    _CONFIGURED = (voice, rate)
    engine.setProperty("voice", voice or _DEFAULT_VOICE or None)
    engine.setProperty("rate", rate)
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is not None:  # eSpeak NG queues parameters: let them land before the text
        espeak.Synchronize()


def _synthesise(engine: Any, text: str, target: Path, voice: str | None, rate: int) -> None:
    """Say ``text`` into ``target`` (WAV, trimmed), atomically.

    Voice and rate are set for every clip: the engine is shared by every
    cache in the process, and each may want another voice or rate.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, raw_name = tempfile.mkstemp(suffix=".wav", dir=target.parent)
    os.close(fd)
    raw = Path(raw_name)
    try:
        for _attempt in range(3):
            with _ENGINE_LOCK:
                _configure(engine, voice, rate)
                engine.save_to_file(text, str(raw))
                engine.runAndWait()
                _wait_until_written(engine)
            if raw.stat().st_size > 44:  # more than a WAV header
                break
        else:
            raise DependencyError(f"the speech engine made no audio for {text!r}")
        samples, sample_rate = _read_any(raw)
        samples = trim(samples, sample_rate)
        _write_wav(raw, samples, sample_rate)
        os.replace(raw, target)
    finally:
        raw.unlink(missing_ok=True)


def _wait_until_written(engine: Any, timeout: float = 10.0) -> None:
    """eSpeak NG synthesises on its own thread: wait for the end of the utterance."""
    driver = getattr(engine.proxy, "_driver", None)
    deadline = time.monotonic() + timeout
    while getattr(driver, "_speaking", False) and time.monotonic() < deadline:
        time.sleep(0.002)


_WORKER: tuple[str | None, int] = (None, 0)


def _worker_init(voice: str | None, rate: int) -> None:
    global _WORKER
    _init_engine()
    _WORKER = (voice, rate)


def _worker_say(job: tuple[str, str]) -> str:
    text, target = job
    _synthesise(_init_engine(), text, Path(target), *_WORKER)
    return text


# --------------------------------------------------------------------------- clips


def _read_any(path: Path) -> tuple[np.ndarray, int]:
    """16-bit mono samples from a WAV (or, on macOS, AIFF) file."""
    try:
        with wave.open(str(path), "rb") as f:
            rate, width, channels = f.getframerate(), f.getsampwidth(), f.getnchannels()
            data = f.readframes(f.getnframes())
        if width == 2:
            samples = np.frombuffer(data, dtype="<i2")
            if channels > 1:
                samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
            return samples, rate
    except (wave.Error, EOFError):
        pass
    from pydub import AudioSegment  # AIFF from NSSpeechSynthesizer, anything else

    seg = AudioSegment.from_file(str(path)).set_channels(1).set_sample_width(2)
    return np.frombuffer(seg.raw_data, dtype="<i2"), seg.frame_rate


def _write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(samples.astype("<i2").tobytes())


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    """Cut the engine's leading and trailing silence, keeping a short margin."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) >= SILENCE_THRESHOLD)
    if loud.size == 0:
        return samples[:0]
    margin = round(KEEP_MARGIN * rate)
    return samples[max(0, loud[0] - margin): loud[-1] + 1 + margin]


def resample(samples: np.ndarray, source: int, target: int) -> np.ndarray:
    if source == target or samples.size == 0:
        return samples
    n = round(samples.size * target / source)
    positions = np.arange(n) * (source / target)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.int16)


class SpeechCache:
    """Phrases to clips: a disk cache in front of the speech engine.

    ``length(text)`` and ``clip(text)`` synthesise on demand; ``prepare`` fills
    the cache for many phrases at once, in parallel.
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        *,
        voice: str | None = None,
        rate: int = DEFAULT_RATE,
        mix_rate: int = 22050,
        workers: int | None = None,
        pool_after: float = POOL_AFTER,
    ) -> None:
        check_rate(rate)
        self.dir = cache_dir or default_cache_dir()
        self.mix_rate = mix_rate
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.pool_after = pool_after
        self._engine = _init_engine()
        voice_id = resolve_voice(voice, list_voices()) if voice else None
        driver, version = _engine_version(self._engine)
        self.info = EngineInfo(driver, version, voice_id or _DEFAULT_VOICE, rate)
        self._clips: dict[str, np.ndarray] = {}
        self.synthesised = 0  # clips made by this instance (0 on a warm render)

    def key(self, text: str) -> str:
        blob = json.dumps(
            [text, self.info.voice, self.info.rate, self.info.driver, self.info.version]
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def path(self, text: str) -> Path:
        key = self.key(text)
        return self.dir / key[:2] / f"{key}.wav"

    def missing(self, texts: Iterable[str]) -> list[str]:
        return [t for t in dict.fromkeys(texts) if not self.path(t).exists()]

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
            self.synthesised += 1
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
            _synthesise(self._engine, text, self.path(text), self.info.voice, self.info.rate)
            one_more()
        per_clip = (time.perf_counter() - started) / len(probe)
        workers = min(self.workers, len(rest))
        if workers > 1 and per_clip * len(rest) > self.pool_after:
            rest = self._in_pool(rest, workers, one_more)
        for text in rest:
            _synthesise(self._engine, text, self.path(text), self.info.voice, self.info.rate)
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
                initargs=(self.info.voice, self.info.rate),
            )
            try:
                for _ in pool.map(_worker_say, jobs, chunksize=4):
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
                f"set VOICECOACH_CACHE_DIR to a writable folder"
            ) from None

    def clip(self, text: str) -> np.ndarray:
        """The phrase as 16-bit samples at the mix rate."""
        if text not in self._clips:
            path = self.path(text)
            if not path.exists():
                self._writable()
                _synthesise(self._engine, text, path, self.info.voice, self.info.rate)
                self.synthesised += 1
            samples, rate = _read_any(path)
            self._clips[text] = resample(samples, rate, self.mix_rate)
        return self._clips[text]

    def length(self, text: str) -> int:
        return int(self.clip(text).size)


def clear_cache(cache_dir: Path | None = None) -> int:
    """Delete every cached clip; return how many there were."""
    folder = cache_dir or default_cache_dir()
    count = sum(1 for _ in folder.rglob("*.wav")) if folder.exists() else 0
    shutil.rmtree(folder, ignore_errors=True)
    return count

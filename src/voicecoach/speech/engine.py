"""The speech engine adapter: every contact with pyttsx3 lives here.

One engine per process, started on first use only (a warm render starts none),
kept alive for the life of the process (pyttsx3 caches engines weakly and a
collected engine's driver clears eSpeak NG's global callback, breaking the next
one). One ``save_to_file`` + ``runAndWait`` per clip: pyttsx3 2.99 on Linux
writes only the last file of a queue. The drivers' "Audio saved to ..." prints
are silenced, and eSpeak NG's parameter queue is synchronised before each text.

Each clip has a time bound that scales with its text (:func:`clip_bound`): on eSpeak NG
a clip past it is abandoned from inside the synthesis callback (eSpeak NG stops when the
callback says so, and the driver is put back to idle), so the engine is ready for the
next clip, and the caller gets one :class:`~voicecoach.errors.DependencyError` (exit 3).
"""

from __future__ import annotations

import atexit
import contextlib
import platform
import sys
import threading
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DependencyError, FlagError


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]
    gender: str | None


_ENGINE: Any = None  # one engine per process, for the life of the process
_LOCK = threading.RLock()
_DEFAULT_VOICE = ""
_CONFIGURED: tuple[str | None, int] | None = None  # the engine's voice and rate now

CLIP_SECONDS = 10.0  # the time bound on one clip: this much, plus
CLIP_SECONDS_PER_CHAR = 0.05  # this much per character of its text (a 400-character
# piece, the longest speech/chunks.py makes, is said in a few seconds; its bound is 30 s)
_DEADLINE: float | None = None  # when the clip being said is abandoned
_TIMED_OUT = False  # whether the last clip was


def clip_bound(text: str) -> float:
    """Seconds one clip of ``text`` may take before it is abandoned."""
    return CLIP_SECONDS + CLIP_SECONDS_PER_CHAR * len(text)


def driver_name() -> str:
    """The pyttsx3 driver this platform uses (known without starting it)."""
    if sys.platform.startswith("linux"):
        return "espeak"
    if sys.platform == "darwin":
        return "nsss"
    if sys.platform == "win32":
        return "sapi5"
    return "espeak"


@cache
def identity() -> str:
    """pyttsx3's and the engine's versions, for cache keys: a new engine says
    phrases differently, so its clips are not reused. Does not start the engine."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        parts = [f"pyttsx3 {version('pyttsx3')}"]
    except PackageNotFoundError:  # pragma: no cover - a broken install
        raise DependencyError("pyttsx3 is not installed") from None
    if driver_name() == "espeak":
        with contextlib.suppress(Exception):
            from pyttsx3.drivers import _espeak

            parts.append(f"espeak-ng {_espeak.Info(None).decode()}")
    parts.append(platform.system())
    return ", ".join(parts)


def _no_print(*args: object, **kwargs: object) -> None:
    pass


def _silence_drivers() -> None:
    """Keep pyttsx3's drivers from printing ("Audio saved to ...") on our stdout.

    The drivers call the built-in ``print`` from their callbacks, on the engine's
    own thread; shadowing ``print`` in those modules only is thread-safe, unlike
    swapping ``sys.stdout`` (which would also swallow the live display).
    """
    for name, module in list(sys.modules.items()):
        if name.startswith("pyttsx3.drivers.") and module is not None:
            module.print = _no_print  # type: ignore[attr-defined]


def install_hint(package: str) -> str:
    if sys.platform.startswith("linux"):
        return f"install it: sudo apt-get install {package}   (or run scripts/run)"
    if sys.platform == "darwin":
        return "macOS: the system voices are used; `brew install ffmpeg` for MP3 export"
    return "Windows: SAPI5 voices are built in; install ffmpeg and put it on PATH"


def engine() -> Any:
    """The process's one pyttsx3 engine, started on the first call."""
    global _ENGINE, _DEFAULT_VOICE
    with _LOCK:
        if _ENGINE is not None:
            return _ENGINE
        try:
            import pyttsx3
        except ImportError as exc:  # pragma: no cover - a broken install
            raise DependencyError(f"pyttsx3 is not installed ({exc})") from None
        try:
            started = pyttsx3.init()
            _DEFAULT_VOICE = str(started.getProperty("voice") or "")
        except (OSError, RuntimeError, ImportError, KeyError) as exc:
            name = "eSpeak NG" if sys.platform.startswith("linux") else "the system speech engine"
            raise DependencyError(
                f"the speech engine could not start: {name} is missing or broken "
                f"(pyttsx3 says: {exc})",
                hint=install_hint("espeak-ng"),
            ) from None
        _silence_drivers()  # the driver module is loaded by init
        _guard_synthesis(started)
        _ENGINE = started
        atexit.register(_release)
        return started


def _guard_synthesis(started: Any) -> None:
    """Put the clip's deadline into eSpeak NG's synthesis callback. Past it, the
    callback returns 1 (eSpeak NG then stops synthesising) and the driver is put
    back to idle as at the end of an utterance, so ``runAndWait`` returns and the
    next clip starts clean. Other platforms' drivers run without the bound."""
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    driver: Any = getattr(getattr(started, "proxy", None), "_driver", None)
    on_synth = getattr(driver, "_onSynth", None)
    if espeak is None or on_synth is None:
        return

    def guarded(wav: Any, numsamples: int, events: Any) -> int:
        global _TIMED_OUT
        if _DEADLINE is not None and time.monotonic() > _DEADLINE:
            _TIMED_OUT = True
            driver._speaking = False
            driver._data_buffer = b""
            driver._proxy.setBusy(False)  # runs the queued endLoop: runAndWait returns
            driver.endLoop()
            return 1
        return int(on_synth(wav, numsamples, events) or 0)

    espeak.SetSynthCallback(guarded)


def started() -> bool:
    """Whether this process has started the engine (tests: a warm render has not)."""
    return _ENGINE is not None


def _release() -> None:
    """Let the engine go while the interpreter is whole (its ``__del__`` needs it)."""
    global _ENGINE
    _ENGINE = None


def list_voices() -> list[VoiceInfo]:
    voices = engine().getProperty("voices")
    out = []
    for v in voices:
        langs = tuple(
            lang.decode(errors="ignore") if isinstance(lang, bytes) else str(lang)
            for lang in (getattr(v, "languages", None) or ())
        )
        out.append(VoiceInfo(str(v.id), str(v.name), langs, getattr(v, "gender", None)))
    return out


def resolve_voice(wanted: str | None, voices: list[VoiceInfo] | None = None) -> str | None:
    """A voice id from an id, a name, or a unique part of either (case-insensitive);
    ``None`` for the engine's default. Raises :class:`FlagError` for no match."""
    if not wanted:
        return None
    voices = list_voices() if voices is None else voices
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


def _configure(voice: str | None, rate: int) -> None:
    global _CONFIGURED
    if (voice, rate) == _CONFIGURED:
        return
    _CONFIGURED = (voice, rate)
    _ENGINE.setProperty("voice", voice or _DEFAULT_VOICE or None)
    _ENGINE.setProperty("rate", rate)
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is not None:  # eSpeak NG queues parameters: let them land before the text
        espeak.Synchronize()


def _wait_until_written(timeout: float = 10.0) -> None:
    """eSpeak NG synthesises on its own thread: wait for the end of the utterance."""
    driver = getattr(_ENGINE.proxy, "_driver", None)
    deadline = time.monotonic() + timeout
    while getattr(driver, "_speaking", False) and time.monotonic() < deadline:
        time.sleep(0.002)


def say_to_file(text: str, target: Path, voice: str | None, rate: int) -> None:
    """Say ``text`` into the audio file ``target`` (WAV; AIFF on macOS whatever the
    name), with this voice and rate. Voice and rate are set for every clip: the
    engine is shared by every cache in the process, and each may want another."""
    global _DEADLINE, _TIMED_OUT
    engine()
    bound = clip_bound(text)
    for _attempt in range(3):
        with _LOCK:
            _configure(voice, rate)
            _DEADLINE, _TIMED_OUT = time.monotonic() + bound, False
            try:
                _ENGINE.save_to_file(text, str(target))
                _ENGINE.runAndWait()
                _wait_until_written()
            finally:
                _DEADLINE = None
            timed_out, _TIMED_OUT = _TIMED_OUT, False
        if timed_out:
            raise DependencyError(
                f"the speech engine took more than {bound:.0f} s on a phrase of "
                f"{len(text):,} characters ({_shown(text)}) and was stopped",
                hint="shorten the text, or check that eSpeak NG works: "
                "espeak-ng 'hello'")
        if target.exists() and target.stat().st_size > 44:  # more than a WAV header
            return
    raise DependencyError(f"the speech engine made no audio for {_shown(text)}")


def _shown(text: str) -> str:
    from ..limits import quote

    return quote(text)

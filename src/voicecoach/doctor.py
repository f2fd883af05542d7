"""``voicecoach doctor``: every piece the tool needs, checked, with the fix for each.

Each check is a function returning a :class:`Check`: what was looked at, whether it
works, what was found, and how to fix it on this platform. A check never raises:
whatever goes wrong is its finding. ``needed`` checks (ffmpeg, the speech engine,
a writable cache) decide the exit code; the others (an audio device for live play,
the terminal, the output encoding) are advice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    found: str
    fix: str = ""
    needed: bool = True


def _install(package: str) -> str:
    from .speech.engine import install_hint

    return install_hint(package)


def _ffmpeg_hint() -> str:
    if sys.platform.startswith("linux"):
        return "sudo apt-get install ffmpeg   (or run scripts/run)"
    if sys.platform == "darwin":
        return "brew install ffmpeg"
    return "winget install ffmpeg, then open a new terminal"


def python() -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    return Check("python", sys.version_info >= (3, 10), f"Python {version}",
                 "voicecoach needs Python 3.10 or newer")


def ffmpeg() -> Check:
    path = shutil.which("ffmpeg")
    if not path:
        return Check("ffmpeg", False, "not found on PATH (needed to write MP3 files)",
                     _ffmpeg_hint())
    try:
        encoders = subprocess.run([path, "-hide_banner", "-encoders"], capture_output=True,
                                  text=True, timeout=20, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("ffmpeg", False, f"{path} does not run ({exc})", _ffmpeg_hint())
    if "libmp3lame" not in encoders:
        return Check("ffmpeg", False, f"{path} has no MP3 encoder (libmp3lame)",
                     "install an ffmpeg built with libmp3lame: " + _ffmpeg_hint())
    return Check("ffmpeg", True, f"{path}, with the MP3 encoder")


def speech_engine() -> Check:
    from .errors import VoicecoachError
    from .speech import engine

    try:
        engine.engine()
        voices = len(engine.list_voices())
    except VoicecoachError as exc:
        return Check("speech", False, exc.message, exc.hint or _install("espeak-ng"))
    except Exception as exc:  # a broken install: the finding, not a crash
        return Check("speech", False, f"the speech engine does not start ({exc})",
                     _install("espeak-ng"))
    return Check("speech", True, f"{engine.driver_name()} ({engine.identity()}), "
                 f"{voices} voices")


def home() -> Check:
    value = os.environ.get("HOME") if os.name != "nt" else os.environ.get("USERPROFILE")
    if not value:
        return Check("home", False, "HOME is not set", "set HOME to your home folder, or "
                     "set VOICECOACH_CACHE_DIR", needed=False)
    if not Path(value).is_dir():
        return Check("home", False, f"HOME={value} does not exist",
                     "set HOME to your home folder, or set VOICECOACH_CACHE_DIR",
                     needed=False)
    return Check("home", True, value, needed=False)


def cache() -> Check:
    from .speech import cache_dir, clip_count
    from .speech.cache import CACHE_ENV
    from .speech.folder import is_cache

    try:
        folder = cache_dir()
    except Exception as exc:  # platformdirs without a home
        return Check("cache", False, f"no cache folder ({exc})",
                     f"set {CACHE_ENV} to a writable folder")
    fix = f"make it writable, or set {CACHE_ENV} to a writable folder"
    probe = folder if folder.exists() else next(
        (p for p in folder.parents if p.exists()), None)
    if probe is None or not probe.is_dir():
        return Check("cache", False, f"{folder}: {probe} is not a folder", fix)
    try:
        with tempfile.NamedTemporaryFile(dir=probe, prefix=".voicecoach-", delete=True):
            pass
    except OSError as exc:
        return Check("cache", False, f"{folder} is not writable ({exc.strerror}); renders "
                     "use a temporary cache, and synthesise every phrase each time", fix,
                     needed=False)
    if folder.exists() and not is_cache(folder):
        return Check("cache", False, f"{folder} holds other files: it is used, but "
                     "`cache --clear` refuses it", f"set {CACHE_ENV} to a folder of its own",
                     needed=False)
    count, size = clip_count(folder)
    return Check("cache", True, f"{folder}: {count} clips, {size / 1e6:.1f} MB")


def audio_device() -> Check:
    try:
        from .play import list_devices

        found = list_devices()
    except Exception as exc:  # miniaudio missing or broken
        return Check("audio", False, f"no audio output ({exc})",
                     "`voicecoach render` makes an MP3 without one", needed=False)
    if not found:
        return Check("audio", False, "no audio output device (live play will not work)",
                     "`voicecoach render` makes an MP3 without one; on Linux, start "
                     "PulseAudio or PipeWire", needed=False)
    return Check("audio", True, f"{len(found)} output device(s): {found[0][1]}",
                 needed=False)


def encoding() -> Check:
    name = (getattr(sys.stdout, "encoding", None) or "none").lower()
    if name.replace("-", "") in ("utf8", "utf8sig"):
        return Check("encoding", True, f"output is {name}", needed=False)
    return Check("encoding", False, f"output is {name}: characters it cannot show print "
                 "as ?", "use a UTF-8 locale, e.g. export LANG=C.UTF-8", needed=False)


def config() -> Check:
    from .config import CONFIG_ENV, described, load, location
    from .errors import VoicecoachError

    try:
        return Check("config", True, described(load()), needed=False)
    except VoicecoachError as exc:
        where = location()[0]
        return Check("config", False, exc.message,
                     f"fix or remove {where} (or point {CONFIG_ENV} at another file); "
                     "until then every command that reads it stops", needed=False)


def terminal() -> Check:
    columns = shutil.get_terminal_size((80, 24)).columns
    if columns < 40:
        return Check("terminal", False, f"{columns} columns: the live display is cramped",
                     "widen the terminal to 60 columns or more", needed=False)
    return Check("terminal", True, f"{columns} columns", needed=False)


# home first: starting eSpeak NG creates $HOME/.config/pulse (libpulse, even for
# retrieval), which would hide a missing HOME from the check that follows it.
CHECKS: tuple[Callable[[], Check], ...] = (python, home, ffmpeg, speech_engine, cache,
                                           audio_device, encoding, terminal, config)


def run(checks: tuple[Callable[[], Check], ...] = CHECKS) -> list[Check]:
    return [check() for check in checks]

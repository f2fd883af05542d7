"""Audio output devices (miniaudio): discovery, and picking one by id or name."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

from ..errors import NoAudioDeviceError

NO_DEVICE_HINT = "use `voicecoach render` to make an MP3 instead, or `play --dry-run`"


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence what C audio libraries print on fd 2 ("ALSA lib ...") while probing."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def backends() -> list[Any]:
    import miniaudio

    skip = {miniaudio.Backend.NULL, miniaudio.Backend.CUSTOM}
    return [b for b in miniaudio.Backend if b not in skip]


def _device_id_text(raw: Any, index: int) -> str:
    """A printable id for a miniaudio device id (the backend's name for it)."""
    import miniaudio

    with contextlib.suppress(Exception):
        data = bytes(miniaudio.ffi.buffer(raw)[:256]).split(b"\0", 1)[0]
        text = data.decode()
        if text and text.isprintable():
            return text
    return f"#{index}"


def _playbacks() -> list[tuple[str, str, Any]]:
    """(id, name, miniaudio id) for every output device; [] when there is none."""
    import miniaudio

    try:
        with quiet_stderr():
            devices = miniaudio.Devices(backends=backends())
            found = devices.get_playbacks()
    except (miniaudio.MiniaudioError, OSError):
        return []
    return [(_device_id_text(d["id"], i), str(d.get("name", "")), d["id"])
            for i, d in enumerate(found)]


def list_devices() -> list[tuple[str, str]]:
    """Audio outputs as ``(id, name)``; use either (or part of a name) with ``--device``."""
    return [(ident, name) for ident, name, _ in _playbacks()]


def find_device(wanted: str) -> Any:
    """The miniaudio id of the output matching ``wanted`` (id, or part of a name)."""
    from .errors import FlagError

    found = _playbacks()
    if not found:
        raise NoAudioDeviceError("no audio output device found", hint=NO_DEVICE_HINT)
    text = wanted.lower()
    exact = [d for d in found if text in (d[0].lower(), d[1].lower())]
    matches = exact or [d for d in found if text in d[0].lower() or text in d[1].lower()]
    if len(matches) == 1:
        return matches[0][2]
    names = ", ".join(f"{i} ({n})" for i, n, _ in found[:8])
    if not matches:
        raise FlagError(f"no audio output matches --device {wanted!r}; found: {names}")
    raise FlagError(f"--device {wanted!r} matches several outputs: "
                    + ", ".join(f"{i} ({n})" for i, n, _ in matches[:8]))

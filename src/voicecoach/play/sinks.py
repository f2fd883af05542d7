"""Sinks pull samples from the transport and play them.

:class:`DeviceSink` plays through miniaudio (the device's own clock drives
it); :class:`ClockSink` is driven by an injected clock (``--dry-run`` and
tests), optionally recording what was "played".
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, Protocol

import numpy as np

from ..errors import NoAudioDeviceError
from .devices import NO_DEVICE_HINT, backends, find_device, quiet_stderr
from .transport import Clock, Transport

DEVICE_BUFFER_MSEC = 60  # small, so that pause and seeks are heard at once


class Sink(Protocol):
    """Something that plays what the transport hands out."""

    def start(self, transport: Transport) -> None: ...

    def tick(self) -> None: ...

    def drain(self) -> None: ...

    def stop(self) -> None: ...


class ClockSink:
    """Pulls samples as an (injected) clock advances; keeps them if ``record``."""

    def __init__(self, clock: Clock = time.monotonic, *, record: bool = False) -> None:
        self.clock = clock
        self.record = record
        self.chunks: list[np.ndarray] = []
        self.positions: list[int] = []  # transport position before each chunk
        self._transport: Transport | None = None
        self._last = 0.0
        self._owed = 0.0

    def start(self, transport: Transport) -> None:
        self._transport = transport
        self._last = self.clock()
        self._owed = 0.0

    def tick(self) -> None:
        if self._transport is None:
            return
        now = self.clock()
        self._owed += (now - self._last) * self._transport.program.rate
        self._last = now
        frames = int(self._owed)
        self._owed -= frames
        if frames:
            self.positions.append(self._transport.position)
            data = self._transport.pull(frames)
            if self.record:
                self.chunks.append(data)

    def drain(self) -> None:
        pass

    def stop(self) -> None:
        self._transport = None

    @property
    def played(self) -> np.ndarray:
        return np.concatenate(self.chunks) if self.chunks else np.zeros(0, np.int16)


class DeviceSink:
    """The system's audio output (miniaudio); its callback pulls from the transport."""

    def __init__(self, rate: int, device: str | None = None,
                 buffer_msec: int = DEVICE_BUFFER_MSEC) -> None:
        import miniaudio

        device_id = find_device(device) if device else None
        self.buffer_msec = buffer_msec
        try:
            with quiet_stderr():
                self._device = miniaudio.PlaybackDevice(
                    output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                    sample_rate=rate, buffersize_msec=buffer_msec, device_id=device_id,
                    backends=backends(), app_name="voicecoach")
        except miniaudio.MiniaudioError as exc:
            reason = exc.args[0] if exc.args else exc
            if isinstance(reason, tuple) and reason:
                reason = reason[0]
            raise NoAudioDeviceError(
                f"no audio output device could be opened ({reason}); live play needs "
                f"a sound card or a sound server", hint=NO_DEVICE_HINT) from None
        self.name = getattr(self._device, "backend", "")

    def start(self, transport: Transport) -> None:
        stream = self._frames(transport)
        next(stream)
        self._device.start(stream)

    @staticmethod
    def _frames(transport: Transport) -> Any:
        frames = yield b""
        while True:
            frames = yield transport.pull(frames).tobytes()

    def tick(self) -> None:
        pass

    def drain(self) -> None:
        """Let the last samples handed to the device be heard."""
        time.sleep(self.buffer_msec * 3 / 1000 + 0.1)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._device.close()

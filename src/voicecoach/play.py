"""Live play: the session spoken through the speakers, with a display and keys.

The parts, each replaceable in tests:

- :class:`Program`: the session's samples (exactly what ``render`` mixes) as
  they become ready. Playback starts on the routine's name, synthesised first,
  while the rest of the session is synthesised and mixed in the background
  (the opening's "about N minutes" needs every phrase's length, so the rest
  is laid out in one go; see :func:`start_program`).
- :class:`Transport`: position in samples, paused or not, chapter seeks, key
  commands. Pure; :meth:`Transport.pull` hands out the next samples.
- Sinks pull from the transport: :class:`DeviceSink` (miniaudio, the device's
  own clock drives it) or :class:`ClockSink` (an injected clock drives it;
  ``--dry-run`` and tests, optionally recording what was "played").
- The display (:mod:`voicecoach.display`) and keys (:mod:`voicecoach.keys`).

:func:`play_session` wires them together for the CLI.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from . import mix, script
from .adjust import Session
from .adjust import clock as clock_text
from .display import Guide, display_state, preparing_state, render
from .errors import EXIT_INTERRUPTED, NoAudioDeviceError
from .keys import KeyReader, Keys
from .timeline import Event, Timeline

if TYPE_CHECKING:
    from rich.console import Console

    from .speech import SpeechCache

Clock = Callable[[], float]

REWIND_GRACE = 3.0  # seconds: `p` within this of a chapter's start goes to the previous one
DEVICE_BUFFER_MSEC = 60  # small, so that pause and seeks are heard at once
TICK = 0.05  # seconds between display updates / key polls
NO_DEVICE_HINT = "use `voicecoach render` to make an MP3 instead, or `play --dry-run`"


# --------------------------------------------------------------------------- program


class Program:
    """The session's samples, ready from the start up to :attr:`ready`.

    Until :meth:`complete` is called only a head is known (the routine's name
    and the pause after it); then the whole mixed buffer and its timeline.
    """

    def __init__(self, rate: int, head: np.ndarray, name: str = "") -> None:
        self.rate = rate
        self.name = name
        self.samples = head
        self.ready = int(head.size)
        self.timeline: Timeline | None = None
        self.guide: Guide | None = None
        self.error: BaseException | None = None
        self.lock = threading.Lock()
        self.on_complete: Callable[[int], None] | None = None
        self.head_text = ""

    @classmethod
    def whole(cls, timeline: Timeline, samples: np.ndarray,
              session: Session | None = None) -> Program:
        """A program known in full from the start (tests, a warm cache)."""
        program = cls(timeline.rate, samples[:0])
        program.complete(timeline, samples, session)
        return program

    @property
    def done(self) -> bool:
        return self.timeline is not None

    @property
    def total(self) -> int:
        """Samples in the session (as far as known)."""
        return self.timeline.total if self.timeline is not None else self.ready

    def complete(self, timeline: Timeline, samples: np.ndarray,
                 session: Session | None = None) -> None:
        with self.lock:
            head = self.samples[: self.ready]
            same = bool(np.array_equal(samples[: head.size], head))
            self.samples = samples
            self.guide = Guide(session, timeline) if session is not None else None
            self.timeline = timeline
            self.ready = int(samples.size)
        if not same and self.on_complete:  # the head was not the session's start
            self.on_complete(0)

    def fail(self, error: BaseException) -> None:
        self.error = error


def _head(session: Session, cache: SpeechCache, volume: float) -> tuple[str, np.ndarray]:
    """The first phrase (the routine's name) and the pause after it, as samples.

    Where the timeline puts them does not depend on anything later, so they
    can play while the rest is prepared.
    """
    first = script.build(session)[0]
    if first.kind != "speech" or first.slot is not None:
        return "", np.zeros(0, dtype=np.int16)
    clip = cache.clip(first.text)
    event = Event(0, int(clip.size), "speech", first.text, 0, None, None, None, None,
                  first.block)
    data = mix.render_event(event, cache.clip, cache.mix_rate, volume)
    pause = np.zeros(round(script.PAUSE * cache.mix_rate), dtype=np.int16)
    return first.text, np.concatenate([data if data is not None else clip[:0], pause])


def start_program(session: Session, cache: SpeechCache, volume: float = 1.0,
                  *, background: bool = True) -> Program:
    """Synthesise the head, then the rest in a background thread (or in line)."""
    from . import render as render_mod

    text, head = _head(session, cache, volume)
    program = Program(cache.mix_rate, head, session.name)
    program.head_text = text

    def finish() -> None:
        try:
            _, laid = render_mod.speak(session, cache)
            program.complete(laid, mix.mix(laid, cache.clip, volume), session)
        except BaseException as exc:  # reported by the main thread
            program.fail(exc)

    if background:
        threading.Thread(target=finish, name="voicecoach-prepare", daemon=True).start()
    else:
        finish()
    return program


# --------------------------------------------------------------------------- transport


class Transport:
    """Where playback is, and what the keys do to it. No audio, no clock of its own."""

    def __init__(self, program: Program, *, clock: Clock = time.monotonic,
                 rewind_grace: float = REWIND_GRACE) -> None:
        self.program = program
        self.position = 0
        self.paused = False
        self.quit = False
        self.clock = clock
        self.rewind_grace = rewind_grace
        self.first_sound: float | None = None  # clock time of the first audible sample
        self.lock = threading.Lock()
        program.on_complete = self.seek

    # -- state

    @property
    def finished(self) -> bool:
        """Quit, or played to the end of the whole session."""
        return self.quit or (self.program.done and self.position >= self.program.total)

    @property
    def stalled(self) -> bool:
        """Waiting for samples still being prepared."""
        return not self.program.done and self.position >= self.program.ready

    # -- audio

    def pull(self, frames: int) -> np.ndarray:
        """The next ``frames`` samples (silence while paused, stalled or past the end)."""
        out = np.zeros(frames, dtype=np.int16)
        with self.lock:
            if self.paused or self.quit or frames <= 0:
                return out
            program = self.program
            with program.lock:
                stop = min(self.position + frames, program.ready)
                n = max(0, stop - self.position)
                if n:
                    out[:n] = program.samples[self.position:stop]
            self.position += n
        if self.first_sound is None and n and np.any(out[:n]):
            self.first_sound = self.clock()
        return out

    # -- controls

    def seek(self, position: int) -> None:
        with self.lock:
            self.position = max(0, min(int(position), self.program.total))

    def toggle_pause(self) -> None:
        with self.lock:
            self.paused = not self.paused

    def stop(self) -> None:
        with self.lock:
            self.quit = True

    def next_chapter(self) -> None:
        """To the start of the next exercise (the closing, then the end)."""
        tl = self.program.timeline
        if tl is None:
            return
        later = [c.start for c in tl.chapters if c.start > self.position]
        self.seek(later[0] if later else tl.total)

    def previous_chapter(self) -> None:
        """To the start of this exercise, or of the one before near its start."""
        tl = self.program.timeline
        if tl is None:
            return
        current = tl.chapter_at(self.position)
        target = current.start
        if self.position - current.start < self.rewind_grace * tl.rate:
            earlier = [c.start for c in tl.chapters if c.start < current.start]
            target = earlier[-1] if earlier else 0
        self.seek(target)

    def repeat(self) -> None:
        """Back to the current exercise's intro: name, instructions, dose."""
        tl = self.program.timeline
        if tl is None:
            return
        current = tl.chapter_at(self.position)
        intro = [e.start for e in tl.events
                 if e.chapter == current.index and e.block == "intro"]
        self.seek(intro[0] if intro else current.start)

    def command(self, key: str) -> None:
        """Apply one key: space, n, p, r, q (others are ignored)."""
        action = {
            " ": self.toggle_pause,
            "n": self.next_chapter,
            "p": self.previous_chapter,
            "r": self.repeat,
            "q": self.stop,
        }.get(key.lower())
        if action:
            action()


# --------------------------------------------------------------------------- sinks


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


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
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


def _backends() -> list[Any]:
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
        with _quiet_stderr():
            devices = miniaudio.Devices(backends=_backends())
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


class DeviceSink:
    """The system's audio output (miniaudio); its callback pulls from the transport."""

    def __init__(self, rate: int, device: str | None = None,
                 buffer_msec: int = DEVICE_BUFFER_MSEC) -> None:
        import miniaudio

        device_id = find_device(device) if device else None
        self.buffer_msec = buffer_msec
        try:
            with _quiet_stderr():
                self._device = miniaudio.PlaybackDevice(
                    output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                    sample_rate=rate, buffersize_msec=buffer_msec, device_id=device_id,
                    backends=_backends(), app_name="voicecoach")
        except miniaudio.MiniaudioError as exc:
            reason = exc.args[0] if exc.args else exc
            if isinstance(reason, tuple) and reason:
                reason = reason[0]
            raise NoAudioDeviceError(
                f"no audio output device could be opened ({reason}); live play needs "
                f"a sound card or a sound server", hint=NO_DEVICE_HINT) from None
        self.name = getattr(self._device, "backend", "")
        self._started = False

    def start(self, transport: Transport) -> None:
        stream = self._frames(transport)
        next(stream)
        self._device.start(stream)
        self._started = True

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


# --------------------------------------------------------------------------- the loop


def current_state(transport: Transport) -> Any:
    """The display state for where the transport is now."""
    program = transport.program
    guide = program.guide
    if guide is not None:
        return display_state(guide, transport.position, paused=transport.paused)
    return preparing_state(program.name, transport.position, program.rate,
                           paused=transport.paused, saying=program.head_text)


def run(transport: Transport, sink: Sink, keys: Keys, *, console: Console | None = None,
        tick: float = TICK, show_keys: bool = True) -> None:
    """Play until the end or `q`: keys -> transport, clock/device -> sink, display."""
    from contextlib import nullcontext

    from rich.live import Live

    live: Any = (Live(render(current_state(transport), keys=show_keys), console=console,
                      auto_refresh=False, transient=False, redirect_stdout=False,
                      redirect_stderr=False)
                 if console is not None else nullcontext())
    with live:
        sink.start(transport)
        while not transport.finished:
            pressed = keys.read(tick)
            sink.tick()  # the time waited is played first; the keys act from now on
            for key in pressed:
                transport.command(key)
            error = transport.program.error
            if error is not None:
                raise error
            if console is not None:
                live.update(render(current_state(transport), keys=show_keys), refresh=True)
        if not transport.quit:
            sink.drain()
        if console is not None:
            live.update(render(current_state(transport), keys=False), refresh=True)


def play_session(
    session: Session,
    cache: SpeechCache,
    device: str | None = None,
    dry_run: bool = False,
    volume: float = 1.0,
    *,
    clock: Clock = time.monotonic,
    sink: Sink | None = None,
    keys: Keys | None = None,
    console: Console | None = None,
    tick: float = TICK,
    stream: bool = True,
) -> int:
    """Play ``session`` live; 0 when finished or quit with q, 130 on Ctrl-C.

    ``clock``, ``sink``, ``keys`` and ``console`` replace the real ones in
    tests; ``stream=False`` prepares the whole session before the first sound.
    """
    from rich.console import Console

    if console is None:
        console = Console(highlight=False, markup=False)
    if sink is None:  # the device first: no sound card fails before any synthesis
        sink = ClockSink(clock) if dry_run else DeviceSink(cache.mix_rate, device)
    reader = keys if keys is not None else KeyReader()
    transport: Transport | None = None
    try:
        program = start_program(session, cache, volume, background=stream)
        transport = Transport(program, clock=clock)
        with reader:
            show_keys = not isinstance(reader, KeyReader) or reader.active
            run(transport, sink, reader, console=console, tick=tick, show_keys=show_keys)
        if not console.is_terminal:
            console.line()
    except KeyboardInterrupt:
        sink.stop()
        console.print("Interrupted.")
        return EXIT_INTERRUPTED
    finally:
        sink.stop()
    where = clock_text(transport.position / transport.program.rate)
    if transport.quit:
        console.print(f"Stopped at {where}.")
    else:
        console.print(f"Session complete: {where}." + (" (dry run, no sound)" if dry_run
                                                        else ""))
    return 0

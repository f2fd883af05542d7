"""The live loop: keys to the transport, the clock or device to the sink, and
the display on the console. :func:`play_session` wires the parts together.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..session import Session
from ..wording import clock as clock_text
from .display import display_state, panel, preparing_state
from .keys import KeyReader, Keys
from .lines import ProgressLines
from .program import start_program
from .resume import Start, stamp, start_sample
from .sinks import ClockSink, DeviceSink, Sink
from .transport import Clock, Transport

if TYPE_CHECKING:
    from rich.console import Console

    from ..speech import SpeechCache

TICK = 0.05  # seconds between display updates / key polls


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
    """Play until the end or `q`: keys -> transport, clock/device -> sink, display
    (the live panel on a terminal, else a plain line at each change)."""
    from contextlib import nullcontext

    from rich.live import Live

    panels = console is not None and console.is_terminal
    lines = ProgressLines(console) if console is not None and not panels else None
    live: Any = (Live(panel(current_state(transport), keys=show_keys), console=console,
                      auto_refresh=False, transient=False, redirect_stdout=False,
                      redirect_stderr=False)
                 if panels else nullcontext())
    with live:
        sink.start(transport)
        while not transport.finished:
            pressed = keys.read(tick)
            sink.tick()  # the time waited is played first; the keys act from now on
            if lines is not None:
                lines.update(transport)
            before = transport.position
            for key in pressed:
                transport.command(key)
            error = transport.program.error
            if error is not None:
                raise error
            if lines is not None:
                lines.update(transport, jumped=transport.position != before)
            if panels:
                live.update(panel(current_state(transport), keys=show_keys), refresh=True)
        if not transport.quit:
            sink.drain()
        if panels:
            live.update(panel(current_state(transport), keys=False), refresh=True)


def play_session(
    session: Session,
    cache: SpeechCache,
    device: str | None = None,
    dry_run: bool = False,
    *,
    clock: Clock = time.monotonic,
    sink: Sink | None = None,
    keys: Keys | None = None,
    console: Console | None = None,
    tick: float = TICK,
    stream: bool = True,
    start: Start | None = None,
    speed: float = 1.0,
    resume: Callable[[float], str] | None = None,
) -> None:
    """Play ``session`` live until the end or ``q`` (Ctrl-C raises KeyboardInterrupt).

    ``start`` is where to begin (``--from``); ``speed`` runs a dry run's clock that
    many times faster; on ``q``, ``resume(seconds)`` gives the command that resumes.
    ``clock``, ``sink``, ``keys`` and ``console`` replace the real ones in
    tests; ``stream=False`` prepares the whole session before the first sound.
    """
    from rich.console import Console

    if console is None:
        console = Console(highlight=False, markup=False)
    if sink is None:  # the device first: no sound card fails before any synthesis
        sink = ClockSink(faster(clock, speed)) if dry_run else DeviceSink(cache.mix_rate,
                                                                           device)
    reader = keys if keys is not None else KeyReader()
    transport: Transport | None = None
    try:
        program = start_program(session, cache, background=stream)
        begin = start
        transport = Transport(program, clock=clock, start_at=(
            (lambda tl: start_sample(begin, tl)) if begin is not None else None))
        with reader:
            show_keys = not isinstance(reader, KeyReader) or reader.active
            run(transport, sink, reader, console=console, tick=tick, show_keys=show_keys)
    finally:
        sink.stop()
    seconds = transport.position / transport.program.rate
    where = clock_text(seconds)
    if transport.quit:
        console.print(f"Stopped at {stamp(seconds)}." + (f" Resume with: {resume(seconds)}"
                                                if resume is not None else ""),
                      soft_wrap=True)
    else:
        console.print(f"Session complete: {where}." + (" (dry run, no sound)" if dry_run
                                                        else ""))


def faster(clock: Clock, speed: float) -> Clock:
    """``clock``, running ``speed`` times as fast from now on (``play --dry-run --speed``)."""
    if speed == 1:
        return clock
    base = clock()

    def scaled() -> float:
        return base + (clock() - base) * speed

    return scaled

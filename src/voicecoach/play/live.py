"""The live loop: keys to the transport, the clock or device to the sink, and
the display on the console. :func:`play_session` wires the parts together.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from ..session import Session
from ..wording import clock as clock_text
from .display import display_state, panel, preparing_state
from .keys import KeyReader, Keys
from .program import start_program
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
    """Play until the end or `q`: keys -> transport, clock/device -> sink, display."""
    from contextlib import nullcontext

    from rich.live import Live

    live: Any = (Live(panel(current_state(transport), keys=show_keys), console=console,
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
                live.update(panel(current_state(transport), keys=show_keys), refresh=True)
        if not transport.quit:
            sink.drain()
        if console is not None:
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
) -> None:
    """Play ``session`` live until the end or ``q`` (Ctrl-C raises KeyboardInterrupt).

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
        program = start_program(session, cache, background=stream)
        transport = Transport(program, clock=clock)
        with reader:
            show_keys = not isinstance(reader, KeyReader) or reader.active
            run(transport, sink, reader, console=console, tick=tick, show_keys=show_keys)
        if not console.is_terminal:
            console.line()
    finally:
        sink.stop()
    where = clock_text(transport.position / transport.program.rate)
    if transport.quit:
        console.print(f"Stopped at {where}.")
    else:
        console.print(f"Session complete: {where}." + (" (dry run, no sound)" if dry_run
                                                        else ""))

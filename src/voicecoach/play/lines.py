"""Plain progress for a standard output that is not a terminal (a file, a pipe, a
log): one line each time the chapter or what is being done changes, with its time,
instead of the live panel (which only a terminal can redraw)."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from ..wording import clock
from .display import Block, Guide, display_state

if TYPE_CHECKING:
    from rich.console import Console

    from .transport import Transport


def line(guide: Guide, at: int) -> tuple[tuple[object, ...], str]:
    """What a line says at sample ``at``, and what makes it differ from the last."""
    state = display_state(guide, at)
    parts = [state.heading, state.activity]
    if state.sides and state.side:
        parts.append(f"side {state.side} of {state.sides}")
    if state.sets and state.set:
        parts.append(f"set {state.set} of {state.sets}")
    key = (state.heading, state.activity, state.side, state.set)
    return key, f"{clock(state.elapsed):>7}  " + "  ".join(parts)


class ProgressLines:
    """Prints a line for every block played through (or jumped to), once each."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.at: int | None = None  # the position printed up to
        self._last: tuple[object, ...] | None = None

    def _print(self, guide: Guide, at: int) -> None:
        key, text = line(guide, at)
        if key != self._last:
            self._last = key
            self.console.print(text, soft_wrap=True, markup=False, highlight=False)

    def update(self, transport: Transport, *, jumped: bool = False) -> None:
        guide = transport.program.guide
        if guide is None or transport.pending:
            return
        position = transport.position
        if self.at is None or jumped or position < self.at:
            here = transport.origin if self.at is None else position
            self._print(guide, here)
            self.at = here
        starts = guide.block_starts
        crossed: list[Block] = guide.blocks[bisect.bisect_right(starts, self.at):
                                            bisect.bisect_right(starts, position)]
        for block in crossed:
            self._print(guide, block.start)
        self.at = position

"""What the live display shows, derived from the timeline at a sample position.

:func:`display_state` is pure: a :class:`Guide` (the session and its timeline,
indexed once) and a position in samples give a :class:`DisplayState`.
:func:`render` turns a state into a rich renderable; only it imports rich.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..session import Session
from ..timeline import Event, Timeline
from ..wording import clock

if TYPE_CHECKING:
    from rich.console import RenderableType

# Blocks whose time left is shown as a countdown ("12 s left").
COUNTDOWN_BLOCKS = {"rest", "transition", "switch", "ready"}
ACTIVITY = {
    "opening": "Welcome",
    "intro": "Instructions",
    "ready": "Get ready",
    "work": "Work",
    "switch": "Switch sides",
    "rest": "Rest",
    "transition": "Rest",
    "closing": "Done",
}


@dataclass(frozen=True)
class Block:
    """A run of events at one place: the same chapter, side, set and block."""

    start: int
    end: int
    chapter: int
    side: int | None
    set: int | None
    block: str


@dataclass(frozen=True)
class DisplayState:
    """Everything the live display shows at one moment."""

    routine: str
    chapter_title: str
    exercise_number: int | None  # 1-based; None in the opening and closing
    exercise_count: int
    exercise_name: str | None
    activity: str  # Instructions, Get ready, Work, Rest...
    side: int | None
    sides: int | None  # 2 for per-side work
    set: int | None
    sets: int | None
    rep: int | None
    reps: int | None
    seconds_left: float | None  # in the current hold, timed, rest or ready block
    saying: str  # the phrase being spoken (or the last one)
    next_up: str
    elapsed: float
    remaining: float
    total: float
    paused: bool = False
    preparing: bool = False  # the rest of the session is still being synthesised

    @property
    def heading(self) -> str:
        """``"Exercise 3 of 8: Donkey Kicks"`` (or the chapter's title)."""
        if self.exercise_number is None:
            return self.chapter_title
        return f"Exercise {self.exercise_number} of {self.exercise_count}: {self.exercise_name}"

    @property
    def count(self) -> str:
        """The rep count or the seconds left (empty when neither applies)."""
        if self.rep is not None:
            return f"Rep {self.rep} of {self.reps}" if self.reps else f"Rep {self.rep}"
        if self.seconds_left is not None:
            return f"{max(0, int(self.seconds_left + 0.999))} s left"
        return ""

    @property
    def fraction(self) -> float:
        return self.elapsed / self.total if self.total else 0.0


class Guide:
    """A session's timeline indexed for quick look-ups by sample position."""

    def __init__(self, session: Session, timeline: Timeline) -> None:
        self.session = session
        self.timeline = timeline
        self.events = timeline.events
        self._starts = [e.start for e in self.events]
        self.blocks = _blocks(self.events)
        self._block_starts = [b.start for b in self.blocks]
        self._steps = {step.position: step for step in session.steps}

    @property
    def block_starts(self) -> list[int]:
        return self._block_starts

    def event_at(self, position: int) -> Event:
        i = max(0, bisect.bisect_right(self._starts, position) - 1)
        return self.events[i]

    def block_at(self, position: int) -> Block:
        i = max(0, bisect.bisect_right(self._block_starts, position) - 1)
        return self.blocks[i]

    def saying_at(self, position: int) -> str:
        """The phrase being spoken at ``position``, or the last one before it."""
        i = max(0, bisect.bisect_right(self._starts, position) - 1)
        while i >= 0 and self.events[i].kind != "speech":
            i -= 1
        return self.events[i].text if i >= 0 else ""


def _blocks(events: tuple[Event, ...]) -> list[Block]:
    """Runs of events at one place; the ending of a countdown (an event marked
    ``ends``: its tone, or "Release.", and the pause after it) is a block of its
    own (``work:end``)."""
    blocks: list[Block] = []
    for e in events:
        label = f"{e.block}:end" if e.ends else e.block
        last = blocks[-1] if blocks else None
        if last and (last.chapter, last.side, last.set) == (e.chapter, e.side, e.set) and (
            last.block == label or (last.block == f"{e.block}:end" and e.kind == "silence")
        ):
            blocks[-1] = Block(last.start, e.end, e.chapter, e.side, e.set, last.block)
        else:
            blocks.append(Block(e.start, e.end, e.chapter, e.side, e.set, label))
    return blocks


def display_state(guide: Guide, position: int, *, paused: bool = False) -> DisplayState:
    """What to show at ``position`` (samples from the start of the session)."""
    tl = guide.timeline
    position = max(0, min(position, tl.total))
    session = guide.session
    event = guide.event_at(position)
    block = guide.block_at(position)
    chapter = tl.chapter_at(position)
    step = guide._steps.get(chapter.index)
    dose = step.dose if step else None

    rep = reps = seconds_left = None
    if dose and event.block == "work" and dose.kind == "reps":
        rep, reps = event.rep, dose.reps
    if dose and (block.block in COUNTDOWN_BLOCKS or (
            block.block == "work" and dose.kind != "reps")):
        seconds_left = (block.end - position) / tl.rate

    if step is None:
        following = guide._steps.get(1) if chapter.index == 0 else None
    else:
        following = guide._steps.get(step.position + 1)
    if following is not None:
        next_up = f"Exercise {following.position}: {following.name}"
    elif step is not None:
        next_up = "Session complete"
    else:
        next_up = ""

    return DisplayState(
        routine=session.name,
        chapter_title=chapter.title,
        exercise_number=step.position if step else None,
        exercise_count=session.count,
        exercise_name=step.name if step else None,
        activity=ACTIVITY.get(event.block, event.block.capitalize()),
        side=event.side,
        sides=2 if dose and dose.per_side else None,
        set=event.set,
        sets=dose.sets if dose and dose.sets > 1 else None,
        rep=rep,
        reps=reps,
        seconds_left=seconds_left,
        saying=guide.saying_at(position),
        next_up=next_up,
        elapsed=position / tl.rate,
        remaining=(tl.total - position) / tl.rate,
        total=tl.duration,
        paused=paused,
    )


def preparing_state(routine: str, position: int, rate: int, *, paused: bool = False,
                    saying: str = "") -> DisplayState:
    """What to show before the whole timeline is known (the opening is playing)."""
    return DisplayState(
        routine=routine, chapter_title="Opening", exercise_number=None, exercise_count=0,
        exercise_name=None, activity="Welcome", side=None, sides=None, set=None, sets=None,
        rep=None, reps=None, seconds_left=None, saying=saying, next_up="",
        elapsed=position / rate, remaining=0.0, total=0.0, paused=paused, preparing=True,
    )


KEY_HELP = "space pause/resume   n next   p previous   r repeat   q quit"


def panel(state: DisplayState, *, keys: bool = True) -> RenderableType:
    """The live display for ``state`` as a rich renderable."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", justify="right")
    grid.add_column()
    status = state.activity + ("   [PAUSED]" if state.paused else "")
    rows: list[tuple[str, Any]] = [
        ("", Text(state.heading, style="bold cyan")),
        ("Now", Text(status, style="bold yellow" if state.paused else "")),
    ]
    if state.sides and state.side:
        rows.append(("Side", f"{state.side} of {state.sides}"))
    if state.sets and state.set:
        rows.append(("Set", f"{state.set} of {state.sets}"))
    if state.count:
        rows.append(("Count", Text(state.count, style="bold green")))
    if state.saying:
        rows.append(("Coach", Text(f"\u201c{state.saying}\u201d", style="italic")))
    if state.next_up:
        rows.append(("Next", state.next_up))
    for label, value in rows:
        grid.add_row(label, value)

    if state.preparing:
        bar: Any = Text(f"{clock(state.elapsed)}   preparing the session...", style="dim")
    else:
        bar = Table.grid(padding=(0, 1))
        bar.add_column()
        bar.add_column(ratio=1)
        bar.add_column()
        bar.add_row(clock(state.elapsed),
                    ProgressBar(total=max(state.total, 0.001), completed=state.elapsed),
                    f"-{clock(state.remaining)}")
    parts: list[Any] = [grid, Text(""), bar]
    if keys:
        parts.append(Text(KEY_HELP, style="dim"))
    return Panel(Group(*parts), title=state.routine, title_align="left")

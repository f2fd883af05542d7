"""What the commands print: the progress bar, the plan table, the timeline, and
notes on phrases that outgrew their slots. Plain text through rich; no logic of
the session's own (the numbers come from the library)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from .session import Session


def progress(err: Console) -> Any:
    """A context manager yielding a ``progress(phase, done, total)`` callback."""
    import contextlib

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    labels = {"speech": "Synthesising speech", "mix": "Mixing", "music": "Music",
              "master": "Loudness", "encode": "Encoding"}

    @contextlib.contextmanager
    def manager() -> Any:
        # The bar appears with the first report of work, so an error raised by the
        # checks before any work is not preceded by the line a finished bar leaves.
        # Off where it cannot be drawn in place (a file, a pipe, TERM=dumb): rich
        # would end it with an empty line there.
        bar = Progress(TextColumn("{task.description:<22}"), BarColumn(),
                       MofNCompleteColumn(), console=err, transient=True,
                       disable=not err.is_interactive)
        tasks: dict[str, Any] = {}

        def update(phase: str, done: int, total: int) -> None:
            if not tasks:
                bar.start()
            if phase not in tasks:
                tasks[phase] = bar.add_task(labels.get(phase, phase), total=total or 1)
            bar.update(tasks[phase], completed=done if total else 1, total=total or 1)

        try:
            yield update
        finally:
            if tasks:
                bar.stop()

    return manager()


def overruns(err: Console, laid: Any) -> None:
    """Phrases that could not fit even in their shortest wording (the coach already
    drops extra words, then the number, for a tone): only settings that truly leave no
    time get here, and the warning says what to change."""
    if not laid.overruns:
        return
    grown = sum(o.needed - o.slot for o in laid.overruns) / laid.rate
    count = len(laid.overruns)
    many = f"{count} phrases do" if count != 1 else "1 phrase does"
    err.print(f"warning: {many} not fit the time these settings give them, so the session "
              f"grows by {grown:.1f} s and some counts fall off the beat; raise --tempo, "
              f"--hold or --rate:")
    for o in laid.overruns[:3]:
        err.print(f"  {o.start / laid.rate:7.1f} s  {o.text!r} needs "
                  f"{o.needed / laid.rate:.2f} s, has {o.slot / laid.rate:.2f} s")
    if len(laid.overruns) > 3:
        err.print(f"  ... and {len(laid.overruns) - 3} more")


def warnings(err: Console, session: Session, laid: Any) -> None:
    """Where the routine's own settings leave the listener waiting in silence."""
    from .lint import lint

    for finding in lint(session, laid).findings:
        if finding.rule == "silence":
            err.print(f"warning: {finding} (a listener may think the audio has stalled; "
                      f"shorten it or split it into sets)")


def lint(out: Console, found: Any) -> None:
    """The script linter's findings, one a line, and the longest silence by block."""
    longest = ", ".join(f"{block} {seconds:.1f} s" for block, seconds in found.longest.items())
    out.print(f"Longest silence: {longest}")
    for finding in found.findings:
        out.print(f"problem: {finding}")
    out.print("Script: OK" if found.ok else f"Script: {len(found.findings)} problems")


def plan(out: Console, session: Session, laid: Any) -> None:
    from rich.table import Table

    from .wording import clock

    spans = {chapter.index: chapter.end - chapter.start for chapter in laid.chapters}
    dose_fields = {"reps", "hold", "duration", "distance", "tempo"}
    table = Table(title=f"{session.name}  [{session.slug}]", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("exercise", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("dose", no_wrap=True)
    table.add_column("sets", justify="right")
    table.add_column("time", justify="right")
    for step in session.steps:
        d = step.dose
        dose = d.describe() + (" *" if step.changed & dose_fields else "")
        sets = str(d.sets) + (" *" if "sets" in step.changed else "")
        table.add_row(str(step.position), step.slug, d.kind, dose, sets,
                      clock(spans.get(step.position, 0) / laid.rate))
    out.print(table)
    out.print(f"Total: about {clock(laid.duration)} (estimated; opening "
              f"{clock(spans.get(0, 0) / laid.rate)}, {len(laid.chapters)} chapters)")
    if session.equipment:
        out.print(f"Equipment: {', '.join(session.equipment)}")
    out.print(f"Settings: {session.settings_line()}")
    if any(step.changed & (dose_fields | {"sets"}) for step in session.steps):
        out.print("* changed by a flag")


def timeline(out: Console, laid: Any) -> None:
    from .wording import clock

    for event in laid.events:
        start = event.start / laid.rate
        where = []
        if event.exercise:
            where.append(event.exercise)
        for label, value in (("side", event.side), ("set", event.set), ("rep", event.rep)):
            if value is not None:
                where.append(f"{label} {value}")
        text = event.text or f"({event.length / laid.rate:.1f} s)"
        out.print(f"{clock(start):>7} {start:9.2f}  {event.kind:<7} {text}"
                  + (f"   [{', '.join(where)}]" if where else ""))
    out.print(f"{clock(laid.duration):>7} {laid.duration:9.2f}  end")

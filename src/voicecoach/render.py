"""Render: a session to an MP3 (and transcripts) on disk.

The steps, each in its own module: the script (:mod:`script`), speech clips
(:mod:`speech`), the timeline (:mod:`timeline`), the mix (:mod:`mix`), and
the export (:mod:`export`). This module runs them in order and reports
progress; it holds no logic of its own beyond the order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import export, script, timeline
from .adjust import Session
from .speech import SpeechCache
from .timeline import Timeline

Progress = Callable[[str, int, int], None]  # (phase, done, total)


def _quiet(phase: str, done: int, total: int) -> None:
    pass


@dataclass
class RenderResult:
    path: Path
    timeline: Timeline
    transcripts: list[Path]
    seconds: float
    synthesised: int
    phases: dict[str, float] = field(default_factory=dict)


def speak(session: Session, cache: SpeechCache, progress: Progress = _quiet,
          ) -> tuple[list[script.Cue], Timeline]:
    """Synthesise what the session says (cached) and lay it out exactly."""
    cache.prepare(script.phrases(script.build(session)),
                  lambda done, total: progress("speech", done, total))
    return timeline.for_session(session, cache.length, cache.mix_rate)


def render(
    session: Session,
    output: Path,
    cache: SpeechCache,
    *,
    fmt: export.Format | None = None,
    tags: export.Tags | None = None,
    volume: float = 1.0,
    transcript: bool = False,
    progress: Progress = _quiet,
) -> RenderResult:
    from . import mix

    fmt = fmt or export.Format()
    fmt.check()
    export.ffmpeg_path()
    export.check_writable(output)
    started = time.perf_counter()
    phases: dict[str, float] = {}

    mark = time.perf_counter()
    _, plan = speak(session, cache, progress)
    phases["speech"] = time.perf_counter() - mark

    mark = time.perf_counter()
    samples = mix.mix(plan, cache.clip, volume,
                      lambda done, total: progress("mix", done, total))
    phases["mix"] = time.perf_counter() - mark

    mark = time.perf_counter()
    progress("encode", 0, 1)
    tags = tags or export.Tags(title=session.name, comment=session.settings_line())
    with export.atomic(output) as tmp:
        export.encode_mp3(samples, plan.rate, tmp, fmt)
        export.write_tags(tmp, tags, plan)
    progress("encode", 1, 1)
    phases["encode"] = time.perf_counter() - mark

    written = []
    if transcript:
        for suffix, text in (
            (".vtt", export.webvtt(plan)),
            (".json", export.cue_sheet(plan, session.settings, session.name)),
        ):
            target = output.with_suffix(suffix)
            with export.atomic(target) as tmp:
                tmp.write_text(text, encoding="utf-8")
            written.append(target)
    return RenderResult(output, plan, written, time.perf_counter() - started,
                        cache.synthesised, phases)

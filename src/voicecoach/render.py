"""Render: a session to an audio file (and transcripts) on disk.

The steps, each in its own module: the script (:mod:`script`), speech clips
(:mod:`speech`), the timeline (:mod:`timeline`), the mix (:mod:`mix`), and
the export (:mod:`export`). This module runs them in order and reports
progress; it holds no logic of its own beyond the order. :func:`speak` and
:func:`mixed` are the pipeline's public steps, shared with live play.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import export, limits, outputs, script, timeline
from .session import Session
from .timeline import Timeline

if TYPE_CHECKING:
    import numpy as np

    from .speech import SpeechCache

Progress = Callable[[str, int, int], None]  # (phase, done, total)

OUTPUT_DIR = Path("output")  # where sessions go when no file is named


def default_output(session: Session, folder: Path = OUTPUT_DIR) -> Path:
    """``output/<slug>.mp3`` (or ``FOLDER/<slug>.mp3``), never outside the folder."""
    return outputs.within(folder, f"{session.slug}.mp3")


def targets(output: Path, transcript: bool) -> list[Path]:
    """Every file a render writes: the session, and its transcripts on request."""
    return [output, *([output.with_suffix(".vtt"), output.with_suffix(".json")]
                      if transcript else [])]


def no_progress(phase: str, done: int, total: int) -> None:
    """A :data:`Progress` that reports nothing."""


@dataclass
class RenderResult:
    path: Path
    timeline: Timeline
    transcripts: list[Path]
    seconds: float
    synthesised: int
    phases: dict[str, float] = field(default_factory=dict)


def speak(session: Session, cache: SpeechCache, progress: Progress = no_progress,
          cues: list[script.Cue] | None = None) -> tuple[list[script.Cue], Timeline]:
    """Synthesise what the session says (cached) and lay it out exactly
    (``cues``: the session's script, when the caller has built it already)."""
    cues = script.build(session) if cues is None else cues
    cache.prepare(script.phrases(cues), lambda done, total: progress("speech", done, total))
    return timeline.for_session(session, cache.length, cache.mix_rate, cues=cues)


def mixed(session: Session, cache: SpeechCache, progress: Progress = no_progress,
          cues: list[script.Cue] | None = None) -> tuple[Timeline, np.ndarray]:
    """The session's timeline and its samples (16-bit mono at the mix rate)."""
    from . import mix

    _, laid = speak(session, cache, progress, cues)
    samples = mix.mix(laid, cache.clip, session.voice.volume,
                      lambda done, total: progress("mix", done, total))
    return laid, samples


@outputs.transactional  # the MP3 and its transcripts are replaced together, or none
def to_file(
    session: Session,
    output: Path,
    cache: SpeechCache,
    *,
    fmt: export.Format | None = None,
    tags: export.Tags | None = None,
    transcript: bool = False,
    progress: Progress = no_progress,
    inputs: Sequence[Path] = (),
) -> RenderResult:
    """Render ``session`` to ``output`` (and ``.vtt``/``.json`` beside it); ``inputs``
    (the routine file, the article) are never overwritten."""
    from . import mix

    fmt = fmt or export.Format()
    fmt.check()
    export.ffmpeg_path()
    outputs.check_targets(targets(output, transcript), inputs)
    limits.check_timeline(timeline.for_session(
        session, timeline.estimate_length(session.voice.rate))[1])  # before any audio
    started = time.perf_counter()
    phases: dict[str, float] = {}

    mark = time.perf_counter()
    _, laid = speak(session, cache, progress)
    limits.check_timeline(laid)  # the real lengths, before the mix
    phases["speech"] = time.perf_counter() - mark

    mark = time.perf_counter()
    samples = mix.mix(laid, cache.clip, session.voice.volume,
                      lambda done, total: progress("mix", done, total))
    phases["mix"] = time.perf_counter() - mark

    mark = time.perf_counter()
    progress("encode", 0, 1)
    tags = tags or export.Tags.for_session(session)
    with outputs.atomic(output) as tmp:
        export.encode_mp3(samples, laid.rate, tmp, fmt)
        export.write_tags(tmp, tags, laid)
    progress("encode", 1, 1)
    phases["encode"] = time.perf_counter() - mark

    written = []
    if transcript:
        for suffix, text in (
            (".vtt", export.webvtt(laid)),
            (".json", export.cue_sheet(laid, session.settings, session.name,
                                       session.equipment)),
        ):
            target = output.with_suffix(suffix)
            with outputs.atomic(target) as tmp:
                tmp.write_text(text, encoding="utf-8")
            written.append(target)
    return RenderResult(output, laid, written, time.perf_counter() - started,
                        cache.synthesised, phases)

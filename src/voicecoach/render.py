"""Render: a session to an audio file (and transcripts) on disk.

The steps, each in its own module: the script (:mod:`script`), speech clips
(:mod:`speech`), the timeline (:mod:`timeline`), the mix (:mod:`mix`), and
the export (:mod:`export`). This module runs them in order and reports
progress; it holds no logic of its own beyond the order. :func:`speak` and
:func:`mixed` are the pipeline's public steps, shared with live play.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import export, limits, outputs, script, timeline
from .session import Session
from .timeline import Timeline

if TYPE_CHECKING:
    from . import loudness as loudness_mod
    from .speech import SpeechCache

Progress = Callable[[str, int, int], None]  # (phase, done, total)

OUTPUT_DIR = Path("output")  # where sessions go when no file is named


def default_output(session: Session, folder: Path = OUTPUT_DIR,
                   fmt: export.Format | None = None) -> Path:
    """``output/<slug>.mp3`` (or ``FOLDER/<slug>``, with the format's extension), never
    outside the folder."""
    ext = fmt.codec.extensions[0] if fmt is not None else ".mp3"
    return outputs.within(folder, f"{session.slug}{ext}")


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
    loudness: loudness_mod.Result | None = None
    tracks: list[Path] = field(default_factory=list)  # --split: the files, playlist last


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


def master(samples: np.ndarray, rate: int, fmt: export.Format, volume: float,
           loudness: float | None) -> tuple[np.ndarray, loudness_mod.Result]:
    """The mix (float, mono or one column a channel) at the loudness target, the volume
    a trim before the true-peak limiter; 16-bit with ``fmt.channels`` channels."""
    from . import loudness as lou

    whole = samples
    samples = channelled(lambda start, end: whole[start:end], fmt.channels)(0, len(whole))
    target = lou.default_target(fmt.channels) if loudness is None else loudness
    out, result = lou.master(samples, rate, target, trim_db=20 * float(np.log10(volume)),
                             ceiling_db=fmt.codec.ceiling,
                             hard_margin=lou.HARD_MARGIN if fmt.codec.lossy else 0.0)
    return lou.to_int16(out), result


def channelled(source: loudness_mod.Source, channels: int) -> loudness_mod.Source:
    """``source`` with ``channels`` channels (mono duplicated, stereo averaged), as
    :func:`master` makes them."""
    def read(start: int, end: int) -> np.ndarray:
        frames = source(start, end)
        if channels == 2 and frames.ndim == 1:
            return np.repeat(frames[:, None], 2, axis=1)
        if channels == 1 and frames.ndim == 2:
            return frames.mean(axis=1)
        return frames
    return read


def with_music(voice: loudness_mod.Source, under: loudness_mod.Source
               ) -> loudness_mod.Source:
    """The voice (mono) over the music (a column a channel)."""
    def read(start: int, end: int) -> np.ndarray:
        return voice(start, end)[:, None] + under(start, end)
    return read


def write(chunks: Iterable[np.ndarray], laid: Timeline, target: Path, fmt: export.Format,
          tags: export.Tags, progress: Callable[[int], None] | None = None, *,
          speech_only: bool = False) -> None:
    """:func:`export.write` for samples that come a chunk at a time (``speech_only``: no
    music in them, :func:`encode.encode_stream`)."""
    from . import encode

    def counted() -> Iterator[np.ndarray]:
        done = 0
        for chunk in chunks:
            yield chunk
            done += chunk.shape[0]
            if progress:
                progress(done)

    sec = laid.seconds
    chapters = [(c.title, sec(c.start), sec(c.end)) for c in laid.chapters]
    encode.encode_stream(
        counted(), laid.total, fmt.channels, laid.rate, target, fmt.codec,
        bitrate=fmt.bitrate, sample_rate=fmt.sample_rate,
        tags={"title": tags.title, "artist": tags.artist, "album": tags.album,
              "comment": tags.comment, "encoder": "voicecoach"},
        chapters=chapters, speech_only=speech_only)
    if fmt.codec.chapters == "id3":
        export.write_tags(target, tags, laid)
    elif fmt.codec.chapters == "vorbis":
        export.write_vorbis_chapters(target, fmt.kind, chapters)


@outputs.transactional  # the MP3 and its transcripts are replaced together, or none
def to_file(
    session: Session,
    output: Path,
    cache: SpeechCache,
    *,
    fmt: export.Format | None = None,
    tags: export.Tags | None = None,
    transcript: bool = False,
    loudness: float | None = None,
    music: Path | None = None,
    duck: float | None = None,
    progress: Progress = no_progress,
    inputs: Sequence[Path] = (),
    cover: Path | None = None,
    split: bool = False,
) -> RenderResult:
    """Render ``session`` to ``output`` (and ``.vtt``/``.json`` beside it); ``inputs``
    (the routine file, the article) are never overwritten. ``cover``: the artwork
    (default: drawn, :mod:`.cover`); ``split``: a file per chapter and a playlist in the
    folder named like ``output`` (:mod:`.split`) instead of ``output``."""
    from . import cover as covers
    from . import loudness as lou
    from . import mix
    from . import music as bed
    from . import split as splits

    fmt = fmt or export.Format()
    fmt.check()
    if loudness is not None:
        lou.check_target(loudness)
    duck = bed.DUCK if duck is None else duck
    bed.check_duck(duck)
    if music is not None:
        bed.tracks(music)  # a missing file or an empty folder: say so before any audio
    export.ffmpeg_path()
    art = covers.choose(fmt.kind, cover, session.name, len(session.steps))
    planned = timeline.for_session(session, timeline.estimate_length(session.voice.rate))[1]
    files = splits.paths(output, [c.title for c in planned.chapters], fmt) if split else []
    outputs.check_targets([*files[:-1], *targets(files[-1] if split else output, transcript)],
                          inputs)  # --split: the transcripts go with the playlist
    limits.check_timeline(planned)  # before any audio
    started = time.perf_counter()
    phases: dict[str, float] = {}

    mark = time.perf_counter()
    _, laid = speak(session, cache, progress)
    limits.check_timeline(laid)  # the real lengths, before the mix
    phases["speech"] = time.perf_counter() - mark

    # The session is never whole in memory: the mix (and the music) is made a chunk at
    # a time, three times over (mixing is cheap): measured, its peaks found, then
    # mastered and encoded as ffmpeg takes it.
    mark = time.perf_counter()
    voice = mix.Ranges(laid, cache.clip)
    source: lou.Source = voice
    phases["mix"] = time.perf_counter() - mark

    if music is not None:
        mark = time.perf_counter()
        progress("music", 0, 1)
        source = with_music(voice, bed.Bed(
            music, laid, fmt.channels, lou.integrated_stream(voice, laid.total, laid.rate),
            duck))
        progress("music", 1, 1)
        phases["music"] = time.perf_counter() - mark

    mark = time.perf_counter()
    progress("master", 0, 1)
    with lou.Stream(channelled(source, fmt.channels), laid.total, laid.rate,
                    fmt.channels) as stream:
        mastered = stream.analyse(
            lou.default_target(fmt.channels) if loudness is None else loudness,
            trim_db=20 * float(np.log10(session.voice.volume)),
            ceiling_db=fmt.codec.ceiling,
            hard_margin=lou.HARD_MARGIN if fmt.codec.lossy else 0.0)
        progress("master", 1, 1)
        phases["master"] = time.perf_counter() - mark

        mark = time.perf_counter()
        tags = tags or export.Tags.for_session(session)
        if split:  # the tracks are cut from the mastered chunks as they come
            files = splits.write(stream.chunks(), laid, output, fmt, tags, art,
                                 speech_only=music is None)
            output = files[-1]
        else:
            with outputs.atomic(output) as tmp:
                write(stream.chunks(), laid, tmp, fmt, tags,
                      lambda done: progress("encode", done, laid.total),
                      speech_only=music is None)
                covers.embed(tmp, fmt.kind, art)
        phases["encode"] = time.perf_counter() - mark

    written = []
    if transcript:
        for suffix, text in (
            (".vtt", export.webvtt(laid)),
            (".json", export.cue_sheet(laid, session.settings, session.name,
                                       session.equipment, fmt.output_rate)),
        ):
            target = output.with_suffix(suffix)
            with outputs.atomic(target) as tmp:
                tmp.write_text(text, encoding="utf-8")
            written.append(target)
    return RenderResult(output, laid, written, time.perf_counter() - started,
                        cache.synthesised, phases, mastered, files)

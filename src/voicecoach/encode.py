"""The encoder: samples to an audio file of any supported format, through ffmpeg.

ffmpeg is run directly (no pydub, no temporary audio files): the samples go in
through a pipe, ``-nostdin`` keeps it off the terminal, and a timeout that
grows with the audio's length stops a stalled encoder. The file it writes is
checked with ffprobe (decodable, the right codec, the expected duration)
before anything is allowed to replace a good file. An ffmpeg built without
the encoder a format needs is a missing piece (exit 3), like a missing ffmpeg.

The formats, each chosen by ``--format`` or by the output's extension:

========  ===============  =================================  ===========================
format    extensions       codec                              chapters
========  ===============  =================================  ===========================
mp3       .mp3             MP3, CBR (libmp3lame)              ID3 CHAP/CTOC (mutagen)
m4a       .m4a .m4b        AAC (ffmpeg's own)                 MP4 chapter track
opus      .opus            Opus in Ogg, 48 kHz (libopus)      Vorbis comments CHAPTERxxx
ogg       .ogg .oga        Vorbis in Ogg (libvorbis)          Vorbis comments CHAPTERxxx
flac      .flac            FLAC, 16-bit                       Vorbis comments CHAPTERxxx

Vorbis-comment chapters (the Ogg chapter extension: ``CHAPTER001=00:00:00.000``,
``CHAPTER001NAME=title``) are written by :mod:`voicecoach.export` with mutagen:
ffmpeg writes none for Vorbis and FLAC, and for Opus it shifts them by the pre-skip.
wav       .wav             PCM, 16-bit                        none (RIFF INFO tags only)
========  ===============  =================================  ===========================
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import DependencyError, FlagError, OutputError

TIMEOUT_BASE = 30.0  # seconds an encoder may take on top of ...
TIMEOUT_PER_SECOND = 0.25  # ... this much per second of audio (ffmpeg runs ~100x real time)
DURATION_TOLERANCE = 0.15  # seconds between the encoded file and the samples given


@dataclass(frozen=True)
class Codec:
    """One output format: its ffmpeg encoder and muxer, and what it can hold."""

    name: str
    label: str
    extensions: tuple[str, ...]
    encoder: str
    muxer: str
    probe_codec: str  # the codec ffprobe reports for the stream
    lossy: bool
    chapters: str | None  # how: "id3" and "vorbis" with mutagen after, "ffmetadata" in ffmpeg
    ceiling: float  # dBTP the limiter aims at: a lossy encoder's overshoot stays under -1
    rate: int | None = None  # the one sample rate the codec takes (Opus: 48 kHz)
    options: tuple[str, ...] = ()


CODECS: dict[str, Codec] = {c.name: c for c in (
    Codec("mp3", "MP3", (".mp3",), "libmp3lame", "mp3", "mp3", True, "id3", -2.0,
          options=("-id3v2_version", "0", "-write_xing", "1")),
    Codec("m4a", "M4A (AAC)", (".m4a", ".m4b"), "aac", "ipod", "aac", True, "ffmetadata",
          -4.0, options=("-movflags", "+faststart")),
    Codec("opus", "Opus", (".opus",), "libopus", "ogg", "opus", True, "vorbis", -2.0,
          rate=48000),
    Codec("ogg", "Ogg Vorbis", (".ogg", ".oga"), "libvorbis", "ogg", "vorbis", True,
          "vorbis", -2.0),
    Codec("flac", "FLAC", (".flac",), "flac", "flac", "flac", False, "vorbis", -1.1,
          options=("-sample_fmt", "s16")),
    Codec("wav", "WAV", (".wav",), "pcm_s16le", "wav", "pcm_s16le", False, None, -1.1),
)}
NAMES = tuple(CODECS)


def by_extension(path: Path) -> Codec | None:
    suffix = path.suffix.lower()
    return next((c for c in CODECS.values() if suffix in c.extensions), None)


def resolve(name: str | None, output: Path | None) -> tuple[str, Path | None]:
    """The format to write, from ``--format`` and ``-o``'s extension, and the output
    path (given an extension when it had none). Never the wrong bytes under a name:
    an unknown extension, or one of another format, is an error."""
    wanted = None
    if name is not None:
        wanted = CODECS.get(name.lower().lstrip("."))
        if wanted is None:
            raise FlagError(f"--format must be one of {', '.join(NAMES)}, not {name!r}")
    if output is None or not output.suffix:
        codec = wanted or CODECS["mp3"]
        return codec.name, (output.with_name(output.name + codec.extensions[0])
                            if output is not None else None)
    found = by_extension(output)
    if found is None:
        known = ", ".join(e for c in CODECS.values() for e in c.extensions)
        raise FlagError(
            f"-o {output}: {output.suffix!r} is not an audio format voicecoach writes "
            f"(use one of {known}, or --format with a name without an extension)"
        )
    if wanted is not None and wanted is not found:
        raise FlagError(
            f"--format {wanted.name} contradicts -o {output} (a {found.label} name); "
            f"use -o {output.with_suffix(wanted.extensions[0])}"
        )
    return found.name, output


def ffmpeg() -> str:
    return _program("ffmpeg")


def _program(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise DependencyError(
            f"{name} is not installed; it is needed to write audio files",
            hint="Debian/Ubuntu: sudo apt-get install ffmpeg (or run scripts/run); "
            "macOS: brew install ffmpeg; Windows: winget install ffmpeg",
        )
    return path


def timeout_for(seconds: float) -> float:
    """How long an encoder may take for ``seconds`` of audio before it counts as stalled."""
    return TIMEOUT_BASE + TIMEOUT_PER_SECOND * seconds


def metadata_text(tags: dict[str, str], chapters: Sequence[tuple[str, float, float]]) -> str:
    """An ffmetadata file: global tags, then one [CHAPTER] per (title, start, end) in seconds."""

    def esc(text: str) -> str:
        for char in "\\=;#\n":
            text = text.replace(char, "\\" + char)
        return text

    lines = [";FFMETADATA1"]
    lines += [f"{key}={esc(value)}" for key, value in tags.items() if value]
    for title, start, end in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(start * 1000)}",
                  f"END={round(end * 1000)}", f"title={esc(title)}"]
    return "\n".join(lines) + "\n"


def encode(
    samples: np.ndarray,
    rate: int,
    target: Path,
    codec: Codec,
    *,
    bitrate: int = 64,
    sample_rate: int = 44100,
    tags: dict[str, str] | None = None,
    chapters: Sequence[tuple[str, float, float]] = (),
    timeout: float | None = None,
    speech_only: bool = False,
) -> None:
    """Encode 16-bit ``samples`` (mono: 1-D; else one column a channel) at ``rate`` Hz
    to ``target``, with tags and chapters where the format holds them (MP3's are
    written afterwards with mutagen), and check the result. ``speech_only``: no music
    in it (an MP3 gets the settings measured for speech, :func:`encode_stream`)."""
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    encode_stream([samples], samples.shape[0], channels, rate, target, codec,
                  bitrate=bitrate, sample_rate=sample_rate, tags=tags, chapters=chapters,
                  timeout=timeout, speech_only=speech_only)


def encode_stream(
    chunks: Iterable[np.ndarray],
    frames: int,
    channels: int,
    rate: int,
    target: Path,
    codec: Codec,
    *,
    bitrate: int = 64,
    sample_rate: int = 44100,
    tags: dict[str, str] | None = None,
    chapters: Sequence[tuple[str, float, float]] = (),
    timeout: float | None = None,
    speech_only: bool = False,
) -> None:
    """:func:`encode` for samples given a chunk at a time (16-bit, ``frames`` in all):
    each goes down the pipe as it comes, so ffmpeg encodes while the next is made and
    the session is never whole in memory.

    An MP3 of speech alone (``speech_only``) is encoded with LAME's quality
    :data:`SPEECH_QUALITY` and, when long enough, in parallel parts on all cores
    (:func:`parallel_parts`): both measured on the coach's speech against ffmpeg's
    defaults (``scripts/mp3quality.py``; BENCHMARKS.md, "MP3 quality"). With music in
    it, ffmpeg's defaults in one pass, as measured on nothing else."""
    exe = ffmpeg()
    seconds = frames / rate
    out_rate = codec.rate or sample_rate
    command = [exe, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
               "-f", "s16le", "-ar", str(rate), "-ac", str(channels), "-i", "pipe:0"]
    meta_path = None
    try:
        if codec.name != "mp3" and (tags or chapters):
            fd, name = tempfile.mkstemp(prefix="voicecoach-", suffix=".ffmeta")
            meta_path = Path(name)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(metadata_text(tags or {},
                                      chapters if codec.chapters == "ffmetadata" else ()))
            command += ["-f", "ffmetadata", "-i", str(meta_path),
                        "-map_metadata", "1", "-map_chapters", "1"]
        else:
            command += ["-map_metadata", "-1", "-map_chapters", "-1"]
        command += ["-map", "0:a", "-c:a", codec.encoder]
        if codec.lossy:
            command += ["-b:a", f"{bitrate}k"]
        command += ["-ar", str(out_rate), "-ac", str(channels), *codec.options]
        if speech_only and codec.name == "mp3":
            command += ["-compression_level", str(SPEECH_QUALITY)]
        limit = timeout if timeout is not None else timeout_for(seconds)
        parts = parallel_parts(codec, frames, rate, out_rate) if speech_only else 1
        if parts > 1:
            from . import parallel

            parallel.encode_mp3(chunks, frames, channels, rate, target, command=command,
                                count=parts, timeout=limit, codec=codec)
        else:
            _run([*command, "-f", codec.muxer, str(target)], chunks, limit, codec)
    finally:
        if meta_path is not None:
            meta_path.unlink(missing_ok=True)
    check(target, codec, seconds)


PARALLEL_ENV = "VOICECOACH_PARALLEL_MP3"  # "N": at most N parts ("0" or "1": one pass)
# LAME's quality (0 best .. 9 fastest; ffmpeg's default is LAME's 3) for an MP3 of speech
# alone: on hip at 64 kbps, PESQ 4.42 against 4.33 for the default, a higher SNR in every
# band, and half the time (scripts/mp3quality.py; BENCHMARKS.md, "MP3 quality").
SPEECH_QUALITY = 7


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # macOS, Windows
        return os.cpu_count() or 1


def parts_limit() -> int:
    """The most ffmpeg processes one MP3 may be encoded by: ``VOICECOACH_PARALLEL_MP3``
    when it is set to a number, else one a core."""
    setting = os.environ.get(PARALLEL_ENV, "").strip()
    return int(setting) if setting.isdigit() else cores()


def parallel_parts(codec: Codec, frames: int, rate: int, out_rate: int) -> int:
    """How many ffmpeg processes encode an MP3 of speech: one a core when it is long
    enough to be worth it (:mod:`voicecoach.parallel`; the parts join gaplessly, and
    encode without the bit reservoir, measured in BENCHMARKS.md, "MP3 quality"); 1
    for every other format. ``VOICECOACH_PARALLEL_MP3=N`` allows at most N parts
    (0 or 1: a single pass)."""
    limit = parts_limit()
    if codec.name != "mp3" or limit < 2 or not hasattr(os, "pread"):  # Windows: one pass
        return 1
    from . import parallel

    return parallel.worth_it(frames, rate, out_rate, min(limit, cores()))


def _run(command: list[str], chunks: Iterable[np.ndarray], timeout: float,
         codec: Codec) -> None:
    """ffmpeg fed ``chunks`` through its standard input; a watchdog stops it after
    ``timeout`` s (a stalled encoder); its messages go to a temporary file (a full
    stderr pipe would block it)."""
    stalled = threading.Event()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=err)

        def stop() -> None:
            if proc.poll() is None:
                stalled.set()
                proc.kill()

        watchdog = threading.Timer(timeout, stop)
        watchdog.daemon = True
        watchdog.start()
        try:
            assert proc.stdin is not None
            with contextlib.suppress(BrokenPipeError):  # it stopped: its status says why
                for chunk in chunks:
                    proc.stdin.write(np.ascontiguousarray(chunk, dtype="<i2").tobytes())
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
            proc.wait()
        finally:
            watchdog.cancel()
            if proc.poll() is None:  # interrupted: never leave an encoder behind
                proc.kill()
                proc.wait()
        err.seek(0)
        text = err.read().decode("utf-8", "replace").strip()
    if stalled.is_set():
        raise OutputError(
            f"ffmpeg stalled: no {codec.label} after {timeout:.0f} s; nothing was replaced")
    failed(codec, proc.returncode, text)


def failed(codec: Codec, status: int | None, text: str) -> None:
    """Raise what an ffmpeg that ended with ``status`` and said ``text`` means (nothing
    when it succeeded)."""
    if status == 0:
        return
    lowered = text.lower()
    if "unknown encoder" in lowered or "encoder not found" in lowered \
            or "unknown format" in lowered:
        raise DependencyError(
            f"this ffmpeg cannot write {codec.label}: it has no {codec.encoder} encoder",
            hint="install a full ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg; "
            "macOS: brew install ffmpeg), or choose another --format",
        )
    last = text.splitlines()[-1] if text else f"exit status {status}"
    raise OutputError(f"ffmpeg could not encode the {codec.label}: {last}")


def probe(path: Path) -> dict:
    """ffprobe's view of ``path`` (format and streams), or {} when it cannot read it."""
    try:
        result = subprocess.run(
            [_program("ffprobe"), "-v", "error", "-show_entries",
             "format=duration:stream=codec_name,sample_rate,channels", "-of", "json", str(path)],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
        )
    except subprocess.TimeoutExpired:
        return {}
    if result.returncode != 0:
        return {}
    with contextlib.suppress(ValueError):
        data = json.loads(result.stdout)
        if isinstance(data, dict):
            return data
    return {}


def check(path: Path, codec: Codec, seconds: float) -> None:
    """The encoded file is decodable, holds the right codec and the expected duration."""
    size = path.stat().st_size if path.exists() else 0
    if size == 0:
        raise OutputError(f"ffmpeg reported success but wrote no {codec.label}; "
                          "nothing was replaced")
    info = probe(path)
    streams = info.get("streams") or []
    if not streams or streams[0].get("codec_name") != codec.probe_codec:
        found = streams[0].get("codec_name") if streams else "no audio"
        raise OutputError(f"ffmpeg wrote {found} where {codec.label} was expected "
                          f"({size} bytes); nothing was replaced")
    try:
        duration = float(info.get("format", {}).get("duration", "nan"))
    except (TypeError, ValueError):
        duration = float("nan")
    if not abs(duration - seconds) <= DURATION_TOLERANCE:
        raise OutputError(f"ffmpeg wrote {duration:.2f} s of {codec.label} where "
                          f"{seconds:.2f} s were expected; nothing was replaced")

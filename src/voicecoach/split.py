"""``--split``: one file per chapter, for players that ignore chapters.

``-o output/hip.mp3 --split`` writes the folder ``output/hip/``: one numbered file per
chapter (``01-opening.mp3``, ``02-foam-roll-glutes.mp3``, ...) in the chosen format,
each tagged as a track of an album (title: the chapter; track number and total;
album: the routine; the cover), and ``hip.m3u8``, an extended M3U playlist (UTF-8)
with each track's title and duration. The files and the playlist are written as one
transaction (:mod:`voicecoach.outputs`): all of them are replaced, or none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import outputs
from .routine import slugify
from .timeline import Chapter, Timeline

if TYPE_CHECKING:
    from .cover import Cover
    from .export import Format, Tags

PLAYLIST_EXT = ".m3u8"


@dataclass(frozen=True)
class Track:
    number: int
    total: int
    title: str
    path: Path
    seconds: float


def folder_for(output: Path) -> Path:
    """Where the tracks go: ``output`` without its extension (``output/hip/``)."""
    return output.with_suffix("")


def playlist_for(output: Path) -> Path:
    folder = folder_for(output)
    return outputs.within(folder, folder.name + PLAYLIST_EXT)


def file_name(number: int, title: str, ext: str) -> str:
    """``02-foam-roll-glutes.mp3`` for chapter 2, "1. Foam Roll Glutes" (the chapter's
    own numbering is left out: the track number leads)."""
    plain = re.sub(r"^\d+\.\s*", "", title)
    return f"{number:02d}-{slugify(plain, 'chapter')}{ext}"


def paths(output: Path, titles: Sequence[str], fmt: Format) -> list[Path]:
    """The track files for chapters titled ``titles``, then the playlist."""
    folder = folder_for(output)
    ext = fmt.codec.extensions[0]
    return [*(outputs.within(folder, file_name(n, title, ext))
              for n, title in enumerate(titles, 1)), playlist_for(output)]


def playlist(album: str, tracks: Sequence[Track], folder: Path) -> str:
    """Extended M3U (UTF-8): each track's duration (whole seconds) and title, its
    path relative to the playlist."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_line(album)}"]
    for track in tracks:
        lines += [f"#EXTINF:{max(1, round(track.seconds))},{_line(track.title)}",
                  track.path.relative_to(folder).as_posix()]
    return "\n".join(lines) + "\n"


def _line(text: str) -> str:
    return " ".join(text.split())


def stretches(chunks: Iterable[np.ndarray], ranges: Sequence[tuple[int, int]]
              ) -> Iterator[np.ndarray]:
    """The samples ``[start, end)`` of each range (in order, not overlapping) of the
    signal ``chunks`` gives one after another: only a range and a chunk in memory."""
    held: list[np.ndarray] = []
    at = 0  # where held[0] starts
    stream = iter(chunks)
    for start, end in ranges:
        while at + sum(len(h) for h in held) < end:
            chunk = next(stream, None)
            if chunk is None:
                raise ValueError(f"the signal ends before sample {end}")
            held.append(chunk)
        joined = np.concatenate(held) if len(held) > 1 else held[0]
        yield joined[start - at:end - at]
        held, at = [joined[end - at:]], end


def write(samples: np.ndarray | Iterable[np.ndarray], laid: Timeline, output: Path,
          fmt: Format, tags: Tags, cover: Cover | None, *,
          speech_only: bool = False) -> list[Path]:
    """Encode each chapter of ``samples`` (at ``laid.rate``; the whole signal, or its
    chunks in order) to its own file, tagged, with the playlist last; inside the
    caller's transaction. Returns the files, playlist last. ``speech_only``: no music
    in them (:func:`voicecoach.encode.encode_stream`)."""
    from . import encode
    from .cover import embed

    chapters = laid.chapters
    *files, m3u = paths(output, [c.title for c in chapters], fmt)
    tracks = []
    parts = stretches([samples] if isinstance(samples, np.ndarray) else samples,
                      [(c.start, c.end) for c in chapters])
    for n, (chapter, path, part) in enumerate(zip(chapters, files, parts, strict=True), 1):
        track = Track(n, len(chapters), chapter.title, path, _seconds(laid, chapter))
        with outputs.atomic(path) as tmp:
            encode.encode(part, laid.rate, tmp, fmt.codec,
                          bitrate=fmt.bitrate, sample_rate=fmt.sample_rate,
                          tags={"title": track.title, "artist": tags.artist,
                                "album": tags.title, "comment": tags.comment,
                                "encoder": "voicecoach"},
                          speech_only=speech_only)
            tag(tmp, fmt.kind, track, album=tags.title, artist=tags.artist,
                comment=tags.comment)
            embed(tmp, fmt.kind, cover)
        tracks.append(track)
    with outputs.atomic(m3u) as tmp:
        tmp.write_text(playlist(tags.title, tracks, m3u.parent), encoding="utf-8")
    return [*files, m3u]


def _seconds(laid: Timeline, chapter: Chapter) -> float:
    return (chapter.end - chapter.start) / laid.rate


def tag(path: Path, kind: str, track: Track, *, album: str, artist: str,
        comment: str = "") -> None:
    """Title, artist, album and track number/total, in the format's own tags."""
    number = f"{track.number}/{track.total}"
    if kind in ("mp3", "wav"):
        from mutagen.id3 import COMM, TALB, TIT2, TPE1, TRCK, TSSE
        from mutagen.wave import WAVE

        from . import __version__
        from .export import in_order_id3

        frames = [TIT2(encoding=3, text=track.title), TPE1(encoding=3, text=artist),
                  TALB(encoding=3, text=album), TRCK(encoding=3, text=number),
                  TSSE(encoding=3, text=f"voicecoach {__version__}")]
        if comment:
            frames.append(COMM(encoding=3, lang="eng", desc="", text=comment))
        if kind == "mp3":
            id3 = in_order_id3()()
            for frame in frames:
                id3.add(frame)
            id3.save(str(path), v2_version=3)
        else:  # an "id3 " chunk, which players that read WAV tags understand
            wav = WAVE(str(path))
            if wav.tags is None:
                wav.add_tags()
            assert wav.tags is not None
            for frame in frames:
                wav.tags.add(frame)
            wav.save(v2_version=3)
    elif kind == "m4a":
        from mutagen.mp4 import MP4

        mp4 = MP4(str(path))
        if mp4.tags is None:
            mp4.add_tags()
        assert mp4.tags is not None
        mp4.tags.update({"\xa9nam": [track.title], "\xa9ART": [artist],
                         "\xa9alb": [album], "trkn": [(track.number, track.total)]})
        mp4.save()
    else:
        from mutagen.flac import FLAC
        from mutagen.oggopus import OggOpus
        from mutagen.oggvorbis import OggVorbis

        audio = {"flac": FLAC, "opus": OggOpus, "ogg": OggVorbis}[kind](str(path))
        if audio.tags is None:
            audio.add_tags()
        audio.update({"TITLE": track.title, "ARTIST": artist, "ALBUM": album,
                      "TRACKNUMBER": str(track.number), "TRACKTOTAL": str(track.total)})
        audio.save()

"""Export: the mixed samples to an audio file with tags and chapters, and transcripts.

Encoding is :mod:`voicecoach.encode` (ffmpeg, every format); an MP3's tags are
written with mutagen as ID3v2.3 (what Windows and most players read): title, artist,
album, a comment with the settings used, and one CHAP frame per chapter under
a top-level ordered CTOC. Every file is written under a temporary name beside
its target and moved into place at the end, so an interrupted render never
leaves a truncated file under the final name.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import encode
from .errors import FlagError
from .timeline import Timeline

if TYPE_CHECKING:
    from .session import Session

BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
SAMPLE_RATES = (22050, 24000, 32000, 44100, 48000)


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str = "voicecoach"
    album: str = "voicecoach sessions"
    comment: str = ""

    @classmethod
    def for_session(cls, session: Session) -> Tags:
        """The default tags: the routine's name, and the settings used as the comment."""
        return cls(title=session.name, comment=session.settings_line())


@dataclass(frozen=True)
class Format:
    bitrate: int = 64  # kbps, constant for MP3 (nominal for the other lossy codecs)
    sample_rate: int = 44100
    channels: int = 1
    kind: str = "mp3"  # one of encode.CODECS

    @property
    def codec(self) -> encode.Codec:
        return encode.CODECS[self.kind]

    @property
    def output_rate(self) -> int:
        """The file's sample rate (Opus is always 48 kHz)."""
        return self.codec.rate or self.sample_rate

    def describe(self) -> str:
        """For the summary: "MP3 64 kbps CBR, 44100 Hz, mono, ID3v2.3"."""
        layout = "mono" if self.channels == 1 else "stereo"
        if self.kind == "mp3":
            return f"MP3 {self.bitrate} kbps CBR, {self.sample_rate} Hz, {layout}, ID3v2.3"
        rate = f"{self.output_rate} Hz, {layout}"
        if self.codec.lossy:
            return f"{self.codec.label} {self.bitrate} kbps, {rate}"
        return f"{self.codec.label} 16-bit, {rate}"

    def check(self) -> None:
        if self.kind not in encode.CODECS:
            raise FlagError(f"--format must be one of {', '.join(encode.NAMES)}, "
                            f"not {self.kind!r}")
        if self.bitrate not in BITRATES:
            raise FlagError(
                f"--bitrate must be one of {', '.join(map(str, BITRATES))} (kbps), "
                f"not {self.bitrate}"
            )
        if self.sample_rate not in SAMPLE_RATES:
            raise FlagError(
                f"--sample-rate must be one of {', '.join(map(str, SAMPLE_RATES))}, "
                f"not {self.sample_rate}"
            )
        if self.channels not in (1, 2):
            raise FlagError(f"--channels must be 1 (mono) or 2 (stereo), not {self.channels}")
        if self.kind == "mp3" and self.sample_rate < 32000 and self.bitrate > 160:
            raise FlagError(
                f"at {self.sample_rate} Hz an MP3 is at most 160 kbps, not {self.bitrate}"
            )


def ffmpeg_path() -> str:
    return encode.ffmpeg()


def write(samples: np.ndarray, rate: int, target: Path, fmt: Format, tags: Tags,
          timeline: Timeline) -> None:
    """The session's audio at ``target`` in ``fmt``, with its tags and chapters."""
    sec = timeline.seconds
    chapters = [(c.title, sec(c.start), sec(c.end)) for c in timeline.chapters]
    encode.encode(
        samples, rate, target, fmt.codec, bitrate=fmt.bitrate, sample_rate=fmt.sample_rate,
        tags={"title": tags.title, "artist": tags.artist, "album": tags.album,
              "comment": tags.comment, "encoder": "voicecoach"},
        chapters=chapters,
    )
    if fmt.codec.chapters == "id3":
        write_tags(target, tags, timeline)
    elif fmt.codec.chapters == "vorbis":
        write_vorbis_chapters(target, fmt.kind, chapters)


def write_vorbis_chapters(path: Path, kind: str,
                          chapters: list[tuple[str, float, float]]) -> None:
    """Chapters as Vorbis comments (CHAPTER001=HH:MM:SS.mmm, CHAPTER001NAME=title), which
    ffprobe and Ogg/FLAC players read."""
    from mutagen.flac import FLAC
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis

    opener = {"flac": FLAC, "opus": OggOpus, "ogg": OggVorbis}[kind]
    audio = opener(str(path))
    if audio.tags is None:
        audio.add_tags()
    for n, (title, start, _end) in enumerate(chapters, 1):
        audio[f"CHAPTER{n:03d}"] = _stamp(start)
        audio[f"CHAPTER{n:03d}NAME"] = title
    audio.save()


@functools.cache
def in_order_id3() -> type:
    """mutagen's ID3, writing its frames in file order (made on first use: mutagen is
    imported lazily)."""
    from mutagen.id3 import ID3

    class InOrderID3(ID3):  # type: ignore[misc]
        """Writes frames in the order added. mutagen sorts frames by size, which
        scrambles the CHAP frames for players (and ffprobe) that read chapters
        in file order rather than through the CTOC."""

        def _write(self, config: object) -> bytearray:
            from mutagen.id3._tags import save_frame

            return bytearray().join(save_frame(f, config=config) for f in self.values())

    return InOrderID3


def write_tags(path: Path, tags: Tags, timeline: Timeline) -> None:
    """ID3v2.3 tags and chapters (CHAP frames under a top-level ordered CTOC)."""
    from mutagen.id3 import CHAP, COMM, CTOC, TALB, TIT2, TLEN, TPE1, TSSE, CTOCFlags

    from . import __version__

    id3 = in_order_id3()()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TLEN(encoding=3, text=str(round(timeline.duration * 1000))))
    id3.add(TSSE(encoding=3, text=f"voicecoach {__version__}"))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.comment))
    ids = []
    for chapter in timeline.chapters:
        element = f"chp{chapter.index}"
        ids.append(element)
        id3.add(CHAP(
            element_id=element,
            start_time=round(chapter.start * 1000 / timeline.rate),
            end_time=round(chapter.end * 1000 / timeline.rate),
            sub_frames=[TIT2(encoding=3, text=chapter.title)],
        ))
    id3.add(CTOC(
        element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
        child_element_ids=ids, sub_frames=[TIT2(encoding=3, text="Chapters")],
    ))
    id3.save(str(path), v2_version=3)


# --------------------------------------------------------------------------- transcripts


def _stamp(seconds: float) -> str:
    ms = round(seconds * 1000)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def webvtt(timeline: Timeline) -> str:
    """WebVTT: one cue per spoken phrase, with chapter notes."""
    lines = ["WEBVTT", ""]
    chapter_of = {c.index: c for c in timeline.chapters}
    current = None
    for n, event in enumerate(timeline.speech(), 1):
        if event.chapter != current:
            current = event.chapter
            lines += [f"NOTE {chapter_of[current].title}", ""]
        lines += [
            str(n),
            f"{_stamp(timeline.seconds(event.start))} --> {_stamp(timeline.seconds(event.end))}",
            event.text.replace("-->", "->"),
            "",
        ]
    return "\n".join(lines)


def cue_sheet(timeline: Timeline, settings: dict[str, object], routine: str,
              equipment: Sequence[str] = (), sample_rate: int | None = None) -> str:
    """JSON: the routine, its equipment, chapters, and every event with start, end, kind,
    text, exercise, side, set, rep. ``sample_rate``: the audio file's, when it differs
    from the timeline's."""
    sec = timeline.seconds
    data: dict[str, object] = {
        "routine": routine,
        "duration": round(timeline.duration, 3),
        "sample_rate": sample_rate or timeline.rate,
        **({"timeline_rate": timeline.rate}
           if sample_rate and sample_rate != timeline.rate else {}),
        "settings": settings,
        "equipment": list(equipment),
        "chapters": [
            {"title": c.title, "start": round(sec(c.start), 3), "end": round(sec(c.end), 3)}
            for c in timeline.chapters
        ],
        "events": [
            {
                "start": round(sec(e.start), 3),
                "end": round(sec(e.end), 3),
                "kind": e.kind,
                "text": e.text,
                "exercise": e.exercise,
                "side": e.side,
                "set": e.set,
                "rep": e.rep,
                "block": e.block,
            }
            for e in timeline.events
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

"""Artwork: the cover image embedded in every session file, so phone players show it.

``--cover IMAGE`` embeds the user's picture (any format Pillow reads; JPEG and PNG are
kept as they are, anything else, or a very large picture, becomes a JPEG); without it
a simple cover is drawn with Pillow: the routine's name and its exercise count.

How each format holds it (written with mutagen after the encode):

======  ==============================================================
mp3     ID3 APIC (front cover), the CHAP frames kept in file order
m4a     the MP4 ``covr`` atom
flac    a FLAC PICTURE block
ogg     a Vorbis comment METADATA_BLOCK_PICTURE (Ogg Vorbis and Opus)
wav     none: WAV holds no artwork (``--cover`` with WAV is an error)
======  ==============================================================
"""

from __future__ import annotations

import base64
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .errors import FlagError

SIZE = 600  # pixels a side of the generated cover
MAX_SIDE = 1400  # a larger picture is scaled down (players show covers small)
MAX_BYTES = 1_000_000  # a larger JPEG/PNG is re-encoded
NO_ART = ("wav",)  # formats that hold no artwork


@dataclass(frozen=True)
class Cover:
    data: bytes
    mime: str  # image/jpeg or image/png
    width: int
    height: int


def _shown(path: Path) -> str:
    from .sources import shown

    return shown(path)


def load(path: Path) -> Cover:
    """The picture at ``path``, ready to embed; an unreadable file is one clear line."""
    from PIL import Image, UnidentifiedImageError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FlagError(f"--cover {_shown(path)}: {exc.strerror or exc}") from None
    try:
        with Image.open(io.BytesIO(raw)) as image:
            image.load()
            kind = image.format
            width, height = image.size
            if kind in ("JPEG", "PNG") and max(width, height) <= MAX_SIDE \
                    and len(raw) <= MAX_BYTES:
                return Cover(raw, f"image/{kind.lower()}", width, height)
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=88)
            return Cover(out.getvalue(), "image/jpeg", *image.size)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise FlagError(f"--cover {_shown(path)}: not an image Pillow can read "
                        "(use a JPEG or PNG)") from None


def generated(name: str, exercises: int) -> Cover:
    """A square PNG: the routine's name over a calm gradient, and its exercise count."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(image)
    top, bottom = (18, 94, 110), (12, 36, 58)  # teal to night blue
    for y in range(SIZE):
        mix = y / (SIZE - 1)
        draw.line([(0, y), (SIZE, y)],
                  fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)))
    draw.rounded_rectangle([36, 36, SIZE - 36, SIZE - 36], radius=28,
                           outline=(236, 200, 120), width=4)
    title_font = ImageFont.load_default(size=54)
    small = ImageFont.load_default(size=30)
    lines = textwrap.wrap(name, width=16)[:5] or ["voicecoach"]
    y = 96
    for line in lines:
        draw.text((SIZE // 2, y), line, font=title_font, fill=(250, 246, 236), anchor="ma")
        y += 66
    count = f"{exercises} exercise{'s' if exercises != 1 else ''}"
    draw.text((SIZE // 2, SIZE - 150), count, font=small, fill=(236, 200, 120), anchor="ma")
    draw.text((SIZE // 2, SIZE - 100), "voicecoach", font=small, fill=(190, 210, 215),
              anchor="ma")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return Cover(out.getvalue(), "image/png", SIZE, SIZE)


def choose(kind: str, picture: Path | None, name: str, exercises: int) -> Cover | None:
    """The cover a file of format ``kind`` gets: the user's picture, else a generated one;
    None for a format that holds no artwork (an error when a picture was given)."""
    if kind in NO_ART:
        if picture is not None:
            raise FlagError(f"--cover: a {kind.upper()} file holds no artwork; choose "
                            "another --format (mp3, m4a, opus, ogg or flac)")
        return None
    return load(picture) if picture is not None else generated(name, exercises)


def embed(path: Path, kind: str, cover: Cover | None) -> None:
    """Put ``cover`` into the audio file at ``path`` (of format ``kind``)."""
    if cover is None or kind in NO_ART:
        return
    if kind == "mp3":
        _mp3(path, cover)
    elif kind == "m4a":
        from mutagen.mp4 import MP4, MP4Cover

        mp4 = MP4(str(path))
        if mp4.tags is None:
            mp4.add_tags()
        fmt = MP4Cover.FORMAT_PNG if cover.mime == "image/png" else MP4Cover.FORMAT_JPEG
        assert mp4.tags is not None
        mp4.tags["covr"] = [MP4Cover(cover.data, imageformat=fmt)]
        mp4.save()
    elif kind == "flac":
        from mutagen.flac import FLAC

        flac = FLAC(str(path))
        flac.clear_pictures()
        flac.add_picture(_picture(cover))
        flac.save()
    elif kind in ("ogg", "opus"):
        from mutagen.oggopus import OggOpus
        from mutagen.oggvorbis import OggVorbis

        ogg = (OggOpus if kind == "opus" else OggVorbis)(str(path))
        if ogg.tags is None:
            ogg.add_tags()
        ogg["METADATA_BLOCK_PICTURE"] = [
            base64.b64encode(_picture(cover).write()).decode("ascii")]
        ogg.save()
    else:  # pragma: no cover - every format is named above
        raise ValueError(kind)


def _picture(cover: Cover):  # type: ignore[no-untyped-def]
    from mutagen.flac import Picture

    picture = Picture()
    picture.type = 3  # front cover
    picture.mime = cover.mime
    picture.desc = "Cover"
    picture.width, picture.height, picture.depth = cover.width, cover.height, 24
    picture.data = cover.data
    return picture


def _mp3(path: Path, cover: Cover) -> None:
    """APIC added after the frames already there, which keep their order (the CHAP
    frames are read in file order by some players; mutagen would sort them)."""
    from mutagen.id3 import APIC, ID3NoHeaderError, PictureType

    from .export import in_order_id3

    try:
        id3 = in_order_id3()(str(path))
    except ID3NoHeaderError:
        id3 = in_order_id3()()
    id3.delall("APIC")
    id3.add(APIC(encoding=3, mime=cover.mime, type=PictureType.COVER_FRONT, desc="Cover",
                 data=cover.data))
    id3.save(str(path), v2_version=3)

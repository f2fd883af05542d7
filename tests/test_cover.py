"""voicecoach.cover: the user's artwork or a drawn cover, embedded in every format and
read back with mutagen; an MP3's chapters stay in order after it."""

from __future__ import annotations

import base64
import io
import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from voicecoach import cover, encode, render, sources
from voicecoach import session as sessions
from voicecoach.errors import FlagError
from voicecoach.export import Format
from voicecoach.speech import SpeechCache

DATA = Path(__file__).parent / "data"


def _jpeg(path: Path, size: tuple[int, int] = (320, 320)) -> bytes:
    Image.new("RGB", size, (200, 40, 90)).save(path, "JPEG")
    return path.read_bytes()


def test_the_drawn_cover_is_a_square_png_with_the_name() -> None:
    made = cover.generated("Hip Exercises for Hamstrings and Piriformis", 8)
    image = Image.open(io.BytesIO(made.data))
    assert (image.format, image.size, made.mime) == ("PNG", (600, 600), "image/png")
    assert len(set(image.convert("L").tobytes())) > 20  # text and a gradient, not a blank
    assert cover.generated("A", 1).data != made.data


def test_a_picture_is_kept_or_scaled(tmp_path: Path) -> None:
    small = _jpeg(tmp_path / "a.jpg")
    assert cover.load(tmp_path / "a.jpg") == cover.Cover(small, "image/jpeg", 320, 320)
    Image.new("RGB", (3000, 1500), (1, 2, 3)).save(tmp_path / "big.png")
    big = cover.load(tmp_path / "big.png")
    assert (big.mime, big.width, big.height) == ("image/jpeg", 1400, 700)
    Image.new("RGB", (50, 50)).save(tmp_path / "c.gif")
    assert cover.load(tmp_path / "c.gif").mime == "image/jpeg"


def test_bad_covers_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "x.jpg").write_text("not an image")
    with pytest.raises(FlagError, match="not an image Pillow can read"):
        cover.load(tmp_path / "x.jpg")
    with pytest.raises(FlagError, match="No such file"):
        cover.load(tmp_path / "missing.png")
    _jpeg(tmp_path / "a.jpg")
    with pytest.raises(FlagError, match="a WAV file holds no artwork"):
        cover.choose("wav", tmp_path / "a.jpg", "R", 1)
    assert cover.choose("wav", None, "R", 1) is None


def _art(path: Path, kind: str) -> bytes:
    """The embedded front cover, read with mutagen in the format's own way."""
    if kind == "mp3":
        from mutagen.id3 import ID3

        return bytes(ID3(path).getall("APIC")[0].data)
    if kind == "m4a":
        from mutagen.mp4 import MP4

        return bytes(MP4(path).tags["covr"][0])
    if kind == "flac":
        from mutagen.flac import FLAC

        return bytes(FLAC(path).pictures[0].data)
    from mutagen.flac import Picture
    from mutagen.oggopus import OggOpus
    from mutagen.oggvorbis import OggVorbis

    ogg = (OggOpus if kind == "opus" else OggVorbis)(path)
    return bytes(Picture(base64.b64decode(ogg["METADATA_BLOCK_PICTURE"][0])).data)


def _chapters(path: Path) -> list[str]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                          str(path)], capture_output=True, text=True, check=True)
    return [c["tags"]["title"] for c in json.loads(out.stdout)["chapters"]]


@pytest.mark.audio
@pytest.mark.parametrize("kind", ["mp3", "m4a", "opus", "ogg", "flac"])
def test_cover_is_embedded_and_chapters_survive(tmp_path: Path, kind: str) -> None:
    picture = _jpeg(tmp_path / "art.jpg")
    session = sessions.apply(sources.load(DATA / "tiny.yaml"),
                             sessions.Options(only=["wall-sit"], instructions="none"))
    out = tmp_path / f"s{encode.CODECS[kind].extensions[0]}"
    result = render.to_file(session, out, SpeechCache(), fmt=Format(kind=kind),
                            cover=tmp_path / "art.jpg")
    assert _art(out, kind) == picture
    assert _chapters(out) == [c.title for c in result.timeline.chapters]


@pytest.mark.audio
def test_without_cover_a_drawn_one_goes_into_every_track(tmp_path: Path) -> None:
    session = sessions.apply(sources.load(DATA / "tiny.yaml"),
                             sessions.Options(only=["wall-sit"], instructions="none"))
    drawn = cover.generated(session.name, 1).data
    result = render.to_file(session, tmp_path / "s.mp3", SpeechCache())
    assert _art(result.path, "mp3") == drawn
    split = render.to_file(session, tmp_path / "t.opus", SpeechCache(),
                           fmt=Format(kind="opus"), split=True)
    assert all(_art(p, "opus") == drawn for p in split.tracks[:-1])

"""voicecoach.speech: real eSpeak NG clips through pyttsx3, and the disk cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voicecoach.errors import FlagError
from voicecoach.session import Voice
from voicecoach.speech import SpeechCache, VoiceInfo, list_voices, resolve_voice
from voicecoach.speech.clips import trim

pytestmark = pytest.mark.audio

VOICES = [
    VoiceInfo("gmw/en-us", "English (America)", ("en-us",), None),
    VoiceInfo("gmw/en-us-nyc", "English (America, New York City)", ("en-us-nyc",), None),
    VoiceInfo("gmw/en", "English (Great Britain)", ("en-gb",), None),
]


def test_resolve_voice_by_id_name_language_and_unique_part() -> None:
    assert resolve_voice("en-us", VOICES) == "gmw/en-us"
    assert resolve_voice("English (Great Britain)", VOICES) == "gmw/en"
    assert resolve_voice("en-gb", VOICES) == "gmw/en"
    assert resolve_voice("new york", VOICES) == "gmw/en-us-nyc"
    with pytest.raises(FlagError, match="matches several voices"):
        resolve_voice("america", VOICES)
    with pytest.raises(FlagError, match="no voice matches 'klingon'"):
        resolve_voice("klingon", VOICES)


def test_engine_lists_real_voices() -> None:
    ids = {v.id for v in list_voices()}
    assert "gmw/en-us" in ids


def test_clip_is_real_trimmed_speech(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    cache = SpeechCache(tmp_path)
    clip = cache.clip("Exercise one of eight: Donkey Kicks.")
    assert capfd.readouterr().out == ""  # pyttsx3's "Audio saved to" is kept quiet
    assert clip.dtype == np.int16
    assert 1.0 < clip.size / cache.mix_rate < 4.0
    edge = round(0.005 * cache.mix_rate)
    assert np.abs(clip[-edge:]).max() < 200  # trailing silence trimmed to a short margin
    raw_seconds = 2.54  # what eSpeak NG gives for this phrase, end pause included
    assert clip.size / cache.mix_rate < raw_seconds - 0.2
    assert np.abs(clip).max() > 5000  # and loud in between
    assert cache.synthesised == 1


def test_cache_hit_and_key(tmp_path: Path) -> None:
    first = SpeechCache(tmp_path, voice=Voice(rate=170))
    first.prepare(["One.", "Two."])
    assert first.synthesised == 2
    again = SpeechCache(tmp_path, voice=Voice(rate=170))
    again.prepare(["One.", "Two."])
    assert again.synthesised == 0
    assert again.length("One.") == first.length("One.")
    slower = SpeechCache(tmp_path, voice=Voice(rate=120))
    assert slower.key("One.") != first.key("One.")
    assert slower.length("One.") > first.length("One.")  # a slower voice: a longer clip
    other = SpeechCache(tmp_path, voice=Voice("en-us"))
    assert other.key("One.") != first.key("One.")


def test_parallel_prepare_fills_the_cache(tmp_path: Path) -> None:
    cache = SpeechCache(tmp_path, workers=2, pool_after=0)  # always worth a pool
    texts = [f"Phrase number {n}." for n in range(14)]
    done: list[tuple[int, int]] = []
    cache.prepare(texts, lambda d, t: done.append((d, t)))
    assert cache.missing(texts) == []
    assert done[-1] == (14, 14)
    assert [d for d, _ in done] == list(range(15))


def test_bad_rate_and_voice(tmp_path: Path) -> None:
    with pytest.raises(FlagError, match="--rate must be between 60 and 400"):
        SpeechCache(tmp_path, voice=Voice(rate=1000))
    with pytest.raises(FlagError, match="no voice matches"):
        SpeechCache(tmp_path, voice=Voice("no-such-voice"))


def test_trim_keeps_a_margin() -> None:
    rate = 1000
    samples = np.zeros(1000, dtype=np.int16)
    samples[400:500] = 10000
    out = trim(samples, rate)
    assert out.size == 100 + 2 * 20


def test_a_warm_render_starts_no_engine(tmp_path: Path, data_dir: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; "
        "from voicecoach import render, sources; from voicecoach.session import apply; "
        "from voicecoach.speech import SpeechCache, engine; "
        "s = apply(sources.load(sys.argv[1])); "
        "render.to_file(s, Path(sys.argv[2]), SpeechCache()); print(engine.started())"
    )
    runs = [subprocess.run([sys.executable, "-c", code, str(data_dir / "tiny.yaml"),
                            str(tmp_path / f"{n}.mp3")], capture_output=True, text=True,
                           check=True).stdout.split()[-1] for n in ("cold", "warm")]
    assert runs[1] == "False"
    assert (tmp_path / "warm.mp3").read_bytes() == (tmp_path / "cold.mp3").read_bytes()


PHRASE = "Glute bridges."


def _close(a: int, b: int) -> bool:
    return abs(a - b) < 0.05 * b  # eSpeak NG's output varies between runs (seen: 1.7 %); a
    # damaged clip used as it is would be empty or half as long


@pytest.mark.parametrize("damage", ["44", "100", "half", "zero", "text", "random",
                                    "directory", "unreadable"])
def test_a_damaged_clip_is_made_again(tmp_path: Path, damage: str) -> None:
    import os

    good = SpeechCache(tmp_path).length(PHRASE)
    path = SpeechCache(tmp_path).path(PHRASE)
    data = path.read_bytes()
    if damage == "directory":
        path.unlink()
        path.mkdir()
    elif damage == "unreadable":  # as root a mode of 000 still reads: make it a dangling link
        path.unlink()
        path.symlink_to(tmp_path / "gone.wav")
    else:
        path.write_bytes({"44": data[:44], "100": data[:100], "half": data[:len(data) // 2],
                          "zero": b"", "text": b"hello", "random": os.urandom(len(data))
                          }[damage])
    healed = SpeechCache(tmp_path)
    assert healed.missing([PHRASE]) == [PHRASE]
    assert _close(healed.length(PHRASE), good)
    assert healed.synthesised == 1
    again = SpeechCache(tmp_path)  # healed on disk, not only in memory
    assert _close(again.length(PHRASE), good)
    assert again.synthesised == 0


def test_a_folder_in_a_clips_place_that_cannot_be_removed(tmp_path: Path) -> None:
    path = SpeechCache(tmp_path).path(PHRASE)
    path.mkdir(parents=True)
    (path / "someone's file").write_text("kept")
    cache = SpeechCache(tmp_path)
    assert cache.length(PHRASE) > 0.5 * cache.mix_rate  # said into a temporary folder
    assert (path / "someone's file").read_text() == "kept"


def test_an_unwritable_cache_falls_back_to_a_temporary_one(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    warnings: list[str] = []
    cache = SpeechCache(blocked / "speech", warn=warnings.append)
    cache.prepare([PHRASE, "Donkey kicks."])
    assert cache.length(PHRASE) > 0.5 * cache.mix_rate
    assert len(warnings) == 1
    assert "is not writable" in warnings[0] and "using a temporary one" in warnings[0]
    assert blocked.read_text() == "not a folder"


def test_a_cache_deleted_during_a_render_is_made_again(tmp_path: Path) -> None:
    import shutil

    cache = SpeechCache(tmp_path / "speech")
    cache.prepare([PHRASE])
    shutil.rmtree(tmp_path / "speech")
    assert cache.length(PHRASE) > 0.5 * cache.mix_rate
    assert cache.synthesised == 2


def test_a_cache_is_marked_and_stale_temporaries_go(tmp_path: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / "ab" / f".tmp-{dead}-killed1.wav"
    stale.parent.mkdir()
    stale.write_bytes(b"RIFF")
    SpeechCache(tmp_path).prepare([PHRASE])
    assert (tmp_path / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d17")
    assert not stale.exists()


def test_a_long_instruction_is_said_in_pieces(tmp_path: Path) -> None:
    from voicecoach.speech import chunks

    words = [f"step{n}" for n in range(420)]  # about 3,000 characters, no full stop
    text = " ".join(words)
    cache = SpeechCache(tmp_path)
    done: list[tuple[int, int]] = []
    cache.prepare([text], lambda d, t: done.append((d, t)))
    pieces = chunks.pieces(text)
    assert len(pieces) == done[-1][1] > 5  # the progress counts pieces: it moves
    assert max(len(p) for p in pieces) <= chunks.MAX_CHARS
    whole = cache.length(text)
    parts = sum(cache.length(p) for p in pieces)
    gaps = (len(pieces) - 1) * round(chunks.GAP_SECONDS * cache.mix_rate)
    assert whole == parts + gaps

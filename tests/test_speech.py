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

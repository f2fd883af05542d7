"""``voices --say TEXT`` / ``voices --preview VOICE``: hear a voice before choosing it.

The sample is said exactly as a session would say it (the same cache, voice, rate
and ``--tts-command``), then written to a file (``-o``, any format ``render`` writes)
or played through the audio output.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from pathlib import Path

import numpy as np

from ..errors import FlagError, NoAudioDeviceError
from ..session import Voice

SAMPLE_TEXT = ("Exercise 3 of 8: Donkey Kicks. Ten reps. Three, two, one, go. "
               "Halfway. Last one. Hold for five seconds. Switch sides.")
MAX_CHARS = 1000  # a sample, not a session


def check_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise FlagError("--say needs some text, like --say \"Three, two, one, go\"")
    if len(text) > MAX_CHARS:
        raise FlagError(f"--say takes at most {MAX_CHARS} characters (a sample, not a "
                        f"session), not {len(text)}")
    return text


def say(text: str, voice: Voice, rate: int = 22050) -> np.ndarray:
    """``text`` as 16-bit mono samples at ``rate`` Hz, through the speech cache."""
    from .cache import SpeechCache

    return SpeechCache(voice=voice, mix_rate=rate).clip(check_text(text))


def write(samples: np.ndarray, rate: int, output: Path) -> Path:
    """The sample in the file ``output`` (its extension picks the format), atomically."""
    from .. import encode, outputs

    kind, target = encode.resolve(None, output)
    assert target is not None
    outputs.check_target(target)
    pad = np.zeros(round(0.15 * rate), dtype=np.int16)  # players clip a file's first ms
    with outputs.atomic(target) as tmp:
        encode.encode(np.concatenate([pad, samples, pad]), rate, tmp, encode.CODECS[kind],
                      sample_rate=44100 if kind != "opus" else 48000)
    return target


def play(samples: np.ndarray, rate: int, device: str | None = None) -> None:
    """Play the sample through the audio output and wait for its end."""
    import miniaudio

    from ..play.devices import NO_DEVICE_HINT, backends, find_device, quiet_stderr

    device_id = find_device(device) if device else None
    data = np.concatenate([samples, np.zeros(round(0.3 * rate), dtype=np.int16)])

    def frames() -> Generator[bytes, int, None]:
        position = 0
        wanted = yield b""
        while True:
            chunk = data[position:position + wanted]
            position += wanted
            if chunk.size < wanted:
                chunk = np.concatenate([chunk, np.zeros(wanted - chunk.size, np.int16)])
            wanted = yield chunk.tobytes()

    try:
        with quiet_stderr():
            player = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                sample_rate=rate, device_id=device_id, backends=backends(),
                app_name="voicecoach")
    except miniaudio.MiniaudioError as exc:
        raise NoAudioDeviceError(
            f"no audio output device could be opened ({exc}); write the sample to a "
            "file instead with -o sample.wav", hint=NO_DEVICE_HINT) from None
    stream = frames()
    next(stream)
    try:
        player.start(stream)
        time.sleep(data.size / rate + 0.1)
    finally:
        player.close()

"""voicecoach.tones: distinct, soft tones that never click."""

from __future__ import annotations

import numpy as np
import pytest

from voicecoach import mix, timeline, tones
from voicecoach.script import Cue

RATE = 22050


def main_pitch(wave: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(wave * np.hanning(wave.size), 8 * wave.size))
    return float(np.argmax(spectrum) * RATE / (8 * wave.size))


@pytest.mark.parametrize("name", [*tones.NAMES, "", "unknown"])
def test_a_tone_is_soft_edged_and_below_the_voice(name: str) -> None:
    wave = tones.tone(name, round(0.25 * RATE), RATE)
    assert wave.size == round(0.25 * RATE)
    assert np.abs(wave).max() == pytest.approx(tones.LEVEL, rel=1e-3)  # -12 dBFS
    assert abs(wave[0]) < 1e-3 and abs(wave[-1]) < 1e-3  # starts and ends at rest
    # no click: no step larger than the steepest a sine at this level takes
    steepest = 2 * np.pi * 1400 / RATE * tones.LEVEL * 1.3
    assert np.abs(np.diff(wave)).max() < steepest


def test_each_name_has_its_own_pitch_and_an_empty_name_is_a_pip() -> None:
    n = round(0.25 * RATE)
    first = {name: main_pitch(tones.tone(name, n, RATE)[: n // 2]) for name in tones.NAMES}
    assert len({round(p, -1) for p in first.values()}) == len(tones.NAMES)
    for name, hz in first.items():
        assert hz == pytest.approx(tones.pitch(name), abs=15)
    np.testing.assert_array_equal(tones.tone("", n, RATE), tones.tone("pip", n, RATE))
    rising = tones.tone("start", n, RATE)
    assert main_pitch(rising[n // 2:]) > main_pitch(rising[: n // 2])  # start rises
    falling = tones.tone("set", n, RATE)
    assert main_pitch(falling[n // 2:]) < main_pitch(falling[: n // 2])  # set falls


def test_the_mix_plays_each_tone_by_its_name_for_the_length_the_timeline_gives() -> None:
    cues = [Cue("tone", "start", slot=0.5), Cue("tone", "end", slot=0.5),
            Cue("tone", "", slot=0.5)]
    plan = timeline.build(cues, lambda t: 0, ["Opening"], RATE, tone_samples=4000)
    out = mix.track(plan, lambda t: np.zeros(0, np.int16))
    played = [e for e in plan.events if e.kind == "tone"]
    assert [e.length for e in played] == [4000, 8000, 4000]  # the end tone is longer
    for event in played:
        np.testing.assert_array_equal(out[event.start:event.end],
                                      tones.tone(event.text, event.length, RATE))

"""voicecoach.mix: events to samples, exactly where the timeline puts them."""

from __future__ import annotations

import numpy as np
import pytest

from voicecoach import mix, timeline
from voicecoach.script import Cue

RATE = 1000


def clip_of(text: str) -> np.ndarray:
    """A stand-in clip: a constant level per phrase, as long as the text."""
    return np.full(len(text) * 10, 1000 + len(text), dtype=np.int16)


def laid(cues: list[Cue]) -> timeline.Timeline:
    return timeline.build(cues, lambda t: clip_of(t).size, ["Opening", "One"], RATE,
                          tone_samples=50)


def test_every_event_is_at_its_sample_and_silence_is_silent() -> None:
    plan = laid([Cue("speech", "Hello.", slot=1.0), Cue("tone", slot=0.5, chapter=1),
                 Cue("speech", "Go.", chapter=1)])
    out = mix.mix(plan, clip_of)
    assert out.size == plan.total
    for event in plan.events:
        part = out[event.start:event.end]
        if event.kind == "speech":
            np.testing.assert_array_equal(part, clip_of(event.text))
        elif event.kind == "tone":
            assert np.abs(part).max() > 5000
            assert abs(int(part[0])) < 200 and abs(int(part[-1])) < 400  # faded edges
        else:
            assert not part.any()


def test_volume_scales_and_never_wraps_around() -> None:
    plan = laid([Cue("speech", "Hello.")])
    loud = mix.mix(plan, lambda t: np.full(60, 30000, np.int16), volume=2.0)
    assert loud.max() == 32767 and loud.min() >= 0  # clipped at full scale, not wrapped
    soft = mix.mix(plan, lambda t: np.full(60, 1000, np.int16), volume=0.5)
    assert soft.max() == 500


def test_a_clip_of_the_wrong_length_is_an_error() -> None:
    plan = laid([Cue("speech", "Hello.")])
    with pytest.raises(ValueError, match="the timeline planned 60"):
        mix.mix(plan, lambda t: np.zeros(10, np.int16))


def test_progress_reports_up_to_every_sounding_event() -> None:
    cues = [Cue("speech", f"Phrase {i}.", slot=1.0) for i in range(120)]
    plan = timeline.build(cues, lambda t: clip_of(t).size, ["Opening"], RATE)
    seen: list[tuple[int, int]] = []
    mix.mix(plan, clip_of, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(50, 120), (100, 120), (120, 120)]

"""voicecoach.session: options applied to a routine; the voice and the limits."""

from __future__ import annotations

import pytest

from voicecoach import sources
from voicecoach.errors import FlagError
from voicecoach.session import Options, Voice, apply


def test_voice_is_checked_once_when_made() -> None:
    assert Voice().summary() == {"rate": 170}
    assert Voice("en-gb", 150, 1.2).summary() == {"rate": 150, "voice": "en-gb", "volume": 1.2}
    with pytest.raises(FlagError, match="--rate must be between 60 and 400"):
        Voice(rate=500)
    with pytest.raises(FlagError, match=r"--volume must be between 0\.1 and 2\.0, not 3"):
        Voice(volume=3)


def test_settings_record_the_options_and_the_voice() -> None:
    options = Options(level="hard", reps={"donkey-kicks": 12}, sets={"*": 2}, rest=20,
                      skip=["foam"], instructions="brief", voice=Voice(rate=150))
    session = apply(sources.load("hip"), options)
    assert session.voice.rate == 150
    assert session.settings_line() == (
        "level=hard; reps[donkey-kicks]=12; sets=2; rest=20; skip=foam; "
        "instructions=brief; rate=150")
    kicks = next(s for s in session.steps if s.slug == "donkey-kicks")
    assert (kicks.dose.reps, kicks.dose.sets, kicks.dose.rest) == (12, 2, 20.0)
    assert kicks.changed == {"reps", "sets", "rest"}


@pytest.mark.parametrize(("options", "message"), [
    (Options(reps={"donkey-kicks": 0}), "--reps for donkey-kicks must be greater than zero"),
    (Options(reps={"donkey-kicks": 500}), "500 is more than the maximum of 200"),
    (Options(sets={"*": 21}), "21 is more than the maximum of 20"),
    (Options(tempo=0), "--tempo must be greater than zero seconds, not 0"),
    (Options(switch=121), "--switch 121 is more than the maximum of 120 s"),
    (Options(hold={"glute-bridges": 100}), "more than ten times the tempo"),
    (Options(level="medium"), "--level must be one of"),
    (Options(only=["nope"]), "unknown --only 'nope'"),
    (Options(reps={"*": 200}, sets={"*": 20}), "more than the maximum of 4:00:00"),
])
def test_limits(options: Options, message: str) -> None:
    with pytest.raises(FlagError) as info:
        apply(sources.load("hip"), options)
    assert message in str(info.value)

"""voicecoach.flags: command-line text to options, every bad value one clear line
(the field, the value, what is allowed), and flags that change nothing warned about.
Fuzzed with hypothesis: nothing but the tool's own FlagError ever escapes."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach import flags as flags_mod
from voicecoach import sources
from voicecoach.errors import FlagError, VoicecoachError
from voicecoach.session import apply


def flags(**given: Any) -> dict[str, Any]:
    out: dict[str, Any] = {p.name: p.default for p in flags_mod._session_params()}
    out.update(given)
    return out


@pytest.mark.parametrize(("given", "message"), [
    ({"rate": "fast"}, "--rate fast: not a number; give words per minute from 60 to 400, "
                       "like --rate 150 (170 is the default)"),
    ({"rate": "150.5"}, "--rate 150.5: give a whole number of words per minute"),
    ({"tempo": "glute=2"}, "--tempo glute=2: --tempo has no per-exercise form: give "
                           "seconds, like --tempo 2; for one exercise, set `tempo:` on it"),
    ({"switch": "x=2"}, "--switch x=2: --switch has no per-exercise form"),
    ({"rest": "soon"}, "--rest soon: not a number of seconds (give seconds, like --rest 2)"),
    ({"tempo": "nan"}, "--tempo nan: give a finite number of seconds"),
    ({"lead_in": "inf"}, "--lead-in inf: give a finite number of seconds"),
    ({"volume": "loud"}, "--volume loud: not a number; give 0.1 to 2.0"),
    ({"volume": "nan"}, "--volume nan: give a number from 0.1 to 2.0"),
    ({"reps": ["nan"]}, "--reps nan: give a finite number"),
    ({"reps": ["donkey=inf"]}, "--reps donkey=inf: give a finite number"),
    ({"reps": ["2.5"]}, "--reps 2.5: must be a whole number, not 2.5"),
    ({"reps": ["five"]}, "--reps five: not a number (give --reps 12, or SLUG=N"),
    ({"reps": ["donkey=five"]}, "--reps donkey=five: 'five' is not a number"),
    ({"reps": ["5", "6"]}, "--reps is given twice for every exercise (5 and 6); give it once"),
    ({"only": [""]}, "--only '': names no exercise (give slugs, prefixes or positions"),
    ({"skip": [" , "]}, "--skip ' , ': names no exercise"),
    ({"hold": ["\x1b[2J" * 20]}, "--hold '\\x1b[2J"),
])
def test_bad_values_are_one_clear_line(given: dict[str, Any], message: str) -> None:
    with pytest.raises(FlagError) as caught:
        flags_mod.build_options(flags(**given))
    assert caught.value.message.startswith(message)
    assert "\n" not in caught.value.message
    assert "\x1b" not in caught.value.message
    assert len(caught.value.message) < 200


def test_good_values_are_parsed() -> None:
    options = flags_mod.build_options(flags(rate="150", volume="1.5", tempo="2.5",
                                            lead_in="0", reps=["donkey=12", "10"],
                                            only=["1,donkey"]))
    assert (options.voice.rate, options.voice.volume, options.tempo) == (150, 1.5, 2.5)
    assert options.lead_in == 0
    assert options.reps == {"donkey": 12, "*": 10}
    assert options.only == ["1", "donkey"]


def test_a_huge_value_is_shown_short() -> None:
    with pytest.raises(FlagError, match=r"--lead-in 1e\+308 is more than the maximum of 300"):
        flags_mod.load_session("hip", flags(lead_in="1e308"))


ONE_SET = """\
name: Two Moves
exercises:
  - {name: Bridges, reps: 5}
  - {name: Wall Sit, hold: 20}
"""


def _warnings(tmp_path: Any, **given: Any) -> list[str]:
    routine = tmp_path / "r.yaml"
    routine.write_text(ONE_SET)
    said: list[str] = []
    flags_mod.load_session(str(routine), flags(**given), said.append)
    return said


@pytest.mark.parametrize(("given", "warning"), [
    ({"rest": "20"}, "--rest 20 changes nothing: every exercise in this session has one "
                     "set (add --sets 2 for rests between sets)"),
    ({"duration": ["30"]}, "--duration 30 changes nothing: no exercise in this session is "
                           "timed work"),
    ({"distance": ["20"]}, "--distance 20 changes nothing: no exercise in this session is "
                           "distance work"),
    ({"switch": "5"}, "--switch 5 changes nothing: no exercise in this session is done per "
                      "side"),
    ({"tempo": "2", "only": ["wall"]}, "--tempo 2 changes nothing: no exercise in this "
                                       "session counts reps"),
])
def test_a_flag_that_changes_nothing_is_warned(tmp_path: Any, given: dict[str, Any],
                                               warning: str) -> None:
    assert _warnings(tmp_path, **given) == [warning]


def test_flags_that_do_something_are_not_warned(tmp_path: Any) -> None:
    assert _warnings(tmp_path, rest="20", sets=["2"], tempo="2", hold=["10"]) == []


def test_did_you_mean_a_builtin() -> None:
    with pytest.raises(VoicecoachError, match="did you mean 'hip'"):
        sources.load("Hip")
    with pytest.raises(VoicecoachError, match="did you mean 'hip'"):
        sources.builtin_text("hp")
    with pytest.raises(VoicecoachError) as caught:
        sources.builtin_text("zzzzzz")
    assert "did you mean" not in caught.value.message


@pytest.mark.parametrize(("given", "message"), [
    ({"reps": ["donkey=5", "donkey-kicks=6"]},
     "--reps donkey=5 and --reps donkey-kicks=6 both name donkey-kicks; give it once"),
    ({"reps": ["3=5", "donkey=6"]}, "--reps 3=5 and --reps donkey=6 both name donkey-kicks"),
    ({"hold": ["0.0001"]}, "--hold 0.0001: must be at least 1 second"),
    ({"hold": ["piriformis=0.5"]}, "--hold piriformis-stretch=0.5: must be at least 1 second"),
    ({"duration": ["0.3"]}, "--duration 0.3: must be at least 1 second"),
])
def test_a_dose_the_session_cannot_use_as_given_is_refused(given: dict[str, Any],
                                                            message: str) -> None:
    with pytest.raises(FlagError) as caught:
        flags_mod.load_session("hip", flags(**given))
    assert caught.value.message.startswith(message)


def test_one_exercise_named_twice_with_one_value_is_fine() -> None:
    session = flags_mod.load_session("hip", flags(reps=["donkey=5", "3=5"]))
    assert session.steps[2].dose.reps == 5


def test_settings_record_the_hold_the_session_uses() -> None:
    session = flags_mod.load_session("hip", flags(hold=["piriformis=1"]))
    assert session.settings["hold[piriformis]"] == "1"
    assert session.steps[1].dose.hold == 1


# --------------------------------------------------------------------------- fuzzing

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
               max_size=30)
NUMBERISH = st.one_of(TEXT, st.floats(allow_nan=True).map(repr), st.integers().map(str),
                      st.sampled_from(["nan", "inf", "-inf", "1e308", "-0", "0x10", "1_0",
                                       "", "=", "==5", "a=b=c", " 5 ", "５"]))
DOSE_VALUE = st.one_of(NUMBERISH, st.builds(lambda k, v: f"{k}={v}", TEXT, NUMBERISH))
HIP = apply(sources.load("hip"))  # warm the loader once


@settings(max_examples=300, deadline=None, database=None)
@given(
    reps=st.lists(DOSE_VALUE, max_size=3), hold=st.lists(DOSE_VALUE, max_size=2),
    sets=st.lists(DOSE_VALUE, max_size=2), duration=st.lists(DOSE_VALUE, max_size=2),
    tempo=st.none() | NUMBERISH, rest=st.none() | NUMBERISH, lead_in=st.none() | NUMBERISH,
    rate=NUMBERISH, volume=NUMBERISH, only=st.lists(TEXT, max_size=2),
    skip=st.lists(TEXT, max_size=2), level=st.sampled_from(["easy", "hard", "x", "HARD"]),
)
def test_fuzz_flags_raise_only_the_tools_own_error(**given: Any) -> None:
    try:
        session = flags_mod.load_session("hip", flags(**given), lambda message: None)
    except VoicecoachError as exc:
        assert exc.message and "\n" not in exc.message
        assert "Traceback" not in exc.message
    else:
        assert session.steps

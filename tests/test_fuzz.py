"""Hypothesis fuzzing of the routine loader (YAML and TOML text, structured data) and of
the article importer (generated text, and the real test articles cut, shuffled and
mutated): nothing but the tool's own error (:class:`VoicecoachError`) ever escapes.

Every test is bounded by its example count (``max_examples``), never by a timer; the
whole module runs in a few seconds. A routine that loads is also planned (session,
laid-out timeline, the limits), since that is what ``plan`` and ``check`` do next."""

from __future__ import annotations

import contextlib
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voicecoach import timeline as tl
from voicecoach.errors import RoutineError, VoicecoachError
from voicecoach.importer import import_text
from voicecoach.limits import check_timeline
from voicecoach.routine import Routine, _validate, parse, parse_toml
from voicecoach.session import apply

ARTICLES = Path(__file__).parent / "data" / "articles"
# VOICECOACH_FUZZ=5000 for a longer hunt; the default keeps each test to a few seconds.
EXAMPLES = int(os.environ.get("VOICECOACH_FUZZ", "100"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# ----------------------------------------------------------------------------- values

# Text with what breaks things: control and format characters, right-to-left, emoji,
# surrogates are impossible in YAML text but possible in structured data.
NASTY_CHARS = st.sampled_from([
    "\x00", "\x1b", "\x1b]0;t\x07", "\x7f", "\x85", "\u200b", "\u202e", "\u2066", "\ufeff",
    "\ud800", "💪", "👍🏽", "שלום", "مرحبا", "Ünïcödé", "ß", "İ", "\n", "\r", "\t", " ",
    "-", "--", "/", "..", ":", "#", "&a", "*a", "!!python/object:os.system", "{", "[", "%",
])
TEXT = st.one_of(st.text(max_size=30), st.lists(NASTY_CHARS, max_size=6).map("".join))
NUMBERS = st.one_of(
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 0.0001, 1e-300, 1e308, 2 ** 63, -(2 ** 63), 10 ** 400,
                     math.nan, math.inf, -math.inf, 0.5, 2.5, 3, 10, 250, 251, 86400]),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT,
                    st.sampled_from(["10-15", "15-10", "10 to 15", "1e9", "nan", "inf",
                                     "-5", "0", "yes", "no", "null", "~", "1,000"]))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(TEXT, st.integers()), inner, max_size=4)),
    max_leaves=12,
)
EXERCISE_FIELDS = list(Routine.model_fields["exercises"].annotation.__args__[0].model_fields)  # type: ignore[union-attr]
ROUTINE_FIELDS = list(Routine.model_fields)
DEFAULT_FIELDS = ["tempo", "rest", "switch", "transition", "lead_in", "ready", "pace"]
GOOD_EXERCISE: dict[str, Any] = {"name": "Squats", "reps": 10}


def _with(fields: list[str], base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``base`` with some of its fields (or misspelt ones) replaced by any value."""
    keys = st.one_of(st.sampled_from(fields), st.sampled_from([f + "s" for f in fields]),
                     TEXT)
    return st.dictionaries(keys, VALUES, max_size=4).map(lambda extra: {**base, **extra})


EXERCISES = st.one_of(_with(EXERCISE_FIELDS, GOOD_EXERCISE), VALUES)
ROUTINES = st.one_of(
    st.fixed_dictionaries({
        "name": st.one_of(st.just("Fuzz"), VALUES),
        "exercises": st.one_of(st.lists(EXERCISES, max_size=5), VALUES),
    }).flatmap(lambda r: _with(ROUTINE_FIELDS, r)),
    st.fixed_dictionaries({
        "name": st.just("Fuzz"),
        "defaults": st.one_of(_with(DEFAULT_FIELDS, {}), VALUES),
        "exercises": st.lists(_with(EXERCISE_FIELDS, GOOD_EXERCISE), min_size=1, max_size=3),
    }),
    VALUES,
)


def _plan(routine: Routine) -> None:
    """What ``plan`` and ``check`` do with a routine once it has loaded."""
    session = apply(routine)
    _, laid = tl.for_session(session, tl.estimate_length(session.voice.rate))
    check_timeline(laid)


def _only_our_error(load: Any, *args: Any) -> None:
    try:
        routine = load(*args)
    except VoicecoachError as exc:
        message = str(exc)
        assert message and "Traceback" not in message
        assert len(message) < 20_000  # shortened, never the expanded value
        return
    with contextlib.suppress(VoicecoachError):
        _plan(routine)


# ----------------------------------------------------------------------- the loader


@FUZZ
@given(ROUTINES)
def test_structured_data_raises_only_our_error(data: Any) -> None:
    _only_our_error(_validate, data, "<fuzz>", lambda loc: None)


@FUZZ
@given(ROUTINES)
def test_structured_data_as_yaml_raises_only_our_error(data: Any) -> None:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return  # not representable as YAML (a lone surrogate, a huge nesting)
    _only_our_error(parse, text, "<fuzz.yaml>")


YAML_PIECES = st.sampled_from([
    "name: Fuzz\n", "exercises:\n", "  - name: Squats\n", "    reps: 10\n", "    reps: nan\n",
    "    reps: .inf\n", "    hold: 1e400\n", "    reps: [1, 2, 3]\n", "    cues: {0: x}\n",
    "    cues: {300: x}\n", "    sets: -1\n", "    per_side: maybe\n", "defaults: {tempo: 0}\n",
    "defaults: 5\n", "  - &a [*a]\n", "  - !!python/object/apply:os.system [ls]\n",
    "  - !!binary aGk=\n", "  - !!timestamp 2001-12-14\n", "  - !!set {a, b}\n",
    "x: &x {a: 1}\ny: *x\n", "<<: {name: M}\n", "? [a, b]\n: c\n", "? {a: 1}\n: c\n",
    "slug: ../../x\n", "    slug: Squats\n", "%YAML 1.1\n---\n", "--- \n...\n", "\t",
    "    equipment: {a: 1}\n", "    movement: flying\n", "    distance: 1e6\n", "[[[[",
    "    name: \"\\x1b]0;t\\x07\"\n", "    instructions: \"\\u202e\\U0001F4AA\"\n",
    "name: 2001-01-01\n", "exercises: {a: 1}\n", "name: [1]\n", "    reps: 0x10\n",
    "    reps: 1_000\n", "    tempo: 1e-9\n", "    rest: 99999999\n",
    "    reps: " + "9" * 400 + "\n", "    hold: [1, " + "9" * 400 + "]\n",
])


@FUZZ
@given(st.one_of(st.text(max_size=200),
                 st.lists(st.one_of(YAML_PIECES, st.text(max_size=8)), max_size=14)
                 .map("".join)))
def test_yaml_text_raises_only_our_error(text: str) -> None:
    _only_our_error(parse, text, "<fuzz.yaml>")


TOML_PIECES = st.sampled_from([
    'name = "Fuzz"\n', "[[exercises]]\n", 'name = "Squats"\n', "reps = 10\n",
    "reps = nan\n", "reps = inf\n", "hold = -inf\n", "reps = 1e400\n", "reps = [1, 2, 3]\n",
    "sets = 0\n", 'reps = "10-15"\n', "per_side = 1\n", "[defaults]\n", "tempo = 0\n",
    "[cues]\n", '0 = "x"\n', '"300" = "x"\n', "a = [[[[1]]]]\n", "x = {a = {b = 1}}\n",
    "exercises = 5\n", "date = 1979-05-27T07:32:00Z\n", "t = 07:32:00\n", 'name = """\n',
    "reps = 0x10\n", "reps = 1_000\n", "[[exercises.cues]]\n", 'slug = "../x"\n',
    'instructions = "\\u202e\\U0001F4AA\\u001b"\n', "reps = 99999999999999999999\n",
])


@FUZZ
@given(st.one_of(st.text(max_size=200),
                 st.lists(st.one_of(TOML_PIECES, st.text(max_size=8)), max_size=14)
                 .map("".join)))
def test_toml_text_raises_only_our_error(text: str) -> None:
    _only_our_error(parse_toml, text, "<fuzz.toml>")


# ---------------------------------------------------------------------- the importer


def _article_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix in (".txt", ".md", ".html"):
            lines.extend(path.read_text("utf-8").splitlines())
    return [line for line in lines if line.strip()]


REAL_LINES = _article_lines()


def _mutate(line: str, kind: int, extra: str) -> str:
    """One small damage to a real line: cut, doubled, a character inserted, digits
    blown up, case flipped, markup stripped or added."""
    if kind == 0:
        return line[: len(line) // 2]
    if kind == 1:
        return line + " " + line
    if kind == 2:
        middle = len(line) // 2
        return line[:middle] + extra + line[middle:]
    if kind == 3:
        return "".join("9" * 25 if ch.isdigit() else ch for ch in line)
    if kind == 4:
        return line.swapcase()
    if kind == 5:
        return line.lstrip("#*-0123456789. ")
    if kind == 6:
        return "## " + line
    return "".join("0" if ch.isdigit() else ch for ch in line)


MUTATED = st.builds(_mutate, st.sampled_from(REAL_LINES), st.integers(0, 8),
                    st.one_of(NASTY_CHARS, st.text(max_size=4)))


def _only_article_error(text: str) -> None:
    try:
        result = import_text(text, "<fuzz>")
    except VoicecoachError:
        return
    again = parse(result.to_yaml())  # what `import` writes loads back, the same
    assert again == result.routine
    json.loads(result.to_json())
    with contextlib.suppress(VoicecoachError):
        _plan(result.routine)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(REAL_LINES), MUTATED), min_size=1, max_size=40))
def test_real_article_lines_shuffled_and_mutated(lines: list[str]) -> None:
    _only_article_error("\n".join(lines))


@settings(max_examples=max(1, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(p.name for p in ARTICLES.iterdir()
                              if p.suffix in (".txt", ".md", ".html"))),
       st.randoms(use_true_random=False), st.integers(0, 8),
       st.one_of(NASTY_CHARS, st.text(max_size=4)))
def test_real_articles_with_lines_dropped_and_mutated(name: str, rnd: Any, kind: int,
                                                      extra: str) -> None:
    lines = (ARTICLES / name).read_text("utf-8").splitlines()
    kept = [line if rnd.random() > 0.2 else _mutate(line, kind, extra)
            for line in lines if rnd.random() > 0.15]
    if rnd.random() < 0.3:
        rnd.shuffle(kept)
    _only_article_error("\n".join(kept))


# ------------------------------------------------- what the fuzzers found, kept fixed


@pytest.mark.parametrize("dose", ["1" + "0" * 400, "[1, 1" + "0" * 400 + "]",
                                  "[true, 2]"])
def test_an_integer_too_large_for_a_float_is_refused_not_an_overflow(dose: str) -> None:
    # Found by test_structured_data_raises_only_our_error: YAML reads 400 digits as an
    # int, and float() of it raised OverflowError (a traceback from `check`).
    with pytest.raises(RoutineError, match="field 'reps': must be"):
        parse(f"name: X\nexercises:\n  - name: Squats\n    reps: {dose}\n", "big.yaml")

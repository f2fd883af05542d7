"""The importer's public entry points and bad input (voicecoach.importer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import voicecoach.importer as importer
from voicecoach.errors import ArticleError as ErrorsArticleError
from voicecoach.errors import VoicecoachError
from voicecoach.importer import ArticleError, import_path, import_text, review_rows
from voicecoach.routine import parse


def test_public_api() -> None:
    assert sorted(importer.__all__) == sorted([
        "MAX_CHARS", "ArticleError", "ImportResult", "ImportedExercise", "html_to_text",
        "import_path", "import_text", "review_rows"])
    assert ArticleError is ErrorsArticleError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "<stdin>: the article is empty"),
        ("   \n\n", "<stdin>: the article is empty"),
        ("Just a title", "<stdin>: no exercises found"),
        ("Hello world. This is not about exercise at all.", "<stdin>: no exercises found"),
    ],
)
def test_no_exercises_is_an_article_error(text: str, message: str) -> None:
    with pytest.raises(ArticleError) as info:
        import_text(text, "<stdin>")
    assert str(info.value) == message
    assert info.value.exit_code == 2
    assert isinstance(info.value, VoicecoachError)


def test_too_long_is_an_article_error() -> None:
    text = "Squat\nStand up. " * (importer.MAX_CHARS // 10)
    with pytest.raises(ArticleError) as info:
        import_text(text, "big.txt")
    assert str(info.value) == f"big.txt: the article is too long ({len(text)} characters)"


def test_unreadable_files(tmp_path: Path) -> None:
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\x01\x02PK")
    latin = tmp_path / "b.txt"
    latin.write_bytes("Caf\xe9 squats".encode("latin-1"))
    empty = tmp_path / "c.md"
    empty.write_text("")
    expected = {
        binary: f"{binary}: is a binary file, not an article (plain text, Markdown or HTML)",
        latin: f"{latin}: is not UTF-8 text",
        empty: f"{empty}: the article is empty",
        tmp_path / "missing.txt": f"{tmp_path / 'missing.txt'}: no such file",
        tmp_path: f"{tmp_path}: is a folder, not an article",
        Path("-"): "-: no such file",  # standard input is the caller's business
    }
    for path, message in expected.items():
        with pytest.raises(ArticleError) as info:
            import_path(path)
        assert str(info.value) == message


def test_html_file_is_read_as_html(tmp_path: Path) -> None:
    page = tmp_path / "page.htm"
    page.write_text("<h1>Legs</h1>\n<h2>Squat</h2><p>Stand tall and squat down. Repeat 12 "
                    "times.</p>", encoding="utf-8")
    result = import_path(page)
    assert (result.title, [e.name for e in result.exercises]) == ("Legs", ["Squat"])
    assert result.origin == str(page)


ARTICLE_LINES = [
    "# Title", "## 1. Glute Bridge", "**Plank**", "Step 1: Squat", "1) Lunge — Step forward.",
    "Lie on your back. Repeat 10 times.", "Hold for 30 seconds.", "3 x 12", "x 12",
    "| Exercise | Sets | Reps |", "|---|---|---|", "| Squat | 3 | 10 |", "Share it:",
    "About the Author", "Stand tall and repeat 10–15 times per side.", "Continue for 20 feet.",
    "Hold for a count of ten", "Do this 3 times a week.", "0:17", "<p>Hi</p>", "<h2>Row</h2>",
    "Reps: 0", "Hold for 0 seconds.", "Repeat 9999 times.", "Hold 1e309 seconds", "- ", "**",
    "Name: ", "Sets: 2-1", "Repeat 15-10 times.", "", "", "Lie on your back — ", "| a |",
    "Exercise | Sets | Hold", "Plank | 3 | 30 s", "Squat\t3\t10", "1\ufe0f\u20e3 Squats",
    "\U0001f449 12 each side", "Clamshells - 3x15 each side", "Side plank - x3, 30s each side",
    "Stay for 5 breaths.", "AMRAP in 60 seconds: squat.", "Reps: 10", "Hold: 20-30 seconds",
    "How often should I do these?", "Home > Fitness > Knees", "Step 1 of 4", "WALL SIT",
    "12/side", "Reps: 8-12 per side",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_raises_only_article_error(text: str) -> None:
    try:
        result = import_text(text, "<stdin>")
    except ArticleError:
        return
    assert parse(result.to_yaml()) == result.routine
    json.loads(result.to_json())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(ARTICLE_LINES), st.text(max_size=40)), max_size=30))
def test_article_like_lines_raise_only_article_error(lines: list[str]) -> None:
    try:
        result = import_text("\n".join(lines), "<stdin>")
    except ArticleError:
        return
    assert parse(result.to_yaml()) == result.routine
    assert len(review_rows(result)) == len(result.routine.exercises)
    json.loads(result.to_json())

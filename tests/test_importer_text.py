"""Cleaning an article's text (voicecoach.importer.text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_importer_build import summary

from voicecoach.importer import ArticleError, import_text
from voicecoach.importer.text import (
    html_to_text,
    looks_like_html,
    normalize,
    strip_emphasis,
    tables_to_lines,
)
from voicecoach.routine import Range

ARTICLES = Path(__file__).parent / "data" / "articles"


def test_html_to_text_keeps_headings_bold_and_items_and_drops_scripts() -> None:
    html = ("<html><head><title>x</title></head><body><h2>Squat</h2><p>Stand <b>tall</b>.</p>"
            "<script>var a</script><ul><li>One</li></ul></body></html>")
    assert html_to_text(html) == "\n\n## Squat\n\nStand **tall**.\n\n- One\n\n"


def test_html_article_imports_without_page_clutter() -> None:
    html = (ARTICLES / "html-running-drills.html").read_text("utf-8")
    result = import_text(html, "<stdin>")
    assert [e.name for e in result.routine.exercises] == [
        "High Knees", "Butt Kicks", "A-Skips", "Leg Swings"]
    assert result.routine.source == "Four Running Drills for Better Form"
    assert "tracking" not in result.to_yaml()


@pytest.mark.parametrize(
    ("text", "html"),
    [("<!DOCTYPE html><p>x</p>", True), ("<html>", True), ("Intro\n<p>Squat</p>", True),
     ("Squat 3 x 10 <- do it", False), ("# Title", False)],
)
def test_looks_like_html(text: str, html: bool) -> None:
    assert looks_like_html(text) is html


def test_normalize_quotes_spaces_emoji_and_links() -> None:
    text = "\u201cHi\u201d  there\u2026\r\n1\ufe0f\u20e3 Fire  [link](http://x) ![img](a.png)"
    assert normalize(text) == '"Hi" there...\n1. Fire link'


def test_strip_emphasis() -> None:
    assert strip_emphasis("**Bold** and _it_ `code`") == "Bold and it code"


def test_markdown_table_rows_become_name_and_dose_lines() -> None:
    text = "| Exercise | Sets | Reps |\n|---|---|---|\n| Squat | 3 | 10 |\n| Plank | - | - |"
    assert tables_to_lines(text) == "\n**Squat** — 3 sets. 10 reps.\n\nPlank | - | -\n"


def test_table_without_separator_needs_a_header_naming_its_columns() -> None:
    assert tables_to_lines("Exercise | Sets | Hold\n\nPlank | 3 | 30") == (
        "\n**Plank** — 3 sets. hold 30 seconds.\n")
    assert tables_to_lines("a | b\nc | d") == "a | b\nc | d"


def test_tab_separated_table_without_separator_row() -> None:
    text = "Routine\n\nExercise\tSets\tReps\nSquat\t3\t10\nLunge\t2\t8 each leg\n"
    assert summary(import_text(text, "<stdin>")) == [
        {"name": "Squat", "kind": "reps", "reps": Range(10, 10), "sets": Range(3, 3)},
        {"name": "Lunge", "kind": "reps", "reps": Range(8, 8), "sets": Range(2, 2),
         "per_side": True},
    ]


def test_emoji_numbering_and_shorthand_list() -> None:
    text = ("# \U0001f351 Band Burn\n\n### 1\ufe0f\u20e3 Fire Hydrants\n\nStart on all fours "
            "and lift one knee out to the side.\n\n\U0001f449 15 reps each side\n\n"
            "1. Clamshells - 3x15 each side\n2. Side plank - x3, 30s each side\n")
    result = import_text(text, "<stdin>")
    assert result.title == "Band Burn"
    assert [e.name for e in result.exercises] == ["Fire Hydrants", "Clamshells", "Side plank"]
    # a plank's bare "30s" is timed work (only "hold for 30 s" is a hold)
    assert str(result.routine.exercises[2].duration) == "30"
    assert str(result.routine.exercises[2].sets) == "3"


def test_unreadable_html_is_an_article_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from html.parser import HTMLParser

    def broken(self: HTMLParser, data: str) -> None:
        raise AssertionError("boom")

    monkeypatch.setattr(HTMLParser, "feed", broken)
    with pytest.raises(ArticleError) as info:
        html_to_text("<p>x</p>")
    assert str(info.value) == "the HTML cannot be read (boom)"


def test_names_lose_quotes_and_aka() -> None:
    from voicecoach.importer.names import clean_name

    assert clean_name('Reach for the Sky" Exercise (a.k.a. supine serratus anterior)') == (
        "Reach for the Sky")
    assert clean_name("External Rotation of the Shoulder aka") == (
        "External Rotation of the Shoulder")
    assert clean_name("Band Exercise") == "Band Exercise"


def test_table_rows_without_a_header_naming_columns_are_name_and_dose_lines() -> None:
    text = ("| Exercise | Prescription |\n| Shoulder flexion with band | 2 x 10 |\n"
            "| Scapular squeeze | 10 reps, hold 5 seconds |")
    assert [x for x in tables_to_lines(text).split("\n") if x] == [
        "**Shoulder flexion with band** — 2 x 10.",
        "**Scapular squeeze** — 10 reps, hold 5 seconds."]


def test_a_week_s_plan_in_a_table_is_not_exercises() -> None:
    text = "| Monday | Easy run 5 km |\n| Tuesday | Rest |"
    assert tables_to_lines(text) == text

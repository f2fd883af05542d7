"""`voicecoach import`, and articles given straight to plan and render."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach import session as sessions
from voicecoach import sources
from voicecoach.cli import app

SEED = Path(__file__).parent / "data" / "articles" / "hip-exercises-article.txt"
runner = CliRunner()


def test_import_then_session_equals_the_builtin(tmp_path: Path) -> None:
    article = tmp_path / "hip.txt"
    shutil.copy(SEED, article)
    target = tmp_path / "hip-imported.yaml"
    result = runner.invoke(app, ["import", str(article), "-o", str(target)],
                           env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "8 exercises" in result.output and "Step-Ups" in result.output
    assert "confidence" in result.output  # the review table
    imported = sessions.apply(sources.load(target))
    builtin = sessions.apply(sources.load("hip"))
    assert [s.dose for s in imported.steps] == [s.dose for s in builtin.steps]
    assert [s.name for s in imported.steps] == [s.name for s in builtin.steps]
    # and it does not overwrite a file it did not make
    again = runner.invoke(app, ["import", str(article), "-o", str(target)])
    assert again.exit_code == 2 and "not overwriting" in again.output


def test_import_default_name_stdin_and_json(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "hip.txt")
    assert runner.invoke(app, ["import", "hip.txt"]).exit_code == 0
    assert (tmp_path / "hip.yaml").exists()
    piped = runner.invoke(app, ["import", "-", "--json"], input=SEED.read_text())
    assert piped.exit_code == 0
    data = json.loads(piped.stdout)
    assert len(data["exercises"]) == 8


@pytest.mark.audio
def test_article_straight_to_plan_and_render(tmp_path: Path) -> None:
    article = tmp_path / "hip.txt"
    shutil.copy(SEED, article)
    plan = runner.invoke(app, ["plan", str(article)])
    assert plan.exit_code == 0 and "donkey-kicks" in plan.output
    out = tmp_path / "imported.mp3"
    render = runner.invoke(app, ["render", str(article), "--only", "glute-bridges",
                                 "--reps", "2", "--no-instructions", "-o", str(out)])
    assert render.exit_code == 0, render.output
    assert out.stat().st_size > 10_000


def test_bad_article_is_one_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("Nothing to see here.\n")
    for command in (["import", str(empty)], ["plan", str(empty)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2
        assert result.output.startswith("error: ")
        assert "Traceback" not in result.output


def test_imported_routine_is_named_after_its_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SEED, tmp_path / "article.txt")
    assert runner.invoke(app, ["import", "article.txt", "-o", "hip-imported.yaml"]).exit_code == 0
    assert sources.load("hip-imported.yaml").slug == "hip-imported"
    assert sources.load("article.txt").slug == "article"
    plan = runner.invoke(app, ["plan", "hip-imported.yaml"])
    assert "[hip-imported]" in plan.output


@pytest.mark.parametrize("columns", ["80", "160"])
def test_the_review_shows_each_fields_phrase_at_any_width(tmp_path: Path, columns: str) -> None:
    article = tmp_path / "hip.txt"
    shutil.copy(SEED, article)
    result = runner.invoke(app, ["import", str(article)], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1].startswith("Wrote ")  # a path, left whole for copying
    assert all(len(line) <= int(columns) for line in lines[:-1])
    assert all(line == line.rstrip() for line in lines if "┃" not in line and "│" not in line)
    flat = " ".join(" ".join(line.strip("│┃ ").split()) for line in lines)
    # the phrase each dose came from, whole in the list, folded in the table's column
    assert ("piriformis" in flat.lower()) and "8 exercises" in flat
    narrow = int(columns) < 110
    assert ("┃" in result.output) is not narrow
    if narrow:
        assert "1. Foam Roll Glutes" in result.output and "\n8. Step-Ups" in result.output
        assert '"' in result.output and "   check " in result.output
        # a per-side dose says so once ("10 reps per side", not "..., each side" again)
        assert "per side, each side" not in flat and "per side" in flat

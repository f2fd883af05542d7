"""voicecoach.render: what ``to_file`` checks before any audio work (targets, inputs,
limits), through the command line and directly. No speech, no encoding."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach import render, sources
from voicecoach import session as sessions
from voicecoach.cli import app
from voicecoach.errors import OutputError

runner = CliRunner()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, list(args), input=input)
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture(autouse=True)
def _ffmpeg(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("voicecoach.export.ffmpeg_path", lambda: "ffmpeg")


def test_the_routine_file_is_never_the_output(tiny: Path) -> None:
    before = tiny.read_bytes()
    result = run("render", str(tiny), "-o", str(tiny))  # not an audio name: refused
    assert result.exit_code == 2 and "is not an audio format" in result.output
    assert tiny.read_bytes() == before
    named = tiny.with_name("r.mp3")  # a routine file with an audio name
    named.write_bytes(before)
    result = run("render", str(named), "-o", str(named))
    assert result.exit_code == 4 and "is this command's input" in result.output
    assert named.read_bytes() == before


def test_an_article_is_never_the_output(tmp_path: Path, data_dir: Path) -> None:
    article = tmp_path / "a.txt"
    text = (data_dir / "articles" / "hip-exercises-article.txt").read_bytes()
    article.write_bytes(text)
    result = run("render", str(article), "-o", str(article))
    assert result.exit_code == 2 and "is not an audio format" in result.output
    assert article.read_bytes() == text


@pytest.mark.parametrize("name", ["s.json", "s.vtt"])
def test_a_transcript_is_never_the_output(tmp_path: Path, name: str) -> None:
    result = run("render", "hip", "--transcript", "-o", str(tmp_path / name))
    assert result.exit_code == 2 and "is not an audio format" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_transcript_target_that_is_a_folder_fails_before_audio(tmp_path: Path) -> None:
    (tmp_path / "s.json").mkdir()
    (tmp_path / "s.mp3").write_text("good")
    result = run("render", "hip", "--transcript", "-o", str(tmp_path / "s.mp3"))
    assert result.exit_code == 4 and "s.json: is a folder" in result.output
    assert (tmp_path / "s.mp3").read_text() == "good"


def test_a_fifo_target_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "s.mp3"
    os.mkfifo(fifo)
    result = run("render", "hip", "-o", str(fifo))
    assert result.exit_code == 4 and "FIFO" in result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_hostile_slug_never_leaves_the_output_folder(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    session = sessions.apply(sources.load("hip"))
    object.__setattr__(session, "slug", "../../package")  # past every check upstream
    with pytest.raises(OutputError, match="not a plain file name"):
        render.default_output(session, tmp_path)


def test_plan_and_check_apply_the_laid_out_limit(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from voicecoach import limits

    monkeypatch.setattr(limits, "MAX_SESSION_SECONDS", 600)  # hip lays out to over 15 min
    for command in ("plan", "check", "render"):
        result = run(command, "hip", *(["-o", str(tmp_path / "f.mp3")]
                                       if command == "render" else []))
        assert result.exit_code == 2 and "more than the limit of 0:10:00" in result.output
    assert not (tmp_path / "f.mp3").exists()


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text('name: "Hip\\e]0;owned\\a\\e[2J"\nexercises:\n'
                    '  - name: "Squats\\e]8;;http://x\\e\\\\"\n    reps: 3\n'
                    '    equipment: "mat\\x9b"\n')
    for args in (("plan",), ("plan", "--timeline"), ("check",)):
        result = run(*args, str(path))
        assert result.exit_code == 0
        assert not any(ch in result.output for ch in "\x1b\x07\x9b\x00"), args


def test_init_writes_yaml_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "-o", "r.toml")
    assert result.exit_code == 2 and "written as YAML" in result.output
    assert not (tmp_path / "r.toml").exists()
    result = run("init", "Knee Rehab", "-o", "physio/week1.yaml")
    assert result.exit_code == 0
    assert sources.load("physio/week1.yaml").slug == "week1"
    result = run("init", "💪💪")
    assert result.exit_code == 0 and (tmp_path / "routine.yaml").exists()


def test_import_refuses_a_device_and_its_own_input(tmp_path: Path, data_dir: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_bytes((data_dir / "articles" / "hip-exercises-article.txt").read_bytes())
    result = run("import", str(article), "-o", str(tmp_path / "r.toml"))
    assert result.exit_code == 2 and "written as YAML" in result.output
    fifo = tmp_path / "f.txt"
    os.mkfifo(fifo)
    result = run("import", str(fifo))
    assert result.exit_code == 2 and "FIFO" in result.output


def test_a_name_too_long_is_one_line(tmp_path: Path) -> None:
    long = str(tmp_path / ("a" * 300 + ".mp3"))
    for args in (("render", "hip", "-o", long), ("init", "-o", long[:-4] + ".yaml")):
        result = run(*args)
        assert result.exit_code == 4 and "more than the 255" in result.output, args

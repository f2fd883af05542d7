"""voicecoach.config: defaults from voicecoach.toml; flags win over it; a bad file is
one line naming the file and the key; doctor shows which file is used."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach import config, doctor
from voicecoach.cli import app

runner = CliRunner()


def _config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "voicecoach.toml"
    path.write_text(text)
    monkeypatch.setenv("VOICECOACH_CONFIG", str(path))
    return path


def _settings(*args: str) -> str:
    result = runner.invoke(app, ["plan", "hip", *args])
    assert result.exit_code == 0, result.output
    return next(line for line in result.output.splitlines() if line.startswith("Settings:"))


GOOD = """\
level = "hard"
rate = 150
volume = 1.2
tones = "full"
instructions = "brief"
tempo = 2.5
lead-in = 10
"""


def test_the_config_file_sets_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                       ) -> None:
    assert _settings() == "Settings: level=easy; rate=170"
    _config(tmp_path, monkeypatch, GOOD)
    assert _settings() == ("Settings: level=hard; tempo=2.5; lead_in=10; instructions=brief; "
                           "tones=full; rate=150; volume=1.2")


def test_flags_win_over_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    _config(tmp_path, monkeypatch, GOOD)
    assert _settings("--level", "easy", "--rate", "170", "--no-instructions", "--tempo", "3",
                     "--tones", "minimal", "--volume", "1.0", "--lead-in", "5") == (
        "Settings: level=easy; tempo=3; lead_in=5; instructions=none; rate=170")


def test_apply_fills_only_what_no_flag_gave() -> None:
    from voicecoach import flags as flags_mod

    loaded = config.Config(Path("c.toml"), {"voice": "en-gb", "rate": 150,
                                            "instructions": "none"})
    out = config.apply(flags_mod.defaults(), {"rate"}, loaded)
    assert (out["voice"], out["rate"], out["no_instructions"]) == ("en-gb", "170", True)
    out = config.apply({**flags_mod.defaults(), "brief": True}, {"brief"}, loaded)
    assert out["brief"] and not out["no_instructions"]


def test_the_user_config_folder_is_the_default_place(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.delenv("VOICECOACH_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path, chosen = config.location()
    assert path == tmp_path / "voicecoach" / "voicecoach.toml" and not chosen
    assert config.load() == config.Config()  # none there: no settings
    path.parent.mkdir()
    path.write_text('level = "standard"\n')
    assert config.load().values == {"level": "standard"}


@pytest.mark.audio
def test_the_output_folder_from_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           tiny: Path) -> None:
    folder = tmp_path / "sessions"
    _config(tmp_path, monkeypatch, f'output = "{folder}"\n')
    result = runner.invoke(app, ["render", str(tiny), "--reps", "1", "--only", "1"])
    assert result.exit_code == 0, result.output
    assert (folder / "tiny.mp3").is_file()
    given = tmp_path / "given.mp3"  # -o wins
    assert runner.invoke(app, ["render", str(tiny), "--reps", "1", "--only", "1", "-o",
                               str(given)]).exit_code == 0
    assert given.is_file()


@pytest.mark.parametrize(("text", "said"), [
    ("rate = 500\n", "key 'rate' = 500: must be between 60 and 400 words per minute"),
    ("rate = 150.5\n", "key 'rate' = 150.5: give a whole number"),
    ("rate = 'fast'\n", "key 'rate' = 'fast': give a number (words per minute)"),
    ("level = 'extreme'\n", "key 'level' = 'extreme': give easy, standard or hard"),
    ("tempo = -1\n", "key 'tempo' = -1: must be greater than zero seconds"),
    ("tempo = 0.1\n", "key 'tempo' = 0.1: must be at least 0.5 seconds"),
    ("rest = 1e9\n", "key 'rest' = 1000000000: is more than the maximum of 600 s"),
    ("volume = true\n", "key 'volume' = bool: give a number"),
    ("tempo = nan\n", "key 'tempo' = nan: must be greater than zero"),
    ("levle = 'hard'\n", "unknown key 'levle': did you mean 'level'?"),
    ("[level]\nx = 1\n", "key 'level' = dict: give easy, standard or hard"),
    ("rate = \n", "not valid TOML"),
    ("output = ''\n", "key 'output' = '': give a string"),
])
def test_a_bad_config_file_is_one_line_naming_the_file_and_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, said: str) -> None:
    path = _config(tmp_path, monkeypatch, text)
    result = runner.invoke(app, ["plan", "hip"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: ")
    assert said in lines[0]


@pytest.mark.parametrize("what", ["missing", "folder", "binary"])
def test_an_unusable_config_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             what: str) -> None:
    path = tmp_path / "c.toml"
    if what == "folder":
        path.mkdir()
    elif what == "binary":
        path.write_bytes(b"\xff\xfe\x00rate")
    monkeypatch.setenv("VOICECOACH_CONFIG", str(path))
    result = runner.invoke(app, ["plan", "hip"])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert str(path) in result.output


def test_doctor_shows_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    path = _config(tmp_path, monkeypatch, 'level = "hard"\n')
    check = doctor.config()
    assert check.ok and check.found == f"{path}: level=hard"
    path.write_text("level = 3\n")
    check = doctor.config()
    assert not check.ok and not check.needed and "key 'level'" in check.found
    monkeypatch.delenv("VOICECOACH_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    check = doctor.config()
    assert check.ok and check.found.startswith("none (defaults; create ")


def test_shell_completion_is_offered() -> None:
    result = runner.invoke(app, ["--help"])
    assert "--install-completion" in result.output and "--show-completion" in result.output

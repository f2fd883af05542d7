"""The command line, driven with Typer's CliRunner: every command, and bad input
ending in one clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mutagen.id3 import ID3
from typer.testing import CliRunner

from voicecoach.cli import app
from voicecoach.errors import FlagError

runner = CliRunner()


def run(*args: str, input: str | None = None):
    result = runner.invoke(app, list(args), input=input)
    assert "Traceback" not in result.output
    return result


def test_help_lists_commands_with_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("render", "plan", "play", "routines", "voices", "check", "init", "import"):
        assert command in result.output
    assert "voicecoach render hip" in result.output


@pytest.mark.parametrize(
    "command",
    ["render", "plan", "play", "check", "init", "import", "voices", "devices", "cache",
     "routines"],
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and "voicecoach " in result.output


def test_routines_list_and_show() -> None:
    listed = run("routines")
    assert listed.exit_code == 0 and "hip" in listed.output
    shown = run("routines", "show", "hip")
    assert shown.exit_code == 0
    assert yaml.safe_load(shown.output)["name"] == "Hip Exercises for Hamstrings and Piriformis"
    missing = run("routines", "show", "nope")
    assert missing.exit_code == 2 and "no built-in routine called 'nope'" in missing.output


def test_routines_show_copy_renders(tmp_path: Path) -> None:
    copy = tmp_path / "my.yaml"
    copy.write_text(run("routines", "show", "hip").output)
    result = run("plan", str(copy))
    assert result.exit_code == 0 and "donkey-kicks" in result.output


def test_plan_shows_table_and_total() -> None:
    result = run("plan", "hip")
    assert result.exit_code == 0
    assert "donkey-kicks" in result.output and "10 reps per side" in result.output
    assert "Total: about" in result.output


def test_plan_marks_changed_values() -> None:
    result = run("plan", "hip", "--level", "hard", "--reps", "glute-bridges=15")
    assert result.exit_code == 0
    assert "15 reps, hold 2 s *" in result.output
    assert "* changed by a flag" in result.output
    assert "reps[glute-bridges]=15" in result.output


def test_plan_timeline_prints_every_event() -> None:
    result = run("plan", "hip", "--timeline", "--only", "glute-bridges")
    assert result.exit_code == 0
    assert "Exercise 1 of 1: Glute Bridges." in result.output
    assert "Last one. Up." in result.output
    assert "[glute-bridges, rep 10]" in result.output


def test_plan_json_is_the_session_as_data() -> None:
    result = runner.invoke(app, ["plan", "hip", "--json", "--level", "hard", "--reps",
                                 "donkey=12", "--sets", "glute=2", "--skip", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == 1 and data["estimated"] is True
    assert data["routine"] == {"name": "Hip Exercises for Hamstrings and Piriformis",
                               "slug": "hip"}
    assert data["settings"]["level"] == "hard" and data["settings"]["reps[donkey]"] == "12"
    steps = {step["slug"]: step for step in data["steps"]}
    assert len(steps) == 7 and "foam-roll-glutes" not in steps
    donkey = steps["donkey-kicks"]
    assert (donkey["reps"], donkey["per_side"], donkey["sets"], donkey["tempo"]) == (
        12, True, 1, 3.0)
    assert donkey["changed"] == ["reps"] and donkey["dose"] == "12 reps per side"
    bridges = steps["glute-bridges"]
    assert (bridges["reps"], bridges["hold"], bridges["sets"]) == (10, 2, 2)
    assert bridges["rest"] == 30.0 and bridges["changed"] == ["sets"]
    assert steps["piriformis-stretch"]["hold"] == 10
    chapters = data["chapters"]
    assert chapters[0]["title"] == "Opening" and len(chapters) == 9
    assert chapters[0]["start"] == 0 and chapters[-1]["end"] == data["duration"]
    assert all(chapters[i]["end"] == chapters[i + 1]["start"]
               for i in range(len(chapters) - 1))
    assert data["voice"]["rate"] == 170 and data["tones"] == "minimal"
    total = run("plan", "hip", "--level", "hard", "--reps", "donkey=12", "--sets", "glute=2",
                "--skip", "1")
    minutes, seconds = divmod(round(data["duration"]), 60)
    assert f"Total: about {minutes}:{seconds:02d}" in total.output


def test_plan_json_and_timeline_together_are_refused() -> None:
    result = run("plan", "hip", "--json", "--timeline")
    assert result.exit_code == 2 and "cannot be used together" in result.output


@pytest.mark.audio
def test_render_with_transcript(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "tiny.mp3"
    result = run("render", str(tiny), "-o", str(out), "--transcript", "--reps", "2",
                 "--bitrate", "96")
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output and "chapters  7" in result.output
    assert "Audio saved to" not in result.output  # pyttsx3's own chatter stays out
    assert out.exists() and out.with_suffix(".vtt").exists()
    cue_sheet = json.loads(out.with_suffix(".json").read_text())
    assert cue_sheet["settings"]["reps"] == "2"
    comment = str(ID3(out).getall("COMM")[0])
    assert "reps=2" in comment


@pytest.mark.audio
def test_render_default_output_path(tiny: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("render", str(tiny), "--only", "1", "--no-instructions")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "output" / "tiny.mp3").exists()


@pytest.mark.audio
def test_voices_lists_espeak_voices() -> None:
    result = run("voices", "--language", "en")
    assert result.exit_code == 0
    assert "en-us" in result.output.lower()


def test_cache_shows_clips() -> None:
    result = run("cache")
    assert result.exit_code == 0 and "clips" in result.output


def test_init_writes_a_routine_that_renders_plan(tmp_path: Path) -> None:
    target = tmp_path / "knee.yaml"
    result = run("init", "Knee Rehab", "-o", str(target))
    assert result.exit_code == 0
    text = target.read_text()
    assert text.count("#") > 20  # commented throughout
    assert run("check", str(target)).exit_code == 0
    plan = run("plan", str(target))
    assert plan.exit_code == 0 and "bodyweight-squats" in plan.output
    again = run("init", "Knee Rehab", "-o", str(target))
    assert again.exit_code == 2 and "not overwriting" in again.output
    assert target.read_text() == text


def test_check_reports_every_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nexercises:\n  - name: A\n    reps: -1\n"
                   "  - name: B\n    hold: x\n    colour: red\n")
    result = run("check", str(bad))
    assert result.exit_code == 2
    assert "3 problems" in result.output
    assert f"{bad}:4: exercise 1 'A', field 'reps'" in result.output
    assert f"{bad}:7: exercise 2 'B', field 'colour'" in result.output


# ---------------------------------------------------------------- bad input: one message each

BAD_FLAGS = {
    "unknown exercise": (["--reps", "donky-kicks=12"], "did you mean donkey-kicks?"),
    "ambiguous prefix": (["--reps", "single-leg=12"], "is ambiguous"),
    "position out of range": (["--only", "9"], "there is no exercise 9"),
    "zero reps": (["--reps", "0"], "must be greater than zero"),
    "negative sets": (["--sets", "glute-bridges=-2"], "must be greater than zero"),
    "fraction of a rep": (["--reps", "2.5"], "must be a whole number"),
    "not a number": (["--reps", "donkey-kicks=twelve"], "'twelve' is not a number"),
    "absurd reps": (["--reps", "5000"], "more than the maximum of 200"),
    "flag does not apply": (["--hold", "foam-roll-glutes=10"],
                            "foam-roll-glutes is timed work, so --hold does not apply"),
    "hold too long for tempo": (["--hold", "glute-bridges=60", "--tempo", "2"],
                                "more than ten times the tempo"),
    "session too long": (["--reps", "200", "--sets", "20"], "more than the maximum of 4:00:00"),
    "bad level": (["--level", "extreme"], "--level must be one of easy, standard, hard"),
    "negative rest": (["--rest", "-5"], "--rest must be zero or more seconds"),
    "zero tempo": (["--tempo", "0"], "--tempo must be greater than zero"),
    "skip everything": (["--only", "1", "--skip", "1"], "leave no exercise"),
    "brief and none": (["--brief", "--no-instructions"], "cannot be used together"),
    "volume": (["--volume", "9"], "--volume must be between 0.1 and 2.0"),
    "rate": (["--rate", "5"], "--rate must be between 60 and 400"),
}


@pytest.mark.parametrize("case", sorted(BAD_FLAGS))
def test_bad_flag_values(case: str) -> None:
    args, message = BAD_FLAGS[case]
    result = run("plan", "hip", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert result.output.count("error:") == 1


def test_unknown_routine() -> None:
    result = run("plan", "hipz")
    assert result.exit_code == 2
    assert "no such file, and no built-in routine" in result.output


def test_bad_routine_file_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\nexercises:\n  - name: A\n    reps: [1, 2, 3]\n")
    for command in ("plan", "render"):
        result = run(command, str(bad))
        assert result.exit_code == 2
        assert f"{bad}:4: exercise 1 'A', field 'reps'" in result.output


def test_unwritable_output_fails_before_any_audio(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("render", "hip", "-o", str(blocker / "hip.mp3"))
    assert result.exit_code == 4
    assert "cannot create the folder" in result.output or "not a folder" in result.output


def test_output_on_a_folder_writes_folder_name_mp3(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Path] = []

    def to_file(session: object, target: Path, *args: object, **kwargs: object) -> None:
        seen.append(target)
        raise FlagError("stop before audio")

    monkeypatch.setattr("voicecoach.render.to_file", to_file)
    result = run("render", "hip", "-o", str(tmp_path))
    assert "stop before audio" in result.output
    assert seen == [tmp_path / "hip.mp3"]


def test_bad_bitrate() -> None:
    result = run("render", "hip", "--bitrate", "100")
    assert result.exit_code == 2 and "--bitrate must be one of" in result.output
    assert result.output.startswith("error: ")  # one line, no blank line from a progress bar


def test_missing_ffmpeg_is_a_clear_message(tiny: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg on this PATH
    result = run("render", str(tiny), "-o", str(tmp_path / "x.mp3"))
    assert result.exit_code == 3
    assert "ffmpeg is not installed" in result.output
    assert not (tmp_path / "x.mp3").exists()


def test_console_script_runs_and_help_is_fast() -> None:
    code = ("import sys, time; t = time.perf_counter(); import voicecoach.cli; "
            "print(sorted(m for m in ('numpy', 'pydub', 'pyttsx3', 'mutagen', 'pydantic') "
            "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout
    assert loaded.strip() == "[]"  # heavy modules are imported only by the commands using them


@pytest.mark.audio
def test_render_format_options(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "stereo.mp3"
    result = run("render", str(tiny), "-o", str(out), "--only", "wall-sit", "--no-instructions",
                 "--bitrate", "128", "--sample-rate", "48000", "--channels", "2")
    assert result.exit_code == 0, result.output
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(out)],
        check=True, capture_output=True, text=True,
    )
    stream = json.loads(probe.stdout)["streams"][0]
    assert (int(stream["sample_rate"]), stream["channels"], int(stream["bit_rate"])) == (
        48000, 2, 128000)


# --------------------------------------------------------------------------- standard streams

VOICECOACH = Path(sys.executable).with_name("voicecoach")


def _shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                          env={**os.environ, **env})


def test_a_broken_pipe_exits_quietly() -> None:
    done = _shell(f"{VOICECOACH} plan hip --timeline | head -1; echo \"${{PIPESTATUS[0]}}\"")
    first, code = done.stdout.splitlines()
    assert first.split()[-1] == "Piriformis."
    assert code == "141"  # 128 + SIGPIPE, as any Unix tool (not 1: not a bug)
    assert done.stderr == ""


def test_a_closed_stdout_is_a_warning_not_a_traceback() -> None:
    done = _shell(f"{VOICECOACH} routines show hip >&-")
    assert done.returncode == 0
    assert done.stderr == ("warning: standard output is closed; what voicecoach prints "
                           "there is lost\n")


def test_a_full_stdout_is_one_line() -> None:
    done = _shell(f"{VOICECOACH} plan hip >/dev/full")
    assert done.returncode == 4
    assert done.stderr == "error: cannot write to standard output: No space left on device\n"


def test_an_ascii_output_encoding_replaces_what_it_cannot_show(tmp_path: Path) -> None:
    routine = tmp_path / "u.yaml"
    routine.write_text('name: "Ünïcödé →"\nexercises:\n  - {name: "Kïck →", reps: 5}\n',
                       encoding="utf-8")
    done = _shell(f"{VOICECOACH} plan {routine}", PYTHONIOENCODING="ascii", LANG="C",
                  LC_ALL="C")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("?n?c?d? ?")
    assert "Traceback" not in done.stderr


def test_render_to_a_dash_is_refused(tmp_path: Path) -> None:
    result = run("render", "hip", "-o", "-")
    assert result.exit_code == 2
    assert result.output.startswith("error: -o -: render writes an audio file, not standard "
                                    "output")
    assert not Path("-").exists()

"""A batch: several routines or levels in one command (issue 15), each file as a
separate render would make it, a failure alone."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach import batch, export, flags, render, sources
from voicecoach import session as sessions
from voicecoach.cli import app
from voicecoach.errors import FlagError
from voicecoach.speech import SpeechCache

runner = CliRunner()
BAD = "name: Bad\nexercises: 3\n"


def test_levels_are_split_on_commas() -> None:
    assert batch.levels("easy") == ["easy"]
    assert batch.levels("Easy, standard,hard,easy") == ["easy", "standard", "hard"]
    with pytest.raises(FlagError):
        batch.levels("easy,,hard")


def test_plan_names_each_file_and_keeps_a_bad_routine_apart(tiny: Path) -> None:
    copy = tiny.with_name("copy.yaml")
    shutil.copy(tiny, copy)
    bad = tiny.with_name("bad.yaml")
    bad.write_text(BAD)
    out = tiny.parent / "out"
    jobs = batch.plan([str(tiny), str(copy), str(bad)], ["easy", "hard"], flags.defaults(),
                      export.Format(), out)
    names = [job.target.name for job in jobs if job.session is not None]
    assert names == ["tiny-easy.mp3", "tiny-hard.mp3", "copy-easy.mp3", "copy-hard.mp3"]
    assert all(job.target.parent == out for job in jobs)
    failed = [job for job in jobs if job.session is None]
    assert len(failed) == 2 and "exercises" in failed[0].error and failed[0].exit_code == 2
    assert jobs[0].session != jobs[1].session  # each with its own level


def test_several_outputs_need_a_folder(tmp_path: Path, tiny: Path) -> None:
    result = runner.invoke(app, ["render", str(tiny), str(tiny), "-o",
                                 str(tmp_path / "one.mp3")])
    assert result.exit_code == 2
    assert "give a folder" in result.output
    assert not (tmp_path / "one.mp3").exists()


def ffprobe(path: Path) -> tuple[float, list[tuple[str, float, float]]]:
    found = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_chapters", "-of", "json",
         str(path)], check=True, capture_output=True, text=True).stdout)
    chapters = [(c["tags"]["title"], round(float(c["start_time"]), 3),
                 round(float(c["end_time"]), 3)) for c in found["chapters"]]
    return round(float(found["format"]["duration"]), 3), chapters


def separate(spec: Path, level: str, target: Path) -> tuple[float, list]:
    options = flags.build_options({**flags.defaults(), "level": level})
    session = sessions.apply(sources.load(spec), options)
    render.to_file(session, target, SpeechCache())
    return ffprobe(target)


@pytest.mark.audio
def test_a_batch_of_two_routines_matches_separate_renders(tiny: Path) -> None:
    copy = tiny.with_name("copy.yaml")
    shutil.copy(tiny, copy)
    out = tiny.parent / "batch"
    jobs = batch.plan([str(tiny), str(copy)], ["easy"], flags.defaults(), export.Format(),
                      out)
    seen: set[str] = set()
    outcomes = batch.run(jobs, fmt=export.Format(), processes=2,
                         progress=lambda phase, done, total: seen.add(phase))
    assert [o.ok for o in outcomes] == [True, True]
    assert {"speech", "tiny.mp3", "copy.mp3"} <= seen  # one display: speech, then a bar a file
    alone = separate(tiny, "easy", tiny.parent / "alone.mp3")
    assert ffprobe(out / "tiny.mp3") == alone
    assert ffprobe(out / "copy.mp3") == alone
    assert batch.exit_code(outcomes) == 0


@pytest.mark.audio
def test_a_batch_of_two_levels_matches_separate_renders(tiny: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    monkeypatch.chdir(tiny.parent)
    result = runner.invoke(app, ["render", "tiny.yaml", "--level", "easy,hard"])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 of 2 files" in result.output
    easy, hard = (ffprobe(Path("output") / f"tiny-{level}.mp3") for level in ("easy", "hard"))
    assert easy == separate(tiny, "easy", tiny.parent / "easy.mp3")
    assert hard == separate(tiny, "hard", tiny.parent / "hard.mp3")
    assert easy[0] != hard[0]  # the levels differ (Knee Lifts: 3 reps or 5)


@pytest.mark.audio
def test_a_bad_routine_fails_alone(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tiny.parent)
    Path("bad.yaml").write_text(BAD)
    result = runner.invoke(app, ["render", "bad.yaml", "tiny.yaml", "-o", "sessions"])
    assert result.exit_code == 2
    assert "Wrote 1 of 2 files" in result.output
    assert "error: bad.yaml: bad.yaml:2: field 'exercises'" in result.output
    assert [p.name for p in Path("sessions").iterdir()] == ["tiny.mp3"]

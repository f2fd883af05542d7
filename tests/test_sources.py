"""voicecoach.sources: what ROUTINE names, and the rules above the formats."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from voicecoach import sources
from voicecoach.errors import RoutineError

SEED = Path(__file__).parent / "data" / "articles" / "hip-exercises-article.txt"


def test_builtin_names_and_their_routines() -> None:
    assert "hip" in sources.builtin_names()
    assert sources.load("hip").slug == "hip"
    assert sources.locate("hip").kind == "builtin"


def test_a_file_wins_over_a_builtin_of_the_same_name(tmp_path: Path, data_dir: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(data_dir / "tiny.yaml", tmp_path / "hip")
    assert sources.locate("hip").kind == "routine"
    assert sources.load("hip").name == "Tiny Test Routine"


def test_an_imported_routine_is_named_after_its_file(tmp_path: Path) -> None:
    article = tmp_path / "my-hips.txt"
    shutil.copy(SEED, article)
    assert sources.locate(str(article)).kind == "article"
    assert sources.load(article).slug == "my-hips"


def test_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(SEED.read_text("utf-8")))
    result = sources.read_article("-")
    assert len(result.routine.exercises) == 8
    assert sources.routine_file_for("-", result) == Path(f"{result.routine.slug}.yaml")
    assert sources.routine_file_for("a/b.txt", result) == Path("a/b.yaml")


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="no such file, and no built-in routine"):
        sources.load(str(tmp_path / "nope.yaml"))
    with pytest.raises(RoutineError, match="is a folder, not a routine file"):
        sources.load(str(tmp_path))


def test_toml_routine(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('name = "T"\n[[exercises]]\nname = "A"\nreps = 5\n', "utf-8")
    loaded = sources.load(path)
    assert (loaded.name, loaded.exercises[0].reps.low if loaded.exercises[0].reps else 0) \
        == ("T", 5)

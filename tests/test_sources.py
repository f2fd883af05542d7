"""voicecoach.sources: what ROUTINE names, and the rules above the formats."""

from __future__ import annotations

import io
import os
import shutil
import stat
from pathlib import Path

import pytest

from voicecoach import sources
from voicecoach.errors import ArticleError, RoutineError
from voicecoach.limits import MAX_ARTICLE_BYTES, MAX_ROUTINE_BYTES

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


# --------------------------------------------------------------------------- only regular files,
# and only so many bytes of them (issue 12, item 6)


def test_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mknod of a character device needs root")
    zero = tmp_path / "zero"
    os.mknod(zero, 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero's numbers
    link = tmp_path / "r.yaml"
    link.symlink_to(zero)
    for spec in (zero, link):
        with pytest.raises(RoutineError, match="is a device"):
            sources.load(spec)
    with pytest.raises(ArticleError, match="is a device"):
        sources.read_article(str(tmp_path / "zero"))


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "r.yaml"
    os.mkfifo(fifo)
    with pytest.raises(RoutineError, match="FIFO"):
        sources.load(fifo)  # opening it would block until a writer came


def test_a_symlink_loop_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    with pytest.raises(RoutineError, match="a loop of symbolic links"):
        sources.load(tmp_path / "a.yaml")


def test_a_file_over_the_cap_is_refused_before_reading(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_ROUTINE_BYTES + 1))
    monkeypatch.setattr(Path, "read_text", _never)
    monkeypatch.setattr(Path, "read_bytes", _never)
    with pytest.raises(RoutineError, match="more than the limit"):
        sources.load(big)
    article = tmp_path / "a.txt"
    article.write_bytes(b"x" * (MAX_ARTICLE_BYTES + 1))
    with pytest.raises(ArticleError, match="more than the limit"):
        sources.read_article(str(article))


def test_a_file_growing_after_the_check_is_still_capped(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"#" * 100)
    real = sources.check_regular
    monkeypatch.setattr(sources, "check_regular", lambda *a, **k: real(*a, **k) and
                        path.write_bytes(b"#" * (MAX_ROUTINE_BYTES + 10)))
    with pytest.raises(RoutineError, match="more than the limit"):
        sources.read_bytes(path)


def test_standard_input_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    stdin = io.TextIOWrapper(io.BufferedReader(Endless()))
    monkeypatch.setattr("sys.stdin", stdin)
    with pytest.raises(ArticleError, match="standard input: more than the limit"):
        sources.read_article("-")


def _never(*args: object, **kwargs: object) -> None:
    raise AssertionError("read without a check")


# --------------------------------------------------------------------------- output names


def test_a_copy_of_a_routine_follows_its_own_file_name(tmp_path: Path) -> None:
    copy = tmp_path / "my.yaml"
    copy.write_text(sources.builtin_text("hip"), "utf-8")
    assert sources.load("hip").slug == "hip"
    assert sources.load(copy).slug == "my"
    week = tmp_path / "week1.yaml"
    week.write_text("name: Knee Rehab\nexercises:\n  - name: A\n    reps: 3\n")
    assert sources.load(week).slug == "week1"
    week.write_text("name: Knee Rehab\nslug: knee\nexercises:\n  - name: A\n    reps: 3\n")
    assert sources.load(week).slug == "knee"  # set on purpose


def test_control_characters_in_a_path_never_reach_a_message(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as info:
        sources.load(str(tmp_path / "a\x1b]0;owned\x07.yaml"))
    assert "\x1b" not in str(info.value) and "\x07" not in str(info.value)

"""The bad-input catalogue, through the command line: every hostile or careless routine
file given to ``plan``, ``check`` and ``render`` ends in exactly one line on standard
error starting ``error: `` (a ``hint:`` line may follow) with exit code 2, and no
traceback; ``render`` refuses before any audio is made (the audio guard in conftest.py
fails any test that synthesises or encodes). The valid inputs among them (emoji,
right-to-left text, a 100 KB instruction, names that collide into one slug) plan and
check cleanly.

Cases tested elsewhere through the command line are not repeated here: control
characters reaching the terminal and the laid-out session limit
(``test_render_checks.py``), a 250-character ``-o`` name, a closed or full standard
output (``test_cli.py``). The count of cases is stated in the README (its test,
``test_the_readme_counts_the_catalogue``, keeps the two in step)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from voicecoach.cli import app

runner = CliRunner()
README = Path(__file__).parent.parent / "README.md"

Make = Callable[[Path], Path]


def text(content: str, name: str = "r.yaml") -> Make:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_text(content, "utf-8")
        return path
    return make


def raw(content: bytes, name: str = "r.yaml") -> Make:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(content)
        return path
    return make


def one(field: str, exercise: str = "name: Squats\n    reps: 10") -> str:
    """A routine of one exercise with ``field`` added to it."""
    return f"name: R\nexercises:\n  - {exercise}\n    {field}\n"


def folder(tmp: Path) -> Path:
    (tmp / "d.yaml").mkdir()
    return tmp / "d.yaml"


def fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "f.yaml")
    return tmp / "f.yaml"


def device(tmp: Path) -> Path:
    """A /dev/zero made in the test's folder (never the real /dev)."""
    os.mknod(tmp / "zero.yaml", stat.S_IFCHR | 0o666, os.makedev(1, 5))
    return tmp / "zero.yaml"


def link_to_device(tmp: Path) -> Path:
    (tmp / "link.yaml").symlink_to(device(tmp))
    return tmp / "link.yaml"


def loop(tmp: Path) -> Path:
    (tmp / "a.yaml").symlink_to(tmp / "b.yaml")
    (tmp / "b.yaml").symlink_to(tmp / "a.yaml")
    return tmp / "a.yaml"


def too_big(tmp: Path) -> Path:
    """A sparse 2 MB file: refused by its size, before a byte is read."""
    path = tmp / "big.yaml"
    with path.open("wb") as file:
        file.truncate(2_000_000)
    return path


def unreadable(tmp: Path) -> Path:
    path = text(one("hold: 5"))(tmp)
    path.chmod(0)
    return path


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
    for i in range(8)) + "name: *i\nexercises: []\n"

MANY = "name: R\nexercises:\n" + "".join(
    f"  - name: Move {i}\n    reps: 5\n" for i in range(500))

# name: (how to make the file, expected exit code, what the one line says)
BAD: dict[str, tuple[Make, str]] = {
    "not YAML": (text("name: [unclosed\nexercises: {\n"), "not valid YAML"),
    "not TOML": (text('name = "R"\n[[exercises]\nreps =\n', "r.toml"), "not valid TOML"),
    "not a mapping": (text("- squats\n- lunges\n"), "a routine is a mapping"),
    "a bare string": (text("just some words\n"), "a routine is a mapping"),
    "binary": (raw(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256))), "not a text file"),
    "not UTF-8": (raw("name: Übung\n".encode("latin-1")), "not UTF-8"),
    "empty": (text(""), "a routine is a mapping"),
    "only a comment": (text("# nothing here\n"), "a routine is a mapping"),
    "a folder": (folder, "is a folder"),
    "a FIFO": (fifo, "a FIFO"),
    "a device node (/dev/zero)": (device, "is a device"),
    "a symlink to a device": (link_to_device, "is a device"),
    "a symlink loop": (loop, "a loop of symbolic links"),
    "over the size limit": (too_big, "more than the limit of 1,000,000"),
    "a YAML bomb": (text(BOMB), "expand to more than 100,000"),
    "a recursive alias": (text("name: R\nexercises: &e [*e]\n"), "expand to more than"),
    "a python tag": (text("name: !!python/object/apply:os.system [touch pwned]\n"
                          "exercises: []\n"), "not valid YAML"),
    "500 nesting levels (YAML)": (text("name: " + "[" * 500 + "]" * 500 + "\n"),
                                  "nested more than 32"),
    "500 nesting levels (TOML)": (text("name = " + "[" * 500 + "]" * 500 + "\n", "r.toml"),
                                  "nested more than 32"),
    "a duplicate key": (text(one("reps: 12")), "'reps' appears twice"),
    "name of the wrong type": (text("name: [1, 2]\nexercises:\n  - name: A\n    reps: 3\n"),
                               "field 'name': must be text"),
    "exercises not a list": (text("name: R\nexercises: 5\n"), "field 'exercises': must be a"),
    "exercise not a mapping": (text("name: R\nexercises:\n  - squats\n"),
                               "must be a mapping"),
    "reps of the wrong type": (text(one("hold: lots", "name: A")), "not 'lots'"),
    "a boolean that is not": (text(one("per_side: maybe")), "must be true or false, not"),
    "equipment of the wrong type": (text(one("equipment: {mat: 1}")), "field 'equipment"),
    "defaults not a mapping": (text("name: R\ndefaults: 5\nexercises:\n  - name: A\n"
                                    "    reps: 3\n"), "field 'defaults'"),
    "an unknown field, close match": (text(one("rest_time: 20")),
                                      "did you mean 'rest'?"),
    "an unknown field, no match": (text(one("colour: blue")),
                                   "is not a routine field"),
    "zero reps": (text(one("sets: 0")), "must be greater than zero, not 0"),
    "negative hold": (text(one("hold: -5", "name: A")), "must be greater than zero"),
    "negative tempo": (text(one("tempo: -3")), "field 'tempo': must be greater than zero"),
    "NaN (YAML)": (text(one("duration: .nan", "name: A")), "must be a finite number"),
    "infinity (YAML)": (text(one("hold: .inf", "name: A")), "must be a finite number"),
    "NaN (TOML)": (text('name = "R"\n[[exercises]]\nname = "A"\nreps = nan\n', "r.toml"),
                   "must be a finite number"),
    "infinity (TOML)": (text('name = "R"\n[[exercises]]\nname = "A"\nduration = inf\n',
                             "r.toml"), "must be a finite number"),
    "400 digits": (text(one("reps: 1" + "0" * 400, "name: A")), "must be a finite number"),
    "a million reps": (text(one("reps: 1000000", "name: A")), "more than the maximum of"),
    "a hold of a day": (text(one("hold: 86400", "name: A")), "more than the maximum of"),
    "a rest of a year": (text(one("rest: 31536000")), "must be at most"),
    "a range going down": (text(one("reps: 15-10", "name: A")), "goes downwards"),
    "500 exercises": (text(MANY), "500 exercises, more than the 250"),
    "a slug that is a path": (text("name: R\nslug: ../../package\nexercises:\n"
                                   "  - name: A\n    reps: 3\n"), "must be lower-case"),
    "a cue past the last rep": (text(one("cues: {300: Nearly}")), "cue at rep 300"),
    "two slugs the same": (text("name: R\nexercises:\n  - name: A\n    slug: a\n    reps: 3\n"
                                "  - name: B\n    slug: a\n    reps: 3\n"),
                           "share the slug 'a'"),
    "a name of control characters only": (text('name: "\\e\\a\\x9b\\u200b"\nexercises:\n'
                                               "  - name: A\n    reps: 3\n"), "has no text"),
}
if os.geteuid() != 0:  # root reads a file of mode 000: "over the size limit" stands in
    BAD["an unreadable file"] = (unreadable, "cannot be read")

LONG_INSTRUCTION = "Keep your back straight and breathe out as you lift " * 2000  # 104 KB

GOOD: dict[str, tuple[Make, str]] = {
    "emoji": (text("name: 💪 Strong 💪\nexercises:\n  - name: Squats 🏋️\n    reps: 5\n"
                   "    instructions: Sit back 👍🏽 and stand up 🔥.\n"), "Strong"),
    "right-to-left text": (text("name: תרגילים\nexercises:\n  - name: سكوات\n    reps: 5\n"
                                "    instructions: \"\\u202eReversed\\u202c שב ועמוד.\"\n"),
                           "תרגילים"),
    "a 100 KB instruction": (text(one(f"instructions: {LONG_INSTRUCTION}")), "Total: about"),
    "names colliding into one slug": (text(
        "name: R\nexercises:\n  - name: Squats\n    reps: 3\n  - name: SQUATS!\n    reps: 3\n"
        "  - name: Приседания\n    reps: 3\n  - name: 深蹲\n    reps: 3\n"), "squats-2"),
}


def check_one_error_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert lines and lines[0].startswith("error: "), stderr
    assert sum(line.startswith("error:") for line in lines) == 1, stderr
    assert all(line.startswith("hint: ") for line in lines[1:]), stderr


@pytest.mark.parametrize("command", ["plan", "check", "render"])
@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_input_is_one_error_line_and_exit_2(case: str, command: str,
                                                  tmp_path: Path) -> None:
    make, message = BAD[case]
    path = make(tmp_path)
    target = tmp_path / "out" / "s.mp3"
    args = [command, str(path)] + (["-o", str(target)] if command == "render" else [])
    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    check_one_error_line(result.stderr)
    assert message in result.stderr
    assert result.stdout == ""
    assert not target.exists()
    assert not (Path.cwd() / "pwned").exists()


@pytest.mark.parametrize("command", ["plan", "check"])
@pytest.mark.parametrize("case", list(GOOD))
def test_a_valid_odd_input_plans_cleanly(case: str, command: str, tmp_path: Path) -> None:
    make, shown = GOOD[case]
    result = runner.invoke(app, [command, str(make(tmp_path))])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.exception is None
    assert shown in result.stdout
    assert not any(ch in result.stdout for ch in "\x1b\x07\x00\u202e")
    assert "error" not in result.stderr


@pytest.mark.audio
def test_emoji_and_right_to_left_text_are_spoken(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("name: 💪 תרגילים\nexercises:\n  - name: سكوات 🏋️\n    hold: 5\n"
                    "    instructions: \"\\u202eSit\\u202c back 👍🏽.\"\n", "utf-8")
    target = tmp_path / "s.mp3"
    result = runner.invoke(app, ["render", str(path), "-o", str(target)])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert target.stat().st_size > 1000


def test_the_readme_counts_the_catalogue() -> None:
    counted = re.search(r"a catalogue of (\d+) bad inputs\s+and (\d+) odd but valid ones",
                        README.read_text("utf-8"))
    assert counted, "the README's promise section states the catalogue's count"
    bad = len(BAD) + (0 if "an unreadable file" in BAD else 1)
    assert (int(counted.group(1)), int(counted.group(2))) == (bad, len(GOOD))

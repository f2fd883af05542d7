"""voicecoach.outputs: checked targets, atomic writes, several targets as one transaction.

Device nodes are made with os.mknod in a temporary folder (never /dev); these tests
run as root too, where permission bits do not stop a write on their own.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from voicecoach import outputs
from voicecoach.errors import OutputError


def test_atomic_replaces_only_on_success(tmp_path: Path) -> None:
    target = tmp_path / "s.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), outputs.atomic(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.txt"]
    with outputs.atomic(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"


def test_a_full_disk_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "s.mp3"
    target.write_text("good")

    def full(tmp: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left on device"), \
            outputs.atomic(target) as tmp:
        full(tmp)
    assert target.read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["s.mp3"]


def test_check_writable_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        outputs.check_writable(tmp_path)


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod of a character device needs root")
@pytest.mark.parametrize("device", ["null", "full"])
def test_a_device_node_is_refused_and_kept(tmp_path: Path, device: str) -> None:
    node = tmp_path / device
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3 if device == "null" else 7))
    with pytest.raises(OutputError, match="is a device"):
        outputs.check_target(node)
    with pytest.raises(OutputError, match="is a device"), outputs.atomic(node) as tmp:
        tmp.write_text("session")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "s.mp3"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO"):
        outputs.check_target(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symlink_is_refused_and_its_file_kept(tmp_path: Path) -> None:
    real = tmp_path / "thesis.txt"
    real.write_text("years of work")
    link = tmp_path / "s.mp3"
    link.symlink_to(real)
    with pytest.raises(OutputError, match="symbolic link"):
        outputs.check_target(link)
    with pytest.raises(OutputError, match="symbolic link"), outputs.atomic(link) as tmp:
        tmp.write_text("session")
    assert link.is_symlink() and real.read_text() == "years of work"


def test_a_read_only_file_is_refused_even_as_root(tmp_path: Path) -> None:
    target = tmp_path / "s.mp3"
    target.write_text("keep")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="read-only"):
        outputs.check_target(target)
    assert target.read_text() == "keep"


def test_a_read_only_folder_is_refused_even_as_root(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="read-only"):
            outputs.check_target(folder / "s.mp3")
    finally:
        folder.chmod(0o755)


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    outputs.check_target(tmp_path / "a" / "b" / "s.mp3")
    assert (tmp_path / "a" / "b").is_dir()


def test_an_existing_files_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "s.mp3"
    target.write_text("old")
    target.chmod(0o600)
    with outputs.atomic(target) as tmp:
        tmp.write_text("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_a_new_file_honours_the_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        with outputs.atomic(tmp_path / "s.mp3") as tmp:
            tmp.write_text("new")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "s.mp3").stat().st_mode) == 0o666 & ~mask


def test_a_long_name_is_refused_and_a_long_temporary_name_fits(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="more than the 255"):
        outputs.check_target(tmp_path / ("x" * 256))
    target = tmp_path / ("y" * 251 + ".mp3")
    outputs.check_target(target)
    with outputs.atomic(target) as tmp:
        tmp.write_text("fits")
    assert target.read_text() == "fits"


def test_dash_is_not_a_file_name(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="standard output"):
        outputs.check_target(Path("-"))


def test_an_input_or_a_second_output_is_refused(tmp_path: Path) -> None:
    routine = tmp_path / "my.yaml"
    routine.write_text("name: x")
    with pytest.raises(OutputError, match="this command's input"):
        outputs.check_targets([routine], [routine])
    with pytest.raises(OutputError, match="this command's input"):
        outputs.check_targets([tmp_path / "." / "my.yaml"], [routine])
    json = tmp_path / "s.json"
    with pytest.raises(OutputError, match="written twice"):
        outputs.check_targets([json, tmp_path / "s.vtt", json])
    assert routine.read_text() == "name: x"


def test_within_keeps_names_inside_the_folder(tmp_path: Path) -> None:
    assert outputs.within(tmp_path, "hip.mp3") == tmp_path / "hip.mp3"
    for name in ("../package.json", "/etc/passwd", "..", "a/b.mp3", ".hidden.mp3", ""):
        with pytest.raises(OutputError):
            outputs.within(tmp_path, name)


def test_a_transaction_replaces_all_or_none(tmp_path: Path) -> None:
    mp3, vtt, json = (tmp_path / f"s.{ext}" for ext in ("mp3", "vtt", "json"))
    for path in (mp3, vtt):
        path.write_text("old")
    json.mkdir()  # cannot be replaced by a file: found only when moving into place
    with pytest.raises(OutputError, match="none of this command's files"), \
            outputs.transaction():
        for path in (mp3, vtt, json):
            with outputs.atomic(path) as tmp:
                tmp.write_text("new")
    assert (mp3.read_text(), vtt.read_text(), json.is_dir()) == ("old", "old", True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json", "s.mp3", "s.vtt"]


def test_a_rollback_after_a_failed_move(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mp3, json = tmp_path / "s.mp3", tmp_path / "s.json"
    mp3.write_text("old")
    real = os.replace
    calls: list[str] = []

    def replace(src: str | Path, dst: str | Path) -> None:
        calls.append(str(dst))
        if str(dst) == str(json) and len([c for c in calls if c == str(json)]) == 1:
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr("voicecoach.outputs.os.replace", replace)
    with pytest.raises(OutputError, match="none of this command's files"), \
            outputs.transaction():
        for path in (mp3, json):
            with outputs.atomic(path) as tmp:
                tmp.write_text("new")
    assert mp3.read_text() == "old" and not json.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["s.mp3"]


def test_a_failure_inside_a_transaction_replaces_nothing(tmp_path: Path) -> None:
    mp3, vtt = tmp_path / "s.mp3", tmp_path / "s.vtt"
    mp3.write_text("old")
    with pytest.raises(RuntimeError), outputs.transaction():
        with outputs.atomic(mp3) as tmp:
            tmp.write_text("new")
        raise RuntimeError("the transcript failed")
    assert mp3.read_text() == "old" and not vtt.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["s.mp3"]


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from voicecoach import outputs
    folder, mark = Path(sys.argv[1]), sys.argv[2]
    for _ in range(15):
        with outputs.transaction():
            for ext in ("mp3", "vtt", "json"):
                with outputs.atomic(folder / f"s.{ext}") as tmp:
                    tmp.write_text(mark * 20000)
                    time.sleep(0.001)
""")


def test_two_writers_at_once_never_mix_a_file_or_a_set(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(outputs.__file__).parents[1])}
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), mark], env=env)
             for mark in "ab"]
    while any(p.poll() is None for p in procs):
        try:
            texts = [(tmp_path / f"s.{ext}").read_text() for ext in ("mp3", "vtt", "json")]
        except FileNotFoundError:
            continue
        for text in texts:
            assert text in ("a" * 20000, "b" * 20000)  # never a mixed file
    assert all(p.returncode == 0 for p in procs)
    final = {(tmp_path / f"s.{ext}").read_text()[0] for ext in ("mp3", "vtt", "json")}
    assert len(final) == 1  # the last set is one writer's
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

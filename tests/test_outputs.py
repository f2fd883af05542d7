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


# --------------------------------------------------------------------------- leftovers

HOLDER = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from voicecoach import outputs
    with outputs.atomic(Path(sys.argv[1])) as tmp:
        print(tmp, flush=True)
        time.sleep(60)
""")


def _aged(path: Path, seconds: float = 30) -> Path:
    path.touch()
    old = path.stat().st_mtime - seconds
    os.utime(path, (old, old))
    return path


def test_stale_temporaries_of_the_target_only_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "s.mp3"
    writer = subprocess.Popen([sys.executable, "-c", HOLDER, str(target)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        live = _aged(Path(writer.stdout.readline().strip()))  # a writer at work
        killed = _aged(tmp_path / ".s.mp3.abcdefgh.part")
        kept = [
            live,
            tmp_path / ".s.mp3.fresh_01.part",  # too new to judge: its writer may be
            _aged(tmp_path / ".t.mp3.abcdefgh.part"),  # another target's
            _aged(tmp_path / ".s.mp3.abc.part"),  # not the pattern
            _aged(tmp_path / "s.mp3.abcdefgh.part"),
            _aged(tmp_path / ".s.mp3.abcdefgh.partial"),
            _aged(tmp_path / ".s.mp3.ABCDEFGH.part"),
        ]
        kept[1].touch()
        assert outputs.remove_stale(target) == [killed]
        assert all(p.exists() for p in kept) and not killed.exists()

        writer.kill()  # SIGKILL: the writer's temporary is left, and now stale
        writer.wait()
        assert live.exists()
        assert outputs.remove_stale(target) == [live]
    finally:
        writer.kill()
        writer.wait()


def test_a_write_removes_the_leftovers_of_its_target(tmp_path: Path) -> None:
    target = tmp_path / "s.txt"
    left = _aged(tmp_path / ".s.txt.k1ll3d_x.part")
    with outputs.atomic(target) as tmp:
        tmp.write_text("new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.txt"]
    assert not left.exists()


SLOW_FFMPEG = "#!/bin/sh\nsleep 60\n"  # an encoder at work when the render is killed


@pytest.mark.audio
def test_the_next_render_removes_what_a_killed_render_left(tmp_path: Path,
                                                            data_dir: Path) -> None:
    import contextlib
    import signal
    import time

    voicecoach = Path(sys.executable).with_name("voicecoach")
    work = tmp_path / "work"
    work.mkdir()
    out = work / "tiny.mp3"
    other = _aged(work / ".hip.mp3.abcdefgh.part")  # another target's: not ours to judge
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "ffmpeg").write_text(SLOW_FFMPEG)
    (fake / "ffmpeg").chmod(0o755)
    command = [str(voicecoach), "render", str(data_dir / "tiny.yaml"), "-o", str(out)]
    proc = subprocess.Popen(command, env={**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not list(work.glob(".tiny.mp3.*.part")) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)  # no handler runs: the temporary stays
        proc.wait(10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the fake encoder
    left = list(work.glob(".tiny.mp3.*.part"))
    assert len(left) == 1 and not out.exists()
    while time.time() - left[0].stat().st_mtime <= outputs.STALE_GRACE:
        time.sleep(0.1)

    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in work.iterdir()) == [other.name, "tiny.mp3"]
    assert out.read_bytes()[:3] == b"ID3"

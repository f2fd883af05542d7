"""voicecoach.outputs: checked targets and atomic writes."""

from __future__ import annotations

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


def test_check_writable_refuses_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a folder"):
        outputs.check_writable(tmp_path)

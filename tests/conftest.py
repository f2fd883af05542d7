"""Shared fixtures: a speech cache for the whole run, sample data, a rendered session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def speech_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One speech cache for the run (the clips are real eSpeak NG output)."""
    folder = Path(os.environ.get("VOICECOACH_TEST_CACHE") or tmp_path_factory.mktemp("speech"))
    os.environ["VOICECOACH_CACHE_DIR"] = str(folder)
    os.environ["VOICECOACH_CONFIG"] = os.devnull  # the user's config file stays out of tests
    return folder


@pytest.fixture()
def data_dir() -> Path:
    """The sample data folder (read-only: copy a file before changing it)."""
    return DATA


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    """A private copy of the tiny routine."""
    target = tmp_path / "tiny.yaml"
    shutil.copy(DATA / "tiny.yaml", target)
    return target


@pytest.fixture(autouse=True)
def audio_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that synthesises speech or encodes audio must be marked ``audio``, so that
    ``pytest -m "not audio"`` stays fast: unmarked, the engine and the encoder refuse."""
    if request.node.get_closest_marker("audio"):
        return

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("this test synthesises speech or encodes audio: "
                             "mark it @pytest.mark.audio")

    monkeypatch.setattr("voicecoach.speech.engine.engine", refuse)
    monkeypatch.setattr("voicecoach.encode.encode", refuse)

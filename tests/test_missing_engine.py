"""A machine without eSpeak NG: one clear message and exit code 3, no traceback.

The library is really hidden (bind-mounted over in a private mount namespace),
so pyttsx3 fails exactly as it does where eSpeak NG was never installed.
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.audio

VOICECOACH = Path(sys.executable).with_name("voicecoach")


def _library() -> Path | None:
    for folder in ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib"):
        path = Path(folder) / "libespeak-ng.so.1"
        if path.exists():
            return path.resolve()
    return None


def test_render_without_espeak_ng(tmp_path: Path) -> None:
    library = _library()
    if library is None or os.geteuid() != 0 or ctypes.util.find_library("c") is None:
        pytest.skip("needs root and a system eSpeak NG library to hide")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not available here")
    out = tmp_path / "x.mp3"
    env = dict(os.environ, VOICECOACH_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c",
         f'mount --bind /dev/null "{library}" && exec "{VOICECOACH}" render hip -o "{out}"'],
        capture_output=True, text=True, env=env,
    )
    assert result.returncode == 3, result.stderr
    assert "eSpeak NG is missing" in result.stderr
    assert "apt-get install espeak-ng" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not out.exists()

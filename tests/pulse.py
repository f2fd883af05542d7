"""A private PulseAudio server with a null sink, for tests of the real audio path.

``pulse_server(folder)`` starts ``pulseaudio`` in the foreground with only a
null sink (``vc_test``, 22050 Hz mono) and a unix socket inside ``folder``,
and yields the environment a client needs (``PULSE_SERVER``, ``HOME``,
``XDG_RUNTIME_DIR``, ``PULSE_RUNTIME_PATH``, ``PULSE_STATE_PATH``; the last
four keep pulseaudio, which refuses to share root's real runtime folder, in
``folder``). ``Recorder`` captures the sink's monitor with ``parec``.
Needs the Debian packages ``pulseaudio`` and ``pulseaudio-utils``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

SINK = "vc_test"
RATE = 22050

MISSING = [name for name in ("pulseaudio", "parec", "pactl") if shutil.which(name) is None]


@contextlib.contextmanager
def pulse_server(folder: Path) -> Iterator[dict[str, str]]:
    """Run a throwaway PulseAudio server; yield the environment to reach it."""
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "native"
    config = folder / "server.pa"
    config.write_text(
        f"load-module module-null-sink sink_name={SINK} rate={RATE} channels=1\n"
        f"load-module module-native-protocol-unix socket={socket} auth-anonymous=1\n"
        f"set-default-sink {SINK}\n"
    )
    env = {
        "HOME": str(folder),
        "XDG_RUNTIME_DIR": str(folder),
        "PULSE_RUNTIME_PATH": str(folder / "runtime"),
        "PULSE_STATE_PATH": str(folder / "state"),
        "PULSE_SERVER": f"unix:{socket}",
    }
    log = (folder / "pulseaudio.log").open("wb")
    server = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
         "--use-pid-file=no", "--system=no", "-F", str(config)],
        env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            probe = subprocess.run(["pactl", "list", "short", "sinks"], env={**os.environ, **env},
                                   capture_output=True, text=True)
            if probe.returncode == 0 and SINK in probe.stdout:
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("pulseaudio did not start: "
                                   + (folder / "pulseaudio.log").read_text(errors="replace"))
            time.sleep(0.1)
        yield env
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


class Recorder:
    """``parec`` on the test sink's monitor, into a raw 16-bit mono file."""

    def __init__(self, env: dict[str, str], target: Path) -> None:
        self.target = target
        self._out = target.open("wb")
        self._proc = subprocess.Popen(
            ["parec", "-d", f"{SINK}.monitor", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=20"],
            env={**os.environ, **env}, stdout=self._out, stderr=subprocess.DEVNULL,
        )

    def stop(self) -> bytes:
        self._proc.terminate()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._out.close()
        return self.target.read_bytes()

"""A pseudo-terminal's output, read in the background (tests drive `play` through it)."""

from __future__ import annotations

import os
import threading
import time


class Output:
    """Everything written to the master side of a pty, as it arrives."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.data = bytearray()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            if not chunk:
                return
            self.data.extend(chunk)

    def wait_for(self, text: bytes, timeout: float = 20) -> None:
        """Until ``text`` has been written (or ``timeout`` seconds have passed)."""
        deadline = time.monotonic() + timeout
        while text not in self.data and time.monotonic() < deadline:
            time.sleep(0.05)

"""Single keys from the terminal, for live play.

:class:`KeyReader` puts stdin in cbreak mode (keys arrive one at a time, not
echoed; Ctrl-C still interrupts) only when stdin is a terminal, and always
puts the terminal's settings back as they were. When stdin is not a terminal
(a pipe, a file, a CI job) keys are off and :meth:`KeyReader.read` only waits.
"""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import IO, Any, Protocol


class Keys(Protocol):
    """Where the player gets key presses from (a terminal, or a script in tests)."""

    def __enter__(self) -> Keys: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def read(self, timeout: float) -> list[str]:
        """Keys pressed since the last call, waiting up to ``timeout`` seconds for one."""
        ...


class KeyReader:
    """Keys typed on ``stream`` (stdin by default), in cbreak mode while in use."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream if stream is not None else sys.stdin
        self._fd: int | None = None
        self._saved: list[Any] | None = None

    @property
    def active(self) -> bool:
        """True while keys are being read (stdin is a terminal in cbreak mode)."""
        return self._saved is not None

    def __enter__(self) -> KeyReader:
        try:
            fd = self._stream.fileno()
            interactive = os.isatty(fd)
        except (AttributeError, OSError, ValueError):
            interactive = False
        if interactive and sys.platform != "win32":
            import termios
            import tty

            self._fd = fd
            self._saved = termios.tcgetattr(fd)
            tty.setcbreak(fd, termios.TCSANOW)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None = None,
        value: BaseException | None = None,
        tb: TracebackType | None = None,
    ) -> None:
        self.restore()

    def restore(self) -> None:
        """Put the terminal back as it was (safe to call more than once)."""
        if self._saved is not None and self._fd is not None:
            import termios

            saved, self._saved = self._saved, None
            termios.tcsetattr(self._fd, termios.TCSADRAIN, saved)

    def read(self, timeout: float) -> list[str]:
        if self._saved is None or self._fd is None:
            time.sleep(timeout)
            return []
        import select

        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return []
        try:
            data = os.read(self._fd, 64)
        except OSError:
            return []
        text = data.decode(errors="ignore")
        if "\x1b" in text:  # arrow keys and other escape sequences: not ours
            text = text.split("\x1b", 1)[0]
        return list(text)


class ScriptedKeys:
    """Keys from a list of ``(at_seconds, key)``, against an injected clock (tests)."""

    def __init__(self, script: list[tuple[float, str]], clock: Any,
                 sleep: Any = None) -> None:
        self._script = sorted(script)
        self._clock = clock
        self._sleep = sleep  # advances a fake clock while "waiting" for a key
        self._start: float | None = None

    def __enter__(self) -> ScriptedKeys:
        self._start = self._clock()
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def read(self, timeout: float) -> list[str]:
        if self._sleep is not None:
            self._sleep(timeout)
        start = self._start if self._start is not None else self._clock()
        now = self._clock() - start
        due = [key for at, key in self._script if at <= now]
        self._script = [(at, key) for at, key in self._script if at > now]
        return due

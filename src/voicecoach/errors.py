"""The tool's own errors and the one place that maps them to exit codes.

Every failure a user can cause (bad routine, bad flag, missing system program,
unwritable output) is raised as a :class:`VoicecoachError`; the CLI prints its
message on one line and exits with its ``exit_code``. Anything else is a bug.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_BUG = 1
EXIT_BAD_INPUT = 2
EXIT_MISSING_DEPENDENCY = 3
EXIT_OUTPUT = 4
EXIT_NO_AUDIO_DEVICE = 5
EXIT_INTERRUPTED = 130  # 128 + SIGINT; SIGTERM gives 143 and SIGHUP 129 (see Interrupted)
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of stdout went away, as for any Unix tool


class VoicecoachError(Exception):
    """An error the user can act on. ``str(err)`` is the whole message."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class RoutineError(VoicecoachError):
    """A routine file (or built-in name) that cannot be used.

    ``problems`` holds every problem found, each already located
    ("file:line: exercise 'x', field 'reps': ...").
    """

    def __init__(self, problems: list[str] | str, *, hint: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        message = self.problems[0] if len(self.problems) == 1 else (
            f"{len(self.problems)} problems:\n" + "\n".join(f"  - {p}" for p in self.problems)
        )
        super().__init__(message, hint=hint)


class ArticleError(VoicecoachError):
    """An article that cannot be imported (unreadable, empty, no exercises found)."""


class FlagError(VoicecoachError):
    """A command-line value that does not fit the routine."""


class DependencyError(VoicecoachError):
    """A system program or library the command needs is missing."""

    exit_code = EXIT_MISSING_DEPENDENCY


class OutputError(VoicecoachError):
    """The output cannot be written where the user asked."""

    exit_code = EXIT_OUTPUT


class NoAudioDeviceError(VoicecoachError):
    """Live play found no audio output."""

    exit_code = EXIT_NO_AUDIO_DEVICE


class CacheError(VoicecoachError):
    """The speech cache folder cannot be used or cleared as asked."""


SIGNAL_NAMES = {1: "SIGHUP", 2: "SIGINT", 15: "SIGTERM"}


class Interrupted(KeyboardInterrupt):
    """A signal that stops the tool (SIGINT, SIGTERM, SIGHUP). Raised from the signal
    handler, so every ``finally`` runs as for Ctrl-C; the exit code is 128 + the
    signal's number (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP)."""

    def __init__(self, signum: int = 2) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def message(self) -> str:
        if self.signum == 2:
            return "interrupted"
        return f"interrupted by {SIGNAL_NAMES.get(self.signum, f'signal {self.signum}')}"

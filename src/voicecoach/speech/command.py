"""``--tts-command TEMPLATE``: any speech program that writes a WAV file.

The template is split once, like a shell would split it (:func:`shlex.split`), and
then never again: each placeholder is replaced inside its own argument, so the text
is always exactly one argument and nothing in it (quotes, ``;``, ``$(...)``,
backticks, ``{out}``) is interpreted. No shell is ever run.

Placeholders: ``{text}`` the phrase, ``{out}`` the WAV file to write, ``{rate}`` the
speaking rate in words per minute, ``{voice}`` the ``--voice`` given (or empty);
``{{`` and ``}}`` are literal braces. Without ``{text}``, the phrase goes to the
program's standard input (Piper reads it there). ``{out}`` is required.

What the program writes may be any WAV (or anything ffmpeg reads) at any rate; it is
made 16-bit mono by :func:`voicecoach.speech.clips.read` and resampled to the mix
rate like every clip. Clips are cached with the template in their key.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import DependencyError, FlagError

TIMEOUT = 60.0  # seconds one phrase may take
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{(text|out|rate|voice)\}")
_UNKNOWN = re.compile(r"\{[^{}]*\}")


@dataclass(frozen=True)
class TtsCommand:
    """A checked template: its arguments, split once."""

    template: str
    args: tuple[str, ...]

    @classmethod
    def parse(cls, template: str) -> TtsCommand:
        """Split ``template`` once; every problem is one line (:class:`FlagError`)."""
        try:
            args = tuple(shlex.split(template))
        except ValueError as exc:
            raise FlagError(f"--tts-command: cannot split {template!r} ({exc})") from None
        if not args:
            raise FlagError("--tts-command is empty; give a program and its arguments, "
                            "like 'espeak-ng -w {out} {text}'")
        if not any("{out}" in arg for arg in args):
            raise FlagError("--tts-command needs {out}, where the program writes its WAV "
                            "(e.g. 'espeak-ng -w {out} {text}')")
        for arg in args:
            unknown = _UNKNOWN.findall(PLACEHOLDER.sub("", arg))
            if unknown:
                raise FlagError(f"--tts-command: unknown placeholder {unknown[0]} (use "
                                "{text}, {out}, {rate}, {voice}, or {{ }} for braces)")
        if "{" in args[0]:
            raise FlagError("--tts-command: the program's name cannot be a placeholder")
        return cls(template, args)

    @property
    def program(self) -> str:
        return self.args[0]

    @property
    def uses_stdin(self) -> bool:
        return not any("{text}" in arg for arg in self.args)

    def check(self) -> str:
        """The program's full path; a missing one is a missing piece (exit 3)."""
        found = shutil.which(self.program)
        if not found:
            raise DependencyError(f"--tts-command: {self.program!r} is not installed "
                                  "or not on PATH")
        return found

    def argv(self, text: str, out: Path, rate: int, voice: str | None = None) -> list[str]:
        """The arguments for one phrase: each placeholder replaced in one pass, so that
        what is put in is never looked at again."""
        values = {"text": text, "out": str(out), "rate": str(rate), "voice": voice or ""}

        def fill(match: re.Match[str]) -> str:
            token = match.group(0)
            if token in ("{{", "}}"):
                return token[0]
            return values[match.group(1)]

        return [self.check(), *(PLACEHOLDER.sub(fill, arg) for arg in self.args[1:])]

    def say_to_file(self, text: str, target: Path, rate: int, voice: str | None = None) -> None:
        """Run the program for ``text``; it must leave audio at ``target``."""
        argv = self.argv(text, target, rate, voice)
        try:
            done = subprocess.run(
                argv, input=text.encode("utf-8") if self.uses_stdin else None,
                stdin=None if self.uses_stdin else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=TIMEOUT,
                shell=False,
            )
        except subprocess.TimeoutExpired:
            raise DependencyError(f"--tts-command: {self.program} took more than "
                                  f"{TIMEOUT:.0f} s for {text[:40]!r}") from None
        except OSError as exc:
            raise DependencyError(f"--tts-command: cannot run {self.program}: "
                                  f"{exc.strerror or exc}") from None
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DependencyError(
                f"--tts-command: {self.program} failed (exit status {done.returncode})"
                + (f": {err[-1]}" if err else ""))
        if not target.exists() or target.stat().st_size <= 44:
            raise DependencyError(f"--tts-command: {self.program} wrote no audio to {{out}} "
                                  f"for {text[:40]!r}")

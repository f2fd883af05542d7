"""The config file: defaults for the flags, in ``voicecoach.toml``.

It lives in the platform's config folder (platformdirs: ``~/.config/voicecoach/``
on Linux, ``~/Library/Application Support/voicecoach/`` on macOS,
``%LOCALAPPDATA%\\voicecoach\\`` on Windows), or wherever ``VOICECOACH_CONFIG``
points. A flag on the command line always wins over it. Every value is checked
when the file is read, against the bounds the flags have, and a bad one is one
line naming the file and the key.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import FlagError, VoicecoachError

CONFIG_ENV = "VOICECOACH_CONFIG"
FILE_NAME = "voicecoach.toml"
MAX_CONFIG_BYTES = 100_000

PACING_KEYS = ("tempo", "rest", "switch", "transition", "lead_in", "ready")
# key -> what it takes (shown in messages and the README)
KEYS: dict[str, str] = {
    "level": "easy, standard or hard",
    "tones": "none, minimal or full",
    "instructions": "full, brief or none",
    "voice": "a voice id or name (see `voicecoach voices`)",
    "rate": "words per minute",
    "volume": "a gain from 0.1 to 2.0",
    "tts_command": "a speech program's template, like 'espeak-ng -w {out} {text}'",
    **{key: "seconds" for key in PACING_KEYS},
    "output": "the folder `render` writes to",
    "device": "the audio output for `play`",
}


class ConfigError(VoicecoachError):
    """A config file that cannot be used (exit code 2, like any bad input)."""


@dataclass(frozen=True)
class Config:
    """The settings of one config file (empty when there is none)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key)


def location() -> tuple[Path, bool]:
    """The config file to read, and whether ``VOICECOACH_CONFIG`` chose it."""
    chosen = os.environ.get(CONFIG_ENV)
    if chosen:
        return Path(chosen).expanduser(), True
    from platformdirs import user_config_dir

    return Path(user_config_dir("voicecoach", appauthor=False)) / FILE_NAME, False


def load() -> Config:
    """The config file's settings, checked; no file (where none was asked for) is
    no settings."""
    try:
        path, chosen = location()
    except Exception:  # no home folder for platformdirs: no config
        return Config()
    if str(path) == os.devnull:  # VOICECOACH_CONFIG=/dev/null: no config file
        return Config()
    from .sources import shown

    name = shown(path)
    try:
        if not path.exists():
            if chosen:
                raise ConfigError(f"{CONFIG_ENV}={name}: no such file")
            return Config()
        if not path.is_file():
            raise ConfigError(f"{name}: is not a file (the config file is a TOML file)")
        with path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{name}: cannot read the config file ({exc.strerror})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{name}: more than {MAX_CONFIG_BYTES:,} bytes; is it the config "
                          "file?")
    return Config(path, parse(data, name))


def parse(data: bytes, name: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover (Python 3.10)
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{name}: not UTF-8 text (the config file is TOML)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: not valid TOML ({exc})") from None
    values: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key not in KEYS:
            close = difflib.get_close_matches(key, list(KEYS), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(f"{name}: unknown key {raw_key!r}: {hint}known keys: "
                              + ", ".join(KEYS))
        values[key] = _check(name, raw_key, key, value)
    return values


def _check(name: str, raw_key: str, key: str, value: Any) -> Any:
    from . import limits
    from .routine import LEVELS
    from .session import TONES

    def bad(reason: str) -> ConfigError:
        shown = limits.quote(value) if isinstance(value, str) else (
            limits.num(value) if isinstance(value, (int, float)) and not isinstance(
                value, bool) else type(value).__name__)
        return ConfigError(f"{name}: key '{raw_key}' = {shown}: {reason}")

    choices = {"level": LEVELS, "tones": TONES, "instructions": ("full", "brief", "none")}
    if key in choices:
        if not isinstance(value, str) or value.lower() not in choices[key]:
            raise bad(f"give {KEYS[key]}")
        return value.lower()
    if key == "tts_command" and isinstance(value, str):
        from .speech.command import TtsCommand

        try:
            TtsCommand.parse(value)
        except FlagError as exc:
            raise bad(exc.message.removeprefix("--tts-command").lstrip(": ")) from None
    if key in ("voice", "output", "device", "tts_command"):
        if not isinstance(value, str) or not value.strip() or not value.isprintable():
            raise bad(f"give a string: {KEYS[key]}")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad(f"give a number ({KEYS[key]})")
    try:
        if key == "rate":
            if not float(value).is_integer():
                raise bad("give a whole number of words per minute")
            limits.check_rate(int(value))
            return int(value)
        if key == "volume":
            limits.check_volume(float(value))
            return float(value)
        limits.check_pacing(key, float(value))
        return float(value)
    except FlagError as exc:
        raise bad(re.sub(r"^--[\w-]+ (\S+ )?(?=must|is more)", "", exc.message)) from None


def apply(flags: dict[str, Any], given: set[str], config: Config) -> dict[str, Any]:
    """The session flags with the config's defaults for those not ``given`` on the
    command line (a flag always wins)."""
    out = dict(flags)
    for key in ("level", "tones", "voice", "rate", "volume", "tts_command", *PACING_KEYS):
        value = config.get(key)
        if value is not None and key not in given:
            out[key] = value if key in ("level", "tones", "voice", "tts_command") \
                else _text(value)
    mode = config.get("instructions")
    if mode is not None and not given & {"brief", "no_instructions"}:
        out["brief"], out["no_instructions"] = mode == "brief", mode == "none"
    return out


def _text(value: float) -> str:
    from .limits import num

    return num(value)


def described(config: Config) -> str:
    """For ``doctor``: which file is used, and what it sets."""
    if config.path is None:
        where, _ = location()
        return f"none (defaults; create {where} to change them)"
    keys = ", ".join(f"{k}={v}" for k, v in config.values.items()) or "nothing set"
    return f"{config.path}: {keys}"

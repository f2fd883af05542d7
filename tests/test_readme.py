"""The README cannot drift from the CLI: every command and every option is in it."""

from __future__ import annotations

from pathlib import Path

import typer

from voicecoach.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text()


def commands() -> dict[str, object]:
    group = typer.main.get_command(app)
    found = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found[name] = command
        for sub, subcommand in getattr(command, "commands", {}).items():
            found[f"{name} {sub}"] = subcommand
    return found


def test_every_command_is_in_the_readme() -> None:
    for name in commands():
        assert f"voicecoach {name}" in README, f"`voicecoach {name}` is not in the README"


def test_every_option_is_in_the_readme() -> None:
    missing = [
        f"{name} {option}"
        for name, command in commands().items()
        for param in command.params  # type: ignore[attr-defined]
        for option in param.opts
        if option.startswith("--") and option != "--help" and f"`{option}" not in README
    ]
    assert not missing, f"not in the README: {', '.join(missing)}"

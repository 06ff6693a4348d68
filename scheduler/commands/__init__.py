"""CLI commands beyond validate/generate, one module each, registered on the typer app."""

from __future__ import annotations

import importlib

COMMAND_MODULES = ("rotate", "check", "travel", "bench", "anonymize")


def register_all() -> None:
    """Import every command module that exists; each decorates `scheduler.cli.app`."""
    for name in COMMAND_MODULES:
        try:
            importlib.import_module(f"scheduler.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"scheduler.commands.{name}":
                raise

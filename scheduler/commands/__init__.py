"""CLI commands beyond validate/generate, one module each, registered on the typer app."""

from __future__ import annotations

import importlib

COMMAND_MODULES = ("rotate", "travel", "check", "bench", "anonymize")


def register_all() -> None:
    """Import every command module; each decorates `scheduler.cli.app` with its command."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"scheduler.commands.{name}")

"""The CLI commands, one module each, registered on the typer app of `scheduler.app`."""

from __future__ import annotations

import importlib

COMMAND_MODULES = ("validate", "generate", "rotate", "travel", "plan", "check", "bench",
                   "anonymize", "explain", "rollover", "simulate", "objections")


def register_all() -> None:
    """Import every command module; each decorates `scheduler.app.app` with its command."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"scheduler.commands.{name}")

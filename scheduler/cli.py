"""The `rotaplan` command line: the app of `scheduler.app` with every command of
`scheduler/commands/` registered on it (the entry point of pyproject.toml)."""

from __future__ import annotations

from scheduler.app import app
from scheduler.commands import register_all

register_all()

__all__ = ["app"]

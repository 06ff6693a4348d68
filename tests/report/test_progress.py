"""The live display both solve progress panels share."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from scheduler.report.progress import LiveProgress


class Panel(LiveProgress):
    def __rich__(self) -> Text:
        return Text(f"{self.label} incumbent {self.objective}")


def test_off_a_terminal_nothing_is_drawn_and_the_clock_restarts() -> None:
    buf = io.StringIO()
    progress = Panel(Console(file=buf, force_terminal=False), "cpsat", time_limit=5)
    progress.start = -1e9
    with progress.shown() as shown:
        assert shown is progress
    assert progress.start > 0
    assert buf.getvalue() == ""
    assert (progress.objective, progress.bound) == (None, None)


def test_on_a_terminal_the_panel_is_drawn_while_the_block_runs() -> None:
    buf = io.StringIO()
    progress = Panel(Console(file=buf, force_terminal=True, width=60), "cpsat")
    with progress.shown():
        progress.objective = 42.0
    assert "cpsat incumbent" in buf.getvalue()

"""What the solve displays of `rotate` and `travel` share: the figures and the live panel.

A subclass is the `on_progress` callback of its solve (events arrive on the solver's
threads, hence the lock) and draws itself with `__rich__`; `shown()` keeps that drawing
live on a terminal and leaves a log or a pipe to the subclass's plain lines.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Self

from rich.console import Console
from rich.live import Live

from scheduler.i18n import catalog


class LiveProgress:
    """The latest incumbent and bound of a solve, with its label and time limit."""

    def __init__(self, console: Console, label: str, time_limit: float | None = None,
                 lang: str = "zh"):
        self.T = catalog(lang)
        self.console = console
        self.label = label
        self.time_limit = time_limit
        self.start = time.perf_counter()
        self.objective: float | None = None
        self.bound: float | None = None
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def shown(self) -> Iterator[Self]:
        """Keep the live panel up while the block runs (only on a terminal)."""
        self.start = time.perf_counter()
        if not self.console.is_terminal:
            yield self
            return
        with Live(self, console=self.console, refresh_per_second=4, transient=True):
            yield self

"""What `rotaplan travel` shows while it solves: elapsed time, incumbent, bound, gap, and the
solver's own progress lines.

`solve_travel` decomposes a county into parts and reports each as a short line (no
personal data); a solver that streams improving solutions instead sends objects with
`objective`, `bound` and `elapsed`. Both are shown: on a terminal as a live panel that
redraws four times a second, elsewhere as plain lines (figures at most once a second), so
CI logs stay short.
"""

from __future__ import annotations

import math
import time
from collections import deque
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from scheduler.report.progress import LiveProgress
from scheduler.solving import Note, relative_gap

PLAIN_EVERY_S = 1.0
LINES_SHOWN = 6


class TravelProgress(LiveProgress):
    """The `on_progress` callback of a travel solve, and its display."""

    def __init__(self, console: Console, label: str, time_limit: float | None = None,
                 lang: str = "zh"):
        super().__init__(console, label, time_limit, lang)
        self.lines: deque[str] = deque(maxlen=LINES_SHOWN)
        self._last_figures = -math.inf

    def __call__(self, event: Any) -> None:
        if isinstance(event, Note):
            event = self.T.note(event)
        if isinstance(event, str):
            with self._lock:
                self.lines.append(event)
            if not self.console.is_terminal:
                self.console.print(f"{self.label}: {self.elapsed:7.1f} s  {event}",
                                   markup=False, highlight=False, soft_wrap=True)
            return
        with self._lock:
            if getattr(event, "objective", None) is not None:
                self.objective = event.objective
            if getattr(event, "bound", None) is not None:
                self.bound = event.bound
            now = time.perf_counter()
            if self.console.is_terminal or now - self._last_figures < PLAIN_EVERY_S:
                return
            self._last_figures = now
        figures = self.T.t("terminal.figures", incumbent=_g(self.objective),
                           bound=_g(self.bound), gap=self._gap())
        self.console.print(f"{self.label}: {self.elapsed:7.1f} s  {figures}", markup=False,
                           highlight=False, soft_wrap=True)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def _gap(self) -> str:
        gap = relative_gap(self.objective, self.bound)
        return "–" if gap is None else f"{gap:.2%}"

    def __rich__(self) -> Group:
        limit = f" / {self.time_limit:g} s" if self.time_limit else ""
        T = self.T
        table = Table(title=f"{self.label} {T.t('terminal.solving')}", title_justify="left",
                      show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column(justify="right")
        table.add_row(T.t("terminal.elapsed"), f"{self.elapsed:.1f} s{limit}")
        table.add_row(T.t("terminal.incumbent"), _g(self.objective))
        table.add_row(T.t("terminal.bound"), _g(self.bound))
        table.add_row(T.t("terminal.gap"), self._gap())
        with self._lock:
            lines = [Text(line, style="dim") for line in self.lines]
        return Group(table, *lines)

def _g(x: Any) -> str:
    if x is None:
        return "–"
    return f"{x:.10g}" if isinstance(x, float) else str(x)

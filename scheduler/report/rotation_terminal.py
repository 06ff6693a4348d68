"""What `rotaplan rotate` shows in the terminal: the solve as it runs, then the plan's summary.

On a terminal a live panel (incumbent, bound, gap, elapsed) redraws four times a second;
in a log or a pipe a plain line is printed at most once a second, so CI logs stay short.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from scheduler import rules
from scheduler.report.progress import LiveProgress

if TYPE_CHECKING:
    from scheduler.rotation.outputs import RotationOutputs

PLAIN_EVERY_S = 1.0


class SolveProgress(LiveProgress):
    """The `on_progress` callback of a solve, and its display.

    Events come from the solver's threads with `elapsed`, `objective` and `bound`, and,
    when the solver works level by level, `stage`, `stage_index` and `stages`: the
    incumbent and bound shown are then those of the current stage.
    """

    def __init__(self, console: Console, label: str, time_limit: float | None = None):
        super().__init__(console, label, time_limit)
        self.stage = ""  # the objective level being solved, when solving in stages
        self.solutions = 0
        self._last_line = -math.inf

    def __call__(self, event: Any) -> None:
        objective = getattr(event, "objective", None)
        bound = getattr(event, "bound", None)
        stage = _stage_text(event)
        with self._lock:
            if stage != self.stage:  # a new stage has its own incumbent and bound
                self.stage, self.objective, self.bound = stage, None, None
            if objective is not None and objective != self.objective:
                self.solutions += 1
                self.objective = objective
            if bound is not None:
                self.bound = bound
            now = time.perf_counter()
            if self.console.is_terminal or now - self._last_line < PLAIN_EVERY_S:
                return
            self._last_line = now
        elapsed = getattr(event, "elapsed", now - self.start)
        stage = f"  {self.stage}" if self.stage else ""
        self.console.print(f"{self.label}: {elapsed:7.1f} s{stage}  {self._figures()}",
                           markup=False, highlight=False, soft_wrap=True)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))

    def _figures(self) -> str:
        gap = self.gap
        return (f"incumbent {_g(self.objective)}  bound {_g(self.bound)}  "
                f"gap {'–' if gap is None else f'{gap:.2%}'}")

    def __rich__(self) -> Table:
        elapsed = time.perf_counter() - self.start
        limit = f" / {self.time_limit:g} s" if self.time_limit else ""
        table = Table(title=f"{self.label} 求解中 solving", title_justify="left",
                      show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column(justify="right")
        gap = self.gap
        table.add_row("elapsed 用时", f"{elapsed:.1f} s{limit}")
        if self.stage:
            table.add_row("stage 阶段", self.stage)
        table.add_row("incumbent 当前最好", _g(self.objective))
        table.add_row("bound 下界", _g(self.bound))
        table.add_row("gap 差距", "–" if gap is None else f"{gap:.2%}")
        table.add_row("solutions 解", str(self.solutions))
        return table

def _stage_text(event: Any) -> str:
    """"2/4 senior_title" for a solve in lexicographic stages, "" otherwise."""
    stage = getattr(event, "stage", "") or ""
    stages = getattr(event, "stages", 1) or 1
    if not stage and stages <= 1:
        return ""
    return f"{getattr(event, 'stage_index', 1)}/{stages} {stage}".strip()


def _gap(gap: float | None) -> str:
    """A gap too small for two decimals is shown in full, never as a bare 0.00%."""
    if gap is None:
        return "–"
    return f"{gap:.2%}" if gap == 0 or gap >= 5e-5 else f"{gap:.1e}"


def summary_table(outputs: RotationOutputs) -> Table:
    """Status, objective, bound, gap, time, quotas, principals, shortage, per-school standards
    and CVs of the written plan."""
    s, fig = outputs.summary, outputs.figures
    base = outputs.baseline
    table = Table(title="轮岗方案 Rotation plan", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    status = s["status"]
    colour = "green" if status == "OPTIMAL" else "yellow"
    stopped = f" (stopped by {s['stopped_by']})" if s.get("stopped_by") else ""
    table.add_row("status", f"[{colour}]{status}[/{colour}]{stopped}")
    table.add_row("objective", _g(s["objective"]))
    table.add_row("best bound", _g(s["best_bound"]))
    table.add_row("gap", _gap(s["gap"]))
    open_level = next((lv for lv in s.get("levels", []) if not lv["proven"]), None)
    if open_level is not None:
        table.add_row("open level", f"{open_level['level']}: {_g(open_level['value'])} vs bound "
                                    f"{_g(open_level['bound'])} (gap {_gap(open_level['gap'])}); "
                                    "the levels before it are proven optimal")
    table.add_row("time", f"{s['solve_seconds']:.2f} s solve, {s['build_seconds']:.2f} s build "
                          f"({s['method']}, {s['workers']} worker(s), seed {s['seed']})")
    table.add_row("movers", _vs(fig.movers, fig.required_movers)
                  + f" of {fig.eligible} eligible")
    table.add_row("backbone movers", _vs(fig.backbone_movers, fig.required_backbone_movers))
    due = len(rules.leaders_to_move(outputs.instance))
    colour = "green" if fig.principals_moved >= due else "red"
    table.add_row("principals moved", f"[{colour}]{fig.principals_moved}[/{colour}] of {due} "
                                      "due (R12; not counted in movers)")
    by_hand = ""
    if base is not None:
        by_hand = (f"  (by hand: {_g(base.figures.unmet_shortage_after)})" if base.figures
                   else "  (by hand: no plan)")
    table.add_row("unmet shortage", f"{_g(fig.unmet_shortage_before)} → "
                                    f"{_g(fig.unmet_shortage_after)}{by_hand}")
    table.add_row("distance", f"{_g(s['total_distance_km'])} km in all, longest "
                              f"{_g(s['max_distance_km'])} km")
    for st in s["standards"]:
        if st["schools"]:
            table.add_row(f"standards met {st['stage']} {st['indicator']}",
                          f"{st['meeting_before']} → {st['meeting_after']} of {st['schools']} "
                          f"schools (≥ {st['standard_per100']:g} per 100 students)")
    for before, after in zip(s["cv_before"], s["cv_after"], strict=True):
        if after["cv"] is None:
            continue
        colour = "green" if after["meets"] else "red"
        table.add_row(f"CV {after['stage']} {after['indicator']}",
                      f"{_cv(before['cv'])} → [{colour}]{after['cv']:.3f}[/{colour}] "
                      f"(limit {after['limit']:.2f})")
    for broken in s.get("cv_limits_unmet", ()):
        table.add_row(f"CV {broken['stage']} {broken['indicator']} over its limit",
                      broken["why"])
    return table


def _cv(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _vs(got: int, need: int) -> str:
    colour = "green" if got >= need else "red"
    return f"[{colour}]{got}[/{colour}] (required ≥ {need})"


def _g(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float):
        return f"{x:.10g}" if not x.is_integer() else f"{x:,.0f}"
    return str(x)

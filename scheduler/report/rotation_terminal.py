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
from scheduler.i18n import Catalog, Items, catalog
from scheduler.report.progress import LiveProgress
from scheduler.report.travel_grid import school_name
from scheduler.solving import relative_gap

if TYPE_CHECKING:
    from scheduler.rotation.outputs import RotationOutputs

PLAIN_EVERY_S = 1.0


class SolveProgress(LiveProgress):
    """The `on_progress` callback of a solve, and its display.

    Events come from the solver's threads with `elapsed`, `objective` and `bound`, and,
    when the solver works level by level, `stage`, `stage_index` and `stages`: the
    incumbent and bound shown are then those of the current stage.
    """

    def __init__(self, console: Console, label: str, time_limit: float | None = None,
                 lang: str = "zh"):
        super().__init__(console, label, time_limit, lang)
        self.stage = ""  # the objective level being solved, when solving in stages
        self.solutions = 0
        self._last_line = -math.inf

    def __call__(self, event: Any) -> None:
        objective = getattr(event, "objective", None)
        bound = getattr(event, "bound", None)
        stage = _stage_text(event, self.T)
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
        return relative_gap(self.objective, self.bound)

    def _figures(self) -> str:
        gap = self.gap
        return self.T.t("terminal.figures", incumbent=_g(self.objective), bound=_g(self.bound),
                        gap="–" if gap is None else f"{gap:.2%}")

    def __rich__(self) -> Table:
        elapsed = time.perf_counter() - self.start
        limit = f" / {self.time_limit:g} s" if self.time_limit else ""
        T = self.T
        table = Table(title=f"{self.label} {T.t('terminal.solving')}", title_justify="left",
                      show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column(justify="right")
        gap = self.gap
        table.add_row(T.t("terminal.elapsed"), f"{elapsed:.1f} s{limit}")
        if self.stage:
            table.add_row(T.t("terminal.stage"), self.stage)
        table.add_row(T.t("terminal.incumbent"), _g(self.objective))
        table.add_row(T.t("terminal.bound"), _g(self.bound))
        table.add_row(T.t("terminal.gap"), "–" if gap is None else f"{gap:.2%}")
        table.add_row(T.t("terminal.solutions"), str(self.solutions))
        return table

def _stage_text(event: Any, T: Catalog) -> str:
    """"2/4 职称评审农村任教经历" for a solve in lexicographic stages, "" otherwise."""
    stage = getattr(event, "stage", "") or ""
    stages = getattr(event, "stages", 1) or 1
    if not stage and stages <= 1:
        return ""
    return f"{getattr(event, 'stage_index', 1)}/{stages} {T.code('level', stage)}".strip()


def _gap(gap: float | None) -> str:
    """A gap too small for two decimals is shown in full, never as a bare 0.00%."""
    if gap is None:
        return "–"
    return f"{gap:.2%}" if gap == 0 or gap >= 5e-5 else f"{gap:.1e}"


def summary_table(outputs: RotationOutputs, lang: str = "zh") -> Table:
    """Status, each objective level with its bound, time, quotas, principals, subject gaps,
    per-school standards and CVs of the written plan, in the reader's language. The single
    encoded objective (a number of 20+ digits) is left to the summary file."""
    T = catalog(lang)
    s, fig = outputs.summary, outputs.figures
    base = outputs.baseline
    table = Table(title=T.t("terminal.rotation_title"), title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    status = s["status"]
    colour = "green" if status == "OPTIMAL" else "yellow"
    stopped = f"（{T.code('stopped', s['stopped_by'])}）" if s.get("stopped_by") else ""
    table.add_row(T.t("summary.status"),
                  f"[{colour}]{T.code('status', status)}[/{colour}]{stopped}")
    for lv in s.get("levels", []):
        state = T.t("rotation.proven") if lv["proven"] else T.t("rotation.gap",
                                                                  gap=_gap(lv["gap"]))
        table.add_row(T.code("level", lv["level"]),
                      f"{_g(lv['value'])}  ({T.t('terminal.bound')} {_g(lv['bound'])}; {state})")
    if not s.get("levels"):
        table.add_row(T.t("summary.gap"), _gap(s["gap"]))
    open_level = next((lv for lv in s.get("levels", []) if not lv["proven"]), None)
    if open_level is not None:
        table.add_row("", T.t("terminal.open_level", level=T.code("level", open_level["level"])))
    table.add_row(T.t("summary.solve_seconds"), T.t(
        "terminal.time", solve=f"{s['solve_seconds']:.2f}", build=f"{s['build_seconds']:.2f}",
        method=T.code("method", s["method"]), workers=s["workers"], seed=s["seed"]))
    table.add_row(T.t("summary.movers"), T.t("terminal.movers", got=_ok(fig.movers,
                  fig.required_movers), need=fig.required_movers, eligible=fig.eligible))
    table.add_row(T.t("summary.backbone_movers"), T.t("terminal.backbone", got=_ok(
        fig.backbone_movers, fig.required_backbone_movers), need=fig.required_backbone_movers))
    due = len(rules.leaders_to_move(outputs.instance))
    table.add_row(T.t("summary.principals_moved"), T.t(
        "terminal.principals", got=_ok(fig.principals_moved, due), due=due))
    by_hand = ""
    if base is not None:
        by_hand = (T.t("terminal.by_hand", value=_g(round(base.figures.unmet_shortage_after, 2)))
                   if base.figures else T.t("terminal.by_hand_none"))
    table.add_row(T.t("rotation.shortage"), T.t(  # weighted sums: 168.78125 reads as 168.78
        "terminal.shortage", before=_g(round(fig.unmet_shortage_before, 2)),
        after=_g(round(fig.unmet_shortage_after, 2)), by_hand=by_hand))
    table.add_row(T.t("summary.total_distance_km"), T.t(
        "terminal.distance", total=_g(s["total_distance_km"]), max=_g(s["max_distance_km"])))
    for st in s["standards"]:
        if st["schools"]:
            table.add_row(f"{T.code('stage', st['stage'])} {T.code('indicator', st['indicator'])}",
                          T.t("terminal.standards", before=st["meeting_before"],
                              after=st["meeting_after"], schools=st["schools"],
                              standard=f"{st['standard_per100']:g}"))
    for before, after in zip(s["cv_before"], s["cv_after"], strict=True):
        if after["cv"] is None:
            continue
        colour = "green" if after["meets"] else "red"
        table.add_row(f"CV {T.code('stage', after['stage'])} "
                      f"{T.code('indicator', after['indicator'])}",
                      T.t("terminal.cv", before=_cv(before["cv"]),
                          after=f"[{colour}]{after['cv']:.3f}[/{colour}]",
                          limit=f"{after['limit']:.2f}"))
    for broken in s.get("cv_limits_unmet", ()):
        table.add_row(T.t("terminal.cv_over", stage=T.code("stage", broken["stage"]),
                          indicator=T.code("indicator", broken["indicator"])),
                      T.t("terminal.cv_proven" if broken.get("proven") else "terminal.cv_open"))
    return table


def pinned_warning(outputs: RotationOutputs, lang: str = "zh") -> str | None:
    """The lesson rows whose named teacher the plan moves out of reach (summary's
    `pinned_lessons_out_of_reach`), as one line for under the table: no timetable of the
    county after these moves exists, and the county should know before it publishes."""
    pinned = outputs.summary.get("pinned_lessons_out_of_reach")
    if not pinned:
        return None
    T = catalog(lang)
    inst = outputs.instance
    rows = T.items(Items.of([T.t(
        "terminal.pinned_row", site=school_name(inst, p["site_id"]), class_id=p["class_id"],
        subject=T.code("subject", p["subject"]), teacher=p["teacher_id"],
        to=school_name(inst, p["to_school_id"])) for p in pinned], shown=5))
    return T.t("terminal.pinned", n=len(pinned), rows=rows, command="plan",
               stay="action = stay")


def _ok(got: int, need: int) -> str:
    colour = "green" if got >= need else "red"
    return f"[{colour}]{got}[/{colour}]"


def _cv(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _g(x: Any) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float):
        return f"{x:.10g}" if not x.is_integer() else f"{x:,.0f}"
    return str(x)

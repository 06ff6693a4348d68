"""Several school years in a row: plan the rotation, roll over, plan again (`rotaplan
simulate`).

Each year's plan is written as `rotate` writes it, re-read by the independent checker,
and rolled over from what was written (`scheduler.rollover`), so the years chain exactly
as a county running `rotate` and `rollover` by hand would chain them. The figures per
year are what a county asks of the cycle: how many moved, who moved a second time (within
a term, an error; after an exchange ended, allowed but counted), exchanges ending that
come home or stay on, the unmet shortage and the 优质均衡 CVs against their limits.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scheduler.check.rotation import check_rotation
from scheduler.data.instance import Instance
from scheduler.data.load import load_instance
from scheduler.errors import NoPlanError
from scheduler.report.files import write_outputs
from scheduler.rollover import read_moves, roll_over, snapshot, write_instance
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import Note, SolverSettings

INSTANCE_DIR = "instance"
ROTATION_DIR = "rotation"


@dataclass
class YearFigures:
    """One simulated year (ids only where a county must look: the second moves)."""

    index: int
    year: int
    status: str
    objective: float
    best_bound: float
    gap: float
    solve_seconds: float
    eligible: int
    movers: int
    movers_required: int
    backbone_movers: int
    principals_moved: int
    second_within_term: list[str]
    second_across_terms: list[str]
    came_home: int
    stayed_on: int
    retired: int
    unmet_shortage_before: float
    unmet_shortage_after: float
    cvs: list[dict[str, Any]]
    check_findings: list[str] = field(default_factory=list)

    @property
    def cvs_within_limits(self) -> bool:
        """Every CV that can be computed is within its limit (no degrees known: not judged)."""
        return all(c["meets"] is not False for c in self.cvs)

    def record(self) -> dict[str, Any]:
        return {**asdict(self), "cvs_within_limits": self.cvs_within_limits,
                "check_ok": not self.check_findings}


@dataclass
class Simulation:
    """Every year simulated; `stopped` says why it ended early (no plan in a year)."""

    instance: str
    county: str
    years_asked: int
    years: list[YearFigures] = field(default_factory=list)
    stopped: str | Note = ""  # said by a display, like the reasons
    stopped_reasons: list[str | Note] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Every plan passed the checker and nobody moved twice within a term."""
        return all(not y.check_findings and not y.second_within_term for y in self.years)

    def summary(self, settings: SolverSettings) -> dict[str, Any]:
        """The figures; `stopped` and its reasons may be Notes, said in the page's language
        and in English in the JSON (`report.simulation.write_simulation_report`)."""
        return {"instance": self.instance, "county": self.county, "years_asked": self.years_asked,
                "years_done": len(self.years), "stopped": self.stopped,
                "stopped_reasons": list(self.stopped_reasons),  # Notes: English in JSON
                "wall_seconds": round(self.wall_seconds, 2),
                "time_limit_per_year": settings.time_limit, "workers": settings.workers,
                "seed": settings.seed,
                "second_within_term": sum(len(y.second_within_term) for y in self.years),
                "second_across_terms": sum(len(y.second_across_terms) for y in self.years),
                "cvs_within_limits_every_year": all(y.cvs_within_limits for y in self.years),
                "checks_ok": all(not y.check_findings for y in self.years),
                "years": [y.record() for y in self.years]}


def second_moves(inst: Instance, moves: dict[str, str]) -> tuple[list[str], list[str]]:
    """Movers with an earlier exchange in history.csv: (still under way this year: R11
    broken, within a term; ended: across terms)."""
    year = inst.policy.year
    within, across = [], []
    for tid in sorted(moves):
        earlier = [h for h in inst.history if h.teacher_id == tid and h.start_year < year]
        if any(h.under_way(year) for h in earlier):
            within.append(tid)
        elif earlier:
            across.append(tid)
    return within, across


def _cv_rows(cvs: Any) -> list[dict[str, Any]]:
    return [{"stage": r.stage, "indicator": r.indicator,
             "cv": None if math.isnan(r.cv) else round(float(r.cv), 4),
             "limit": float(r.limit), "meets": r.meets}
            for r in cvs.itertuples(index=False)]


def simulate(inst: Instance, years: int, out: Path, settings: SolverSettings,
             lang: str = "zh", on_year: Callable[[YearFigures], None] | None = None,
             guard: Callable[[], AbstractContextManager[Any]] = nullcontext) -> Simulation:
    """Plan `years` years from `inst`, writing out/year-K/{instance,rotation} as it goes
    (`out` is a folder being built, e.g. an atomic_dir's temporary one); each solve runs
    inside `guard()` (the command gives Ctrl-C back to Python after it)."""
    start = time.perf_counter()
    sim = Simulation(instance=inst.name, county=inst.county_name, years_asked=years)
    records, policy = snapshot(inst)
    folder = out / "year-1"
    write_instance(records, policy, folder / INSTANCE_DIR)
    for k in range(1, years + 1):
        current = load_instance(folder / INSTANCE_DIR)
        try:
            with guard():
                result = solve_rotation(current, settings, method="cpsat")
        except NoPlanError as exc:
            sim.stopped = Note.of("explain.rotation.year_stopped", k=k,
                                  year=current.policy.year, headline=exc.headline)
            sim.stopped_reasons = list(exc.reasons)
            break
        outputs = build_outputs(current, result)
        plan_dir = write_outputs(outputs, folder / ROTATION_DIR, lang=lang)
        report = check_rotation(current, plan_dir)
        moves = read_moves(current, plan_dir)
        nxt = roll_over(current, moves)
        within, across = second_moves(current, moves)
        s = outputs.summary
        figures = YearFigures(
            index=k, year=current.policy.year, status=s["status"], objective=s["objective"],
            best_bound=s["best_bound"], gap=s["gap"], solve_seconds=s["solve_seconds"],
            eligible=s["eligible"], movers=s["movers"], movers_required=s["movers_required"],
            backbone_movers=s["backbone_movers"], principals_moved=s["principals_moved"],
            second_within_term=within, second_across_terms=across,
            came_home=len(nxt.came_home), stayed_on=len(nxt.stayed_on),
            retired=len(nxt.retired), unmet_shortage_before=s["unmet_shortage_before"],
            unmet_shortage_after=s["unmet_shortage_after"],
            cvs=_cv_rows(outputs.figures.cvs_after),
            check_findings=[f"{f.rule}: {f.message}" for f in report.findings])
        sim.years.append(figures)
        if on_year is not None:
            on_year(figures)
        if k < years:
            folder = out / f"year-{k + 1}"
            write_instance(nxt.records, nxt.policy, folder / INSTANCE_DIR,
                           summary=nxt.summary())
    sim.wall_seconds = time.perf_counter() - start
    return sim

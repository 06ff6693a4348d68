"""Solving one part of a county exactly: a day-level master and one timetable per day.

The master (model level "day") decides who teaches each lesson row, on which days and how
many periods, and prices every teacher-day as a route over the sites it visits; it holds
every rule that spans days (T1, T2, T5, T6, T7, T8) and day-level capacities for T3/T4.
Each day's timetable (model level "slot") then places those lessons in periods (T3,
busy, T4) and prices the day's routes exactly.

Why this is exact: the master is a relaxation (a day's true route costs at least its
price there: going back to a site only adds km), so its bound is a valid bound; when every
day's timetable exists and costs what the master priced, the plan is proven optimal.
When a day cannot be timetabled, the lessons that clash (an unsatisfiable core) are cut
from the master for that day and every day alike for the people involved (logic-based
Benders), and the master is solved again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scheduler.solving import SolverSettings
from scheduler.travel import cpsat
from scheduler.travel.data import Row, TravelData
from scheduler.travel.model import Context, build, slots_of
from scheduler.travel.result import Slot
from scheduler.travel.score import points, term_counts

DAY_SHARE = 0.15  # share of a part's time kept for its day timetables
MAX_ROUNDS = 20   # master re-solves after cuts before giving up on the part


@dataclass
class PartOutcome:
    """How one part went; objective and bound in integer objective points."""

    status: str
    slots: list[Slot] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)  # row indexes left out (partial)
    objective: int | None = None
    bound: int | None = None
    seconds: float = 0.0
    build_seconds: float = 0.0
    first_solution_seconds: float | None = None
    stopped_by: str | None = None
    rounds: int = 0
    cuts: int = 0


def solve_part(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]],
               settings: SolverSettings, time_limit: float, *, optional: bool = False,
               hint: list[Slot] | None = None,
               report: Callable[[str], None] | None = None) -> PartOutcome:
    """Place `rows` with the teachers in `cands`, best objective first, within `time_limit`."""
    start = time.perf_counter()
    deadline = start + time_limit
    master = build(data, rows, cands, level="day", optional=optional)
    if hint:
        _hint_master(master, hint)
    outcome = PartOutcome(status="UNKNOWN", build_seconds=master.build_seconds)
    for round_ in range(1, MAX_ROUNDS + 1):
        outcome.rounds = round_
        began = time.perf_counter()
        run = cpsat.run(master.model, settings, max(0.05, (deadline - began) * (1 - DAY_SHARE)),
                        defaults=cpsat.TRAVEL_DEFAULTS)
        if outcome.first_solution_seconds is None and run.first_solution_seconds is not None:
            outcome.first_solution_seconds = began - start + run.first_solution_seconds
        outcome.stopped_by = run.stopped_by
        if run.status == "INFEASIBLE":
            outcome.status = "INFEASIBLE"
            break
        if run.objective is None:
            outcome.status = "UNKNOWN"
            break
        plan = day_plan(master, run.solver.value)
        slots, cores = [], []
        for d in sorted({d for (_r, _t, d) in plan}):
            day_rows = {r: n for (r, _t, dd), n in plan.items() if dd == d}
            teacher_of = {r: t for (r, t, dd) in plan if dd == d}
            placed, core = timetable_day(data, d, day_rows, teacher_of, settings,
                                         max(1.0, (deadline - time.perf_counter()) / 2))
            if core is not None:
                cores.append((d, core))
            elif placed is None:
                outcome.status = "UNKNOWN"
                outcome.stopped_by = "time_limit"
                return _finish(outcome, start)
            else:
                slots.extend(placed)
        if cores:
            for d, core in cores:
                outcome.cuts += add_cut(master, d, {(r, t): plan[r, t, d] for r, t in core})
            _hint_master_plan(master, plan)
            if time.perf_counter() >= deadline:
                outcome.status = "UNKNOWN"
                outcome.stopped_by = "time_limit"
                break
            continue
        outcome.slots = sorted(slots)
        placed_rows = {(s.site_id, s.class_id, s.subject) for s in slots}
        outcome.unplaced = [row.index for row in rows
                            if (row.site, row.class_id, row.subject) not in placed_rows]
        counts = term_counts(data, outcome.slots)
        counts["unplaced"] = sum(data.rows[r].periods for r in outcome.unplaced)
        outcome.objective = points(data, counts)
        outcome.bound = min(run.bound, outcome.objective)
        proven = run.status == "OPTIMAL" and outcome.objective == run.objective
        outcome.status = "OPTIMAL" if proven else "FEASIBLE"
        if report:
            report(f"{len(rows)} rows: {outcome.status} in {time.perf_counter() - start:.1f} s"
                   f" ({round_} round(s), {outcome.cuts} cut(s))")
        break
    return _finish(outcome, start)


def _finish(outcome: PartOutcome, start: float) -> PartOutcome:
    outcome.seconds = time.perf_counter() - start
    return outcome


def day_plan(master: Context, value: Callable[[Any], int]) -> dict[tuple[int, str, int], int]:
    """(row, teacher, day) -> periods, from a master solution."""
    return {key: n for key, var in master.v.count.items() if (n := int(value(var)))}


def timetable_day(data: TravelData, day: int, periods: dict[int, int],
                  teacher_of: dict[int, str], settings: SolverSettings, time_limit: float
                  ) -> tuple[list[Slot] | None, list[tuple[int, str]] | None]:
    """Periods for one day's lessons, cheapest routes first.

    Returns (slots, None), or (None, core) with the (row, teacher) pairs that cannot all be
    placed that day, or (None, None) when the time ran out.
    """
    rows = [Row(r, data.rows[r].site, data.rows[r].class_id, data.rows[r].subject, n, n, None)
            for r, n in sorted(periods.items())]
    cands = {r: (teacher_of[r],) for r in periods}
    ctx = build(data, rows, cands, level="slot", days=(day,), terms=("km",))
    run = cpsat.run(ctx.model, settings, time_limit)
    if run.objective is not None:
        return slots_of(ctx, run.solver.boolean_value), None
    if run.status != "INFEASIBLE":
        return None, None
    probe = build(data, rows, cands, level="slot", days=(day,), optional=True, terms=())
    lits = {probe.v.placed[r]: r for r in periods}
    check = cpsat.run(probe.model, SolverSettings(workers=1, seed=settings.seed), time_limit,
                      assumptions=list(lits))
    if check.status != "INFEASIBLE":
        return None, None
    core = [lits[lit] for lit in lits
            if lit.index in set(check.solver.sufficient_assumptions_for_infeasibility())]
    return None, [(r, teacher_of[r]) for r in (core or list(periods))]


def add_cut(master: Context, day: int, lessons: dict[tuple[int, str], int]) -> int:
    """Forbid these lessons (row, teacher) -> periods together on `day`, and on every other
    day where the people involved have the same busy slots. Returns the cuts added."""
    data, m = master.data, master.model
    owners = {t for (_r, t) in lessons} | {data.rows[r].class_key for (r, _t) in lessons}

    def busy(d: int) -> frozenset[tuple[str, int]]:
        return frozenset((o, p) for o in owners for p in range(1, data.periods + 1)
                         if (o, d, p) in data.busy)

    added = 0
    for d in master.v.days:
        if busy(d) != busy(day):
            continue
        lits = []
        for (r, t), n in lessons.items():
            var = master.v.count.get((r, t, d))
            if var is None:
                break
            if n == 1:
                lits.append(var if data.rows[r].per_day == 1 else _at_least(master, var, 1))
            else:
                lits.append(_at_least(master, var, n))
        else:
            m.add(sum(lits) <= len(lits) - 1)
            added += 1
    return added


def _at_least(master: Context, var: Any, n: int) -> Any:
    """A literal that is 1 whenever `var` >= n."""
    lit = master.model.new_bool_var(f"ge[{var.name},{n}]")
    top = int(var.proto.domain[-1])
    master.model.add(var <= n - 1 + (top - n + 1) * lit)
    return lit


def _hint_master_plan(master: Context, plan: dict[tuple[int, str, int], int]) -> None:
    master.model.clear_hints()
    for key, var in master.v.count.items():
        master.model.add_hint(var, plan.get(key, 0))
    assigned = {(r, t) for (r, t, _d) in plan}
    for key, var in master.v.assign.items():
        master.model.add_hint(var, key in assigned)


def _hint_master(master: Context, slots: list[Slot]) -> None:
    rows = {(r.site, r.class_id, r.subject): r.index for r in master.rows}
    plan: dict[tuple[int, str, int], int] = {}
    for s in slots:
        r = rows.get((s.site_id, s.class_id, s.subject))
        if r is not None:
            plan[r, s.teacher_id, s.day] = plan.get((r, s.teacher_id, s.day), 0) + 1
    _hint_master_plan(master, plan)

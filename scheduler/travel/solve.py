"""`solve_travel`: a county's traveling-teacher timetable and routes, or why there is none.

Order of work: counting checks (`explain.counting`) refuse what cannot be placed at all;
then either the greedy baseline, or the CP-SAT solve of `scheduler.travel.decompose`
parts, each exact (`scheduler.travel.part`); a part proven infeasible is merged with every
township that could lend it a teacher and solved again, and explained if it is still
infeasible once nothing is left to merge.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scheduler.data.instance import Instance
from scheduler.errors import NoPlanError, UsageError
from scheduler.solving import SolverSettings, SolveStats
from scheduler.travel import decompose, explain, greedy
from scheduler.travel.data import SCALE, TravelData
from scheduler.travel.part import PartOutcome, solve_part
from scheduler.travel.result import Slot, TravelResult
from scheduler.travel.score import build_routes, score

METHODS = ("cpsat", "greedy")
STAGE1_SHARE = 0.05  # of the time limit, for the county-wide borrowing model (≤ 2 s)
EXPLAIN_SHARE = 0.1  # of the time limit, kept for explaining an infeasible part


def solve_travel(inst: Instance, settings: SolverSettings, method: str = "cpsat",
                 partial: bool = False, on_progress: Callable[[str], None] | None = None
                 ) -> TravelResult:
    """Timetable and routes for every lesson row of `inst` (T1-T9), best objective first.

    Without `partial`, raises NoPlanError naming the lessons that cannot be placed and why;
    with it, places the rest and lists those in `unplaced`. `on_progress` receives short
    lines (no personal data) as parts finish.
    """
    if method not in METHODS:
        raise UsageError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    start = time.perf_counter()
    say = on_progress or (lambda _line: None)
    data = TravelData(inst)
    reasons = explain.counting(data)
    if reasons and not partial:
        _refuse(data, reasons)
    dropped = {r: reason.text for reason in reasons if reason.definite for r in reason.rows}
    rows = [row for row in data.rows if row.index not in dropped]
    build_seconds = time.perf_counter() - start
    if method == "greedy":
        slots, left = greedy.plan(data, rows)
        if left and not partial:
            raise NoPlanError("the one-site-a-day timetable cannot place every lesson",
                              [f"{data.rows[r].label}: no teacher has a free day for it at "
                               f"that site" for r in left])
        unplaced = {**dropped, **{r: "no teacher has a free day for it at that site "
                                     "(one site a day)" for r in left}}
        stats = SolveStats(status="FEASIBLE", method="greedy", seed=settings.seed,
                           workers=1, build_seconds=build_seconds)
        result = _result(data, slots, unplaced, stats, start)
        say(f"greedy: {len(slots)} periods placed, {result.terms['km']:.1f} km")
        return result
    return _solve_cpsat(data, rows, dropped, settings, partial, say, start, build_seconds)


def _refuse(data: TravelData, reasons: list[explain.Reason]) -> None:
    rows = {r for reason in reasons for r in reason.rows}
    raise NoPlanError(f"no timetable exists: {len(rows)} lesson row(s) cannot be placed",
                      explain.sentences(reasons))


def _solve_cpsat(data: TravelData, rows: list, dropped: dict[int, str],
                 settings: SolverSettings, partial: bool, say: Callable[[str], None],
                 start: float, build_seconds: float) -> TravelResult:
    deadline = start + settings.time_limit
    explain_time = 0.0 if partial else settings.time_limit * EXPLAIN_SHARE
    stage1 = min(2.0, settings.time_limit * STAGE1_SHARE)
    links = decompose.borrowing(data, rows, settings, stage1, optional=partial)
    todo = decompose.parts(data, rows, links)
    say(f"{len(todo)} part(s) to solve"
        + (f"; {len(links)} township(s) borrow teachers" if links else ""))
    done: list[tuple[decompose.Part, PartOutcome]] = []
    while todo:
        part = todo.pop(0)
        left_size = part.size + sum(p.size for p in todo)
        budget = (deadline - explain_time - time.perf_counter()) * part.size / max(1, left_size)
        outcome = solve_part(data, part.rows, part.cands, settings, max(0.5, budget),
                             optional=partial)
        if outcome.status == "INFEASIBLE":
            joined = decompose.parts(data, rows, links | decompose.merge_links(data, part))
            bigger = next(p for p in joined if part.rows[0] in p.rows)
            if len(bigger.rows) > len(part.rows) or bigger.size > part.size:
                links |= decompose.merge_links(data, part)
                todo = _regroup(data, rows, links, done, bigger)
                say(f"part {'+'.join(part.groups)} is infeasible alone; merged with "
                    f"{'+'.join(g for g in bigger.groups if g not in part.groups)}")
                continue
            found = explain.conflicts(data, part.rows, settings,
                                      max(1.0, deadline - time.perf_counter()))
            raise NoPlanError(f"no timetable exists for township(s) {', '.join(part.groups)}",
                              explain.sentences(found) or [
                                  "the solver proved it infeasible, but no smaller conflict "
                                  "was found in the time left"])
        if outcome.status == "UNKNOWN" and not partial:
            raise NoPlanError(f"no timetable found in {settings.time_limit:g} s for township(s) "
                              f"{', '.join(part.groups)}",
                              ["give it more time (--time-limit) or more workers"])
        say(f"part {'+'.join(part.groups)}: {len(part.rows)} rows, "
            f"{len({t for ts in part.cands.values() for t in ts})} teachers: "
            f"{outcome.status} in {outcome.seconds:.1f} s")
        done.append((part, outcome))
    return _combine(data, rows, dropped, done, settings, start, build_seconds)


def _regroup(data: TravelData, rows: list, links: set, done: list,
             bigger: decompose.Part) -> list[decompose.Part]:
    """Parts still to solve once `bigger` absorbed some; solved parts inside it are redone."""
    absorbed = {r.index for r in bigger.rows}
    done[:] = [(p, o) for p, o in done if not absorbed & {r.index for r in p.rows}]
    solved = {r.index for p, _o in done for r in p.rows}
    return [p for p in decompose.parts(data, rows, links)
            if not solved & {r.index for r in p.rows}]


def _combine(data: TravelData, rows: list, dropped: dict[int, str],
             done: list[tuple[decompose.Part, PartOutcome]], settings: SolverSettings,
             start: float, build_seconds: float) -> TravelResult:
    slots: list[Slot] = [s for _p, o in done for s in o.slots]
    unplaced = dict(dropped)
    for part, o in done:
        why = ("could not be placed together with the other lessons of township(s) "
               f"{', '.join(part.groups)}: teachers' time, weekly caps or travel"
               if o.status != "UNKNOWN" else "no timetable found in the time given")
        unplaced.update({r: why for r in o.unplaced})
        if o.status == "UNKNOWN":
            unplaced.update({r.index: why for r in part.rows})
    statuses = [o.status for _p, o in done]
    status = ("OPTIMAL" if all(s == "OPTIMAL" for s in statuses) else
              "UNKNOWN" if all(s == "UNKNOWN" for s in statuses) and statuses else "FEASIBLE")
    objective = bound = None
    if status != "UNKNOWN":
        objective = score(data.inst, slots, data)["total"]
        lower = [o.bound for _p, o in done if o.bound is not None]
        if len(lower) == len(done):
            bound = (sum(lower) + data.coef["unplaced"] * sum(
                data.rows[r].periods for r in dropped)) / SCALE
    firsts = [o.first_solution_seconds for _p, o in done if o.first_solution_seconds]
    stats = SolveStats(
        status=status, objective=objective, best_bound=bound,
        build_seconds=build_seconds + sum(o.build_seconds for _p, o in done),
        first_solution_seconds=max(firsts) if firsts and len(firsts) == len(done) else None,
        method="cpsat", workers=settings.workers, seed=settings.seed,
        time_limit=settings.time_limit,
        stopped_by=next((o.stopped_by for _p, o in done if o.stopped_by), None))
    result = _result(data, slots, unplaced, stats, start)
    result.parts = [{
        "townships": list(p.groups), "rows": len(p.rows),
        "teachers": len({t for ts in p.cands.values() for t in ts}), "status": o.status,
        "objective": None if o.objective is None else o.objective / SCALE,
        "best_bound": None if o.bound is None else o.bound / SCALE,
        "seconds": round(o.seconds, 3), "rounds": o.rounds, "cuts": o.cuts,
    } for p, o in done]
    result.decomposition_exact = decompose.is_exact(data, [p for p, _o in done])
    return result


def _result(data: TravelData, slots: list[Slot], unplaced: dict[int, str], stats: SolveStats,
            start: float) -> TravelResult:
    stats.solve_seconds = time.perf_counter() - start
    terms = score(data.inst, slots, data)
    if stats.objective is None and stats.status == "FEASIBLE":
        stats.objective = terms["total"]
    return TravelResult(
        slots=sorted(slots), routes=build_routes(data.inst, slots), stats=stats,
        unplaced=[(data.rows[r].site, data.rows[r].class_id, data.rows[r].subject, why)
                  for r, why in sorted(unplaced.items())],
        terms=terms)

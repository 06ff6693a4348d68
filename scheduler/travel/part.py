"""Solving one part of a county: week, days, periods.

1. Week (`scheduler.travel.week`): who teaches each row and how many days each teacher
   drives each day route. A relaxation without day names, so it proves its optimum fast;
   its bound is the part's bound.
2. Days (model level "day"): which days. First with the week's teachers and route counts
   fixed, then with only its teachers fixed, then free; the first that works is kept.
   Every rule spanning days holds here (T1, T2, T5, T6, T7, T8), with day-level
   capacities for T3 and the T4 staircase.
3. Periods (model level "slot", one model per day): T3, busy and T4 exactly, priced by the
   day's exact route km. When a day cannot be timetabled, the lessons that clash (a
   minimal unsatisfiable core) are cut from the day model, on that day and on every day
   alike for the people involved, and the day model is solved again (logic-based Benders).

Why the result is honest: the week model is a relaxation of the part (a day's route costs
at least the price of its day route (`day_routes`), spread is priced at its
least), so its bound holds; the plan is reported OPTIMAL only when its exact objective,
recomputed from the periods, meets that bound. Without a week model (roads not symmetric,
or more than two sites a day) the free day model's bound is used the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from constraints.travel.routes import day_floor, day_sites, route_key
from scheduler.solving import SolverSettings
from scheduler.travel import cpsat, week
from scheduler.travel.budget import BUDGET as B
from scheduler.travel.county_bound import lp_bound, piece_floor
from scheduler.travel.data import Row, TravelData
from scheduler.travel.model import Context, build, slots_of
from scheduler.travel.result import Slot
from scheduler.travel.score import points, term_counts

MAX_ROUNDS = 20    # day-model re-solves after cuts before giving up on an attempt


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
    stopped_by: str | None = None
    rounds: int = 0
    cuts: int = 0
    level: str = ""  # what produced the plan: week routes, week teachers, free, greedy
    # the relaxation's bound came out above the plan and was lowered to its objective (a
    # sign the bound's model prices something the plan does not): said in the summary
    clamped: bool = False

    def set_bound(self, bound: int | None) -> None:
        """Take `bound` (None: unknown) for the plan's objective: lowered to the objective
        and flagged `clamped` where it lies above it, OPTIMAL where the two meet."""
        if self.objective is None:
            raise ValueError("a part's bound is set after its plan's objective")
        self.clamped = bound is not None and bound > self.objective
        self.bound = None if bound is None else min(bound, self.objective)
        self.status = "OPTIMAL" if self.objective == self.bound else "FEASIBLE"


@dataclass
class Piece:
    """One component of a part's week model, with its best solution so far."""

    rows: list[Row]
    cands: dict[int, tuple[str, ...]]
    status: str = "UNKNOWN"
    objective: int | None = None
    bound: int | None = None
    teacher: dict[int, str] = field(default_factory=dict)
    counts: dict[tuple[str, tuple[str, ...]], int] = field(default_factory=dict)
    seconds: float = 0.0
    # a run or the piece's LP has bounded it; until then its bound is `piece_floor`'s
    run_bound: bool = False
    runs: int = 0  # turns in the last phase of pass 2 (`scheduler.travel.solve`)
    # its week model, built on its first run and solved again on later ones (only the
    # hint changes): county-l's 113 pieces had 189 runs in 120 s, 7.5 s of builds
    built: week.Week | None = field(default=None, repr=False, compare=False)
    # the best plan as a value for every variable of `built`, the hint of the next run
    # (CP-SAT takes a complete hint as its first solution, a partial one only as advice)
    solution: list[int] | None = field(default=None, repr=False, compare=False)

    @property
    def size(self) -> int:
        return sum(len(ts) for ts in self.cands.values())

    def settle(self) -> None:
        """OPTIMAL once the bound meets the best plan, else FEASIBLE (when both are known):
        after any change to either."""
        if self.objective is not None and self.bound is not None:
            self.status = "OPTIMAL" if self.bound >= self.objective else "FEASIBLE"

    @property
    def gap(self) -> int:
        """Objective points between the best plan and the bound (large when unknown)."""
        if self.objective is None or self.bound is None:
            return 1 << 60
        return self.objective - self.bound


def pieces(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]], *,
           optional: bool) -> list[Piece]:
    """The week model's components, each bounded by its `piece_floor` (so a part has a
    bound before its pieces run), or none when the week level does not apply."""
    if not week.applies(data):
        return []
    out = []
    for group in week.components(rows, cands):
        mine = {r.index: cands[r.index] for r in group}
        out.append(Piece(group, mine, bound=piece_floor(data, group, mine, optional=optional)))
    return out


def seed(data: TravelData, piece: Piece, slots: list[Slot]) -> None:
    """Start a piece from a timetable (the greedy one): its teachers and day routes become
    the first hint, without an objective (it has not been solved)."""
    key = {(r.site, r.class_id, r.subject): r.index for r in piece.rows}
    teachers = {t for ts in piece.cands.values() for t in ts}
    piece.teacher = {key[k]: s.teacher_id for s in slots
                     if (k := (s.site_id, s.class_id, s.subject)) in key}
    counts: dict[tuple[str, tuple[str, ...]], int] = {}
    for (t, _d), sites in day_sites(slots).items():
        if t in teachers:
            route = (t, route_key(data, data.home[t], sites))
            counts[route] = counts.get(route, 0) + 1
    piece.teacher, piece.counts = week.canonical(data, piece.rows, piece.cands,
                                                 piece.teacher, counts)


def solve_piece(data: TravelData, piece: Piece, settings: SolverSettings, time_limit: float,
                *, optional: bool, prove: bool = True) -> bool:
    """Solve a piece (again, hinted with its best solution); True when that solution
    improved. Bounds only ever rise: every run's bound is valid. `prove` runs the
    bound-oriented portfolio (`cpsat.WEEK_PROVE`), otherwise the one with LNS."""
    wk = prepare(data, piece, settings, optional=optional)
    wk.model.clear_hints()
    if piece.solution is not None:
        week.hint_all(wk, piece.solution)
    elif piece.teacher:
        week.hint(wk, piece.teacher, piece.counts)
    run = cpsat.run(wk.model, settings, max(B.model_min, time_limit),
                    defaults=cpsat.WEEK_PROVE if prove else cpsat.TRAVEL_DEFAULTS)
    piece.seconds += run.seconds
    if run.status == "INFEASIBLE":
        piece.status = "INFEASIBLE"
        return False
    if run.bound is not None:
        piece.bound = run.bound if piece.bound is None else max(piece.bound, run.bound)
        piece.run_bound = True
    better = run.objective is not None and (piece.objective is None
                                             or run.objective < piece.objective)
    if better:
        piece.objective = run.objective
        piece.teacher, piece.counts = week.plan_of(wk, run.solver.value)
        piece.solution = list(run.solver.response_proto.solution)
    piece.settle()
    return better


def prepare(data: TravelData, piece: Piece, settings: SolverSettings, *, optional: bool
            ) -> week.Week:
    """The piece's week model, built once; a seed's plan (teachers and counts, no value
    for the rest) completed into a full solution with its objective."""
    if piece.built is None:
        piece.built = week.build(data, piece.rows, piece.cands, optional=optional)
    if piece.solution is None and piece.teacher:
        done = complete(piece.built, piece.teacher, piece.counts, settings, B.complete_max)
        if done is not None:
            piece.solution, objective = done
            if piece.objective is None or objective < piece.objective:
                piece.objective = objective
    return piece.built


def lp_floor(piece: Piece, time_limit: float) -> None:
    """Raise the piece's bound to its week model's LP (HiGHS), for a piece whose proving
    run was too short for CP-SAT to solve that LP: county-l's largest piece, the last
    and shortest of round 1 (0.5 s), came back with a bound of 0 against an LP of 727.9,
    and the county's bound swung by 900 points from one run to the next with it."""
    if piece.built is None or piece.status in ("OPTIMAL", "INFEASIBLE"):
        return
    value = lp_bound(piece.built.model, time_limit)
    piece.run_bound |= value is not None
    if value is None or (piece.bound is not None and value <= piece.bound):
        return
    piece.bound = value
    piece.settle()


def complete(wk: week.Week, teacher: dict[int, str],
             counts: dict[tuple[str, tuple[str, ...]], int], settings: SolverSettings,
             time_limit: float) -> tuple[list[int], int] | None:
    """A plan's teachers and day-route counts as a value for every variable of the model,
    and its objective (None if the plan breaks the model or time runs out). A hint of
    teachers and counts alone leaves CP-SAT to find the rest, and it often did not: a
    run on county-l's largest piece ended at 1,345 from a hint worth 966. Fixing them
    leaves the loads, shares and cuts to propagate: 0.02-0.05 s there."""
    fixed = wk.model.clone()
    for (r, t), lit in wk.assign.items():
        fixed.add(fixed.get_bool_var_from_proto_index(lit.index) == (teacher.get(r) == t))
    for key, var in wk.days_on.items():
        fixed.add(fixed.get_int_var_from_proto_index(var.index) == counts.get(key, 0))
    run = cpsat.run(fixed, SolverSettings(workers=1, seed=settings.seed), time_limit)
    if run.objective is None:
        return None
    return list(run.solver.response_proto.solution), run.objective


def realise(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]],
            week_pieces: list[Piece], settings: SolverSettings, time_limit: float, *,
            optional: bool = False) -> PartOutcome:
    """A timetable for the part: the pieces' teachers and day routes (solved, or seeded)
    put on days and in periods, else their teachers only, else the free day model (see
    the module doc)."""
    start = time.perf_counter()
    deadline = start + time_limit
    out = PartOutcome(status="UNKNOWN")
    solved = bool(week_pieces) and all(p.teacher for p in week_pieces)
    bound = (sum(p.bound for p in week_pieces)
             if week_pieces and all(p.bound is not None for p in week_pieces) else None)
    if any(p.status == "INFEASIBLE" for p in week_pieces):
        out.status = "INFEASIBLE"
        return _finish(out, start)
    attempts: list[tuple[str, dict[int, tuple[str, ...]], list[Row], dict | None]] = []
    if solved:
        teacher = {r: t for p in week_pieces for r, t in p.teacher.items()}
        counts = {k: n for p in week_pieces for k, n in p.counts.items()}
        kept = [row for row in rows if row.index in teacher]
        fixed = {r: (t,) for r, t in teacher.items()}
        attempts += [("week routes", fixed, kept, counts), ("week teachers", fixed, kept, None)]
    attempts.append(("free", cands, rows, None))
    for level, level_cands, level_rows, counts in attempts:
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        status, slots, day_bound = _realise(data, level_rows, level_cands, settings, left,
                                            optional=optional, counts=counts, out=out)
        if status == "INFEASIBLE" and level != "free":
            continue  # the week's choices do not fit into days: free them
        if status == "INFEASIBLE":
            out.status = "INFEASIBLE"
            break
        if slots is None:
            break  # out of time
        out.level = level
        out.slots = sorted(slots)
        placed = {(s.site_id, s.class_id, s.subject) for s in slots}
        out.unplaced = [row.index for row in rows
                        if (row.site, row.class_id, row.subject) not in placed]
        found = term_counts(data, out.slots)
        found["unplaced"] = sum(data.rows[r].periods for r in out.unplaced)
        out.objective = points(data, found)
        if not week_pieces and level == "free":
            bound = day_bound
        out.set_bound(bound)
        break
    return _finish(out, start)


def _finish(outcome: PartOutcome, start: float) -> PartOutcome:
    outcome.seconds = time.perf_counter() - start
    return outcome


def _realise(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]],
             settings: SolverSettings, time_limit: float, *, optional: bool,
             counts: dict[tuple[str, tuple[str, ...]], int] | None, out: PartOutcome
             ) -> tuple[str, list[Slot] | None, int | None]:
    """Day model and day timetables with cuts: (status, slots or None, day-model bound)."""
    deadline = time.perf_counter() + time_limit
    began = time.perf_counter()
    master = build(data, rows, cands, level="day", optional=optional)
    out.build_seconds += time.perf_counter() - began
    if counts is not None:
        _fix_routes(master, counts)
    for _round in range(MAX_ROUNDS):
        out.rounds += 1
        began = time.perf_counter()
        run = cpsat.run(master.model, settings,
                        max(B.model_min, (deadline - began) * (1 - B.slot_share)),
                        defaults=cpsat.TRAVEL_DEFAULTS)
        out.stopped_by = run.stopped_by or out.stopped_by
        if run.status == "INFEASIBLE":
            return "INFEASIBLE", None, None
        if run.objective is None:
            return "UNKNOWN", None, None
        plan = day_plan(master, run.solver.value)
        slots: list[Slot] = []
        cores = []
        for d in sorted({d for (_r, _t, d) in plan}):
            day_rows = {r: n for (r, _t, dd), n in plan.items() if dd == d}
            teacher_of = {r: t for (r, t, dd) in plan if dd == d}
            left = max(B.retime_min, (deadline - time.perf_counter()) * B.day_share)
            placed, core = timetable_day(data, d, day_rows, teacher_of, settings, left)
            if core is not None:
                cores.append((d, core))
            elif placed is None:
                return "UNKNOWN", None, None
            else:
                slots.extend(placed)
        if not cores:
            return run.status, slots, run.bound
        for d, core in cores:
            out.cuts += add_cut(master, d, {(r, t): plan[r, t, d] for r, t in core})
        _hint(master, plan)
        if time.perf_counter() >= deadline:
            break
    return "UNKNOWN", None, None


def _fix_routes(master: Context, counts: dict[tuple[str, tuple[str, ...]], int]) -> None:
    """Each teacher drives each day route on as many days as the week model chose."""
    drives: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
    for (t, _d, route), lit in master.routes.items():
        drives.setdefault((t, route), []).append(lit)
    priced = {t for (t, _route) in drives}  # teachers whose day routes are pattern-priced
    for key in {*drives, *counts}:
        if key[0] in priced:
            master.model.add(sum(drives.get(key, [])) == counts.get(key, 0))


def day_plan(master: Context, value: Callable[[Any], int]) -> dict[tuple[int, str, int], int]:
    """(row, teacher, day) -> periods, from a day-model solution."""
    return {key: n for key, var in master.v.count.items() if (n := int(value(var)))}


def timetable_day(data: TravelData, day: int, periods: dict[int, int],
                  teacher_of: dict[int, str], settings: SolverSettings, time_limit: float
                  ) -> tuple[list[Slot] | None, list[tuple[int, str]] | None]:
    """Periods for one day's lessons, cheapest routes first.

    Returns (slots, None), or (None, core) with a minimal set of (row, teacher) pairs that
    cannot all be placed that day, or (None, None) when the time ran out.
    """
    deadline = time.perf_counter() + time_limit
    rows = [Row(r, data.rows[r].site, data.rows[r].class_id, data.rows[r].subject, n, n, None,
                min(2 * n, data.rows[r].halves)) for r, n in sorted(periods.items())]
    cands = {r: (teacher_of[r],) for r in periods}
    ctx = build(data, rows, cands, level="slot", days=(day,), terms=("km",))
    lessons: dict[str, dict[str, int]] = {}
    for r, n in periods.items():
        at = lessons.setdefault(teacher_of[r], {})
        at[data.rows[r].site] = at.get(data.rows[r].site, 0) + n
    for t, at in lessons.items():  # the day's least km: proves a timetable optimal at once
        if (t, day) in ctx.metres:
            ctx.model.add(ctx.metres[t, day] >= day_floor(data, data.home[t], at))
    run = cpsat.run(ctx.model, settings, time_limit)
    if run.objective is not None:
        return slots_of(ctx, run.solver.boolean_value), None
    if run.status != "INFEASIBLE":
        return None, None
    probe = build(data, rows, cands, level="slot", days=(day,), optional=True, terms=())
    which = {probe.v.placed[r].index: r for r in periods}
    core = cpsat.minimal_core(probe.model, settings, [probe.v.placed[r] for r in periods],
                              deadline)
    if core is None:
        return None, None
    return None, [(which[lit.index], teacher_of[which[lit.index]]) for lit in core]


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
            lits.append(var if data.rows[r].per_day == 1 else _at_least(master, var, n))
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


def _hint(master: Context, plan: dict[tuple[int, str, int], int]) -> None:
    master.model.clear_hints()
    for key, var in master.v.count.items():
        master.model.add_hint(var, plan.get(key, 0))
    assigned = {(r, t) for (r, t, _d) in plan}
    for key, var in master.v.assign.items():
        master.model.add_hint(var, key in assigned)

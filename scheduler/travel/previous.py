"""Minimal-change re-plans of a written timetable (`rotaplan travel --baseline OLD_DIR`).

A teacher falls ill in October: the county wants their lessons moved to other teachers
and everyone else's week left as it was. `replan` keeps every slot of the previous
timetable that is still valid, and changes one only where that is worth more than the
policy's `rotation.change_penalty`.

How
---
1. Each slot of the previous timetable is judged on its own (`classify`): its teacher
   is gone (teacher_gone), busy then (teacher_busy), its lesson row is gone or has fewer
   periods now (lesson_changed), or a rule refuses it (rule: T2, T8, T12, the pins, the
   class busy or outside its site's bells, T3, T7). The rest are kept. A teacher whose
   kept week breaks a rule spanning slots (T4, T5, T6, T10: a policy that changed) is
   "unsettled": their week is re-planned too.
2. The lesson rows that lack periods (a slot dropped, a row new or longer) and the
   unsettled teachers make the neighbourhood: the rows' nearest `NEAREST` candidate
   teachers with a free period, every teacher who still holds a slot of such a row, and
   every lesson row these teachers hold. Everything else keeps its slots exactly,
   without solving; a county whose timetable is still valid is not solved at all.
3. A slot-level CP-SAT model over the whole week (`scheduler.travel.model`, every rule
   T1-T12) re-plans the neighbourhood, with the other timetables' classes blocked where
   they have lessons. Its objective is the travel objective of the neighbourhood plus
   `change_penalty` for each kept slot it does not keep. It is solved twice: first with
   the complete rows of settled teachers held (only what must move is placed; a small
   model, `FIRST_SHARE` of the time), then with every slot free, hinted with the first
   plan, for the time left; only this second model's bound holds for the
   neighbourhood. If the first has no plan, the neighbourhood grows (twice the
   candidates, then all of them). A slot of an unsettled week that changes is put down
   to the rule it broke; a kept slot of a row that lost slots moves with its row (T2).

Units: the travel objective counts integer points, `SCALE` points to the km-equivalent
(`scheduler.travel.data`: a km of weekly route at the default weight 1.0; a day on the
road is 0.5). `change_penalty` is read in km-equivalents, so one changed slot costs
`change_penalty * SCALE` points: with the default 1, a slot moves only for a gain of more
than one km of weekly route (or two days on the road less), and the objective that
`score` reports stays the travel objective alone.

What it does not do: look for gains outside the neighbourhood (run `travel` without
`--baseline` for a fresh plan), or prove the county optimal: the plan is reported
FEASIBLE, and the neighbourhood's own status, objective and bound are in the summary.
"""

from __future__ import annotations

import copy
import csv
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from scheduler.data.instance import Instance
from scheduler.errors import InputError, NoPlanError, Problem
from scheduler.io.output import FORMULA_PREFIXES
from scheduler.solving import Note, SolverSettings, SolveStats
from scheduler.travel import cpsat, explain
from scheduler.travel.changes import Key, changes, key
from scheduler.travel.data import SCALE, Row, TravelData
from scheduler.travel.model import build, slots_of
from scheduler.travel.result import Previous, Slot, TravelResult, with_weeks
from scheduler.travel.score import build_routes, score

TIMETABLE_CSV = "travel_timetable.csv"
COLUMNS = ("teacher_id", "day", "period", "site_id", "class_id", "subject")
FIRST_SHARE = 0.5  # of the time left, for the model that holds complete rows
NEAREST = 4  # candidate teachers per row lacking periods, nearest first, in the first try

def _plain(s: Slot) -> Slot:
    return Slot(*key(s))


# --- reading ---------------------------------------------------------------------------


def timetable_path(folder: Path) -> Path:
    """OLD_DIR's timetable: a `travel` folder, or a `plan` folder's travel/."""
    for path in (folder / TIMETABLE_CSV, folder / "travel" / TIMETABLE_CSV):
        if path.is_file():
            return path
    raise InputError([Problem(str(folder), None, None,
                              f"expected a travel plan folder holding {TIMETABLE_CSV} (or "
                              f"travel/{TIMETABLE_CSV})")])


def read_previous(folder: Path) -> list[Slot]:
    """The timetable of a written travel plan; every malformed cell is a Problem."""
    path = timetable_path(Path(folder))
    name = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(name, None, None, f"expected a UTF-8 CSV file ({exc})")]
                         ) from None
    missing = [c for c in COLUMNS if rows and c not in rows[0]]
    if missing:
        raise InputError([Problem(name, 1, c, "expected this column") for c in missing])
    problems, out = [], []
    for n, cells in enumerate(rows, start=2):
        values = {c: _unguard((cells.get(c) or "").strip()) for c in COLUMNS}
        wrong = False
        for c in COLUMNS:
            if not values[c]:
                problems.append(Problem(name, n, c, "expected a value"))
                wrong = True
        day, period = _positive(values["day"]), _positive(values["period"])
        for c, v in (("day", day), ("period", period)):
            if values[c] and v is None:
                problems.append(Problem(name, n, c, "expected a whole number ≥ 1"))
                wrong = True
        if not wrong:
            out.append(Slot(values["teacher_id"], day, period, values["site_id"],
                            values["class_id"], values["subject"]))
    if problems:
        raise InputError(problems)
    return out


def _positive(text: str) -> Any:
    return int(text) if text.isdigit() and int(text) >= 1 else None


def _unguard(cell: str) -> str:
    """Undo the writer's spreadsheet-formula guard (a quote before =, +, -, @)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES) else cell


# --- judging the previous timetable -----------------------------------------------------


def classify(data: TravelData, previous: Iterable[Slot]
             ) -> tuple[list[Slot], dict[Key, str], set[str]]:
    """(slots kept, cause of each slot dropped, unsettled teachers): see the module doc."""
    row_of = {(r.site, r.class_id, r.subject): r for r in data.rows}
    kept: list[Slot] = []
    dropped: dict[Key, str] = {}
    for s in sorted({_plain(s) for s in previous}):
        row = row_of.get((s.site_id, s.class_id, s.subject))
        cause = None
        if s.teacher_id not in data.home:
            cause = "teacher_gone"
        elif row is None:
            cause = "lesson_changed"
        elif (s.teacher_id, s.day, s.period) in data.busy:
            cause = "teacher_busy"
        elif (not (1 <= s.day <= data.days and 1 <= s.period <= data.periods)
              or (row.class_key, s.day, s.period) in data.busy
              or data.refusal(row, s.teacher_id) is not None):
            cause = "rule"
        if cause:
            dropped[key(s)] = cause
        else:
            kept.append(s)
    kept = _per_row(data, row_of, kept, dropped)
    kept = _clashes(kept, dropped)
    return kept, dropped, _unsettled(data, kept)


def _per_row(data: TravelData, row_of: dict[tuple[str, str, str], Row], kept: list[Slot],
             dropped: dict[Key, str]) -> list[Slot]:
    """T2 one teacher a row (the one with most slots stays), no more than its periods
    (lesson_changed), T7 its limit a day (rule)."""
    by_row: dict[int, list[Slot]] = defaultdict(list)
    for s in kept:
        by_row[row_of[s.site_id, s.class_id, s.subject].index].append(s)
    out = []
    for r, slots in by_row.items():
        row = data.rows[r]
        teacher = Counter(s.teacher_id for s in slots).most_common(1)[0][0]
        day_count: Counter[int] = Counter()
        taken = 0
        for s in slots:
            if s.teacher_id != teacher:
                dropped[key(s)] = "rule"
            elif taken >= row.periods:
                dropped[key(s)] = "lesson_changed"
            elif day_count[s.day] >= row.per_day:
                dropped[key(s)] = "rule"
            else:
                day_count[s.day] += 1
                taken += 1
                out.append(s)
    return sorted(out)


def _clashes(kept: list[Slot], dropped: dict[Key, str]) -> list[Slot]:
    """T3: a teacher or class twice at once keeps its first slot."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for s in kept:
        owners = {(s.teacher_id, s.day, s.period), (f"{s.site_id}/{s.class_id}", s.day, s.period)}
        if owners & seen:
            dropped[key(s)] = "rule"
            continue
        seen |= owners
        out.append(s)
    return out


def _unsettled(data: TravelData, kept: list[Slot]) -> set[str]:
    """Teachers whose kept week breaks T4, T5 or T6/T10 (a policy changed since)."""
    out = set()
    away: Counter[str] = Counter()  # T6/T10 in halves: a biweekly slot is half a period
    for s in kept:
        if s.site_id != data.home[s.teacher_id]:
            away[s.teacher_id] += round(2 * s.periods)
    out |= {t for t, n in away.items() if n > 2 * data.cap[t]}
    days: dict[tuple[str, int], list[Slot]] = defaultdict(list)
    for s in kept:
        days[s.teacher_id, s.day].append(s)
    for (t, _d), slots in days.items():
        slots.sort(key=lambda s: s.period)
        if len({s.site_id for s in slots}) > data.max_sites or any(
                a.site_id != b.site_id and not data.can_follow(a.site_id, b.site_id, a.period,
                                                               b.period)
                for a, b in pairwise(slots)):
            out.add(t)
    return out


# --- re-planning -------------------------------------------------------------------------


def replan(inst: Instance, previous: list[Slot], settings: SolverSettings, *,
           partial: bool = False) -> TravelResult:
    """The timetable of `inst` closest to `previous`: see the module doc.

    Raises NoPlanError when the lessons cannot all be placed (with `partial`, places the
    rest and lists them in `unplaced`). The result's `previous` holds the changes.
    """
    start = time.perf_counter()
    data = TravelData(inst)
    reasons = explain.counting(data)
    if reasons and not partial:
        rows = {r for reason in reasons for r in reason.rows}
        raise NoPlanError(explain.say("no_timetable", n=len(rows)), explain.sentences(reasons))
    left_out = {r: reason.note for reason in reasons if reason.definite for r in reason.rows}
    kept, dropped, unsettled = classify(data, previous)
    row_of = {(r.site, r.class_id, r.subject): r.index for r in data.rows}
    for s in kept:
        if row_of[s.site_id, s.class_id, s.subject] in left_out:
            dropped[key(s)] = "rule"
    kept = [s for s in kept if key(s) not in dropped]
    by_row: dict[int, list[Slot]] = defaultdict(list)
    for s in kept:
        by_row[row_of[s.site_id, s.class_id, s.subject]].append(s)
    need = [row for row in data.rows
            if row.index not in left_out and len(by_row[row.index]) < row.periods]
    penalty = round(inst.policy.rotation.change_penalty * SCALE)
    build_seconds = time.perf_counter() - start
    deadline = start + settings.time_limit
    figures: dict[str, Any] = {"solved": False, "teachers": 0, "rows": 0, "status": None,
                               "objective": None, "best_bound": None, "seconds": 0.0}
    new = kept
    unplaced: dict[int, Note] = dict(left_out)
    if need or unsettled:
        new, placed_not, figures = _solve(data, kept, by_row, need, unsettled, settings,
                                          deadline, partial, penalty)
        unplaced.update(placed_not)
    slots = with_weeks(inst, new)
    placed = {key(s) for s in slots}
    for s in kept:  # an unsettled week changes for the rule it broke
        if s.teacher_id in unsettled and key(s) not in placed:
            dropped[key(s)] = "rule"
    terms = score(inst, slots, data)
    stats = SolveStats(status="FEASIBLE", objective=terms["total"], method="cpsat",
                       workers=settings.workers, seed=settings.seed,
                       time_limit=settings.time_limit, build_seconds=build_seconds,
                       solve_seconds=time.perf_counter() - start,
                       stopped_by=figures.get("stopped_by"))
    figures["change_penalty"] = inst.policy.rotation.change_penalty
    figures["change_penalty_points"] = penalty
    return TravelResult(
        slots=sorted(slots), routes=build_routes(inst, slots), stats=stats,
        unplaced=[(data.rows[r].site, data.rows[r].class_id, data.rows[r].subject, why)
                  for r, why in sorted(unplaced.items())],
        terms=terms,
        previous=Previous(sorted({_plain(s) for s in previous}),
                          changes(data, previous, slots, dropped), figures))


def _solve(data: TravelData, kept: list[Slot], by_row: dict[int, list[Slot]], need: list[Row],
           unsettled: set[str], settings: SolverSettings, deadline: float, partial: bool,
           penalty: int) -> tuple[list[Slot], dict[int, Note], dict[str, Any]]:
    """Re-plan the neighbourhood, growing it while it has no plan: first with the complete
    rows of its teachers held (only the lessons that must move are placed: a small model
    that proves fast), then, hinted with that plan, with every slot free at its penalty."""
    row_of = {(r.site, r.class_id, r.subject): r.index for r in data.rows}
    lacking = {row.index for row in need}
    status = "UNKNOWN"
    tried: set[str] = set()
    for nearest in (NEAREST, 2 * NEAREST, None):
        teachers = set(unsettled)
        for row in need:
            teachers |= {s.teacher_id for s in by_row[row.index]}
            free = [t for t in data.candidates[row.index] if data.free(t)]
            teachers |= set(free if nearest is None else free[:nearest])
        if teachers == tried:
            continue  # no more candidates than the last try
        tried = teachers
        inside = [s for s in kept if s.teacher_id in teachers]
        fixed = [s for s in kept if s.teacher_id not in teachers]
        rows = sorted(lacking | {row_of[s.site_id, s.class_id, s.subject] for s in inside})
        hood = Hood(data, [data.rows[r] for r in rows], teachers, inside, fixed, row_of,
                    partial, penalty)
        held = hood.keys(s for s in inside if s.teacher_id not in unsettled
                         and row_of[s.site_id, s.class_id, s.subject] not in lacking)
        began = time.perf_counter()
        first = hood.run(settings, (deadline - began) * FIRST_SHARE, held, hood.keys(inside))
        status = first.status
        if first.slots is None:
            if status != "INFEASIBLE" or nearest is None or time.perf_counter() >= deadline:
                break
            continue
        best, bound = first, None  # the first model's bound holds for its rows held only
        if deadline - time.perf_counter() >= 1.0:
            second = hood.run(settings, deadline - time.perf_counter(), set(),
                              hood.keys(first.slots))
            bound = second.bound
            if second.slots is not None and second.objective <= first.objective:
                best = second
        proven = bound is not None and bound >= best.objective
        figures = {"solved": True, "teachers": len(teachers), "rows": len(rows),
                   "nearest": nearest, "status": "OPTIMAL" if proven else "FEASIBLE",
                   "objective": best.objective / SCALE,
                   "best_bound": None if bound is None else bound / SCALE,
                   "first": {"held": len(held), "status": first.status,
                             "objective": first.objective / SCALE,
                             "best_bound": None if first.bound is None else first.bound / SCALE,
                             "seconds": first.seconds},
                   "seconds": round(time.perf_counter() - began, 3),
                   "stopped_by": best.stopped_by}
        got = Counter(row_of[s.site_id, s.class_id, s.subject] for s in best.slots)
        missing = {r: explain.say("replan_unplaced") for r in rows
                   if got[r] < data.rows[r].periods}
        return fixed + best.slots, missing, figures
    if status == "INFEASIBLE":
        raise NoPlanError(explain.say("replan_infeasible"), [explain.say("replan_fresh")])
    raise NoPlanError(explain.say("replan_not_found", seconds=f"{settings.time_limit:g}"),
                      [explain.say("more_time")])


@dataclass
class Run:
    status: str
    slots: list[Slot] | None
    objective: int | None
    bound: int | None
    stopped_by: str | None
    seconds: float


class Hood:
    """The neighbourhood's slot-level model: its rows and teachers over the whole week, the
    other timetables' classes busy where they teach, the travel objective plus the penalty
    for each of its previous slots (`inside`) not kept."""

    def __init__(self, data: TravelData, rows: list[Row], teachers: set[str],
                 inside: list[Slot], fixed: list[Slot], row_of: dict[tuple[str, str, str], int],
                 partial: bool, penalty: int):
        local = copy.copy(data)
        local.busy = data.busy | {(f"{s.site_id}/{s.class_id}", s.day, s.period) for s in fixed}
        cands = {row.index: tuple(t for t in data.candidates[row.index] if t in teachers)
                 for row in rows}
        self.row_of = row_of
        self.ctx = build(local, rows, cands, level="slot", optional=partial)
        keep = [self.ctx.v.x.get(k) for k in self.keys(inside)]
        lost = sum(1 for lit in keep if lit is None)
        self.objective = (sum(data.coef[name] * expr for name, expr in self.ctx.terms.items())
                          + penalty * (lost + sum(1 - lit for lit in keep if lit is not None)))

    def keys(self, slots: Iterable[Slot]) -> set[tuple[int, str, int, int]]:
        """(row, teacher, day, period): the model's slot literals."""
        return {(self.row_of[s.site_id, s.class_id, s.subject], s.teacher_id, s.day, s.period)
                for s in slots}

    def run(self, settings: SolverSettings, time_limit: float,
            held: set[tuple[int, str, int, int]], hint: set[tuple[int, str, int, int]]) -> Run:
        """Solve with the `held` slots fixed, hinted with `hint`."""
        model = self.ctx.model.clone()
        x = {k: model.get_bool_var_from_proto_index(lit.index)
             for k, lit in self.ctx.v.x.items()}
        assign = {k: model.get_bool_var_from_proto_index(lit.index)
                  for k, lit in self.ctx.v.assign.items()}
        model.clear_objective()
        model.minimize(self.objective)
        for k in held:
            if k in x:
                model.add(x[k] == 1)
        teacher_of = {r: t for (r, t, _d, _p) in hint}
        for k, lit in x.items():
            model.add_hint(lit, k in hint)
        for (r, t), lit in assign.items():
            model.add_hint(lit, teacher_of.get(r) == t)
        run = cpsat.run(model, settings, max(1.0, time_limit))
        seconds = round(run.seconds, 3)
        if run.objective is None:
            return Run(run.status, None, None, run.bound, run.stopped_by, seconds)
        return Run(run.status, slots_of(self.ctx, run.solver.boolean_value), run.objective,
                   run.bound, run.stopped_by, seconds)

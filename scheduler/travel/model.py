"""Assembles a CP-SAT model from the rule families for a set of lesson rows.

One builder, three uses:
* the day-level master of a part (`level="day"`): who teaches each row, on which days,
  and the day routes, with the whole objective;
* a day's timetable (`level="slot"`, one day, the master's choices as rows): periods,
  priced by the exact route km of that day;
* explanations (`level="slot"`, `explain=True`, the whole week): every relaxable rule
  family sits behind an assumption literal, rows are optional behind their own, and no
  objective is built.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from constraints.travel import HARD, OBJECTIVE, RELAXABLE
from scheduler.travel import variables
from scheduler.travel.data import Row, TravelData
from scheduler.travel.result import Slot


@dataclass
class Context:
    """What every family's `build`/`objective` reads: model, data, rows, variables."""

    model: cp_model.CpModel
    data: TravelData
    rows: list[Row]
    cands: dict[int, tuple[str, ...]]  # row -> teachers offered (incl. relaxed ones)
    v: variables.Vars
    relaxed: dict[tuple[int, str], str] = field(default_factory=dict)  # (row, t) -> rule
    guards: dict[str, Any] = field(default_factory=dict)  # rule -> assumption literal
    teachers: list[str] = field(default_factory=list)
    terms: dict[str, Any] = field(default_factory=dict)  # objective term -> expression
    routes: dict[tuple[str, int, tuple[str, ...]], Any] = field(default_factory=dict)
    metres: dict[tuple[str, int], Any] = field(default_factory=dict)  # (teacher, day) -> km
    build_seconds: float = 0.0

    def guard(self, rule: str) -> list[Any]:
        """Enforcement literals for `rule`: its assumption when explaining, else none."""
        return [self.guards[rule]] if rule in self.guards else []


def build(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]], *,
          level: str = "day", days: tuple[int, ...] | None = None, optional: bool = False,
          relaxed: dict[tuple[int, str], str] | None = None, explain: bool = False,
          terms: tuple[str, ...] | None = None) -> Context:
    """A model placing `rows` with teachers from `cands` on `days` (default: the week).

    `terms` limits the objective to those terms (a day's timetable prices only km).
    """
    start = time.perf_counter()
    model = cp_model.CpModel()
    relaxed = relaxed or {}
    offered = {row.index: tuple(dict.fromkeys(
        [*cands[row.index], *(t for (r, t) in relaxed if r == row.index)])) for row in rows}
    days = days or tuple(range(1, data.days + 1))
    v = variables.create(model, data, rows, offered, level=level, days=days,
                         optional=optional or explain, offer_busy=explain)
    teachers = sorted({t for ts in offered.values() for t in ts})
    guards = ({rule: model.new_bool_var(f"assume[{rule}]") for rule in RELAXABLE}
              if explain else {})
    ctx = Context(model, data, rows, offered, v, relaxed, guards, teachers)
    for family in HARD:
        family.build(ctx)
    if not explain:
        points = []
        for family in OBJECTIVE:
            coef = data.coef[family.TERM]
            if (family.TERM == "unplaced" and not optional) or not coef or (
                    terms is not None and family.TERM not in terms):
                continue
            expr = family.objective(ctx)
            ctx.terms[family.TERM] = expr
            points.append(coef * expr)
        model.minimize(sum(points))
        if level == "day":
            _break_symmetry(ctx)
    ctx.build_seconds = time.perf_counter() - start
    return ctx


def _break_symmetry(ctx: Context) -> None:
    """Teachers at one school with the same busy slots and candidate rows, all away from
    that school, can swap whole weeks: the one with the larger cap can take the other's
    week, and the other the (smaller) week of the first. Order their loads by cap."""
    data = ctx.data
    rows_of: dict[str, list[int]] = {t: [] for t in ctx.teachers}
    for (r, t) in ctx.v.assign:
        rows_of[t].append(r)
    groups: dict[Any, list[str]] = {}
    for t in ctx.teachers:
        if any(data.rows[r].site == data.home[t] for r in rows_of[t]):
            continue
        busy = frozenset((d, p) for (o, d, p) in data.busy if o == t)
        groups.setdefault((data.home[t], busy, tuple(sorted(rows_of[t]))), []).append(t)
    for (_home, _busy, rows), same in groups.items():
        same.sort(key=lambda t: (-data.cap[t], t))
        load = {t: sum(data.rows[r].periods * ctx.v.assign[r, t] for r in rows) for t in same}
        for first, second in itertools.pairwise(same):
            ctx.model.add(load[first] >= load[second])


def slots_of(ctx: Context, value: Any) -> list[Slot]:
    """The timetable in a slot-level solution; `value(var)` reads a literal."""
    out = []
    for (r, t, d, p), x in ctx.v.x.items():
        if value(x):
            row = ctx.data.rows[r]
            out.append(Slot(t, d, p, row.site, row.class_id, row.subject))
    return sorted(out)

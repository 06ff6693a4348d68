"""Assembles a CP-SAT model from the rule families for a set of lesson rows.

The same builder serves a whole county, one part of a decomposed solve, and explanations
(`explain=True`: every relaxable rule family sits behind an assumption literal, rows are
optional behind their own assumptions, and no objective is built).
"""

from __future__ import annotations

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
    build_seconds: float = 0.0

    def guard(self, rule: str) -> list[Any]:
        """Enforcement literals for `rule`: its assumption when explaining, else none."""
        return [self.guards[rule]] if rule in self.guards else []


def build(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]], *,
          optional: bool = False, relaxed: dict[tuple[int, str], str] | None = None,
          explain: bool = False) -> Context:
    """A model placing `rows` with teachers from `cands` (every row must have one)."""
    start = time.perf_counter()
    model = cp_model.CpModel()
    relaxed = relaxed or {}
    offered = {row.index: tuple(dict.fromkeys(
        [*cands[row.index], *(t for (r, t) in relaxed if r == row.index)])) for row in rows}
    v = variables.create(model, data, rows, offered, optional=optional or explain,
                         offer_busy=explain)
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
            if family.TERM == "unplaced" and not optional:
                continue
            expr = family.objective(ctx) if coef else 0
            ctx.terms[family.TERM] = expr
            points.append(coef * expr)
        model.minimize(sum(points))
    ctx.build_seconds = time.perf_counter() - start
    return ctx


def slots_of(ctx: Context, value) -> list[Slot]:
    """The timetable in a solution; `value(var)` reads a variable (solver or callback)."""
    out = []
    for (r, t, d, p), x in ctx.v.x.items():
        if value(x):
            row = ctx.data.rows[r]
            out.append(Slot(t, d, p, row.site, row.class_id, row.subject))
    return sorted(out)


def hint(ctx: Context, slots: list[Slot]) -> None:
    """Hint the lesson and assignment variables with a timetable (others are derived)."""
    ctx.model.clear_hints()
    chosen = {(s.site_id, s.class_id, s.subject, s.teacher_id, s.day, s.period) for s in slots}
    teacher_of = {(s.site_id, s.class_id, s.subject): s.teacher_id for s in slots}
    for (r, t, d, p), x in ctx.v.x.items():
        row = ctx.data.rows[r]
        ctx.model.add_hint(x, (row.site, row.class_id, row.subject, t, d, p) in chosen)
    for (r, t), a in ctx.v.assign.items():
        row = ctx.data.rows[r]
        ctx.model.add_hint(a, teacher_of.get((row.site, row.class_id, row.subject)) == t)

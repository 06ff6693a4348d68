"""T6 weekly cap and T10 total load: a teacher's traveling periods (lessons at sites other
than its own school) stay within its `max_travel_periods` (or the policy's default) and,
added to its `home_periods`, within its stage's `max_total_periods_*`: one cap, the
smaller of the two (`TravelData.cap`, from scheduler.core.travel_rules.weekly_cap)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from scheduler.travel.data import Row, TravelData
    from scheduler.travel.model import Context

RULE = "T6"
TITLE = ("weekly traveling periods within max_travel_periods and, with home_periods, "
         "within max_total_periods_*")


def build(ctx: Context) -> None:
    for t in ctx.teachers:
        cap(ctx.model, ctx.data, t, [(row, ctx.v.assign[row.index, t]) for row in ctx.rows
                                     if (row.index, t) in ctx.v.assign], ctx.guard(RULE))


def cap(model: cp_model.CpModel, data: TravelData, teacher: str,
        assigned: Iterable[tuple[Row, Any]], guard: Any = True) -> None:
    """The rule on any model that decides who teaches each row (this family's, the week
    model's, stage 1's): the rows `teacher` would take away from its own school, each with
    the literal that gives it the row, carry at most its cap of periods a week (counted
    in halves: a biweekly row is half a period a week, T11)."""
    away = [row.halves * lit for row, lit in assigned if data.travels(teacher, row)]
    if away:
        model.add(sum(away) <= 2 * data.cap[teacher]).only_enforce_if(guard)

"""T6 weekly cap and T10 total load: a teacher's traveling periods (lessons at sites other
than its own school) stay within its `max_travel_periods` (or the policy's default) and,
added to its `home_periods`, within its stage's `max_total_periods_*`: one cap, the
smaller of the two (`TravelData.cap`, from scheduler.core.travel_rules.weekly_cap)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T6"
TITLE = ("weekly traveling periods within max_travel_periods and, with home_periods, "
         "within max_total_periods_*")


def build(ctx: Context) -> None:
    data = ctx.data
    for t in ctx.teachers:
        away = [row.periods * ctx.v.assign[row.index, t] for row in ctx.rows
                if (row.index, t) in ctx.v.assign and data.travels(t, row)]
        if away:
            ctx.model.add(sum(away) <= data.cap[t]).only_enforce_if(ctx.guard(RULE))

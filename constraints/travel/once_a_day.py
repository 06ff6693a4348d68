"""T7 once a day: a class meets a subject at most once a day, unless the row has more
periods than there are days; then at most ceil(periods / days) a day (our reading of
"unless": the periods still spread as evenly as the week allows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T7"
TITLE = "a class meets a subject at most once a day"


def build(ctx: Context) -> None:
    for row in ctx.rows:
        for d in ctx.v.days:
            xs = ctx.v.row_day.get((row.index, d), [])
            if len(xs) > row.per_day:
                ctx.model.add(sum(xs) <= row.per_day).only_enforce_if(ctx.guard(RULE))

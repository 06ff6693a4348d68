"""T3 no overlap: no teacher and no class in two places at once; busy.csv respected.

At the day level this is a capacity: a teacher or a class has at most its free periods of
the day; the day's timetable then places the lessons exactly. Busy slots normally get no
lesson variable at all. When explaining, they are offered and
forbidden under the `busy` assumption, so a conflict can name busy.csv as a cause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T3"
TITLE = "no teacher and no class in two places at once"
BUSY = "busy"
BUSY_TITLE = "busy slots of busy.csv"


def _at_most_one(ctx: Context, xs: list[Any]) -> None:
    guard = ctx.guard(RULE)
    if len(xs) < 2:
        return
    if guard:
        ctx.model.add(sum(xs) <= 1).only_enforce_if(guard)
    else:
        ctx.model.add_at_most_one(xs)


def build(ctx: Context) -> None:
    if ctx.v.level == "day":
        _day_capacity(ctx)
        return
    for cell in ctx.v.at_teacher.values():
        _at_most_one(ctx, [x for xs in cell.values() for x in xs])
    for xs in ctx.v.at_class.values():
        _at_most_one(ctx, xs)
    for x in ctx.v.busy_x:
        ctx.model.add(x == 0).only_enforce_if(ctx.guard(BUSY))


def _day_capacity(ctx: Context) -> None:
    """Day level: a teacher (a class) gives (has) at most its free periods of the day."""
    data = ctx.data
    for (owner, d), counts in [*ctx.v.teacher_day.items(), *ctx.v.class_day.items()]:
        room = sum(1 for p in range(1, data.periods + 1) if (owner, d, p) not in data.busy)
        if len(counts) > 1:
            ctx.model.add(sum(counts) <= room).only_enforce_if(ctx.guard(RULE))

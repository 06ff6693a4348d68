"""Second objective: days on the road, counted per teacher and day with at least one
lesson away from the teacher's own school."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scheduler.core.logic import or_lit

if TYPE_CHECKING:
    from scheduler.travel.data import TravelData
    from scheduler.travel.model import Context
    from scheduler.travel.result import Slot

TERM = "road_days"


def objective(ctx: Context) -> Any:
    terms = []
    for t in ctx.teachers:
        home = ctx.data.home[t]
        for d in ctx.v.days:
            away = [lit for (tt, dd, s), lit in ctx.v.visit.items()
                    if tt == t and dd == d and s != home]
            terms.append(or_lit(ctx.model, away, f"road[{t},{d}]"))
    return sum(terms)


def count(data: TravelData, slots: list[Slot]) -> int:
    return len({(s.teacher_id, s.day) for s in slots if s.site_id != data.home[s.teacher_id]})

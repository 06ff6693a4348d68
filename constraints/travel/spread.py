"""Fourth objective: a class's lessons of one subject kept apart across the week.

Per lesson row: the number of pairs of adjacent days that both have it, plus the periods
beyond the first on any day (only possible when T7 allows two a day). Monday and Friday
are not adjacent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from scheduler.core.logic import and_expr

if TYPE_CHECKING:
    from scheduler.travel.data import TravelData
    from scheduler.travel.model import Context
    from scheduler.travel.result import Slot

TERM = "spread"


def objective(ctx: Context) -> Any:
    m, v = ctx.model, ctx.v
    terms: list[Any] = []
    for row in ctx.rows:
        if row.periods < 2:
            continue
        on: dict[int, Any] = {}
        for d in ctx.v.days:
            counts = v.row_day.get((row.index, d), [])
            if not counts:
                continue
            if row.per_day == 1:
                on[d] = sum(counts)  # 0/1 by T7
            else:  # on = [periods that day >= 1]
                lit = m.new_bool_var(f"on[{row.index},{d}]")
                m.add(lit <= sum(counts))
                m.add(row.per_day * lit >= sum(counts))
                on[d] = lit
        for d in sorted(on):
            if d + 1 in on:
                terms.append(and_expr(m, on[d], on[d + 1], f"adj[{row.index},{d}]"))
        if row.per_day > 1:
            terms.append(row.periods * v.placed[row.index] - sum(on.values()))
    return sum(terms)


def count(data: TravelData, slots: list[Slot]) -> int:
    per: dict[tuple[str, str, str], Counter[int]] = defaultdict(Counter)
    for s in slots:
        per[s.site_id, s.class_id, s.subject][s.day] += 1
    total = 0
    for days in per.values():
        total += sum(1 for d in days if days.get(d + 1, 0) > 0)
        total += sum(n - 1 for n in days.values())
    return total

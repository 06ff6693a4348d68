"""T4 travel gap: two consecutive lessons of a teacher at different sites on one day need
the road minutes between the sites to fit between the end of one period and the start of
the next (policy `period_starts`, `period_minutes`).

For periods p < q and a site a, the lessons at p (site a) and q (any site b too far from a
for that gap) may not both happen unless some lesson lies between them:
    y[p, a] + sum_b y[q, b] <= 1 + sum_{p<r<q} busy[r].
One constraint per (teacher, day, p, q, a) instead of one per site pair; it is exact
because a teacher is at one site per period (T3).

At the day level the rule becomes what it implies for a day at two sites: the pair is
impossible when no two free periods leave time to drive between them, and otherwise the
day holds at most as many lessons as the best split (one block per site) allows.
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.travel.data import TravelData
    from scheduler.travel.model import Context

RULE = "T4"
TITLE = "travel minutes between consecutive lessons fit the gap between the periods"


def build(ctx: Context) -> None:
    if ctx.v.level == "day":
        _day_pairs(ctx)
        return
    data, v = ctx.data, ctx.v
    guard = ctx.guard(RULE)
    for t in ctx.teachers:
        sites = sorted(v.sites_of[t])
        if len(sites) < 2:
            continue
        for d in range(1, data.days + 1):
            periods = [p for p in range(1, data.periods + 1) if v.has(t, d, p)]
            for i, p in enumerate(periods):
                for q in periods[i + 1:]:
                    between = sum(v.busy_at(t, d, r) for r in range(p + 1, q))
                    for a in sites:
                        if not v.has(t, d, p, a):
                            continue
                        far = [b for b in sites if v.has(t, d, q, b)
                               and not data.can_follow(a, b, p, q)]
                        if far:
                            ctx.model.add(v.y(t, d, p, a) + sum(v.y(t, d, q, b) for b in far)
                                          <= 1 + between).only_enforce_if(guard)


def pair_room(data: TravelData, free: list[int], a: str, b: str) -> int:
    """Most lessons a day at a then b can hold in the `free` periods (0: impossible)."""
    best = 0
    for i, p in enumerate(free):
        for j in range(i + 1, len(free)):
            if data.can_follow(a, b, p, free[j]):
                best = max(best, i + 1 + len(free) - j)
                break  # later starts only lose periods
    return best


def _day_pairs(ctx: Context) -> None:
    data, v, m = ctx.data, ctx.v, ctx.model
    guard = ctx.guard(RULE)
    for t in ctx.teachers:
        for d in v.days:
            free = [p for p in range(1, data.periods + 1) if (t, d, p) not in data.busy]
            sites = sorted(s for s in v.sites_of[t] if (t, d, s) in v.visit)
            for a, b in combinations(sites, 2):
                room = max(pair_room(data, free, a, b), pair_room(data, free, b, a))
                va, vb = v.visit[t, d, a], v.visit[t, d, b]
                if room == 0:
                    m.add(va + vb <= 1).only_enforce_if(guard)
                elif room < len(free):
                    m.add(sum(v.teacher_day[t, d]) <= room + len(free) * (2 - va - vb)
                          ).only_enforce_if(guard)

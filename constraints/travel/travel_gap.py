"""T4 travel gap: two consecutive lessons of a teacher at different sites on one day need
the road minutes between the sites to fit between the end of one period and the start of
the next (policy `period_starts`, `period_minutes`).

For periods p < q and a site a, the lessons at p (site a) and q (any site b too far from a
for that gap) may not both happen unless some lesson lies between them:
    y[p, a] + sum_b y[q, b] <= 1 + sum_{p<r<q} busy[r].
One constraint per (teacher, day, p, q, a) instead of one per site pair; it is exact
because a teacher is at one site per period (T3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.travel.model import Context

RULE = "T4"
TITLE = "travel minutes between consecutive lessons fit the gap between the periods"


def build(ctx: Context) -> None:
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

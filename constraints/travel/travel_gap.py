"""T4 travel gap: two consecutive lessons of a teacher at different sites on one day need
the road minutes between the sites to fit between the end of one period and the start of
the next (policy `period_starts`, `period_minutes`).

For periods p < q and a site a, the lessons at p (site a) and q (any site b too far from a
for that gap) may not both happen unless some lesson lies between them:
    y[p, a] + sum_b y[q, b] <= 1 + sum_{p<r<q} busy[r].
One constraint per (teacher, day, p, q, a) instead of one per site pair; it is exact
because a teacher is at one site per period (T3).

At the day level the rule becomes what it implies for a day at two sites: how many
lessons the day can hold at one site given how many it holds at the other (a staircase
computed once per free-period pattern and pair of road times, by enumerating the day).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise, permutations, product
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


def staircase(data: TravelData, free: tuple[int, ...], a: str, b: str) -> tuple[int, ...]:
    """most[x] = the most lessons at b on a day with x lessons at a (and at least one at
    b), over every order of the day's lessons in the `free` periods that keeps T4; 0 when
    b cannot be added at all. Removing a lesson never breaks T4 (gaps only grow), so the
    feasible counts are down-closed and this staircase describes them exactly."""
    bells = data.inst.policy.travel
    key = (free, data.minutes(a, b), data.minutes(b, a), bells.period_starts,
           bells.period_minutes)
    if key not in _STAIRS:
        most = [0] * (len(free) + 1)
        for plan in product((None, a, b), repeat=len(free)):
            lessons = [(p, s) for p, s in zip(free, plan, strict=True) if s is not None]
            x = sum(1 for _p, s in lessons if s == a)
            y = len(lessons) - x
            if y and y > most[x] and all(data.can_follow(s, u, p, q) for (p, s), (q, u)
                                         in pairwise(lessons)):
                most[x] = y
        for x in range(len(free) - 1, -1, -1):  # down-closed: fewer at a leaves room at b
            most[x] = max(most[x], most[x + 1])
        _STAIRS[key] = tuple(most)
    return _STAIRS[key]


_STAIRS: dict[tuple, tuple[int, ...]] = {}


def _day_pairs(ctx: Context) -> None:
    """Day level: per teacher, day and pair of sites, the staircase of lesson counts."""
    data, v, m = ctx.data, ctx.v, ctx.model
    guard = ctx.guard(RULE)
    at: dict[tuple[str, int, str], list] = defaultdict(list)
    for (r, t, d), count in v.count.items():
        at[t, d, data.rows[r].site].append(count)
    for t in ctx.teachers:
        for d in v.days:
            free = tuple(p for p in range(1, data.periods + 1) if (t, d, p) not in data.busy)
            sites = sorted(s for s in v.sites_of[t] if (t, d, s) in v.visit)
            at_least: dict[tuple[str, int], object] = {}
            for a, b in permutations(sites, 2):
                most = staircase(data, free, a, b)
                n_a, n_b = sum(at[t, d, a]), sum(at[t, d, b])
                for x in range(1, len(free) + 1):
                    if most[x] >= most[x - 1] and x > 1:
                        continue  # no drop at x: the constraint at x - 1 covers it
                    if (a, x) not in at_least:
                        at_least[a, x] = _at_least(ctx, n_a, x, v.visit[t, d, a], len(free))
                    m.add(n_b <= most[x] + len(free) * (1 - at_least[a, x])
                          ).only_enforce_if(guard)


def _at_least(ctx: Context, count: object, x: int, visit: object, top: int) -> object:
    """A literal forced to 1 when count >= x (the visit itself when x = 1)."""
    if x == 1:
        return visit
    lit = ctx.model.new_bool_var("")
    ctx.model.add(count <= x - 1 + top * lit)
    return lit

"""T9 routes and the first objective: route km.

A teacher's day goes from its school to the sites in lesson order (consecutive lessons at
one site are one stop) and back; its km are the true road km of those legs. The model
prices routes in whole metres per leg, exactly as `count` does from a timetable:

* Pattern formulation (max_sites_per_day <= 2, symmetric roads, no detour shorter than
  a direct road: the usual case): per teacher and day, one literal per possible day
  route, a site s (2 d(h, s)) or two sites a, b (d(h, a) + d(a, b) + d(b, h)), at most
  one of them, and visit[s] = the sum of the routes through s. Every coefficient is
  positive and the routes of a day form an at-most-one, which the core-based search and
  the LP both handle well. A teacher who goes back to a site it has left that day
  (a, b, a) drives more: with two sites the visits alternate, and each extra visit
  ("return") to s on route {s, b} costs exactly d(s, b) + d(h, s) - d(h, b); returns
  are counted from a small location state per period, at the slot level only, and only
  where two lessons at s on one day are possible at all.
* Arc formulation (otherwise, slot level): the teacher's location after each period
  (its last lesson's site, its school before the first) and one literal per move between
  two locations in consecutive periods. Exact for any roads and any number of sites,
  larger. At the day level such a teacher's day routes are priced at their floor
  (`route_floor`), or with more than two sites a day at the farthest round trip: lower
  bounds that the day's timetable then makes exact.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from scheduler.travel.variables import and_lit

if TYPE_CHECKING:
    from scheduler.travel.data import TravelData
    from scheduler.travel.model import Context
    from scheduler.travel.result import Slot

RULE = "T9"
TITLE = "routes from the teacher's school through the sites in lesson order and back"
TERM = "km"


def stops(home: str, sites_in_order: list[str]) -> tuple[str, ...]:
    """School, the day's sites in lesson order (consecutive repeats merged), school."""
    merged = [s for i, s in enumerate(sites_in_order) if i == 0 or s != sites_in_order[i - 1]]
    return (home, *merged, home)


def day_sites(slots: list[Slot]) -> dict[tuple[str, int], list[str]]:
    """(teacher, day) -> the sites of its lessons that day, in period order."""
    out: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for s in slots:
        out[s.teacher_id, s.day].append((s.period, s.site_id))
    return {key: [site for _p, site in sorted(v)] for key, v in sorted(out.items())}


def count(data: TravelData, slots: list[Slot]) -> int:
    """Total route metres (each leg rounded to the metre)."""
    total = 0
    for (t, _d), sites in day_sites(slots).items():
        route = stops(data.home[t], sites)
        total += sum(data.metres(a, b) for a, b in pairwise(route))
    return total


def uses_patterns(data: TravelData, home: str, sites: set[str]) -> bool:
    """The pattern formulation is exact for this teacher: at most two sites a day,
    symmetric roads, and going back to a site never shortens a route (triangle)."""
    if data.max_sites > 2:
        return False
    locs = sorted(sites | {home})
    dist = data.metres
    if any(dist(a, b) != dist(b, a) for a, b in combinations(locs, 2)):
        return False
    return all(dist(s, b) + dist(home, s) - dist(home, b) >= 0
               for s in sites for b in locs if s != b)


def objective(ctx: Context) -> Any:
    terms: list[Any] = []
    for t in ctx.teachers:
        home, sites = ctx.data.home[t], ctx.v.sites_of[t]
        exact = uses_patterns(ctx.data, home, sites)
        for d in ctx.v.days:
            present = sorted(s for s in sites if (t, d, s) in ctx.v.visit)
            if not present:
                continue
            if exact or (ctx.v.level == "day" and ctx.data.max_sites <= 2):
                terms.extend(_pattern_day(ctx, t, d, present, exact))
            elif ctx.v.level == "slot":
                terms.extend(_arc_day(ctx, t, d, sorted(sites | {home})))
            else:
                terms.append(_farthest(ctx, t, d, present))
        _visit_days(ctx, t)
    return sum(terms)


def _visit_days(ctx: Context, t: str) -> None:
    """Redundant cut: a row assigned to t needs t at its site on ceil(periods/per_day) days."""
    for row in ctx.rows:
        if (row.index, t) not in ctx.v.assign:
            continue
        days = [ctx.v.visit[t, d, row.site] for d in ctx.v.days
                if (t, d, row.site) in ctx.v.visit]
        need = -(-row.periods // row.per_day)
        ctx.model.add(sum(days) >= need * ctx.v.assign[row.index, t])


def route_floor(data: TravelData, home: str, route: tuple[str, ...]) -> int:
    """Least metres of any day whose lessons are at the site(s) of `route`.

    A day at one site drives there and back. A day at a and b alternates between them:
    a>b, b>a, a>b>a or b>a>b (more alternations only add a round trip a-b-a); the
    cheapest of the four is exactly the pattern price where `uses_patterns` holds, and a
    lower bound on any roads.
    """
    dist = data.metres
    if len(route) == 1:
        return dist(home, route[0]) + dist(route[0], home)
    a, b = route
    orders = ((a, b), (b, a), (a, b, a), (b, a, b))
    return min(sum(dist(x, y) for x, y in pairwise((home, *order, home))) for order in orders)


def _pattern_day(ctx: Context, t: str, d: int, sites: list[str], exact: bool) -> list[Any]:
    """One literal per possible day route (a site, or two sites), exactly one if any;
    priced exactly, or (`exact` False, day level only) at its floor."""
    data, v, m = ctx.data, ctx.v, ctx.model
    h = data.home[t]
    dist = data.metres
    chosen: dict[tuple[str, ...], Any] = {}
    for s in sites:
        chosen[(s,)] = m.new_bool_var(f"route[{t},{d},{s}]")
    if data.max_sites >= 2:
        for a, b in combinations(sites, 2):
            chosen[a, b] = m.new_bool_var(f"route[{t},{d},{a},{b}]")
    m.add_at_most_one(chosen.values())
    ctx.routes.update({(t, d, key): lit for key, lit in chosen.items()})
    for s in sites:
        m.add(v.visit[t, d, s] == sum(lit for key, lit in chosen.items() if s in key))
    terms: list[Any] = []
    for key, lit in chosen.items():
        metres = (sum(dist(a, b) for a, b in pairwise((h, *key, h))) if exact
                  else route_floor(data, h, key))
        if metres:
            terms.append(metres * lit)
    if v.level == "slot" and data.max_sites >= 2 and len(sites) >= 2:
        for s in sites:
            if s != h and _may_return(ctx, t, d, s):
                partners = {b: chosen[tuple(sorted((s, b)))] for b in sites if b != s}
                terms.append(_returns_cost(ctx, t, d, s, partners))
    return terms


def _farthest(ctx: Context, t: str, d: int, sites: list[str]) -> Any:
    """Day level without patterns: a day costs at least the round trip to its farthest site
    (a lower bound; the day's timetable then prices the route exactly)."""
    h = ctx.data.home[t]
    trips = {s: ctx.data.metres(h, s) + ctx.data.metres(s, h) for s in sites}
    cost = ctx.model.new_int_var(0, max(trips.values()), f"trip[{t},{d}]")
    for s, metres in trips.items():
        if metres:
            ctx.model.add(cost >= metres * ctx.v.visit[t, d, s])
    return cost


def _may_return(ctx: Context, t: str, d: int, s: str) -> bool:
    """Two lessons at s on day d are possible (else t cannot go back to s that day)."""
    room = 0
    for row in ctx.rows:
        if row.site == s and (row.index, t) in ctx.v.assign:
            room += min(row.per_day, len(ctx.v.row_day.get((row.index, d), [])))
    return room >= 2


def _returns_cost(ctx: Context, t: str, d: int, s: str, partners: dict[str, Any]) -> Any:
    """Extra metres for going back to s after leaving it (exact, see the module doc)."""
    data, v, m = ctx.data, ctx.v, ctx.model
    h = data.home[t]
    dist = data.metres
    at_prev: Any = 0  # "the last lesson so far was at s"
    starts: list[Any] = []
    for p in range(1, data.periods + 1):
        if not v.has(t, d, p):
            continue
        y, busy = v.y(t, d, p, s), v.busy_at(t, d, p)
        here = v.has(t, d, p, s)
        if here:
            if isinstance(at_prev, int):
                starts.append(y)
            else:
                start = m.new_bool_var(f"start[{t},{d},{p},{s}]")
                m.add(start <= y)
                m.add(start <= 1 - at_prev)
                m.add(start >= y - at_prev)
                starts.append(start)
        if not here and isinstance(at_prev, int):
            continue  # stays 0
        at = m.new_bool_var(f"at[{t},{d},{p},{s}]")
        m.add(at >= y)
        m.add(at >= at_prev - busy)
        m.add(at <= y + at_prev)
        m.add(at <= y + 1 - busy)
        at_prev = at
    returns = sum(starts) - v.visit[t, d, s]
    costs = {b: dist(s, b) + dist(h, s) - dist(h, b) for b in partners}
    extra = m.new_int_var(0, max(costs.values()) * (data.periods // 2),
                          f"return_m[{t},{d},{s}]")
    for b, lit in partners.items():
        m.add(extra == costs[b] * returns).only_enforce_if(lit)
    m.add(extra == 0).only_enforce_if([~lit for lit in partners.values()])
    return extra


def _arc_day(ctx: Context, t: str, d: int, locs: list[str]) -> list[Any]:
    data, v, m = ctx.data, ctx.v, ctx.model
    h = data.home[t]
    prev: dict[str, Any] = {h: 1}
    terms: list[Any] = []
    for p in range(1, data.periods + 1):
        if not v.has(t, d, p):
            continue
        busy = v.busy_at(t, d, p)
        now: dict[str, Any] = {}
        for s in locs:
            before = prev.get(s, 0)
            if not v.has(t, d, p, s) and isinstance(before, int) and not before:
                continue
            y = v.y(t, d, p, s)
            at = m.new_bool_var(f"loc[{t},{d},{p},{s}]")
            m.add(at >= y)
            m.add(at >= before - busy)
            m.add(at <= y + before)
            m.add(at <= y + 1 - busy)
            now[s] = at
        m.add(sum(now.values()) == 1)
        for a, la in prev.items():
            for b, lb in now.items():
                if a != b and data.metres(a, b):
                    terms.append(data.metres(a, b) * and_lit(m, la, lb,
                                                             f"arc[{t},{d},{p},{a},{b}]"))
        prev = now
    terms.extend(data.metres(a, h) * la for a, la in prev.items() if a != h)
    return terms

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
  larger. At the day level such a teacher's days are priced by `day_routes`: the direct
  order, or, where a road without the triangle inequality makes it shorter, a day that
  goes back to its first site (x, y, x), which needs two lessons at x; with more than
  two sites a day at the farthest round trip. These are lower bounds that the day's
  timetable then makes exact, and `day_floor` hands the same bound to that timetable so
  that it proves its optimum as soon as it meets it.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from scheduler.core.logic import and_lit

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
                day = _pattern_day(ctx, t, d, present)
            elif ctx.v.level == "slot":
                day = _arc_day(ctx, t, d, sorted(sites | {home}))
            else:
                day = [_farthest(ctx, t, d, present)]
            ctx.metres[t, d] = sum(day)
            terms.extend(day)
        _visit_days(ctx, t)
    return sum(terms)


def day_floor(data: TravelData, home: str, lessons_at: dict[str, int]) -> int:
    """Least metres of a day with `lessons_at[site]` lessons at each site: a valid lower
    bound for the day's timetable, whatever the order of its lessons."""
    sites = tuple(sorted(s for s, n in lessons_at.items() if n))
    if not sites:
        return 0
    if len(sites) > 2:
        return max(data.metres(home, s) + data.metres(s, home) for s in sites)
    return min(metres for key, metres in day_routes(data, home, sites).items()
               if len(key) < 3 or lessons_at[key[0]] >= 2)


def _visit_days(ctx: Context, t: str) -> None:
    """Redundant cut: a row assigned to t needs t at its site on ceil(periods/per_day) days."""
    for row in ctx.rows:
        if (row.index, t) not in ctx.v.assign:
            continue
        days = [ctx.v.visit[t, d, row.site] for d in ctx.v.days
                if (t, d, row.site) in ctx.v.visit]
        need = row.days
        ctx.model.add(sum(days) >= need * ctx.v.assign[row.index, t])


def day_routes(data: TravelData, home: str, sites: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """The ways a day at `sites` (one or two) can be driven, each at its least metres.

    One site: there and back. Two sites a, b: `(a, b)` is any day that does not start and
    end at the same site, at least the cheaper direct order (h>a>b>h or h>b>a>h); `(x, y,
    x)` is a day that starts and ends at x (two lessons there or more), offered only
    where that beats the direct order, which happens on roads without the triangle
    inequality (a county's distances.csv). More alternations only add km, so every day
    costs at least the price of its key (`route_key`).
    """
    dist = data.metres

    def metres(stops: tuple[str, ...]) -> int:
        return sum(dist(x, y) for x, y in pairwise((home, *stops, home)))

    if len(sites) == 1:
        return {sites: metres(sites)}
    a, b = sorted(sites)
    direct = min(metres((a, b)), metres((b, a)))
    out = {(a, b): direct}
    for x, y in ((a, b), (b, a)):
        if (back := metres((x, y, x))) < direct:
            out[x, y, x] = back
    return out


def route_key(data: TravelData, home: str, sites_in_order: list[str]) -> tuple[str, ...]:
    """The `day_routes` key a day with lessons at these sites (in period order) falls under."""
    merged = stops(home, sites_in_order)[1:-1]
    distinct = tuple(sorted(set(merged)))
    if len(distinct) == 2 and merged[0] == merged[-1]:
        x = merged[0]
        y = distinct[0] if distinct[1] == x else distinct[1]
        if (x, y, x) in day_routes(data, home, distinct):
            return x, y, x
    return distinct


def _pattern_day(ctx: Context, t: str, d: int, sites: list[str]) -> list[Any]:
    """One literal per possible day route (`day_routes`), at most one a day, at its price:
    exact where `uses_patterns` holds (one key per group of sites), else (day level
    only) the least km of the days it stands for."""
    data, v, m = ctx.data, ctx.v, ctx.model
    h = data.home[t]
    chosen: dict[tuple[str, ...], Any] = {}
    price: dict[tuple[str, ...], int] = {}
    groups = [(s,) for s in sites]
    if data.max_sites >= 2:
        groups += list(combinations(sites, 2))
    for group in groups:
        for key, metres in day_routes(data, h, group).items():
            chosen[key] = m.new_bool_var(f"route[{t},{d},{','.join(key)}]")
            price[key] = metres
            if len(key) == 3:  # starts and ends at key[0]: two lessons there at least
                m.add(sum(v.count[r, t, d] for r in _rows_at(ctx, t, key[0])
                          if (r, t, d) in v.count) >= 2 * chosen[key])
    m.add_at_most_one(chosen.values())
    ctx.routes.update({(t, d, key): lit for key, lit in chosen.items()})
    for s in sites:
        m.add(v.visit[t, d, s] == sum(lit for key, lit in chosen.items() if s in key))
    terms: list[Any] = [metres * chosen[key] for key, metres in price.items() if metres]
    if v.level == "slot" and data.max_sites >= 2 and len(sites) >= 2:
        for s in sites:
            if s != h and _may_return(ctx, t, d, s):
                partners = {b: chosen[tuple(sorted((s, b)))] for b in sites if b != s}
                terms.append(_returns_cost(ctx, t, d, s, partners))
    return terms


def _rows_at(ctx: Context, t: str, site: str) -> list[int]:
    return [row.index for row in ctx.rows if row.site == site and (row.index, t) in ctx.v.assign]


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

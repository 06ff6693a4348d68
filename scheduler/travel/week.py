"""The week-level relaxation: who teaches each row, and how many days each teacher spends
on each day route, without saying which days.

Days are nearly interchangeable for a teacher (busy slots and classes aside), so a model
that names them carries (5!)^teachers symmetric copies of every plan; this one does not,
and proves its optimum in seconds where the day-level model needs minutes. It keeps the
rules in the form they take over a whole week: T2/T8 (candidates), T6 (caps), T1/T7 (a row
needs its teacher at its site on ceil(periods/per_day) days), T5 (day routes of at most
`max_sites_per_day` sites), T3/T4 as capacities (lessons per day route, from the travel
staircase). Its objective prices route km, road days and loads exactly and spread at its
least possible value, so its bound is a valid bound for the whole part; the day-level
model then realises its choices (`scheduler.travel.part`).

Used when a day has at most two sites (`applies`). A day route is priced at the least km
of any day it stands for (`constraints.travel.routes.day_routes`): on roads without the
triangle inequality a day that goes back to its first site is its own route, with two
lessons there each day, so the bound still holds and the days can realise it.

What makes its LP bound usable: site cuts (day routes through a site, or a pair of
sites, ≥ the teacher-days their rows need, `site_cuts`), cluster cuts, and the
double-lex order of interchangeable teachers and identical rows (`_order_twins`), which
removes the (rows!)·(teachers!) copies of every plan that the core search otherwise
proves one by one. Loads are squared in unary (`square`), so the model has no product.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from constraints.travel import weekly_cap
from constraints.travel.routes import day_routes
from constraints.travel.travel_gap import staircase
from scheduler.travel.data import Linked, Row, TravelData

if TYPE_CHECKING:
    from ortools.linear_solver.python import model_builder as mb


@dataclass
class Week:
    model: cp_model.CpModel
    assign: dict[tuple[int, str], Any]
    placed: dict[int, Any]
    days_on: dict[tuple[str, tuple[str, ...]], Any]  # (teacher, day route) -> days
    spread_floor: dict[int, int] = field(default_factory=dict)


def applies(data: TravelData) -> bool:
    """Day routes of one or two sites cover every day the rules allow (T5)."""
    return data.max_sites <= 2


def components(rows: list[Row], cands: dict[int, tuple[str, ...]]
               ) -> list[list[Row]]:
    """Rows linked through shared candidate teachers. The week model couples nothing else
    (classes only meet at the day level), so each component is solved on its own."""
    linked = Linked()
    for row in rows:
        for t in cands[row.index]:
            linked.join(("row", row.index), ("teacher", t))
    groups: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        groups[linked.find(("row", row.index))].append(row)
    return sorted(groups.values(), key=lambda g: (len(g), g[0].index))


def least_spread(periods: int, per_day: int, days: int) -> int:
    """The smallest spread term a row can have: adjacent day pairs plus same-day extras."""
    best = math.inf
    for used in range(-(-periods // per_day), min(periods, days) + 1):
        runs = min(used, days - used + 1)
        best = min(best, (periods - used) + (used - runs))
    return int(best) if periods >= 2 else 0


def build(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]], *,
          optional: bool) -> Week:
    m = cp_model.CpModel()
    assign = {(row.index, t): m.new_bool_var(f"a[{row.index},{t}]")
              for row in rows for t in cands[row.index]}
    placed = {}
    for row in rows:
        lits = [assign[row.index, t] for t in cands[row.index]]
        placed[row.index] = m.new_bool_var(f"placed[{row.index}]") if optional else 1
        m.add(sum(lits) == placed[row.index])
    week = Week(m, assign, placed, {})
    teachers = sorted({t for ts in cands.values() for t in ts})
    km, road, loads = [], [], []
    for t in teachers:
        mine = [row for row in rows if (row.index, t) in assign]
        home = data.home[t]
        routes = routes_from(data, home, sorted({row.site for row in mine}))
        frees = [tuple(p for p in range(1, data.periods + 1) if (t, d, p) not in data.busy)
                 for d in range(1, data.days + 1)]
        days = sum(1 for f in frees if f)
        widest = max((len(f) for f in frees), default=0)
        n = {r: m.new_int_var(0, days, f"days[{t},{'+'.join(r)}]") for r in routes}
        week.days_on.update({(t, r): var for r, var in n.items()})
        m.add(sum(n.values()) <= days)
        at = {s: sum(var for r, var in n.items() if s in r) for s in {row.site for row in mine}}
        for row in mine:  # T1/T7: the row's teacher is at its site on enough days
            m.add(at[row.site] >= row.days * assign[row.index, t])
        room = {r: widest if len(r) == 1 else _pair_room(data, frees, *sorted(set(r)))
                for r in routes}
        _allocate(m, t, mine, assign, n, room, {(r, x): _room_at(data, frees, r, x, widest)
                                                for r in routes for x in r})
        for s in at:  # a day at a site has a lesson there
            m.add(at[s] <= sum(row.periods * assign[row.index, t] for row in mine
                               if row.site == s))
        m.add(sum(row.periods * assign[row.index, t] for row in mine)
              <= sum(len(f) for f in frees))
        weekly_cap.cap(m, data, t, [(row, assign[row.index, t]) for row in mine])
        for r, var in n.items():
            km.append(routes[r] * var)
            if any(s != home for s in r):
                road.append(var)
        loads.append(square(m, t, [(row.periods, assign[row.index, t]) for row in mine],
                             sum(len(f) for f in frees)))
    cluster_cuts(data, rows, cands, m, assign, placed,
                 lambda t, site: sum(var for (tt, route), var in week.days_on.items()
                                     if tt == t and site in route))
    site_cuts(data, rows, cands, m, placed,
              lambda group: sum(var for (_t, route), var in week.days_on.items()
                                if any(s in route for s in group)))
    _order_twins(data, rows, cands, week)
    week.spread_floor = {row.index: least_spread(row.periods, row.per_day, data.days)
                         for row in rows}
    c = data.coef
    m.minimize(c["km"] * sum(km) + c["road_days"] * sum(road) + c["loads"] * sum(loads)
               + c["spread"] * sum(week.spread_floor[row.index] * placed[row.index]
                                   for row in rows)
               + c["unplaced"] * sum(row.periods * (1 - placed[row.index]) for row in rows))
    return week


def plan_of(wk: Week, value: Callable[[Any], int]
            ) -> tuple[dict[int, str], dict[tuple[str, tuple[str, ...]], int]]:
    """A solution's decisions: each row's teacher and each day route's count."""
    return ({r: t for (r, t), lit in wk.assign.items() if value(lit)},
            {key: int(value(var)) for key, var in wk.days_on.items()})


def hint(wk: Week, teacher: dict[int, str], counts: dict[tuple[str, tuple[str, ...]], int]
         ) -> None:
    """Hint teachers and day-route counts with an earlier solution."""
    for (r, t), lit in wk.assign.items():
        wk.model.add_hint(lit, teacher.get(r) == t)
    for key, var in wk.days_on.items():
        wk.model.add_hint(var, counts.get(key, 0))


def hint_all(wk: Week, solution: list[int]) -> None:
    """Hint every variable with a solution of this model (`complete`, or a run's)."""
    wk.model.proto.solution_hint.vars.extend(range(len(solution)))
    wk.model.proto.solution_hint.values.extend(solution)


def routes_from(data: TravelData, home: str, sites: list[str]) -> dict[tuple[str, ...], int]:
    """Day routes a teacher of `home` may drive to `sites`, with their least metres
    (`day_routes`): one site, or two that some day can combine (T4, T5)."""
    out: dict[tuple[str, ...], int] = {}
    for s in sites:
        out.update(day_routes(data, home, (s,)))
    if data.max_sites >= 2:
        for a, b in combinations(sites, 2):
            if combinable(data, a, b):
                out.update(day_routes(data, home, (a, b)))
    return out


def combinable(data: TravelData, a: str, b: str) -> bool:
    """Some day holds a lesson at each of a and b (T4): `staircase(...)[1]` over a free
    day (feasible days are down-closed, so one lesson each decides), at the cost of the
    period pairs alone (county-l's 113 pieces: 1.8 s of staircases, 0.1 s this way)."""
    periods = range(1, data.periods + 1)
    return any(data.can_follow(x, y, p, q) for p in periods for q in periods if p < q
               for x, y in ((a, b), (b, a)))


def _pair_room(data: TravelData, frees: list[tuple[int, ...]], a: str, b: str) -> int:
    """Most lessons any day of the week holds at a and b together (T4 staircase)."""
    best = 0
    for free in frees:
        most = staircase(data, free, a, b)
        best = max([best, *(x + most[x] for x in range(1, len(free)) if most[x])])
    return best


def _allocate(m: cp_model.CpModel, t: str, mine: list[Row], assign: dict, n: dict,
              room: dict[tuple[str, ...], int], room_at: dict) -> None:
    """T3/T7 over the week: each row's periods go to days of routes through its site, at
    most per_day a day; a route's days hold at most its room (per site and in total)."""
    share = {}
    for row in mine:
        mine_routes = [r for r in n if row.site in r]
        for r in mine_routes:
            share[row.index, r] = m.new_int_var(0, row.periods, f"share[{row.index},{t}]")
            m.add(share[row.index, r] <= row.per_day * n[r])
        m.add(sum(share[row.index, r] for r in mine_routes)
              == row.periods * assign[row.index, t])
    for r, days in n.items():
        for x in set(r):
            here = sum(share[row.index, r] for row in mine if row.site == x)
            m.add(here <= room_at[r, x] * days)
            # a day has a lesson at each of its sites, two where it goes back to one
            m.add(here >= r.count(x) * days)
        if len(r) > 1:
            m.add(sum(share[row.index, r] for row in mine if row.site in r) <= room[r] * days)


def _room_at(data: TravelData, frees: list[tuple[int, ...]], route: tuple[str, ...], site: str,
             widest: int) -> int:
    """Most lessons at `site` on any day driving `route` (the other site keeps one)."""
    if len(route) == 1:
        return widest
    other = next(x for x in route if x != site)
    best = 0
    for free in frees:
        most = staircase(data, free, site, other)
        best = max([best, *(x for x in range(1, len(free)) if most[x])])
    return best


def square(m: cp_model.CpModel, t: str, parts: list[tuple[int, Any]], most: int) -> Any:
    """The square of a teacher's weekly periods (at most `most`), in unary: load² is the
    sum of 2k+1 over every k below the load. Booleans only, so the core search reads the
    term as it reads the routes, and presolve has no product to reduce (county-m's S065
    PE piece: 0.14 s of presolve, 1.33 s with `add_multiplication_equality`)."""
    top = min(most, sum(p for p, _lit in parts))
    above = [m.new_bool_var(f"load[{t}]>{k}") for k in range(top)]
    m.add(sum(above) == sum(p * lit for p, lit in parts))
    for hi, lo in pairwise(above):
        m.add_implication(lo, hi)
    return sum((2 * k + 1) * b for k, b in enumerate(above))


def teachers_needed(data: TravelData, teachers: list[str] | tuple[str, ...],
                    rows: list[Row]) -> int:
    """Fewest of `teachers` whose weekly caps (T6/T10), largest first, hold `rows` away
    from home (all of them when even that falls short). In halves, as the caps count."""
    need = sum(r.halves for r in rows)
    total, k = 0, 0
    for cap in sorted((2 * data.cap[t] for t in teachers), reverse=True):
        if total >= need:
            break
        total += cap
        k += 1
    return k


def cluster_cuts(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]],
                 m: cp_model.CpModel, assign: dict[tuple[int, str], Any],
                 placed: dict[int, Any], days_at: Callable[[str, str], Any]) -> None:
    """Rows at one site with the same candidates need at least as many teachers as their
    periods take caps (largest caps first), and each teacher who serves them is at the
    site (`days_at(teacher, site)`) on the days the shortest of them needs: a cut the LP
    cannot see for itself. For the week model and the county's LP (`county_bound`)."""
    clusters: dict[tuple[str, tuple[str, ...]], list[Row]] = defaultdict(list)
    for row in rows:
        clusters[row.site, cands[row.index]].append(row)
    for (site, teachers), members in clusters.items():
        if any(data.home[t] == site for t in teachers):
            continue
        k = teachers_needed(data, teachers, members)
        if k < 2:
            continue
        serves = {}
        for t in teachers:
            serves[t] = m.new_bool_var(f"serves[{site},{t}]")
            for r in members:
                m.add_implication(assign[r.index, t], serves[t])
            m.add(serves[t] <= sum(assign[r.index, t] for r in members))
            m.add(days_at(t, site) >= min(r.days for r in members) * serves[t])
        if all(isinstance(placed[r.index], int) for r in members):
            m.add(sum(serves.values()) >= k)


def twins(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]]
          ) -> list[tuple[tuple[int, ...], list[list[str]]]]:
    """Interchangeable teachers: same school, busy slots and candidate rows, none at that
    school. Each group: its rows, and its teachers by cap (largest first), ids sorted."""
    rows_of: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        for t in cands[row.index]:
            rows_of[t].append(row.index)
    groups: dict[Any, list[str]] = defaultdict(list)
    for t, mine in rows_of.items():
        if any(data.rows[r].site == data.home[t] for r in mine):
            continue
        busy = frozenset((d, p) for (o, d, p) in data.busy if o == t)
        groups[data.home[t], busy, tuple(sorted(mine))].append(t)
    out = []
    for (_home, _busy, mine), same in groups.items():
        by_cap: dict[int, list[str]] = defaultdict(list)
        for t in sorted(same):
            by_cap[data.cap[t]].append(t)
        out.append((mine, [by_cap[c] for c in sorted(by_cap, reverse=True)]))
    return out


def _order_twins(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]],
                 week: Week) -> None:
    """Break the symmetry of interchangeable teachers (`twins`) and of identical rows.

    Within equal caps twins are identical: teacher k may take row r only if teacher k-1
    took a row before r (implied by ordering their columns of `assign` lexicographically).
    Across caps, the larger cap takes the larger load: swapping the two weeks keeps every
    rule, as the smaller load fits the smaller cap (see model._break_symmetry). Rows with
    the same site, subject, periods and candidates are identical to the week model: they
    take their teachers in `teacher_order` (rows of `assign` in lexicographic order).
    Rows and columns ordered together is the double-lex order (Flener et al., 2002),
    which every solution can be permuted into; `canonical` does so for hints.
    """
    m, a = week.model, week.assign
    for mine, classes in twins(data, rows, cands):
        load = {t: sum(data.rows[r].periods * a[r, t] for r in mine)
                for ts in classes for t in ts}
        for hi, lo in pairwise(classes):
            for t in hi:
                for u in lo:
                    m.add(load[t] >= load[u])
        for same in classes:
            for first, second in pairwise(same):
                for i, r in enumerate(mine):
                    m.add(a[r, second] <= sum(a[q, first] for q in mine[:i]))
    order = teacher_order(data, cands)
    last = len(order) + 1  # an unplaced row (partial mode) comes after every placed one

    def position(row: Row) -> Any:
        placed = week.placed[row.index]
        return sum(order[t] * a[row.index, t] for t in cands[row.index]) + (
            0 if isinstance(placed, int) else last * (1 - placed))

    for members in identical_rows(rows, cands):
        for first, second in pairwise(members):
            m.add(position(first) <= position(second))


def teacher_order(data: TravelData, cands: dict[int, tuple[str, ...]]) -> dict[str, int]:
    """Position of each teacher (from 1): largest cap first, then id, so that every class
    of `twins` appears in its own order."""
    teachers = sorted({t for ts in cands.values() for t in ts}, key=lambda t: (-data.cap[t], t))
    return {t: i for i, t in enumerate(teachers, start=1)}


def identical_rows(rows: list[Row], cands: dict[int, tuple[str, ...]]) -> list[list[Row]]:
    """Groups (two rows or more, by index) that the week model cannot tell apart."""
    groups: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row.site, row.subject, row.periods, row.per_day, cands[row.index]].append(row)
    return [sorted(g, key=lambda r: r.index) for g in groups.values() if len(g) > 1]


def canonical(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]],
              teacher: dict[int, str], counts: dict[tuple[str, tuple[str, ...]], int]
              ) -> tuple[dict[int, str], dict[tuple[str, tuple[str, ...]], int]]:
    """The same solution permuted into the order `_order_twins` demands, so that it can
    hint the week model: twins' weeks by load across caps, then rows and twins' columns
    sorted in turn until neither changes (each sort raises the solution in one total
    order, so this ends)."""
    teacher, counts = dict(teacher), dict(counts)
    groups = twins(data, rows, cands)
    for mine, classes in groups:  # across caps: the larger cap takes the larger load
        order = [t for ts in classes for t in ts]
        weeks = _weeks(teacher, counts, mine, order)
        by_load = sorted(weeks.values(), key=lambda w: -sum(data.rows[r].periods for r in w[0]))
        teacher, counts = _relabel(teacher, counts, dict(zip(order, by_load, strict=True)))
    position = teacher_order(data, cands)
    same_rows = identical_rows(rows, cands)
    for _round in range(100):
        before = dict(teacher)
        for members in same_rows:
            taken = sorted((teacher[r.index] for r in members if r.index in teacher),
                           key=position.__getitem__)
            teacher.update({r.index: t for r, t in zip(members, taken, strict=False)})
            for r in members[len(taken):]:
                teacher.pop(r.index, None)
        for mine, classes in groups:
            for same in classes:
                weeks = _weeks(teacher, counts, mine, same)
                ranked = sorted(weeks.values(), key=lambda w: (*sorted(w[0]), math.inf))
                teacher, counts = _relabel(teacher, counts, dict(zip(same, ranked, strict=True)))
        if teacher == before:
            break
    return teacher, counts


Weekly = tuple[list[int], dict[tuple[str, ...], int]]


def _weeks(teacher: dict[int, str], counts: dict[tuple[str, tuple[str, ...]], int],
           mine: tuple[int, ...], who: list[str]) -> dict[str, Weekly]:
    """Each teacher's rows (among `mine`) and day-route counts."""
    return {t: ([r for r in mine if teacher.get(r) == t],
                {route: n for (u, route), n in counts.items() if u == t}) for t in who}


def _relabel(teacher: dict[int, str], counts: dict[tuple[str, tuple[str, ...]], int],
             given: dict[str, Weekly]) -> tuple[dict[int, str], dict]:
    """Give each teacher in `given` the week it maps to."""
    counts = {k: n for k, n in counts.items() if k[0] not in given}
    for t, (week_rows, routes) in given.items():
        teacher.update({r: t for r in week_rows})
        counts.update({(t, route): n for route, n in routes.items()})
    return teacher, counts


def site_cuts(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]],
              m: cp_model.CpModel | mb.Model, placed: dict[int, Any],
              days_through: Callable[[tuple[str, ...]], Any], *, pairs: bool = True) -> None:
    """Days on the road through a set of sites (each site; with `pairs`, each pair and all
    of the rows' sites) are at least what the lessons there need; the LP relaxation
    splits rows among teachers and sees none of it. Sets with a candidate at home there,
    or optional rows, are skipped. `days_through(group)` is the model's count of
    teacher-days at a site of the group (or more: the county's LP counts a day at two of
    them twice, which keeps the cut valid). For the week model, the county's LP
    (`county_bound`) and the pieces' floors (`county_bound.piece_floor`, an LP).

    The periods take k teachers by caps (largest first), each of whom drives at least the
    fewest days any row there needs, and the rows needing δ days or more take k_δ of
    them for δ days each; a day holds at most a day's periods. Over two sites the cut
    sees what pairing costs: one teacher's cap holds the rows at both ends of its days.
    """
    by_site: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_site[row.site].append(row)
    sites = sorted(by_site)
    sets = [(s,) for s in sites]
    if pairs:
        sets += list(combinations(sites, 2)) + ([tuple(sites)] if len(sites) > 2 else [])
    for group in sets:
        members = [r for s in group for r in by_site[s]]
        teachers = sorted({t for r in members for t in cands[r.index]})
        if any(data.home[t] in group for t in teachers) or any(
                not isinstance(placed[r.index], int) for r in members):
            continue
        m.add(days_through(group) >= days_needed(data, teachers, members))


def days_needed(data: TravelData, teachers: list[str], members: list[Row]) -> int:
    """Fewest teacher-days the rows in `members` take (see `site_cuts`)."""
    fewest = min(r.days for r in members)
    k = teachers_needed(data, teachers, members)
    best = -(-sum(r.periods for r in members) // data.periods)
    for delta in sorted({r.days for r in members}):
        k_delta = teachers_needed(data, teachers, [r for r in members if r.days >= delta])
        best = max(best, k_delta * delta + max(0, k - k_delta) * fewest)
    return best

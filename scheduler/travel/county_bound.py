"""A lower bound for the whole county: an LP over every lesson row with every candidate
teacher, small enough to solve at county scale.

The parts the solve works on restrict some rows to the teachers of their own townships
(`decompose`), so the sum of the parts' bounds bounds the county only when no row lost a
candidate (`decomposition_exact`). The week model (`scheduler.travel.week`) would bound
the county if built with every candidate, but it names every pair of sites a teacher
could combine in a day: on county-m its county-wide components have up to 50,000
variables and GLOP does not solve their LP in two minutes. This relaxation keeps the
week model's rules over a whole week (candidates, T1/T7 days at each site, T5 at most
two sites a day, T6/T10 caps, free days and periods, loads squared in unary, spread at
its floor, the cluster cuts and the one-site cuts of `week.site_cuts`) but prices a
day at two sites by its sites alone: a site visited on a day with another costs
`pair_price` (half the cheapest two-site day through it, so any two such prices add up
to no more than the day they share), a site alone costs its round trip. It has one
variable per teacher and site instead of per pair, and HiGHS solves it in seconds. Every
constraint an LP cannot state is dropped (weaker, never wrong), and the LP optimum is
rounded up only past the solver's tolerance: a bound a county can stand behind.

The same site cuts, priced at the cheapest day routes, give each week piece of the solve
a bound before it runs (`piece_floor`).
"""

from __future__ import annotations

import math
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from ortools.linear_solver import linear_solver_pb2
from ortools.linear_solver.python import model_builder as mb
from ortools.sat import cp_model_pb2
from ortools.sat.python import cp_model

from constraints.travel import weekly_cap
from constraints.travel.routes import day_routes
from scheduler.travel import week
from scheduler.travel.budget import BUDGET as B
from scheduler.travel.data import Row, TravelData

TOLERANCE = 1e-6  # relative: the LP solvers' own is about 1e-7
HIGHS_PARAMS = "solver=ipm\noutput_flag=false"  # one option a line; no banner on stdout
# the pieces' floors are small LPs: HiGHS's own choice (simplex) is as good there, and
# quicker than the interior point method (county-l's 113 floors: 0.11 s against 0.13 s)
FLOOR_PARAMS = "output_flag=false"
BIG = 2**62  # CP-SAT domains beyond this are unbounded


@dataclass(frozen=True)
class CountyBound:
    """The county's LP bound in objective points (None: no week model to bound), over how
    many components, and how many of them had their LP solved in the time given (None:
    not known, the LP still running when the solve ended)."""

    points: int | None
    components: int | None
    bounded: int | None
    seconds: float
    reason: str = ""  # why `points` is None, or why some components count at 0


def county_bound(data: TravelData, rows: list[Row], *, optional: bool,
                 time_limit: float, stop: threading.Event | None = None) -> CountyBound:
    """Σ over the county-wide week components of their LP bounds (points, integer: the
    objective's coefficients are integers, so the bound rounds up after the tolerance).
    Every objective term is ≥ 0, so a component whose LP is not solved in the time left
    counts at 0 and the sum stays a bound; the smallest components go first. `stop` ends
    it before the next component (HiGHS, as OR-Tools ships it, cannot be interrupted)."""
    start = time.perf_counter()
    if not week.applies(data):
        return CountyBound(None, 0, 0, 0.0, "days of more than two sites (no week model)")
    cands = {row.index: data.candidates[row.index] for row in rows}
    comps = week.components(rows, cands)  # smallest first
    total = bounded = 0
    for comp in comps:
        left = time_limit - (time.perf_counter() - start)
        if left <= 0 or (stop is not None and stop.is_set()):
            break
        value = lp_bound(aggregate(data, comp, cands, optional=optional), left)
        if value is not None:
            total += value
            bounded += 1
    reason = "" if bounded == len(comps) else (
        f"{len(comps) - bounded} of {len(comps)} components count at 0: their LP was not "
        "solved in the time given")
    return CountyBound(total, len(comps), bounded, time.perf_counter() - start, reason)


class SitePairs:
    """Two-site days as the LP reads them, each asked once: whether some day holds a
    lesson at each of two sites (`week.combinable`), the least metres of such a day from a
    school (`day_routes`), and the prices of a school's sites (`pair_prices`). None of
    them depends on the teacher, and the LP asks for every teacher (county-l's largest
    component: 406 teachers, 104,000 pairs of sites, 9,800 distinct with their school,
    97 distinct schools and sets of sites). One per LP (`aggregate`), so a bound
    computed in a background thread shares no cache with the solve."""

    def __init__(self, data: TravelData) -> None:
        self.data = data
        self._combinable: dict[tuple[str, str], bool] = {}
        self._day: dict[tuple[str, str, str], int | None] = {}
        self._prices: dict[tuple[str, tuple[str, ...]], dict[str, int | None]] = {}

    def day(self, home: str, a: str, b: str) -> int | None:
        """Least metres of a day at a and b from `home`; None where no day combines them."""
        key = (home, a, b)
        if key not in self._day:
            if (a, b) not in self._combinable:
                self._combinable[a, b] = week.combinable(self.data, a, b)
            self._day[key] = (min(day_routes(self.data, home, (a, b)).values())
                              if self._combinable[a, b] else None)
        return self._day[key]

    def prices(self, home: str, sites: tuple[str, ...]) -> dict[str, int | None]:
        """`pair_prices` of these sites from `home` (shared: read it, never change it)."""
        key = (home, sites)
        if key not in self._prices:
            self._prices[key] = pair_prices(self, home, list(sites))
        return self._prices[key]


def pair_prices(pairs: SitePairs, home: str, sites: list[str], rounds: int = 3
                ) -> dict[str, int | None]:
    """A price per site for a visit on a two-site day, such that any two sites' prices add
    up to no more than the least metres of a day at both (so pricing the visits never
    overprices a day); None for a site that no day combines with another (T4/T5 as the
    week model allows them). Starts at half the cheapest day through each site and
    raises each price to the most its pairs allow, a few rounds: every step keeps the
    property, each round only raises prices."""
    day = {(a, b): metres for a, b in combinations(sites, 2)
           if (metres := pairs.day(home, a, b)) is not None}
    partners: dict[str, dict[str, int]] = {s: {} for s in sites}
    for (a, b), metres in day.items():
        partners[a][b] = partners[b][a] = metres
    price: dict[str, int | None] = {s: min(p.values()) // 2 if p else None
                                    for s, p in partners.items()}
    for _ in range(rounds):
        for s, p in partners.items():
            if p:
                price[s] = min(metres - (price[o] or 0) for o, metres in p.items())
    return price


def aggregate(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]], *,
              optional: bool) -> cp_model.CpModel:
    """The relaxation of one component as a CP-SAT model (only its LP is used)."""
    m = cp_model.CpModel()
    assign = {(row.index, t): m.new_bool_var(f"a[{row.index},{t}]")
              for row in rows for t in cands[row.index]}
    placed: dict[int, Any] = {}
    for row in rows:
        placed[row.index] = m.new_bool_var(f"placed[{row.index}]") if optional else 1
        m.add(sum(assign[row.index, t] for t in cands[row.index]) == placed[row.index])
    km, road, loads = [], [], []
    at_of: dict[tuple[str, str], Any] = {}
    two_site = SitePairs(data)
    rows_of: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for t in cands[row.index]:
            rows_of[t].append(row)
    for t in sorted({t for ts in cands.values() for t in ts}):
        mine = rows_of[t]
        home = data.home[t]
        frees = [tuple(p for p in range(1, data.periods + 1) if (t, d, p) not in data.busy)
                 for d in range(1, data.days + 1)]
        days = sum(1 for f in frees if f)
        sites = sorted({row.site for row in mine})
        at = {s: m.new_int_var(0, days, f"at[{t},{s}]") for s in sites}  # days at s
        at_of.update({(t, s): var for s, var in at.items()})
        alone = {s: m.new_int_var(0, days, f"alone[{t},{s}]") for s in sites}
        pairs = m.new_int_var(0, days, f"pairs[{t}]")  # days at two sites (T5)
        m.add(sum(alone.values()) + pairs <= days)
        m.add(sum(at.values()) - sum(alone.values()) == 2 * pairs)
        prices = two_site.prices(home, tuple(sites)) if data.max_sites >= 2 else {}
        for s in sites:  # a two-site day visits s once: s's other days are alone
            m.add(at[s] - alone[s] <= pairs)
            m.add(alone[s] <= at[s])
            price = prices.get(s)
            if price is None:
                m.add(alone[s] == at[s])
                price = 0
            km.append(day_routes(data, home, (s,))[(s,)] * alone[s] + price * (at[s] - alone[s]))
            if s != home:
                road.append(alone[s])
        road.append(pairs)
        for row in mine:  # T1/T7: the row's teacher is at its site on enough days
            m.add(at[row.site] >= row.days * assign[row.index, t])
        widest = max((len(f) for f in frees), default=0)
        for s in sites:  # T3: a day at s holds at most a day's free periods of lessons
            m.add(sum(row.periods * assign[row.index, t] for row in mine if row.site == s)
                  <= widest * at[s])
        m.add(sum(row.periods * assign[row.index, t] for row in mine)
              <= sum(len(f) for f in frees))
        weekly_cap.cap(m, data, t, [(row, assign[row.index, t]) for row in mine])
        loads.append(week.square(m, t, [(row.periods, assign[row.index, t]) for row in mine],
                                 sum(len(f) for f in frees)))
    week.cluster_cuts(data, rows, cands, m, assign, placed, lambda t, site: at_of[t, site])
    days_at: dict[str, list[Any]] = defaultdict(list)
    for (_t, s), var in at_of.items():
        days_at[s].append(var)
    week.site_cuts(data, rows, cands, m, placed, lambda group: sum(days_at[group[0]]),
                   pairs=False)
    c = data.coef
    m.minimize(c["km"] * sum(km) + c["road_days"] * sum(road) + c["loads"] * sum(loads)
               + c["spread"] * sum(week.least_spread(row.periods, row.per_day, data.days)
                                   * placed[row.index] for row in rows)
               + c["unplaced"] * sum(row.periods * (1 - placed[row.index]) for row in rows))
    return m


def lp_bound(model: cp_model.CpModel, time_limit: float) -> int | None:
    """A lower bound on the minimum of `model`'s objective: its LP relaxation's optimum
    (integer objective: rounded up after the tolerance), None if the LP solver did not
    finish."""
    return solve_lp(relaxation(model), time_limit)


def solve_lp(lp_proto: linear_solver_pb2.MPModelProto, time_limit: float) -> int | None:
    """The optimum of a minimising LP, rounded up after the tolerance (None if the solver
    did not finish). HiGHS's interior point method (with crossover), as OR-Tools ships
    it: on county-l's largest components 10 s, where GLOP's simplex takes 60 s and
    HiGHS's 50 s. Model builder reads an MPModelProto only from a file (OR-Tools 9.15
    has no import from memory); the file costs 0.06 s on county-l's largest."""
    with tempfile.TemporaryDirectory(prefix="rotaplan-lp-") as tmp:
        path = Path(tmp) / "relaxation.pb"
        path.write_bytes(lp_proto.SerializeToString())
        lp = mb.Model()
        if not lp.helper.read_model_from_proto_file(str(path)):
            return None
    return _solve(lp, time_limit, HIGHS_PARAMS)


def _solve(lp: mb.Model, time_limit: float, params: str) -> int | None:
    """HiGHS's optimum of a minimising LP, rounded up after the tolerance (the objective's
    coefficients are integers); None if it did not finish."""
    solver = mb.Solver("highs")
    solver.enable_output(False)
    solver.set_solver_specific_parameters(params)
    solver.set_time_limit_in_seconds(max(0.1, time_limit))
    if solver.solve(lp) != mb.SolveStatus.OPTIMAL:
        return None
    value = solver.objective_value
    return math.ceil(value - TOLERANCE * max(1.0, abs(value)) - 1e-9)


def piece_floor(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]], *,
                optional: bool) -> int:
    """A bound on a week piece (`week.build` of these rows), known before any run, so a
    part whose pieces no run reached by the time limit still has a bound (the summary
    showed none on county-l at 20 s). The objective's terms bounded one by one: spread
    at its floor (with optional rows, the cheaper of that and leaving the row out),
    loads as even as the piece's teachers could share the periods, and route km and
    road days as the LP of teacher-days on day routes, each priced at its cheapest from
    any teacher's school, covering what `week.site_cuts` says each site and pair of sites
    needs. On county-l's 113 pieces: 0.1 s in all, 98 % of their week models' LP bound
    (10 s)."""
    c = data.coef
    floors = [c["spread"] * week.least_spread(r.periods, r.per_day, data.days) for r in rows]
    if optional:
        return sum(min(f, c["unplaced"] * r.periods) for f, r in zip(floors, rows, strict=True))
    teachers = sorted({t for r in rows for t in cands[r.index]})
    even, extra = divmod(sum(r.periods for r in rows), max(1, len(teachers)))
    loads = extra * (even + 1) ** 2 + (len(teachers) - extra) * even ** 2
    return sum(floors) + c["loads"] * loads + _route_floor(data, rows, cands)


def _route_floor(data: TravelData, rows: list[Row], cands: dict[int, tuple[str, ...]]) -> int:
    """Least km and road days of the teacher-days that `week.site_cuts` demands (0 if the
    LP does not solve): each day at one route's price from the cheapest school."""
    sites = sorted({r.site for r in rows})
    price: dict[frozenset[str], int] = {}
    for home in sorted({data.home[t] for r in rows for t in cands[r.index]}):
        for key, metres in week.routes_from(data, home, sites).items():
            cost = data.coef["km"] * metres + (
                data.coef["road_days"] if any(s != home for s in key) else 0)
            at = frozenset(key)
            price[at] = min(price.get(at, cost), cost)
    lp = mb.Model()
    days = {at: lp.new_num_var(0, math.inf, "+".join(sorted(at))) for at in price}
    placed = dict.fromkeys((r.index for r in rows), 1)
    week.site_cuts(data, rows, cands, lp, placed, lambda group: mb.LinearExpr.sum(
        [var for at, var in days.items() if at & set(group)]))
    lp.minimize(mb.LinearExpr.weighted_sum(list(days.values()),
                                           [price[at] for at in days]))
    return _solve(lp, B.floor_lp_max, FLOOR_PARAMS) or 0


def relaxation(model: cp_model.CpModel) -> linear_solver_pb2.MPModelProto:
    """The LP of a CP-SAT model: variables over their domain's hull, linear constraints
    over their domain's hull, Boolean clauses as sums; anything enforced or non-linear is
    dropped (a weaker relaxation, never a wrong one). Reads the model as a Python
    protobuf: the bindings' own proto costs about a microsecond a field (county-l's two
    largest components, 74,000 and 80,000 constraints: 2.0 and 2.4 s, against 0.6 and
    0.9 s read this way)."""
    proto = _python_proto(model)
    mp = linear_solver_pb2.MPModelProto()
    fixed: set[int] = set()  # the literals fixed true: x for x = 1, -x - 1 (not x) for x = 0
    add_variable = mp.variable.add
    for i, var in enumerate(proto.variables):
        lo, hi = var.domain[0], var.domain[-1]
        add_variable(lower_bound=float(lo), upper_bound=float(hi))
        if len(var.domain) == 2 and lo == hi and lo in (0, 1):
            fixed.add(i if lo == 1 else -i - 1)
    for ct in proto.constraints:
        if not fixed.issuperset(ct.enforcement_literal):
            continue
        kind = ct.WhichOneof("constraint")
        if kind == "linear":
            lin = ct.linear
            _linear(mp, lin.vars, lin.coeffs, lin.domain[0], lin.domain[-1])
        elif kind == "bool_or":
            _clause(mp, ct.bool_or.literals, lo=1)
        elif kind == "at_most_one":
            _clause(mp, ct.at_most_one.literals, hi=1)
        elif kind == "exactly_one":
            _clause(mp, ct.exactly_one.literals, lo=1, hi=1)
        elif kind == "bool_and":  # unenforced: every literal true
            for lit in ct.bool_and.literals:
                _clause(mp, [lit], lo=1)
    obj = proto.objective
    scale = obj.scaling_factor or 1.0
    for var, coef in zip(obj.vars, obj.coeffs, strict=True):
        if var >= 0:
            mp.variable[var].objective_coefficient += coef * scale
        else:  # a negated literal: coef × (1 − x)
            mp.variable[-var - 1].objective_coefficient -= coef * scale
            mp.objective_offset += coef * scale
    mp.objective_offset += obj.offset * scale
    mp.maximize = False
    return mp


def _python_proto(model: cp_model.CpModel) -> cp_model_pb2.CpModelProto:
    """`model`'s proto as a Python message, through its binary form (the bindings write
    it only to a file): about 0.1 s on county-l's largest components."""
    with tempfile.TemporaryDirectory(prefix="rotaplan-lp-") as tmp:
        path = Path(tmp) / "model.pb"
        if not model.export_to_file(str(path)):
            raise OSError(f"could not write the CP-SAT model to {path}")
        return cp_model_pb2.CpModelProto.FromString(path.read_bytes())


def _linear(mp: linear_solver_pb2.MPModelProto, refs: Sequence[int], coefs: Sequence[int],
            lo: int, hi: int) -> None:
    shift = 0.0
    if min(refs, default=0) >= 0:  # the usual case: no negated literal
        index, coefficient = refs, coefs
    else:
        index, coefficient = [], []
        for ref, coef in zip(refs, coefs, strict=True):
            if ref >= 0:
                index.append(ref)
                coefficient.append(coef)
            else:  # coef × not(x) = coef − coef × x
                index.append(-ref - 1)
                coefficient.append(-coef)
                shift += coef
    mp.constraint.add(var_index=index, coefficient=coefficient,
                      lower_bound=-math.inf if lo <= -BIG else float(lo) - shift,
                      upper_bound=math.inf if hi >= BIG else float(hi) - shift)


def _clause(mp: linear_solver_pb2.MPModelProto, lits: Sequence[int], lo: float = -math.inf,
            hi: float = math.inf) -> None:
    _linear(mp, lits, [1] * len(lits),
            -BIG if lo == -math.inf else int(lo),
            BIG if hi == math.inf else int(hi))

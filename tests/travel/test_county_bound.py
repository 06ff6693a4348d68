"""The county's LP bound: the relaxation reads a CP-SAT model as GLOP should, it never
exceeds the exact optimum, and a solve whose parts are narrower than the county reports
it as the county's bound."""

from __future__ import annotations

import dataclasses
import threading
from unittest.mock import ANY

import pytest
from hypothesis import HealthCheck, event, given, settings
from ortools.sat.python import cp_model

from constraints.travel.routes import day_routes
from constraints.travel.travel_gap import staircase
from scheduler.solving import SolverSettings
from scheduler.travel import cpsat, decompose, week
from scheduler.travel.county_bound import (
    SitePairs,
    county_bound,
    lp_bound,
    pair_prices,
    piece_floor,
)
from scheduler.travel.data import SCALE, TravelData
from scheduler.travel.model import build
from scheduler.travel.part import pieces, solve_piece
from scheduler.travel.solve import solve_travel
from tests.travel.test_solve import townships


def test_lp_bound_reads_negated_literals_fixed_guards_and_drops_enforced_rows():
    m = cp_model.CpModel()
    x, y, f = m.new_bool_var("x"), m.new_bool_var("y"), m.new_bool_var("f")
    m.add_bool_or([x, ~y])  # x + (1 - y) >= 1
    m.add(2 * x + 2 * y >= 3).only_enforce_if(True)  # a constant-true guard: kept
    m.add(x + y <= 0).only_enforce_if(f)  # guarded by a free literal: dropped
    m.minimize(10 * x + 6 * y + 7)
    # LP: x + y >= 1.5 and x >= y (the clause) -> x = y = 0.75 costs 7.5 + 4.5 + 7 = 19;
    # x = 1, y = 0.5 costs 10 + 3 + 7 = 20: the LP optimum is 19 (CP-SAT's is 23)
    assert lp_bound(m, 10) == 19
    # a negated literal in the objective: 4 × (1 - f) is 0 at f = 1
    m.minimize(10 * x + 6 * y + 4 * ~f)
    assert lp_bound(m, 10) == 12


def test_lp_bound_keeps_a_guard_fixed_true_by_a_negated_literal():
    m = cp_model.CpModel()
    x, y, z = (m.new_bool_var(name) for name in "xyz")
    zero = m.new_constant(0)
    m.add_exactly_one([x, y, z])
    m.add_at_most_one([x, z])
    m.add_bool_and([~y])  # unenforced: y = 0
    m.add(x >= 1).only_enforce_if(~zero)  # not(0) is true: kept
    m.add_implication(x, y)  # a bool_and enforced by x: dropped (kept, the LP is infeasible)
    m.minimize(10 * x + 3 * y + z)
    # y = 0 and x >= 1 leave x = 1, z = 0: 10. Without the guard z = 1 would cost 1
    assert lp_bound(m, 10) == 10


def test_site_pairs_answer_per_school_as_the_rules_do(county):
    """Two schools C and E, sites A, B, D; A-D is 90 minutes, more than the longest gap
    between two lessons (80): no day holds both."""
    inst = county({"C": None, "E": None, "A": "C", "B": "C", "D": "C"},
                  [{"teacher_id": "T1", "school_id": "C", "subject": "music"},
                   {"teacher_id": "T2", "school_id": "E", "subject": "music"}],
                  [{"site_id": s, "class_id": "1", "subject": "music", "periods_per_week": 1}
                   for s in "ABD"],
                  {("C", "A"): (5, 10), ("C", "B"): (20, 30), ("C", "D"): (12, 20),
                   ("E", "A"): (10, 15), ("E", "B"): (3, 5), ("E", "D"): (8, 10),
                   ("C", "E"): (10, 15), ("A", "B"): (16, 25), ("A", "D"): (30, 90),
                   ("B", "D"): (9, 15)})
    data = TravelData(inst)
    pairs = SitePairs(data)
    # from C: C>A>B>C = 5 + 16 + 20 = 41 km (C>A>B>A>C: 42); C>B>D>C = 20 + 9 + 12 = 41
    # from E: E>A>B>E = 10 + 16 + 3 = 29 km (E>B>A>B>E: 38); E>B>D>E = 3 + 9 + 8 = 20
    for _ in range(2):  # asked again: the same answers, for each school its own
        assert pairs.day("C", "A", "B") == 41_000 and pairs.day("E", "A", "B") == 29_000
        assert pairs.day("C", "B", "D") == 41_000 and pairs.day("E", "B", "D") == 20_000
        assert pairs.day("C", "A", "D") is None and pairs.day("E", "A", "D") is None
    for home in "CE":
        for a, b in (("A", "B"), ("A", "D"), ("B", "D")):
            expected = min(day_routes(data, home, (a, b)).values())
            assert pairs.day(home, a, b) == (expected if week.combinable(data, a, b) else None)
    # C: every site starts at half of 41 km and no round raises it
    assert pairs.prices("C", ("A", "B", "D")) == {"A": 20_500, "B": 20_500, "D": 20_500}
    # E: A 14.5, B 10, D 10 km; then A = 29 - 10 = 19, B = min(29 - 19, 20 - 10) = 10
    assert pairs.prices("E", ("A", "B", "D")) == {"A": 19_000, "B": 10_000, "D": 10_000}
    assert pairs.prices("E", ("A", "B")) == {"A": 14_500, "B": 14_500}  # its own sites
    assert pairs.prices("E", ("A", "B", "D")) == pair_prices(SitePairs(data), "E",
                                                             ["A", "B", "D"])


def test_pair_prices_never_overprice_a_day(county):
    inst = county({"C": None, "A": "C", "B": "C", "D": "C"},
                  [{"teacher_id": "T1", "school_id": "C", "subject": "music"}],
                  [{"site_id": s, "class_id": "1", "subject": "music", "periods_per_week": 1}
                   for s in "ABD"],
                  {("C", "A"): (5, 10), ("C", "B"): (20, 30), ("C", "D"): (12, 20),
                   ("A", "B"): (16, 25), ("A", "D"): (30, 40), ("B", "D"): (9, 15)})
    data = TravelData(inst)
    price = pair_prices(SitePairs(data), "C", ["A", "B", "D"])
    for a, b in (("A", "B"), ("A", "D"), ("B", "D")):
        day = min(day_routes(data, "C", (a, b)).values())
        assert price[a] + price[b] <= day
    # raising beyond half the cheapest day: B's cheapest day (C>A>B>C = 5+16+20 = 41 km)
    # leaves B at least 20.5 km, more than half of it
    assert price["B"] > min(day_routes(data, "C", ("A", "B")).values()) // 2 - 1


def one_site(county) -> TravelData:
    """Site A: two PE rows of 4 periods and four of 3 (20), three teachers with caps of 16
    at school C, 5 km away."""
    return TravelData(county(
        {"C": None, "A": "C"},
        [{"teacher_id": t, "school_id": "C", "subject": "pe", "max_travel_periods": 16}
         for t in ("P1", "P2", "P3")],
        [{"site_id": "A", "class_id": str(c), "subject": "pe",
          "periods_per_week": 4 if c <= 2 else 3} for c in range(1, 7)],
        {("C", "A"): (5, 10)},
        travel={"days": 5, "period_starts": ["08:00", "08:50", "09:40", "10:30", "11:20",
                                             "14:00", "14:50"]}))


def test_county_bound_counts_the_days_a_site_needs(county):
    """Site A: two rows of 4 periods and four of 3 (20), caps of 16: two teachers, one
    there 4 days and one at least 3 (`week.site_cuts`). Without the cut the LP sees 6
    (the cluster cut: two teachers, 3 days each)."""
    data = one_site(county)
    day = 10_000 * data.coef["km"] + data.coef["road_days"]  # a 10 km round trip
    found = county_bound(data, data.rows, optional=False, time_limit=10).points
    assert found is not None and 7 * day <= found < 8 * day


def test_a_piece_is_bounded_before_it_runs_by_the_days_its_sites_need(county):
    """`piece_floor` on `one_site`: the 7 teacher-days site A needs at a round trip
    each, plus spread and loads at their least; at most the piece's optimum. With
    optional rows leaving a row out may be cheaper than any day, so only spread is left."""
    data = one_site(county)
    day = 10_000 * data.coef["km"] + data.coef["road_days"]
    spread = sum(week.least_spread(r.periods, r.per_day, data.days) for r in data.rows)
    loads = 7 * 7 + 7 * 7 + 6 * 6  # 20 periods as evenly as three teachers can share them
    floor = piece_floor(data, data.rows, data.candidates, optional=False)
    least = 7 * day + data.coef["spread"] * spread + data.coef["loads"] * loads
    assert least - 10 <= floor <= least  # the LP's optimum, rounded up past its tolerance
    (piece,) = pieces(data, data.rows, data.candidates, optional=False)
    assert piece.bound == floor and not piece.run_bound
    solve_piece(data, piece, SolverSettings(workers=1, seed=0), 10, optional=False)
    assert piece.status == "OPTIMAL" and floor <= piece.objective and piece.run_bound
    assert piece_floor(data, data.rows, data.candidates, optional=True) == (
        data.coef["spread"] * spread)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(town=townships())
def test_county_bound_never_exceeds_the_exact_optimum(county, town):
    """Random roads (the triangle inequality often broken), busy slots, one or two sites a
    day: the bound is compared with the full slot-level model solved to optimality."""
    schools, teachers, lessons, roads, busy, travel = town
    inst = county(schools, teachers, lessons, roads, busy=busy, travel={**travel, "days": 2})
    data = TravelData(inst)
    exact = cpsat.run(build(data, data.rows, data.candidates, level="slot").model,
                      SolverSettings(workers=1, seed=1), 20)
    if exact.status != "OPTIMAL":
        event(f"exact {exact.status}")
        return
    found = county_bound(data, data.rows, optional=False, time_limit=10)
    assert found.points is not None and found.bounded == found.components  # ≤ 2 sites a day
    # with no time, or stopped, every component counts at 0: still a bound, and said so
    none = county_bound(data, data.rows, optional=False, time_limit=0)
    assert none.points == 0 and none.bounded == 0 and "count at 0" in none.reason
    stop = threading.Event()
    stop.set()
    assert county_bound(data, data.rows, optional=False, time_limit=10, stop=stop) == (
        dataclasses.replace(none, seconds=ANY))
    full = tuple(range(1, data.periods + 1))
    sites = sorted({row.site for row in data.rows} | set(data.home.values()))
    assert all(week.combinable(data, a, b) == bool(staircase(data, full, a, b)[1])
               for a in sites for b in sites if a < b)
    event("compared")
    assert 0 < found.points <= exact.objective, (found.points / SCALE, exact.objective / SCALE)


def narrower(county):
    """Two townships that could lend each other a teacher (solved as two parts when
    `decompose.borrowing` borrows nothing)."""
    return county({"C": None, "A": "C", "E": None, "F": "E"},
                  [{"teacher_id": "T1", "school_id": "C", "subject": "music"},
                   {"teacher_id": "T2", "school_id": "E", "subject": "music"}],
                  [{"site_id": s, "class_id": "1", "subject": "music", "periods_per_week": 2}
                   for s in "AF"],
                  {("C", "A"): (5, 10), ("E", "F"): (5, 10), ("C", "F"): (8, 15),
                   ("E", "A"): (8, 15), ("C", "E"): (10, 20), ("A", "F"): (6, 10)})


def test_a_solve_on_narrower_parts_reports_the_county_bound(county, monkeypatch):
    """Solved as two parts, the parts' bound is not the county's, so the LP's is
    reported (and no OPTIMAL)."""
    inst = narrower(county)
    data = TravelData(inst)
    assert set(data.candidates[0]) == {"T1", "T2"}
    monkeypatch.setattr(decompose, "borrowing", lambda *_a, **_k: set())
    result = solve_travel(inst, SolverSettings(workers=1, seed=0, time_limit=10))
    assert result.decomposition_exact is False
    assert result.county_bound["method"] == "lp"
    stats = result.stats
    assert stats.status == "FEASIBLE"  # every part is proven, the county is not
    assert stats.best_bound is not None and stats.best_bound <= stats.objective
    assert result.parts_bound == pytest.approx(stats.objective)  # each part proven optimal
    # T1 at A, T2 at F: 2 days × 2 × 5 km each = 40 km a week, which the LP cannot beat
    assert stats.best_bound == pytest.approx(stats.objective, rel=0.5)


def test_a_county_bound_not_done_at_the_time_limit_is_no_bound_and_says_why(county,
                                                                          monkeypatch):
    """The LP runs in a thread beside the search; one still running when the solve ends
    (past `grace`) gives no bound rather than holding the plan back, and is
    told to take no further component."""
    from scheduler.travel import solve

    never = threading.Event()
    asked: list[threading.Event] = []

    def running(*_a, stop: threading.Event, **_k) -> None:
        asked.append(stop)
        never.wait()

    monkeypatch.setattr(decompose, "borrowing", lambda *_a, **_k: set())
    monkeypatch.setattr(solve, "county_bound", running)
    monkeypatch.setattr(solve, "B", dataclasses.replace(solve.B, grace=0.0))
    result = solve_travel(narrower(county), SolverSettings(workers=1, seed=0, time_limit=2))
    assert [stop.is_set() for stop in asked] == [True]  # told to take no more components
    never.set()
    assert result.stats.status == "FEASIBLE" and result.stats.best_bound is None
    assert result.county_bound["method"] == "lp"
    assert "still running" in result.county_bound["reason"]
    # how many components it covers is not known then: not said to be none
    assert result.county_bound["components"] is None and result.county_bound["bounded"] is None


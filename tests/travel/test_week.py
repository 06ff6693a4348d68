"""The week-level relaxation: least spread, components, its symmetry order, the days its
site cuts demand, and a bound that never exceeds the exact optimum (random townships,
whole-week slot model)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings

from scheduler.solving import SolverSettings
from scheduler.travel import cpsat, week
from scheduler.travel.data import SCALE, TravelData
from scheduler.travel.model import build
from scheduler.travel.part import pieces, solve_piece
from scheduler.travel.week import canonical, components, identical_rows, least_spread, twins
from tests.travel.test_solve import townships


def test_least_spread():
    # 4 periods in 5 days, once a day: 2 adjacent pairs at least (1,2,4,5); 3 fit apart;
    # 6 periods, twice a day allowed: 3 days (1,3,5) and 3 doubled periods = 3.
    assert [least_spread(4, 1, 5), least_spread(3, 1, 5), least_spread(6, 2, 5),
            least_spread(1, 1, 5)] == [2, 0, 3, 0]


def test_site_cuts_count_teachers_and_their_least_days(county):
    """Site A: two rows of 4 periods (4 days each, once a day) and four of 3: 20 periods.
    With caps of 16 they take two teachers: one drives 4 days there, the other at least
    3, so 7 (the LP alone sees 4). B's 3-period row keeps the pair at two teachers: 7.
    With caps of 8 the pair's 23 periods take three teachers: 4 + 3 + 3 = 10."""
    def data_for(cap: int) -> TravelData:
        return TravelData(county(
            {"C": None, "A": "C", "B": "C"},
            [{"teacher_id": t, "school_id": "C", "subject": "pe", "max_travel_periods": cap}
             for t in ("P1", "P2", "P3")],
            [{"site_id": "A", "class_id": str(c), "subject": "pe",
              "periods_per_week": 4 if c <= 2 else 3} for c in range(1, 7)]
            + [{"site_id": "B", "class_id": "1", "subject": "pe", "periods_per_week": 3}],
            {("C", "A"): (5, 10), ("C", "B"): (5, 10), ("A", "B"): (5, 10)},
            travel={"days": 5, "period_starts": ["08:00", "08:50", "09:40", "10:30", "11:20",
                                                 "14:00", "14:50"]}))
    data = data_for(16)
    at_a = [r for r in data.rows if r.site == "A"]
    teachers = ["P1", "P2", "P3"]
    assert week.days_needed(data, teachers, at_a) == 7
    assert week.days_needed(data, teachers, data.rows) == 7
    small = data_for(8)
    assert week.days_needed(small, teachers, small.rows) == 10


def test_week_objective_prices_loads_exactly(county):
    """Loads enter the week model in unary; a solved piece still costs km, road days,
    loads² and least spread exactly: one teacher, 2 periods at A 5 km away, on the two
    days of the week (adjacent: a spread of 1)."""
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": "M1", "school_id": "C", "subject": "music",
                    "max_travel_periods": 8}],
                  [{"site_id": "A", "class_id": "1", "subject": "music",
                    "periods_per_week": 2}], {("C", "A"): (5, 10)})
    data = TravelData(inst)
    wk = week.build(data, data.rows, data.candidates, optional=False)
    run = cpsat.run(wk.model, SolverSettings(workers=1, seed=0), 10)
    c = data.coef
    assert run.status == "OPTIMAL"
    assert run.objective == (2 * 10_000 * c["km"] + 2 * c["road_days"] + 4 * c["loads"]
                             + c["spread"])


def test_components_and_twins(county):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": t, "school_id": "C", "subject": s, "max_travel_periods": cap}
                   for t, s, cap in (("M1", "music", 16), ("M2", "music", 16),
                                     ("M3", "music", 8), ("P1", "pe", 16))],
                  [{"site_id": "A", "class_id": c, "subject": s, "periods_per_week": 2}
                   for c in "12" for s in ("music", "pe")], {("C", "A"): (5, 10)})
    data = TravelData(inst)
    groups = components(data.rows, data.candidates)
    assert sorted(sorted(r.subject for r in g) for g in groups) == [["music", "music"],
                                                                     ["pe", "pe"]]
    music = [r for r in data.rows if r.subject == "music"]
    (rows, classes), = twins(data, music, data.candidates)
    assert classes == [["M1", "M2"], ["M3"]]
    # M3 (cap 8) had the larger load and M2 the first row: swap into the order
    teacher = {rows[0]: "M2", rows[1]: "M3"}
    counts = {("M2", ("A",)): 2, ("M3", ("A",)): 2}
    fixed, routes = canonical(data, music, data.candidates, teacher, counts)
    assert fixed == {rows[0]: "M1", rows[1]: "M2"}
    assert routes == {("M1", ("A",)): 2, ("M2", ("A",)): 2}


def test_identical_rows_take_teachers_in_order(county):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": t, "school_id": "C", "subject": "music",
                    "max_travel_periods": cap} for t, cap in (("M1", 16), ("M2", 8))],
                  [{"site_id": "A", "class_id": c, "subject": "music", "periods_per_week": 2}
                   for c in "123"], {("C", "A"): (5, 10)})
    data = TravelData(inst)
    groups = identical_rows(data.rows, data.candidates)
    assert [[r.class_id for r in g] for g in groups] == [["1", "2", "3"]]
    # M2 (cap 8, the later teacher) holds the first row: rows are re-dealt in order
    rows = [r.index for r in data.rows]
    fixed, _routes = canonical(data, data.rows, data.candidates,
                               {rows[0]: "M2", rows[1]: "M1", rows[2]: "M1"}, {})
    assert [fixed[r] for r in rows] == ["M1", "M1", "M2"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(town=townships())
def test_week_bound_never_exceeds_the_exact_optimum(county, town):
    """Random roads break the triangle inequality often, and lessons repeat a site and
    subject: the cases the route variants, site cuts and row order must get right."""
    schools, teachers, lessons, roads, busy, travel = town
    inst = county(schools, teachers, lessons, roads, busy=busy, travel={**travel, "days": 2})
    data = TravelData(inst)
    one = SolverSettings(workers=1, seed=1)
    whole = build(data, data.rows, data.candidates, level="slot")
    exact = cpsat.run(whole.model, one, 20)
    if exact.status != "OPTIMAL":
        event(f"exact {exact.status}")
        return
    week_pieces = pieces(data, data.rows, data.candidates, optional=False)
    floors = [p.bound or 0 for p in week_pieces]  # `piece_floor`, before any run
    assert sum(floors) <= exact.objective, (sum(floors) / SCALE, exact.objective / SCALE)
    for piece in week_pieces:
        solve_piece(data, piece, one, 10, optional=False)
    if not week_pieces or any(p.bound is None for p in week_pieces):
        event("no week bound")
        return
    event("compared")
    bound = sum(p.bound for p in week_pieces)
    assert bound <= exact.objective, (bound / SCALE, exact.objective / SCALE)
    assert all(p.status == "OPTIMAL" for p in week_pieces)
    assert bound == pytest.approx(sum(p.objective for p in week_pieces))
    assert all(floor <= p.bound for floor, p in zip(floors, week_pieces, strict=True))

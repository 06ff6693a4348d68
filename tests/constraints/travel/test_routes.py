"""T9 and the km objective: routes follow the lessons, km are the road km.

Teacher T at C teaches music at A and at B (one period each, two days). C-A 10 km,
C-B 10 km, A-B 4 km (all quick). Both on one day: C>A>B>C = 24 km, one road day, load 2:
objective 24 + 0.5 (one road day) + 0.01 × 2² = 24.54. Two separate days would be 40 km.

Going back to a site: one day of three periods, the classes free only in the periods
that force A, B, A; the route is C>A>B>A>C = 10 + 3 + 3 + 10 = 26 km, priced exactly,
though the pattern bound (C>A>B>C = 25 km) cannot prove it optimal.

A road without the triangle inequality (a county's distances.csv): C-A 2 km, A-B 3 km,
C-B 20 km. A day at A and B costs 25 km in either direct order (C>A>B>C), but only 10 km
as C>A>B>A>C, which needs two lessons at A that day. With one lesson at A the day costs
25 km and that is proven optimal; with two it costs 10 km.
"""

from __future__ import annotations

import pytest

from constraints.travel.routes import day_floor, day_routes, route_key, stops
from scheduler.travel.data import TravelData
from scheduler.travel.solve import solve_travel

SCHOOLS = {"C": None, "A": "C", "B": "C"}
TEACHER = [{"teacher_id": "T", "school_id": "C", "subject": "music"}]


def test_stops_merge_repeats():
    assert stops("C", ["A", "A", "B", "A"]) == ("C", "A", "B", "A", "C")
    assert stops("C", ["C", "A"]) == ("C", "C", "A", "C")


def test_two_sites_share_a_day(county, exact, checked):
    inst = county(SCHOOLS, TEACHER,
                  [{"site_id": s, "class_id": "1", "subject": "music", "periods_per_week": 1}
                   for s in "AB"],
                  {("C", "A"): (10, 10), ("C", "B"): (10, 10), ("A", "B"): (4, 5)})
    result = solve_travel(inst, exact)
    assert result.stats.status == "OPTIMAL"
    assert result.stats.objective == pytest.approx(24.54)
    assert len(result.routes) == 1 and result.routes[0].km == pytest.approx(24)
    checked(inst, result)


def test_going_back_is_priced_exactly(county, exact, checked):
    lessons = [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
               {"site_id": "B", "class_id": "1", "subject": "music", "periods_per_week": 1},
               {"site_id": "A", "class_id": "2", "subject": "music", "periods_per_week": 1}]
    busy = [("A/1", 1, 2), ("A/1", 1, 3), ("B/1", 1, 1), ("B/1", 1, 3), ("A/2", 1, 1),
            ("A/2", 1, 2)]
    inst = county(SCHOOLS, TEACHER, lessons,
                  {("C", "A"): (10, 10), ("C", "B"): (12, 12), ("A", "B"): (3, 5)},
                  busy=busy, travel={"days": 1})
    result = solve_travel(inst, exact)
    assert [r.stops for r in result.routes] == [("C", "A", "B", "A", "C")]
    assert result.terms["km"] == pytest.approx(26)
    assert result.stats.status == "FEASIBLE"  # never claimed optimal beyond its bound
    assert result.stats.best_bound <= result.stats.objective
    checked(inst, result)


SHORTCUT = {("C", "A"): (2, 4), ("A", "B"): (3, 5), ("C", "B"): (20, 40)}


def test_day_routes_offer_going_back_only_where_it_is_shorter(county):
    inst = county(SCHOOLS, TEACHER,
                  [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1}],
                  SHORTCUT)
    data = TravelData(inst)
    assert day_routes(data, "C", ("A",)) == {("A",): 4000}
    assert day_routes(data, "C", ("B", "A")) == {("A", "B"): 25000, ("A", "B", "A"): 10000}
    assert route_key(data, "C", ["A", "B", "A"]) == ("A", "B", "A")
    assert route_key(data, "C", ["B", "A", "B"]) == ("A", "B")  # not shorter: no variant
    assert route_key(data, "C", ["A", "A", "B"]) == ("A", "B")
    assert day_floor(data, "C", {"A": 1, "B": 1}) == 25000
    assert day_floor(data, "C", {"A": 2, "B": 1}) == 10000
    metric = county(SCHOOLS, TEACHER, [], {("C", "A"): (10, 10), ("C", "B"): (10, 10),
                                           ("A", "B"): (4, 5)})
    assert day_routes(TravelData(metric), "C", ("A", "B")) == {("A", "B"): 24000}


@pytest.mark.parametrize(("at_a", "km"), [(1, 25), (2, 10)])
def test_going_back_on_a_shortcut_is_priced_and_proven(county, exact, checked, at_a, km):
    lessons = [{"site_id": "A", "class_id": str(c), "subject": "music", "periods_per_week": 1}
               for c in range(1, at_a + 1)]
    lessons.append({"site_id": "B", "class_id": "1", "subject": "music",
                    "periods_per_week": 1})
    inst = county(SCHOOLS, TEACHER, lessons, SHORTCUT, travel={"days": 1})
    result = solve_travel(inst, exact)
    assert result.terms["km"] == pytest.approx(km)
    assert result.stats.status == "OPTIMAL"
    checked(inst, result)

"""T9 and the km objective: routes follow the lessons, km are the road km.

Teacher T at C teaches music at A and at B (one period each, two days). C-A 10 km,
C-B 10 km, A-B 4 km (all quick). Both on one day: C>A>B>C = 24 km, one road day, load 2:
objective 24 + 0.5 (one road day) + 0.01 × 2² = 24.54. Two separate days would be 40 km.

Going back to a site: one day of three periods, the classes free only in the periods
that force A, B, A; the route is C>A>B>A>C = 10 + 3 + 3 + 10 = 26 km, priced exactly,
though the pattern bound (C>A>B>C = 25 km) cannot prove it optimal.
"""

from __future__ import annotations

import pytest

from constraints.travel.routes import stops
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

"""T5: at most max_sites_per_day sites per teacher and day.

Teacher T alone teaches music at A and B, one period each; A-B is quick (5 min). With
one site a day and one day, the two sites cannot be served: counting says so (T5). With
two days the plan spends one day at each site: 2 round trips of 2 × 5 km = 20 km.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel


def two_sites(county, days: int):
    return county(
        {"C": None, "A": "C", "B": "C"},
        [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
        [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
         {"site_id": "B", "class_id": "1", "subject": "music", "periods_per_week": 1}],
        {("C", "A"): (5, 10), ("C", "B"): (5, 10), ("A", "B"): (1, 5)},
        travel={"days": days, "max_sites_per_day": 1})


def test_one_site_a_day_needs_two_days(county, exact, checked):
    inst = two_sites(county, 2)
    result = solve_travel(inst, exact)
    assert result.stats.status == "OPTIMAL"
    assert sorted(r.stops for r in result.routes) == [("C", "A", "C"), ("C", "B", "C")]
    assert result.terms["km"] == pytest.approx(20)
    checked(inst, result)


def test_too_many_sites_for_the_week_is_explained(county, exact):
    with pytest.raises(NoPlanError) as err:
        solve_travel(two_sites(county, 1), exact)
    assert any("T5" in r and "teacher T" in r for r in map(str, err.value.reasons))

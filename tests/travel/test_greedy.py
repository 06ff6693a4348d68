"""The one-site-a-day baseline: every teacher at one site a day, every rule kept.

T at C teaches music at A and B (one period each) over two days: one day at each site,
C>A>C and C>B>C = 40 km (the solver's shared day, C>A>B>C, is 24 km).
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

SCHOOLS = {"C": None, "A": "C", "B": "C"}
ROADS = {("C", "A"): (10, 10), ("C", "B"): (10, 10), ("A", "B"): (4, 5)}
LESSONS = [{"site_id": s, "class_id": "1", "subject": "music", "periods_per_week": 1}
           for s in "AB"]


def test_one_site_a_day(county, exact, checked):
    inst = county(SCHOOLS, [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  LESSONS, ROADS)
    result = solve_travel(inst, exact, method="greedy")
    sites = defaultdict(set)
    for s in result.slots:
        sites[s.teacher_id, s.day].add(s.site_id)
    assert all(len(v) == 1 for v in sites.values())
    assert result.stats.status == "FEASIBLE" and result.stats.best_bound is None
    assert result.terms["km"] == pytest.approx(40)
    assert result.stats.objective == result.terms["total"]
    checked(inst, result)


def test_no_free_day_is_no_plan(county, exact):
    inst = county(SCHOOLS, [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  LESSONS, ROADS, travel={"days": 1})
    with pytest.raises(NoPlanError) as err:
        solve_travel(inst, exact, method="greedy")
    assert "one-site-a-day" in str(err.value.headline)

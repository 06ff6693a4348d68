"""The lower objective levels: days on the road, even loads, spread across the week.

* Road days: music at A for classes 1 and 2 (one period each, two days): both on one
  day, one trip (10 km) and one road day, rather than two.
* Even loads: two music teachers at A itself (no travel) and two rows of 2 periods: one
  row each, loads 2² + 2² = 8 instead of 4² = 16.
* Spread: music 2 periods in a three-day week is best on days 1 and 3 (not adjacent).
"""

from __future__ import annotations

from scheduler.travel.solve import solve_travel


def test_one_road_day(county, exact, checked):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": c, "subject": "music", "periods_per_week": 1}
                   for c in "12"], {("C", "A"): (5, 10)})
    result = solve_travel(inst, exact)
    assert len(result.routes) == 1 and result.terms["road_days"] == 1
    checked(inst, result)


def test_even_loads(county, exact, checked):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": t, "school_id": "A", "subject": "music"} for t in ("U", "V")],
                  [{"site_id": "A", "class_id": c, "subject": "music", "periods_per_week": 2}
                   for c in "12"], {("C", "A"): (5, 10)})
    result = solve_travel(inst, exact)
    assert result.stats.status == "OPTIMAL"
    assert result.terms["loads"] == 8
    checked(inst, result)


def test_spread_over_the_week(county, exact, checked):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 2}],
                  {("C", "A"): (5, 10)}, travel={"days": 3})
    result = solve_travel(inst, exact)
    assert sorted(s.day for s in result.slots) == [1, 3]
    assert result.terms["spread"] == 0
    assert result.stats.status == "OPTIMAL"
    checked(inst, result)

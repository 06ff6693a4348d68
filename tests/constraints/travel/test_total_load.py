"""T10: home_periods plus weekly traveling periods within the stage's max_total_periods_*.

Music at A needs 2 periods (classes 1 and 2). T1 and T2 sit at central school C (a
primary school: max_total_periods_primary = 18), 5 km from A. One teacher doing both on
one day drives 10 km; two teachers 20 km. Each teaches 17 periods at home, so each may
travel for 1 only: the work splits. Without T10, one would take both.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

LESSONS = [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
           {"site_id": "A", "class_id": "2", "subject": "music", "periods_per_week": 1}]
ROADS = {("C", "A"): (5, 10)}


def teachers(home: int | None) -> list[dict]:
    return [{"teacher_id": t, "school_id": "C", "subject": "music", "home_periods": home}
            for t in ("T1", "T2")]


def test_a_full_home_timetable_leaves_room_for_one_period(county, exact, checked):
    inst = county({"C": None, "A": "C"}, teachers(17), LESSONS, ROADS)
    result = solve_travel(inst, exact)
    assert result.stats.status == "OPTIMAL"
    assert sorted(s.teacher_id for s in result.slots) == ["T1", "T2"]
    assert result.terms["km"] == pytest.approx(20)
    checked(inst, result)
    free = county({"C": None, "A": "C"}, teachers(None), LESSONS, ROADS)
    alone = solve_travel(free, exact)  # blank home_periods: nothing at home to count
    assert len({s.teacher_id for s in alone.slots}) == 1
    assert alone.terms["km"] == pytest.approx(10)


def test_the_junior_total_applies_at_a_junior_school(county, exact):
    """The teacher's own school's stage sets the total (16 for junior, 18 for primary)."""
    inst = county({"C": None, "A": "C"}, teachers(15)[:1], LESSONS, ROADS,
                  school_fields={"C": {"stage": "junior"}})
    with pytest.raises(NoPlanError) as err:
        solve_travel(inst, exact)
    text = " ".join(map(str, err.value.reasons))
    assert "T10" in text and "T1" in text


def test_the_checker_catches_a_load_over_the_total(county, exact, findings):
    loose = county({"C": None, "A": "C"}, teachers(0)[:1], LESSONS, ROADS)
    result = solve_travel(loose, exact)
    assert {s.teacher_id for s in result.slots} == {"T1"}
    tight = county({"C": None, "A": "C"}, teachers(17)[:1], LESSONS, ROADS)
    found = findings(tight, result)
    assert any(f.startswith("T10: teacher T1 teaches 17 periods at home and travels for 2")
               for f in found), found

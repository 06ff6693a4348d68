"""T6: a teacher's periods away from its own school stay within its weekly cap.

Music at A needs 2 periods (classes 1 and 2). T1 (cap 1) and T2 (cap 1) are at central
school C, 5 km from A: each takes one class, so the week costs two round trips... unless
both fit one day: they do (2 teachers, same day) = 2 × 10 km = 20 km. With T2 gone, T1's
cap of 1 cannot cover 2 periods: counting names the caps (T6). A teacher at A itself
teaches there whatever its cap: its periods are not traveling ones.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

LESSONS = [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
           {"site_id": "A", "class_id": "2", "subject": "music", "periods_per_week": 1}]
ROADS = {("C", "A"): (5, 10)}


def test_caps_split_the_work(county, exact, checked):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": "T1", "school_id": "C", "subject": "music",
                    "max_travel_periods": 1},
                   {"teacher_id": "T2", "school_id": "C", "subject": "music",
                    "max_travel_periods": 1}], LESSONS, ROADS)
    result = solve_travel(inst, exact)
    assert result.stats.status == "OPTIMAL"
    assert sorted(s.teacher_id for s in result.slots) == ["T1", "T2"]
    assert result.terms["km"] == pytest.approx(20)
    checked(inst, result)


def test_cap_too_small_is_explained(county, exact):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": "T1", "school_id": "C", "subject": "music",
                    "max_travel_periods": 1}], LESSONS, ROADS)
    with pytest.raises(NoPlanError) as err:
        solve_travel(inst, exact)
    text = " ".join(map(str, err.value.reasons))
    assert "T6" in text and "T1" in text and "need 2 periods" in text


def test_own_school_is_not_traveling(county, exact, checked):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": "T0", "school_id": "A", "subject": "music",
                    "max_travel_periods": 0, "can_travel": False}], LESSONS, ROADS)
    result = solve_travel(inst, exact)
    assert {s.teacher_id for s in result.slots} == {"T0"}
    assert result.terms["km"] == 0
    assert all(r.km == 0 for r in result.routes)
    checked(inst, result)

"""T3: no teacher and no class in two places at once; busy.csv slots respected.

Class A/1 has music and art, one period each, on the single day of three periods; T
teaches both subjects, so the two lessons need two different periods. With the class
busy in period 1 they take periods 2 and 3. With the teacher also busy in period 3, only
period 2 is left for both: counting (per class, per teacher) does not see it, the solver
proves it, and the explanation names both lessons, T3 and the busy slots.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

LESSONS = [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
           {"site_id": "A", "class_id": "1", "subject": "art", "periods_per_week": 1}]


def one_day(county, busy):
    return county({"C": None, "A": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music",
                    "other_subjects": "art"}], LESSONS, {("C", "A"): (5, 10)},
                  busy=busy, travel={"days": 1})


def test_two_lessons_two_periods(county, exact, checked):
    inst = one_day(county, [("A/1", 1, 1)])
    result = solve_travel(inst, exact)
    assert sorted(s.period for s in result.slots) == [2, 3]
    checked(inst, result)


def test_busy_slots_leave_one_period_for_two_lessons(county, exact):
    with pytest.raises(NoPlanError) as err:
        solve_travel(one_day(county, [("A/1", 1, 1), ("T", 1, 3)]), exact)
    text = " ".join(map(str, err.value.reasons))
    assert "A/1 music" in text and "A/1 art" in text
    assert "busy" in text

"""T7: a class has a subject at most once a day, unless it has more periods than days;
then at most ceil(periods / days) a day (our reading, see constraints/travel/once_a_day).

Two days of three periods. Music 2 periods a week: one on each day. Music 3 periods a
week: 2 on one day and 1 on the other (ceil(3/2) = 2), never 3 on one day. When the
class is busy all of day 2, its 2 periods of music cannot both go on day 1 (counting:
busy.csv and T7).
"""

from __future__ import annotations

from collections import Counter

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel


def one_class(county, periods: int, busy: list[tuple[str, int, int]] = ()):
    return county({"C": None, "A": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": "1", "subject": "music",
                    "periods_per_week": periods}],
                  {("C", "A"): (5, 10)}, busy=busy)


def test_once_a_day(county, exact, checked):
    inst = one_class(county, 2)
    result = solve_travel(inst, exact)
    assert sorted(Counter(s.day for s in result.slots).values()) == [1, 1]
    checked(inst, result)


def test_more_periods_than_days(county, exact, checked):
    inst = one_class(county, 3)
    result = solve_travel(inst, exact)
    assert sorted(Counter(s.day for s in result.slots).values()) == [1, 2]
    checked(inst, result)


def test_not_enough_days(county, exact):
    busy = [("A/1", 2, p) for p in (1, 2, 3)]
    with pytest.raises(NoPlanError) as err:
        solve_travel(one_class(county, 2, busy), exact)
    assert any("T7" in r and "A/1 music" in r and "free on only 1 day" in r
               for r in map(str, err.value.reasons))

"""T4: consecutive lessons at two sites need the road minutes to fit the gap.

One day of two periods (08:00 and 08:50, 40 minutes each: a 10-minute gap). Teacher T at
central school C alone teaches music at A and at B, one period each, so both fall on the
one day, one after the other. A-B takes `minutes`: 10 fits the gap exactly and the day
is C>A>B>C (or C>B>A>C) = 5 + 3 + 5 = 13 km; 11 is one minute too short and no plan exists.
"""

from __future__ import annotations

import pytest

from constraints.travel.travel_gap import staircase
from scheduler.errors import NoPlanError
from scheduler.travel.data import TravelData
from scheduler.travel.solve import solve_travel

WEEK = {"days": 1, "period_starts": ["08:00", "08:50"]}


def two_sites(county, minutes: float):
    return county(
        {"C": None, "A": "C", "B": "C"},
        [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
        [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
         {"site_id": "B", "class_id": "1", "subject": "music", "periods_per_week": 1}],
        {("C", "A"): (5, 10), ("C", "B"): (5, 10), ("A", "B"): (3, minutes)},
        travel=WEEK)


def test_exactly_enough_time_is_accepted(county, exact, checked):
    inst = two_sites(county, 10)
    result = solve_travel(inst, exact)
    assert result.stats.status == "OPTIMAL"
    assert [r.stops for r in result.routes] in ([("C", "A", "B", "C")], [("C", "B", "A", "C")])
    assert result.terms["km"] == pytest.approx(13)
    checked(inst, result)


def test_one_minute_too_short_is_refused(county, exact):
    with pytest.raises(NoPlanError) as err:
        solve_travel(two_sites(county, 11), exact)
    text = " ".join(map(str, err.value.reasons))
    assert "T4" in text and "11 min" in text and "A/1 music" in text


def test_staircase_counts_what_a_day_can_hold(county):
    # Three periods, gaps 10 (1-2) and 30 min (2-3); A-B takes 20 min, so a switch only
    # fits between periods 2 and 3 (or 1 and 3). No lesson at A: B holds 3. One at A:
    # B, B in periods 1-2 and A in 3 (B>A after the 30-min gap): 2. Two at A: A, A, B: 1.
    # Three at A leave no period for B: 0.
    inst = county({"C": None, "A": "C", "B": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": "1", "subject": "music",
                    "periods_per_week": 1}],
                  {("C", "A"): (5, 10), ("C", "B"): (5, 10), ("A", "B"): (3, 20)})
    most = staircase(TravelData(inst), (1, 2, 3), "A", "B")
    assert most == (3, 2, 1, 0)

"""T4 with each site's own bells (§5): junior and nine-year sites ring the `_junior` keys.

Teacher T at central school C teaches music at A (primary: 08:00 and 08:50, 40 minutes)
and at J (junior: 08:00 and 08:55, 45 minutes), one period each on the one day; A-J takes
12 minutes. A in period 1 then J in period 2 leaves 08:40 → 08:55 = 15 minutes: it fits.
J first leaves 08:45 → 08:50 = 5 minutes: it does not. On the primary bells alone both
orders leave 10 minutes and no plan would exist.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

WEEK = {"days": 1, "period_starts": ["08:00", "08:50"], "period_minutes": 40,
        "period_starts_junior": ["08:00", "08:55"], "period_minutes_junior": 45}


def two_stages(county, minutes: float, junior: str = "junior"):
    return county(
        {"C": None, "A": "C", "J": "C"},
        [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
        [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
         {"site_id": "J", "class_id": "1", "subject": "music", "periods_per_week": 1}],
        {("C", "A"): (5, 10), ("C", "J"): (5, 10), ("A", "J"): (3, minutes)},
        travel=WEEK, school_fields={"J": {"stage": junior}})


@pytest.mark.parametrize("junior", ["junior", "nine_year"])
def test_each_site_rings_its_own_bells(county, exact, checked, junior):
    inst = two_stages(county, 12, junior)
    result = solve_travel(inst, exact)
    assert result.stats.status == "OPTIMAL"
    assert sorted((s.period, s.site_id) for s in result.slots) == [(1, "A"), (2, "J")]
    checked(inst, result)


def test_on_primary_bells_alone_the_day_does_not_fit(county, exact):
    with pytest.raises(NoPlanError):
        solve_travel(two_stages(county, 12, "primary"), exact)


def test_the_checker_reads_the_junior_bells(county, exact, findings):
    near = two_stages(county, 4)  # 4 minutes: either order fits
    result = solve_travel(near, exact)
    swapped = [s.__class__(**{**s.__dict__, "period": 3 - s.period}) for s in result.slots]
    result = result.__class__(**{**result.__dict__, "slots": swapped})
    order = sorted((s.period, s.site_id) for s in swapped)
    found = findings(two_stages(county, 12), result)
    if order == [(1, "J"), (2, "A")]:
        assert any("T4: teacher T day 1: J period 1 to A period 2 takes 12.0 min but the gap "
                   "is 5 min" in f for f in found), found
    else:
        assert not any(f.startswith("T4") for f in found), found

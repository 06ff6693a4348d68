"""T8: a teacher serves only sites within max_one_way_minutes of its school.

Site A is 60 minutes from C: exactly the limit, so T may go. At 61 minutes no teacher is
within reach and the message names the nearest one and its minutes.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel


def far(county, minutes: float):
    return county({"C": None, "A": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "art"}],
                  [{"site_id": "A", "class_id": "1", "subject": "art", "periods_per_week": 1}],
                  {("C", "A"): (40, minutes)})


def test_at_the_limit(county, exact, checked):
    inst = far(county, 60)
    result = solve_travel(inst, exact)
    assert [r.stops for r in result.routes] == [("C", "A", "C")]
    checked(inst, result)


def test_beyond_the_limit(county, exact):
    with pytest.raises(NoPlanError) as err:
        solve_travel(far(county, 61), exact)
    text = " ".join(map(str, err.value.reasons))
    assert "T8" in text and "61 min" in text and "max_one_way_minutes is 60" in text

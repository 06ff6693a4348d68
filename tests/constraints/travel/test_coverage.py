"""T1: every lesson row gets exactly its periods; with partial mode a row is left out
whole and listed with the reason.

A/1 music (2 periods) has a music teacher; A/1 english (1 period) has none in the
county. Without partial no plan is written and the message names the english row; with
partial the music row gets both its periods and the english row is listed as unplaced.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

LESSONS = [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 2},
           {"site_id": "A", "class_id": "1", "subject": "english", "periods_per_week": 1}]


def county_without_english(county):
    return county({"C": None, "A": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music"}], LESSONS,
                  {("C", "A"): (5, 10)})


def test_no_teacher_no_plan(county, exact):
    with pytest.raises(NoPlanError) as err:
        solve_travel(county_without_english(county), exact)
    assert any("A/1 english" in r and "no teacher in the county teaches english" in r
               for r in map(str, err.value.reasons))


@pytest.mark.parametrize("method", ["cpsat", "greedy"])
def test_partial_places_the_rest(county, exact, checked, method):
    inst = county_without_english(county)
    result = solve_travel(inst, exact, method=method, partial=True)
    assert len(result.slots) == 2 and {s.subject for s in result.slots} == {"music"}
    assert [u[:3] for u in result.unplaced] == [("A", "1", "english")]
    assert "no teacher" in str(result.unplaced[0][3])
    assert result.terms["unplaced"] == 1
    checked(inst, result, partial=True)

"""T2: one qualified teacher per lesson row for the whole week; pins respected.

Site A has art 2 periods. Teachers at C: M (music only), A1 (art, 5 km away at C) and
P (art, pinned). Without a pin the row goes to one art teacher for both periods; with the
pin it goes to P even though P lives farther (school D, 8 km). A row pinned to a music
teacher, or whose only art teacher may not travel, has no plan, and the message says why.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

SCHOOLS = {"C": None, "D": None, "A": "C"}
ROADS = {("C", "A"): (5, 10), ("D", "A"): (8, 15), ("C", "D"): (6, 12)}
TEACHERS = [{"teacher_id": "M", "school_id": "C", "subject": "music"},
            {"teacher_id": "A1", "school_id": "C", "subject": "art"},
            {"teacher_id": "P", "school_id": "D", "subject": "music", "other_subjects": "art"}]


def art(pin: str | None = None):
    return [{"site_id": "A", "class_id": "1", "subject": "art", "periods_per_week": 2,
             "teacher_id": pin}]


def test_one_qualified_teacher_all_week(county, exact, checked):
    inst = county(SCHOOLS, TEACHERS, art(), ROADS)
    result = solve_travel(inst, exact)
    assert {s.teacher_id for s in result.slots} == {"A1"}
    assert len(result.slots) == 2
    checked(inst, result)


def test_pin_is_respected(county, exact, checked):
    inst = county(SCHOOLS, TEACHERS, art("P"), ROADS)
    result = solve_travel(inst, exact)
    assert {s.teacher_id for s in result.slots} == {"P"}
    assert result.terms["km"] == pytest.approx(32)  # 2 days × (8 + 8)
    checked(inst, result)


def test_pinned_teacher_must_be_qualified(county, exact):
    with pytest.raises(NoPlanError) as err:
        solve_travel(county(SCHOOLS, TEACHERS, art("M"), ROADS), exact)
    assert any("pinned teacher M does not teach art" in r for r in map(str, err.value.reasons))


def test_teacher_who_may_not_travel(county, exact):
    stay = [{**t, "can_travel": False} for t in TEACHERS]
    with pytest.raises(NoPlanError) as err:
        solve_travel(county(SCHOOLS, stay, art(), ROADS), exact)
    assert any("may travel (can_travel)" in r and "T2" in r for r in map(str, err.value.reasons))

"""T12: with travel.scope = "township" or "district", a site is served only from its own
township or district.

Art at A (township of central school C1). TN sits at C2, another township, 3 km from A;
TF sits at C1 itself, 8 km away. By township only TF (16 km a week) may go; by district,
with C2 in A's district and C1 not, only TN (6 km). County-wide, TN alone may borrow in;
by township it may not.
"""

from __future__ import annotations

import pytest

from scheduler.errors import NoPlanError
from scheduler.travel.solve import solve_travel

SCHOOLS = {"C1": None, "C2": None, "A": "C1"}
TEACHERS = [{"teacher_id": "TN", "school_id": "C2", "subject": "art"},
            {"teacher_id": "TF", "school_id": "C1", "subject": "art"}]
LESSONS = [{"site_id": "A", "class_id": "1", "subject": "art", "periods_per_week": 1}]
ROADS = {("C2", "A"): (3, 6), ("C1", "A"): (8, 16)}
DISTRICTS = {"C1": {"district_id": "D1"}, "C2": {"district_id": "D2"},
             "A": {"district_id": "D2"}}


def who(county, exact, scope: str, teachers=TEACHERS, fields=None):
    inst = county(SCHOOLS, teachers, LESSONS, ROADS, travel={"scope": scope},
                  school_fields=fields)
    return inst, solve_travel(inst, exact)


@pytest.mark.parametrize(("scope", "fields", "staff", "teacher", "km"), [
    ("township", None, TEACHERS, "TF", 16), ("district", DISTRICTS, TEACHERS, "TN", 6),
    ("township", DISTRICTS, TEACHERS, "TF", 16), ("county", None, TEACHERS[:1], "TN", 6)])
def test_the_scope_decides_who_may_serve(county, exact, checked, scope, fields, staff,
                                         teacher, km):
    inst, result = who(county, exact, scope, teachers=staff, fields=fields)
    assert {s.teacher_id for s in result.slots} == {teacher}
    assert result.terms["km"] == pytest.approx(km)
    checked(inst, result)


def test_no_teacher_in_scope_is_explained(county, exact):
    with pytest.raises(NoPlanError) as err:
        who(county, exact, "township", teachers=TEACHERS[:1])
    text = " ".join(map(str, err.value.reasons))
    assert "T12" in text and "travel.scope" in text


def test_the_checker_catches_a_teacher_out_of_scope(county, exact, findings):
    _, result = who(county, exact, "county", teachers=TEACHERS[:1])
    township = county(SCHOOLS, TEACHERS[:1], LESSONS, ROADS, travel={"scope": "township"})
    found = findings(township, result)
    assert any(f.startswith("T12: teacher TN of C2 (township C2) serves site A (township C1)")
               for f in found), found

"""Township by township, borrowing a teacher across townships where one is missing.

Township X (central school X, site SX) has an art teacher; township Y (central school
Y, site SY) has only a music teacher but needs art too. X's art teacher is 20 minutes
from SY: stage 1 borrows it, X and Y become one part, and SY's art goes to that teacher.
Without the lesson at SY, the two townships are solved apart and exactly.
"""

from __future__ import annotations

from typing import Any

from scheduler.solving import Note
from scheduler.travel import decompose
from scheduler.travel.data import TravelData
from scheduler.travel.solve import solve_travel

SCHOOLS = {"X": None, "SX": "X", "Y": None, "SY": "Y"}
TEACHERS = [{"teacher_id": "XA", "school_id": "X", "subject": "art"},
            {"teacher_id": "YM", "school_id": "Y", "subject": "music"}]
ROADS = {("X", "SX"): (5, 10), ("Y", "SY"): (5, 10), ("X", "SY"): (12, 20),
         ("X", "Y"): (15, 25), ("SX", "SY"): (10, 18), ("Y", "SX"): (30, 70)}


def lessons(with_art_at_y: bool):
    rows = [{"site_id": "SX", "class_id": "1", "subject": "art", "periods_per_week": 1},
            {"site_id": "SY", "class_id": "1", "subject": "music", "periods_per_week": 1}]
    if with_art_at_y:
        rows.append({"site_id": "SY", "class_id": "1", "subject": "art",
                     "periods_per_week": 1})
    return rows


def test_borrowing_joins_townships(county, exact, checked):
    inst = county(SCHOOLS, TEACHERS, lessons(True), ROADS)
    data = TravelData(inst)
    links = decompose.borrowing(data, data.rows, exact, 5, optional=False)
    assert links == {("Y", "X")}
    result = solve_travel(inst, exact)
    assert [p["townships"] for p in result.parts] == [["X", "Y"]]
    assert {(s.site_id, s.subject): s.teacher_id for s in result.slots}[("SY", "art")] == "XA"
    checked(inst, result)


def test_townships_apart(county, exact, checked):
    inst = county(SCHOOLS, TEACHERS, lessons(False), ROADS)
    result = solve_travel(inst, exact)
    assert sorted(p["townships"] for p in result.parts) == [["X"], ["Y"]]
    assert result.decomposition_exact is True
    assert result.stats.status == "OPTIMAL"
    checked(inst, result)


def test_infeasible_township_is_merged(county, exact, checked):
    # Y's music teacher has the capacity (stage 1 is satisfied) but not the time: SY/1
    # is free only on day 1 period 1, when YM is busy. Part Y is proven infeasible,
    # merged with X, whose music-and-art teacher XA can reach SY and takes the row.
    teachers = [{"teacher_id": "XA", "school_id": "X", "subject": "art",
                 "other_subjects": "music"}, TEACHERS[1]]
    busy = [("YM", 1, 1)] + [("SY/1", d, p) for d in (1, 2) for p in (1, 2, 3)
                             if (d, p) != (1, 1)]
    inst = county(SCHOOLS, teachers, lessons(False), ROADS, busy=busy)
    lines: list[Any] = []
    result = solve_travel(inst, exact, on_progress=lines.append)
    assert any(isinstance(line, Note) and line.key == "merged"
               and "infeasible alone; merged" in str(line) for line in lines)
    assert {(s.site_id, s.subject): s.teacher_id for s in result.slots}[("SY", "music")] == "XA"
    checked(inst, result)

"""Counting checks and assumption cores, in sentences that name lessons and rules."""

from __future__ import annotations

from scheduler.travel import explain
from scheduler.travel.data import TravelData

SCHOOLS = {"C": None, "A": "C"}
ROADS = {("C", "A"): (5, 10)}


def test_class_week_too_full(county):
    # class A/1 has 2 periods of music and 2 of art but only 3 free periods in the week
    inst = county(SCHOOLS, [{"teacher_id": "M", "school_id": "C", "subject": "music"},
                            {"teacher_id": "R", "school_id": "C", "subject": "art"}],
                  [{"site_id": "A", "class_id": "1", "subject": s, "periods_per_week": 2}
                   for s in ("music", "art")], ROADS,
                  busy=[("A/1", 1, 1), ("A/1", 1, 2), ("A/1", 2, 1)])
    reasons = explain.counting(TravelData(inst))
    assert [r.rules for r in reasons] == [("T3", "busy")]
    assert "class A/1 needs 4 traveling periods a week but has only 3 free" in reasons[0].text


def test_caps_of_reachable_teachers(county):
    # two rows of 3 periods; two art teachers with caps 2 and 3: at most 5 of 6 periods
    inst = county(SCHOOLS, [{"teacher_id": "R1", "school_id": "C", "subject": "art",
                             "max_travel_periods": 3},
                            {"teacher_id": "R2", "school_id": "C", "subject": "art",
                             "max_travel_periods": 3}],
                  [{"site_id": "A", "class_id": c, "subject": "art", "periods_per_week": 3}
                   for c in "12"] + [{"site_id": "A", "class_id": "3", "subject": "art",
                                      "periods_per_week": 1}], ROADS, travel={"days": 3})
    reasons = explain.counting(TravelData(inst))
    assert len(reasons) == 1 and reasons[0].rules == ("T6",)
    assert "7 periods a week" in reasons[0].text and "at most 6" in reasons[0].text


def test_conflicts_name_a_minimal_set(county, exact):
    # one free period (day 1, period 1) for both classes, one teacher: the two rows clash
    # (T3 with busy); a third row elsewhere in the week is not part of the conflict
    inst = county(SCHOOLS, [{"teacher_id": "M", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": c, "subject": "music", "periods_per_week": 1}
                   for c in "123"], ROADS,
                  busy=[(f"A/{c}", d, p) for c in "12" for d in (1, 2) for p in (1, 2, 3)
                        if (d, p) != (1, 1)])
    data = TravelData(inst)
    assert explain.counting(data) == []
    found = explain.conflicts(data, data.rows, exact, 10)
    assert len(found) == 1
    assert set(found[0].rows) == {0, 1}
    assert set(found[0].rules) == {"T3", "busy"}
    assert found[0].text.startswith("A/1 music, A/2 music cannot all be placed")

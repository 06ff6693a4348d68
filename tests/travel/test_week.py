"""The week-level relaxation: least spread, components, and its symmetry order."""

from __future__ import annotations

from scheduler.travel.data import TravelData
from scheduler.travel.week import canonical, components, least_spread, twins


def test_least_spread():
    # 4 periods in 5 days, once a day: 2 adjacent pairs at least (1,2,4,5); 3 fit apart;
    # 6 periods, twice a day allowed: 3 days (1,3,5) and 3 doubled periods = 3.
    assert [least_spread(4, 1, 5), least_spread(3, 1, 5), least_spread(6, 2, 5),
            least_spread(1, 1, 5)] == [2, 0, 3, 0]


def test_components_and_twins(county):
    inst = county({"C": None, "A": "C"},
                  [{"teacher_id": t, "school_id": "C", "subject": s, "max_travel_periods": cap}
                   for t, s, cap in (("M1", "music", 16), ("M2", "music", 16),
                                     ("M3", "music", 8), ("P1", "pe", 16))],
                  [{"site_id": "A", "class_id": c, "subject": s, "periods_per_week": 2}
                   for c in "12" for s in ("music", "pe")], {("C", "A"): (5, 10)})
    data = TravelData(inst)
    groups = components(data.rows, data.candidates)
    assert sorted(sorted(r.subject for r in g) for g in groups) == [["music", "music"],
                                                                     ["pe", "pe"]]
    music = [r for r in data.rows if r.subject == "music"]
    (rows, classes), = twins(data, music, data.candidates)
    assert classes == [["M1", "M2"], ["M3"]]
    # M3 (cap 8) had the larger load and M2 the first row: swap into the order
    teacher = {rows[0]: "M2", rows[1]: "M3"}
    counts = {("M2", ("A",)): 2, ("M3", ("A",)): 2}
    fixed, routes = canonical(data, music, data.candidates, teacher, counts)
    assert fixed == {rows[0]: "M1", rows[1]: "M2"}
    assert routes == {("M1", ("A",)): 2, ("M2", ("A",)): 2}

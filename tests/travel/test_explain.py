"""Counting checks and assumption cores, in sentences that name lessons and rules."""

from __future__ import annotations

import pytest

from constraints.travel import RELAXABLE
from scheduler.i18n import catalog
from scheduler.travel import explain
from scheduler.travel.data import TravelData
from tests.said import fields, lookup, said

# Where the travel side says why there is no timetable: `say("key", field=...)` of
# scheduler/travel/explain.py (as `explain.say` elsewhere) and of commands/travel.py
K = "explain.travel."  # the catalogs' table of these sentences
SAYERS = ["scheduler/travel/explain.py", "scheduler/travel/solve.py",
          "scheduler/travel/previous.py", "scheduler/commands/travel.py"]

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
    assert "class A/1 needs 4 traveling periods a week but has only 3 free" in str(reasons[0].note)


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
    assert "7 periods a week" in str(reasons[0].note) and "at most 6" in str(reasons[0].note)


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
    assert str(found[0].note).startswith("A/1 music, A/2 music cannot all be placed")
    zh = catalog("zh").note(found[0].note)
    assert zh.startswith("A/1 音乐、A/2 音乐 无法全部排入：相互冲突的规则是 ")
    assert "T3（教师和班级同一时段只能在一处上课）" in zh and "可以这样解决：" in zh


def test_the_scan_finds_the_sentences():
    keys = {key.removeprefix(K) for _path, key, _fields in said(SAYERS, K)}
    assert {"no_timetable", "class_week", "capacity", "conflict", "pin_T8",
            "greedy_cannot", "replan_infeasible", "interrupted"} <= keys


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sentence_said_is_in_the_catalog_with_the_fields_given(lang):
    tables = catalog(lang).tables
    for path, key, given in said(SAYERS, K):
        assert fields(lookup(tables, key)) == given, (path, key)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_rule_of_a_conflict_has_a_title_and_a_remedy(lang):
    table = catalog(lang).tables["explain"]["travel"]
    assert set(table["rule"]) == set(RELAXABLE)
    assert set(RELAXABLE) | {"T10"} <= set(table["remedy"])
    assert set(table["limit"]) == {"T6", "T10"}
    assert set(table["scope"]) == {"county", "district", "township"}


def test_the_english_rule_titles_are_the_rule_families_own():
    assert catalog("en").tables["explain"]["travel"]["rule"] == RELAXABLE

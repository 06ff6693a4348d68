"""Minimal-change re-plans (`scheduler.travel.previous`) on a county built by hand.

The county: central school C and sites A and B, 10 km (5 min) apart and 10 km from C.
T1 teaches music at A and T2 at B, each at their own school; both may travel. Three
days of three periods. The previous timetable, drawn by hand, is valid and costs nothing
in km: T1 gives A/1 music on day 1 and day 2 in period 1, T2 gives B/1 music on day 1
and day 2 in period 1. Moving one of a row's two slots to day 3 would save spread 0.1
(days 1 and 3 are not adjacent), less than `change_penalty` 1, so a re-plan keeps them.
"""

from __future__ import annotations

import dataclasses

import pytest

from scheduler.errors import InputError, NoPlanError
from scheduler.travel.changes import CAUSES, counts
from scheduler.travel.data import TravelData
from scheduler.travel.previous import classify, read_previous, replan
from scheduler.travel.result import Slot
from scheduler.travel.score import score

SCHOOLS = {"C": None, "A": "C", "B": "C"}
ROADS = {("C", "A"): (10, 5), ("C", "B"): (10, 5), ("A", "B"): (10, 5)}
THREE_DAYS = {"days": 3}
PREVIOUS = [Slot("T1", 1, 1, "A", "1", "music"), Slot("T1", 2, 1, "A", "1", "music"),
            Slot("T2", 1, 1, "B", "1", "music"), Slot("T2", 2, 1, "B", "1", "music")]
TEACHERS = [{"teacher_id": "T1", "school_id": "A", "subject": "music"},
            {"teacher_id": "T2", "school_id": "B", "subject": "music"}]
LESSONS = [{"site_id": s, "class_id": "1", "subject": "music", "periods_per_week": 2}
           for s in ("A", "B")]


def town(county, teachers=TEACHERS, busy=()):
    return county(SCHOOLS, teachers, LESSONS, ROADS, busy=busy, travel=THREE_DAYS)


def test_the_same_county_changes_nothing_and_solves_nothing(county, exact, findings):
    inst = town(county)
    result = replan(inst, PREVIOUS, exact)
    assert result.slots == PREVIOUS
    assert result.previous.changes == []
    assert result.previous.figures["solved"] is False
    assert counts(result.previous.changes) == {"slots": 0, "added": 0,
                                               "by_cause": dict.fromkeys(CAUSES, 0)}
    assert result.stats.status == "FEASIBLE"
    assert result.stats.objective == score(inst, PREVIOUS)["total"]
    assert findings(inst, result) == []


def test_a_teacher_busy_on_a_day_moves_only_that_days_lesson(county, exact, findings):
    # T1 is busy all of day 1: its day-1 slot goes (teacher_busy). T1 gives it on day 3
    # instead (one slot changed: spread +0.1, no km), rather than T2 taking the row (both
    # slots changed, 20 km a day more). T2's week and T1's day 2 stay as they were.
    inst = town(county, busy=[("T1", 1, p) for p in (1, 2, 3)])
    result = replan(inst, PREVIOUS, exact)
    old = [c for c in result.previous.changes if c.change == "old"]
    new = [c for c in result.previous.changes if c.change == "new"]
    assert [(c.slot, c.cause) for c in old] == [(PREVIOUS[0], "teacher_busy")]
    assert len(new) == 1 and new[0].cause == "teacher_busy"
    assert (new[0].slot.teacher_id, new[0].slot.day, new[0].slot.site_id) == ("T1", 3, "A")
    assert set(PREVIOUS[1:]) <= set(result.slots)
    assert counts(result.previous.changes)["by_cause"]["teacher_busy"] == 1
    assert result.previous.figures["status"] == "OPTIMAL"
    assert findings(inst, result) == []


def test_the_penalty_is_weighed_against_the_objective(county, exact):
    # with change_penalty 0 the re-plan of the neighbourhood (T1 busy on day 1 brings in
    # T2, the other candidate, and its row) may move any slot for any gain: T2's B/1 on
    # days 1 and 2 (spread 0.1) goes to days 1 and 3 (spread 0), a change for the
    # objective; at the default 1 it stays (the test above)
    inst = town(county, busy=[("T1", 1, p) for p in (1, 2, 3)])
    free = inst.policy.rotation.model_copy(update={"change_penalty": 0})
    inst = dataclasses.replace(inst, policy=inst.policy.model_copy(update={"rotation": free}))
    result = replan(inst, PREVIOUS, exact)
    assert result.previous.figures["status"] == "OPTIMAL"
    assert counts(result.previous.changes)["by_cause"]["objective"] >= 1
    assert sorted(s.day for s in result.slots if s.site_id == "B") == [1, 3]


def test_a_teacher_removed_hands_their_lessons_on_and_the_rest_stays(county, exact, findings):
    # T1 leaves: A/1 music (2 periods) goes to T2, the only teacher left, on two days in
    # periods other than 1 (T2 teaches at B then): both of T1's slots change
    # (teacher_gone), two new ones for T2, and T2's own slots at B stay.
    inst = town(county, teachers=TEACHERS[1:])
    result = replan(inst, PREVIOUS, exact)
    found = counts(result.previous.changes)
    assert found["slots"] == 2 and found["added"] == 2
    assert found["by_cause"]["teacher_gone"] == 2
    assert set(PREVIOUS[2:]) <= set(result.slots)
    assert {s.teacher_id for s in result.slots} == {"T2"}
    assert all(c.cause == "teacher_gone" for c in result.previous.changes)
    assert findings(inst, result) == []


def test_a_week_that_breaks_a_rule_now_is_re_planned(county, exact, findings):
    # one site a day now (T5), four days: T2 alone teaches B/1 (home) and A/1 on days 1
    # and 2, both sites each day. Either row moves to days 3 and 4: two slots change,
    # for the rule, and every day has one site.
    previous = [Slot("T2", d, p, s, "1", "music") for d in (1, 2)
                for p, s in ((1, "B"), (3, "A"))]
    inst = county(SCHOOLS, TEACHERS[1:], LESSONS, ROADS,
                  travel={"days": 4, "max_sites_per_day": 1})
    result = replan(inst, previous, exact)
    found = counts(result.previous.changes)
    assert found["slots"] == 2 and found["by_cause"]["rule"] == 2
    assert len({(s.day, s.site_id) for s in result.slots}) == 4
    assert findings(inst, result) == []


def test_no_teacher_left_for_a_row_is_no_plan(county, exact):
    inst = town(county, teachers=TEACHERS[1:],
                busy=[("T2", d, p) for d in (1, 2, 3) for p in (2, 3)])
    with pytest.raises(NoPlanError):
        replan(inst, PREVIOUS, exact)


def test_classify_names_each_cause(county):
    # T1 gone; T2 busy on day 2 period 1; a row that is no longer in lessons.csv; and a
    # period the week does not have (rule)
    inst = town(county, teachers=TEACHERS[1:], busy=[("T2", 2, 1)])
    previous = [*PREVIOUS, Slot("T2", 3, 1, "B", "2", "music"),
                Slot("T2", 3, 4, "B", "1", "music")]
    kept, dropped, unsettled = classify(TravelData(inst), previous)
    assert kept == [PREVIOUS[2]]
    assert dropped == {
        ("T1", 1, 1, "A", "1", "music"): "teacher_gone",
        ("T1", 2, 1, "A", "1", "music"): "teacher_gone",
        ("T2", 2, 1, "B", "1", "music"): "teacher_busy",
        ("T2", 3, 1, "B", "2", "music"): "lesson_changed",
        ("T2", 3, 4, "B", "1", "music"): "rule",
    }
    assert unsettled == set()


def test_read_previous_takes_a_travel_or_plan_folder_and_names_bad_cells(tmp_path):
    header = "teacher_id,day,period,site_id,class_id,subject,weeks\n"
    (tmp_path / "travel").mkdir()
    (tmp_path / "travel" / "travel_timetable.csv").write_text(
        "\ufeff" + header + "T1,1,1,A,1,music,\n", encoding="utf-8")
    assert read_previous(tmp_path) == [PREVIOUS[0]]
    (tmp_path / "travel_timetable.csv").write_text(header + "T1,x,1,A,1,music,\n",
                                                   encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_previous(tmp_path)
    assert [(p.row, p.column) for p in err.value.problems] == [(2, "day")]
    with pytest.raises(InputError):
        read_previous(tmp_path / "nowhere")

"""T11: a 0.5 row (mental health, one period every second week) gets one period every
second week; its timetable rows carry weeks = odd (单周) or even (双周), and two rows
share a slot only as one odd and one even. T6/T10 count it as half a period.

Class 1 at A has music once a week and mental health every second week; one teacher
teaches both. The plan gives mental health one slot marked odd, T1 counts it as half a
period, and the calendar repeats it every second week of the term.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import recurring_ical_events
from icalendar import Calendar

from scheduler.data.load import instance_from_records
from scheduler.errors import InputError
from scheduler.term import school_term
from scheduler.travel.solve import solve_travel

LESSONS = [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 1},
           {"site_id": "A", "class_id": "1", "subject": "mental_health",
            "periods_per_week": 0.5}]
TEACHER = [{"teacher_id": "T", "school_id": "C", "subject": "music",
            "other_subjects": "mental_health"}]
ROADS = {("C", "A"): (5, 10)}


def plan(county, exact):
    inst = county({"C": None, "A": "C"}, TEACHER, LESSONS, ROADS)
    return inst, solve_travel(inst, exact)


def test_a_biweekly_row_is_placed_in_odd_weeks(county, exact, checked):
    inst, result = plan(county, exact)
    weeks = {s.subject: s.weeks for s in result.slots}
    assert weeks == {"music": "", "mental_health": "odd"}
    assert sum(s.periods for s in result.slots) == 1.5
    checked(inst, result)


def test_the_checker_wants_weeks_on_a_biweekly_row_and_alternation_in_a_shared_slot(
        county, exact, findings):
    inst, result = plan(county, exact)
    blank = [dataclasses.replace(s, weeks="") for s in result.slots]
    found = findings(inst, dataclasses.replace(result, slots=blank))
    assert any(f.startswith("T11: site A class 1 mental_health") for f in found), found
    assert any(f.startswith("T1: site A class 1 mental_health: 1 period(s) placed, "
                            "lessons.csv asks for 0.5") for f in found), found
    music = next(s for s in result.slots if s.subject == "music")
    health = next(s for s in result.slots if s.subject == "mental_health")
    same = dataclasses.replace(health, day=music.day, period=music.period)
    clash = findings(inst, dataclasses.replace(result, slots=[music, same]))
    assert any(f.startswith("T3: teacher T has 2 lessons") for f in clash), clash
    assert not any(f.startswith("T11") for f in clash), clash


def test_odd_and_even_rows_may_share_a_slot(county, exact, findings):
    """Two biweekly rows of one class in one slot, one odd and one even, clash nowhere."""
    lessons = [{**LESSONS[1]}, {**LESSONS[1], "subject": "music"}]
    inst = county({"C": None, "A": "C"}, TEACHER, lessons, ROADS)
    result = solve_travel(inst, exact)
    first, second = sorted(result.slots)
    paired = [first, dataclasses.replace(second, day=first.day, period=first.period,
                                         weeks="even")]
    found = findings(inst, dataclasses.replace(result, slots=paired))
    assert not any(f.startswith(("T3", "T11", "T1:")) for f in found), found


def test_the_calendar_repeats_every_second_week(county, exact, tmp_path):
    from scheduler.report.travel_ics import teacher_calendar

    inst, result = plan(county, exact)
    term = school_term(inst)
    cal = teacher_calendar(inst, "T", result.slots, term, "zh")
    events = recurring_ical_events.of(Calendar.from_ical(cal.to_ical())).between(
        term.start, term.end + dt.timedelta(days=1))
    health = sorted(e["DTSTART"].dt.date() for e in events if "单周" in str(e["SUMMARY"]))
    music = sorted(e["DTSTART"].dt.date() for e in events if "单周" not in str(e["SUMMARY"]))
    assert health and len(music) >= 2 * len(health) - 2
    assert all(term.week_of(d) % 2 == 1 for d in health)


@pytest.mark.parametrize(("value", "ok"), [("0.5", True), ("1.5", False), ("0", False)])
def test_only_half_or_whole_periods_are_read(tiny_records, value, ok):
    tiny_records["lessons"][0]["periods_per_week"] = value
    if ok:
        inst = instance_from_records(tiny_records)
        assert inst.lessons[0].biweekly and inst.lessons[0].weekly_slots == 1
    else:
        with pytest.raises(InputError):
            instance_from_records(tiny_records)


def four_halves(county, cap: int):
    """Four classes at A with mental health every second week: two periods a week."""
    lessons = [{"site_id": "A", "class_id": str(k), "subject": "mental_health",
                "periods_per_week": 0.5} for k in range(1, 5)]
    teacher = [{"teacher_id": "T", "school_id": "C", "subject": "mental_health",
                "max_travel_periods": cap}]
    return county({"C": None, "A": "C"}, teacher, lessons, ROADS)


def test_the_caps_count_half_a_period_for_a_biweekly_row(county, exact, checked):
    """T6/T10 count periods a week: four 0.5 rows are 2 periods, within a cap of 2 (a
    whole period each would be 4)."""
    inst = four_halves(county, cap=2)
    result = solve_travel(inst, exact)
    assert len(result.slots) == 4 and sum(s.periods for s in result.slots) == 2
    checked(inst, result)


def test_a_cap_below_the_halves_is_refused_with_half_periods(county, exact):
    from scheduler.errors import NoPlanError

    with pytest.raises(NoPlanError) as err:
        solve_travel(four_halves(county, cap=1), exact)
    text = " ".join(map(str, err.value.reasons))
    assert "need 2 periods a week" in text and "at most 1 " in text, text


def test_a_teachers_biweekly_days_take_turns(county):
    """Each day of biweekly lessons alone is driven every second week; the days alternate
    between odd and even weeks, so both weeks carry half the load."""
    from scheduler.travel.result import Slot, with_weeks

    inst = four_halves(county, cap=2)
    slots = [Slot("T", day, period, "A", str(k), "mental_health")
             for k, day, period in ((1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 3, 1))]
    weeks = {(s.class_id, s.day): s.weeks for s in with_weeks(inst, slots)}
    assert weeks == {("1", 1): "odd", ("2", 1): "odd", ("3", 2): "even", ("4", 3): "odd"}

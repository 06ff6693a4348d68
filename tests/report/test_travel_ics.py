"""Teachers' calendars parsed back with icalendar, and expanded over the term with
recurring-ical-events as a calendar app would: one weekly series per lesson period on the
right weekday and bell time, no lesson on a day off, a lesson on each make-up workday that
teaches its weekday, and stable UIDs.

The tiny county's hand-made week (see test_travel_html.py): T01 music at P1 Mon and Wed
period 1 (08:00), art at V1 Tue and Thu period 2 (08:50); T03 pe at P1 Mon, Tue, Thu
period 3 (09:50). The 2026 autumn term: Monday 2026-09-07 to Friday 2027-01-29 with
China's days off from the `holidays` package (National Day 1-7 October; Sunday 20
September taught as Tuesday, Saturday 10 October as Wednesday).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import recurring_ical_events
from icalendar import Calendar

from scheduler.data.load import instance_from_records
from scheduler.report.travel_ics import teacher_calendar, write_calendars
from scheduler.term import Term, school_term
from scheduler.travel.result import Slot

WEEK = [
    Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 3, 1, "P1", "1", "music"),
    Slot("T01", 2, 2, "V1", "3A", "art"), Slot("T01", 4, 2, "V1", "3A", "art"),
    Slot("T03", 1, 3, "P1", "1", "pe"), Slot("T03", 2, 3, "P1", "1", "pe"),
    Slot("T03", 4, 3, "P1", "1", "pe"),
]
MONDAY = dt.date(2026, 9, 7)


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


@pytest.fixture
def term(inst: Any) -> Term:
    return school_term(inst)


def occurrences(path: Path, first: dt.date = MONDAY, last: dt.date = dt.date(2027, 2, 28)
                ) -> list[dt.datetime]:
    cal = Calendar.from_ical(path.read_bytes())
    return sorted(e.decoded("dtstart") for e in recurring_ical_events.of(cal).between(
        first, last))


def events(path: Path) -> list[Any]:
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_one_series_per_lesson_period_plus_one_event_per_make_up_day(inst, term, tmp_path):
    written = write_calendars(inst, WEEK, tmp_path, term)
    assert [p.name for p in written] == ["teacher-T01.ics", "teacher-T03.ics"]
    t01 = events(tmp_path / "teacher-T01.ics")
    series = [e for e in t01 if "rrule" in e]
    assert len(series) == 4
    starts = sorted(e.decoded("dtstart") for e in series)
    assert [(s.date(), s.strftime("%H:%M")) for s in starts] == [
        (dt.date(2026, 9, 7), "08:00"), (dt.date(2026, 9, 8), "08:50"),
        (dt.date(2026, 9, 9), "08:00"), (dt.date(2026, 9, 10), "08:50")]
    # 20 Sep teaches Tuesday's art, 10 Oct Wednesday's music: one single event each
    single = sorted((e.decoded("dtstart").date(), str(e["summary"])) for e in t01
                    if "rrule" not in e)
    assert single == [
        (dt.date(2026, 9, 20), "美术 · Village primary (调休上课，按星期二课表)"),
        (dt.date(2026, 10, 10), "音乐 · Hill teaching point (调休上课，按星期三课表)")]


def test_no_lesson_on_a_day_off_and_lessons_on_make_up_days(inst, term, tmp_path):
    write_calendars(inst, WEEK, tmp_path, term)
    for name, slots in (("teacher-T01.ics", 4), ("teacher-T03.ics", 3)):
        dates = [d.date() for d in occurrences(tmp_path / name)]
        assert not set(dates) & set(term.days_off), "a lesson on a public holiday"
        assert dt.date(2026, 10, 1) not in dates and dt.date(2026, 10, 7) not in dates
        assert set(dates) <= {d.date for d in term.days}
        # every school day teaching one of the teacher's weekdays has its lessons
        weekdays = {s.day for s in WEEK if s.teacher_id == name[8:11]}
        expected = sum(term.count(w) * sum(1 for s in WEEK if s.teacher_id == name[8:11]
                                           and s.day == w) for w in weekdays)
        assert len(dates) == expected, name
        assert slots <= len(dates)
    t03 = [d.date() for d in occurrences(tmp_path / "teacher-T03.ics")]
    assert dt.date(2026, 9, 20) in t03  # Sunday taught as Tuesday: T03 teaches PE
    assert dt.date(2026, 10, 10) not in t03  # taught as Wednesday: T03 has no lesson
    assert max(t03) <= dt.date(2027, 1, 29) and min(t03) == MONDAY


def test_events_are_in_beijing_time_and_end_with_the_term(inst, term, tmp_path):
    write_calendars(inst, WEEK, tmp_path, term)
    cal = Calendar.from_ical((tmp_path / "teacher-T03.ics").read_bytes())
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    for e in cal.walk("VEVENT"):
        start, end = e.decoded("dtstart"), e.decoded("dtend")
        assert str(start.tzinfo) == "Asia/Shanghai"
        assert start.utcoffset() == dt.timedelta(hours=8)
        assert end - start == dt.timedelta(minutes=40)
        assert start.strftime("%H:%M") == "09:50"
        assert e["dtstart"].params["TZID"] == "Asia/Shanghai"
        if "rrule" in e:
            assert e["rrule"]["FREQ"] == ["WEEKLY"]
            assert e["rrule"]["UNTIL"][0].date() <= term.end


def test_a_county_calendar_replaces_the_package(tiny_records, tmp_path):
    """With calendar.csv, its days alone are off or taught: here National Day is taught and
    Monday 14 September is off, and Saturday 19 September teaches Monday's lessons."""
    tiny_records["calendar"] = [
        {"date": "2026-09-14", "kind": "放假"},
        {"date": "2026-09-19", "kind": "调休上课", "as_weekday": "周一"},
    ]
    inst = instance_from_records(tiny_records)
    term = school_term(inst)
    assert term.source == "calendar.csv"
    write_calendars(inst, WEEK, tmp_path, term)
    mondays = [d.date() for d in occurrences(tmp_path / "teacher-T01.ics")
               if d.strftime("%H:%M") == "08:00"]
    assert dt.date(2026, 9, 14) not in mondays and dt.date(2026, 9, 19) in mondays
    assert dt.date(2026, 10, 1) not in mondays  # a Thursday: no music that day anyway
    assert dt.date(2026, 10, 5) in mondays  # a Monday of National Day week, taught here


def test_summary_names_subject_and_site_and_location_the_site(inst, term, tmp_path):
    write_calendars(inst, WEEK, tmp_path, term)
    by_day = {e.decoded("dtstart").isoweekday(): e for e in events(tmp_path / "teacher-T01.ics")
              if "rrule" in e}
    assert str(by_day[1]["summary"]) == "音乐 · Hill teaching point"
    assert str(by_day[1]["location"]) == "Hill teaching point"
    assert str(by_day[2]["summary"]) == "美术 · Village primary"
    assert "3A" in str(by_day[2]["description"])
    assert "V1" not in str(by_day[2]["description"]), "a site id shown to readers"
    cal = teacher_calendar(inst, "T01", WEEK[:4], term, lang="en")
    assert {str(e["summary"]) for e in cal.walk("VEVENT") if "rrule" in e} == {
        "Music · Hill teaching point", "Art · Village primary"}


def test_uids_are_unique_and_stable_across_writes(inst, term, tmp_path):
    write_calendars(inst, WEEK, tmp_path / "a", term)
    write_calendars(inst, WEEK, tmp_path / "b", term)
    first = [str(e["uid"]) for e in events(tmp_path / "a" / "teacher-T01.ics")]
    again = [str(e["uid"]) for e in events(tmp_path / "b" / "teacher-T01.ics")]
    assert first == again and len(set(first)) == len(first) == 6
    assert (tmp_path / "a" / "teacher-T01.ics").read_bytes() == \
        (tmp_path / "b" / "teacher-T01.ics").read_bytes()
    later = school_term(inst, MONDAY + dt.timedelta(days=140), dt.date(2027, 6, 30))
    write_calendars(inst, WEEK, tmp_path / "c", later)
    other = {str(e["uid"]) for e in events(tmp_path / "c" / "teacher-T01.ics")}
    assert not other & set(first), "another term's events are other events"

"""Teachers' calendars parsed back with icalendar: one weekly event per lesson period, on
the right weekday and bell time, repeating --weeks times, with stable UIDs.

The tiny county's hand-made week (see test_travel_html.py): T01 music at P1 Mon and Wed
period 1 (08:00), art at V1 Tue and Thu period 2 (08:50); T03 pe at P1 Mon, Tue, Thu
period 3 (09:50). Term start 2026-09-07 is a Monday.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from scheduler.data.load import instance_from_records
from scheduler.report.travel_ics import first_date, teacher_calendar, write_calendars
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


def events(path: Path) -> list[Any]:
    return list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_one_calendar_per_teacher_with_one_event_per_lesson_period(inst, tmp_path):
    written = write_calendars(inst, WEEK, tmp_path, MONDAY, weeks=18)
    assert [p.name for p in written] == ["teacher-T01.ics", "teacher-T03.ics"]
    t01 = events(tmp_path / "teacher-T01.ics")
    assert len(t01) == 4
    starts = sorted(e.decoded("dtstart") for e in t01)
    assert [(s.date(), s.strftime("%H:%M")) for s in starts] == [
        (dt.date(2026, 9, 7), "08:00"), (dt.date(2026, 9, 8), "08:50"),
        (dt.date(2026, 9, 9), "08:00"), (dt.date(2026, 9, 10), "08:50")]
    assert len(events(tmp_path / "teacher-T03.ics")) == 3


def test_events_recur_weekly_for_the_term_in_beijing_time(inst, tmp_path):
    write_calendars(inst, WEEK, tmp_path, MONDAY, weeks=12)
    cal = Calendar.from_ical((tmp_path / "teacher-T03.ics").read_bytes())
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    for e in cal.walk("VEVENT"):
        start, end = e.decoded("dtstart"), e.decoded("dtend")
        assert str(start.tzinfo) == "Asia/Shanghai"
        assert start.utcoffset() == dt.timedelta(hours=8)
        assert end - start == dt.timedelta(minutes=40)
        assert start.strftime("%H:%M") == "09:50"
        rule = e["rrule"]
        assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [12]
        assert e["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert {e.decoded("dtstart").isoweekday() for e in cal.walk("VEVENT")} == {1, 2, 4}


def test_summary_names_subject_and_site_and_location_the_site(inst, tmp_path):
    write_calendars(inst, WEEK, tmp_path, MONDAY)
    by_day = {e.decoded("dtstart").isoweekday(): e for e in events(tmp_path / "teacher-T01.ics")}
    assert str(by_day[1]["summary"]) == "音乐 · Hill teaching point"
    assert str(by_day[1]["location"]) == "Hill teaching point"
    assert str(by_day[2]["summary"]) == "美术 · Village primary"
    assert "3A" in str(by_day[2]["description"])
    cal = teacher_calendar(inst, "T01", WEEK[:4], MONDAY, lang="en")
    assert {str(e["summary"]) for e in cal.walk("VEVENT")} == {
        "Music · Hill teaching point", "Art · Village primary"}


def test_uids_are_unique_and_stable_across_writes(inst, tmp_path):
    write_calendars(inst, WEEK, tmp_path / "a", MONDAY)
    write_calendars(inst, WEEK, tmp_path / "b", MONDAY)
    first = [str(e["uid"]) for e in events(tmp_path / "a" / "teacher-T01.ics")]
    again = [str(e["uid"]) for e in events(tmp_path / "b" / "teacher-T01.ics")]
    assert first == again and len(set(first)) == 4
    assert (tmp_path / "a" / "teacher-T01.ics").read_bytes() == \
        (tmp_path / "b" / "teacher-T01.ics").read_bytes()
    write_calendars(inst, WEEK, tmp_path / "c", MONDAY + dt.timedelta(days=140))
    later = {str(e["uid"]) for e in events(tmp_path / "c" / "teacher-T01.ics")}
    assert not later & set(first), "another term's events are other events"


def test_a_term_that_starts_mid_week_starts_each_lesson_on_its_next_weekday():
    wednesday = dt.date(2026, 9, 9)
    assert first_date(wednesday, 3) == wednesday
    assert first_date(wednesday, 5) == dt.date(2026, 9, 11)
    assert first_date(wednesday, 1) == dt.date(2026, 9, 14)  # the following Monday
    assert first_date(wednesday, 2) == dt.date(2026, 9, 15)

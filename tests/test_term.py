"""The school term: its default dates, China's days off and make-up days from the
`holidays` package, a county's calendar.csv in their place, and what each weekday counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from scheduler.data.load import instance_from_records
from scheduler.term import (
    CALENDAR_FILE,
    first_monday_of_september,
    friday_before_spring_festival,
    public_days,
    school_term,
    working_days,
)

D = dt.date


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


def test_the_default_term_runs_from_september_to_the_friday_before_spring_festival(inst):
    term = school_term(inst)
    assert term.start == D(2026, 9, 7)  # 1 September 2026 is a Tuesday
    # Spring Festival 2027 is Saturday 6 February; its eve, Friday 5 February, is off
    assert term.end == D(2027, 1, 29)
    assert first_monday_of_september(2025) == D(2025, 9, 1)
    assert term.weeks == 21


def test_national_day_is_off_and_its_make_up_days_are_taught(inst):
    term = school_term(inst)
    taught = {d.date: d.weekday for d in term.days}
    for day in range(1, 8):
        assert D(2026, 10, day) not in taught
    assert {D(2026, 10, 1), D(2026, 10, 2), D(2026, 10, 5), D(2026, 10, 6),
            D(2026, 10, 7)} <= set(term.days_off)
    assert D(2026, 9, 25) in term.days_off  # Mid-Autumn Festival, a Friday
    assert D(2027, 1, 1) in term.days_off
    # Sunday 20 September stands in for Tuesday 6 October, Saturday 10 October for Wed 7
    assert taught[D(2026, 9, 20)] == 2 and taught[D(2026, 10, 10)] == 3
    assert D(2026, 9, 19) not in taught  # an ordinary Saturday
    assert len(term.days) == 100
    assert sum(term.count(w) for w in range(1, 6)) == 100
    assert term.count(2) == 21 and term.count(5) == 18


def test_the_package_pairs_each_make_up_day_with_the_day_off_it_pays_for():
    off, makeup = public_days(2026, 2027)
    assert makeup[D(2026, 9, 20)] == D(2026, 10, 6).isoweekday()
    assert makeup[D(2026, 10, 10)] == D(2026, 10, 7).isoweekday()
    assert all(d.isoweekday() > 5 for d in makeup)
    assert "国庆" in off[D(2026, 10, 1)]


def test_calendar_csv_replaces_the_package(tiny_records):
    tiny_records["calendar"] = [
        {"date": "2026-09-14", "kind": "holiday"},
        {"date": "2026/09/19", "kind": "workday", "as_weekday": "5"},
        {"date": "2026年9月26日", "kind": "调休上课"},
    ]
    term = school_term(instance_from_records(tiny_records))
    assert term.source == CALENDAR_FILE
    taught = {d.date: d.weekday for d in term.days}
    assert D(2026, 9, 14) not in taught and term.days_off == {D(2026, 9, 14): "放假"}
    assert taught[D(2026, 9, 19)] == 5
    assert taught[D(2026, 9, 26)] == 1  # a Saturday without as_weekday: Monday's lessons
    assert D(2026, 10, 1) in taught  # the county did not list National Day
    assert term.end == D(2027, 2, 5)  # no days off listed before the festival: its eve's week


def test_policy_and_overrides_set_the_dates(tiny_records):
    inst = instance_from_records(tiny_records, {"year": 2026, "travel": {
        "term_start": "2026-09-01", "term_end": "2026-09-30"}})
    term = school_term(inst)
    assert (term.start, term.end) == (D(2026, 9, 1), D(2026, 9, 30))
    assert min(d.date for d in term.days) == D(2026, 9, 1)
    short = school_term(inst, D(2026, 9, 7), D(2026, 9, 11))
    assert [d.date for d in short.days] == [D(2026, 9, d) for d in range(7, 12)]


def test_a_six_day_week_teaches_saturdays(tiny_records):
    inst = instance_from_records(tiny_records, {"year": 2026, "travel": {"days": 6}})
    term = school_term(inst, D(2026, 9, 7), D(2026, 9, 13))
    assert [d.weekday for d in term.days] == [1, 2, 3, 4, 5, 6]


def test_the_friday_before_a_run_of_days_off():
    # off from Thursday 4 Feb: the Friday before is 29 Jan
    off = {D(2027, 2, 4): "x", D(2027, 2, 5): "x"}
    assert friday_before_spring_festival(2027, off, {}) == D(2027, 1, 29)
    # a Saturday 30 January taught (make-up) does not join the run
    assert friday_before_spring_festival(2027, {D(2027, 2, 5): "x"}, {D(2027, 1, 30): 1}) \
        == D(2027, 1, 29)


def test_working_days_skip_days_off_and_count_make_up_days(inst, tiny_records):
    # the package: 1–7 October 2026 off (4 October a Sunday), Saturday 10 October taught
    assert working_days(inst, D(2026, 9, 30), 4) == [D(2026, 9, 30), D(2026, 10, 8),
                                                     D(2026, 10, 9), D(2026, 10, 10)]
    assert working_days(inst, D(2026, 10, 3), 0) == []
    # a county calendar alone decides: Monday 14 September off, Saturday 19 taught, and
    # National Day, which it does not list, a working week
    tiny_records["calendar"] = [{"date": "2026-09-14", "kind": "holiday"},
                                {"date": "2026-09-19", "kind": "workday"}]
    county = instance_from_records(tiny_records)
    assert working_days(county, D(2026, 9, 12), 3) == [D(2026, 9, 15), D(2026, 9, 16),
                                                       D(2026, 9, 17)]
    assert working_days(county, D(2026, 9, 18), 2) == [D(2026, 9, 18), D(2026, 9, 19)]
    assert working_days(county, D(2026, 10, 1), 2) == [D(2026, 10, 1), D(2026, 10, 2)]

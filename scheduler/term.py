"""The school term a traveling-teacher week repeats in: its dates, days off and make-up days.

A weekly timetable is taught on the term's school days: every weekday up to
`travel.days` (1 = Monday) between `term_start` and `term_end`, less the days off, plus
the make-up workdays (调休上课), each taught as the weekday whose lessons it makes up.

Where the days off come from (data contract §5): the county's `calendar.csv` when it has
one (it alone then says which days are off and which weekend days are taught); else
China's public holidays and make-up days of each year from the `holidays` package
(maintained, with the State Council's yearly schedule), never from a list in this code.
A make-up day from the package is taught as the weekday of the day off it stands in for
(the package names that pairing, e.g. 2026-09-20 for Tuesday 2026-10-06); one from
calendar.csv as its `as_weekday`; where neither says, as its own weekday, or Monday when it
falls on a weekend.

Term defaults: the first Monday of September of `year` to the Friday before the Spring
Festival holiday of the next calendar year (the first day off of the run of days off
around the lunar new year).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import holidays

from scheduler.data.instance import Instance
from scheduler.data.schema import DayKind

PACKAGE = f"holidays {holidays.__version__}"
CALENDAR_FILE = "calendar.csv"
SPRING_FESTIVAL = "春节"  # the package's zh_CN name of the lunar new year holiday
MONDAY, FRIDAY = 1, 5


@dataclass(frozen=True)
class SchoolDay:
    """A date lessons are taught on, and the weekday (1 = Monday) whose timetable it follows."""

    date: dt.date
    weekday: int

    @property
    def makeup(self) -> bool:
        """A make-up workday (调休上课): a date taught as another weekday, or on a weekend."""
        return self.weekday != self.date.isoweekday()


@dataclass(frozen=True)
class Term:
    """The term's first and last date, its school days, and the weekdays it has off."""

    start: dt.date
    end: dt.date
    days: tuple[SchoolDay, ...]
    days_off: dict[dt.date, str] = field(default_factory=dict)  # weekdays only, with names
    source: str = PACKAGE

    def dates_of(self, weekday: int) -> list[dt.date]:
        """Every date weekday `weekday`'s lessons are taught on, make-up days included."""
        return [d.date for d in self.days if d.weekday == weekday]

    def week_of(self, date: dt.date) -> int:
        """The term week (from 1, Monday to Sunday) a date falls in: odd weeks are 单周."""
        first = self.start - dt.timedelta(days=self.start.weekday())
        return (date - first).days // 7 + 1

    def count(self, weekday: int, weeks: str = "") -> int:
        """School days taught as `weekday`; in odd (单周) or even (双周) term weeks only."""
        return sum(d.weekday == weekday and (not weeks or self.week_of(d.date) % 2
                                             == (1 if weeks == "odd" else 0))
                   for d in self.days)

    @property
    def weeks(self) -> int:
        """Calendar weeks the term touches (Monday to Sunday)."""
        first = self.start - dt.timedelta(days=self.start.weekday())
        return (self.end - first).days // 7 + 1


def school_term(inst: Instance, start: dt.date | None = None, end: dt.date | None = None
                ) -> Term:
    """The term of `inst`'s school year; `start`/`end` override the policy's dates."""
    travel = inst.policy.travel
    year = inst.policy.year
    start = start or _date(travel.term_start) or first_monday_of_september(year)
    if inst.calendar:
        off = {c.date: "放假" for c in inst.calendar if c.kind == DayKind.HOLIDAY}
        makeup = {c.date: c.as_weekday for c in inst.calendar if c.kind == DayKind.WORKDAY}
        source = CALENDAR_FILE
    else:
        off, makeup = public_days(year, year + 1)
        source = PACKAGE
    end = end or _date(travel.term_end) or friday_before_spring_festival(year + 1, off, makeup)
    days = []
    days_off = {}
    for date in _dates(start, end):
        if date in makeup:
            weekday = makeup[date] or _own_or_monday(date)
        elif date in off or date.isoweekday() > travel.days:
            if date in off and date.isoweekday() <= travel.days:
                days_off[date] = off[date]
            continue
        else:
            weekday = date.isoweekday()
        if weekday <= travel.days:
            days.append(SchoolDay(date, weekday))
    return Term(start, end, tuple(days), days_off, source)


def working_days(inst: Instance, start: dt.date, count: int) -> list[dt.date]:
    """The first `count` working days from `start` on (itself included when it is one),
    for a period counted in working days such as the provisional list's 公示期: Monday to
    Friday less the days off, plus the make-up workdays, from the same source as the term
    (calendar.csv when the county has one, else the `holidays` package)."""
    if inst.calendar:
        off = {c.date for c in inst.calendar if c.kind == DayKind.HOLIDAY}
        makeup = {c.date for c in inst.calendar if c.kind == DayKind.WORKDAY}
    else:
        days_off, workdays = public_days(start.year, start.year + 1)
        off, makeup = set(days_off), set(workdays)
    out: list[dt.date] = []
    day = start
    last = start + dt.timedelta(days=366)  # count ≤ 60 (the policy): far inside a year
    while len(out) < count and day <= last:
        if day in makeup or (day.isoweekday() <= FRIDAY and day not in off):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def first_monday_of_september(year: int) -> dt.date:
    first = dt.date(year, 9, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7)


def friday_before_spring_festival(year: int, off: dict[dt.date, str],
                                  makeup: dict[dt.date, int | None]) -> dt.date:
    """The last Friday before the run of days off (weekends included) around the lunar new
    year of `year`; the lunar date is the package's, whatever the days-off source."""
    festival = _spring_festival(year)
    first = festival
    while True:
        before = first - dt.timedelta(days=1)
        weekend = before.isoweekday() > FRIDAY and before not in makeup
        if before in off or weekend:
            first = before
        else:
            break
    return first - dt.timedelta(days=(first.isoweekday() - FRIDAY - 1) % 7 + 1)


@functools.cache
def public_days(*years: int) -> tuple[dict[dt.date, str], dict[dt.date, int | None]]:
    """China's days off (name) and make-up workdays (weekday taught, None: not named) from
    the `holidays` package, for the calendar years given."""
    cn = holidays.China(years=years, language="zh_CN")
    off = {date: name for date, name in sorted(cn.items())}
    pattern = re.compile(re.escape(cn.substituted_label).replace(re.escape("%s"), "(.+)"))
    makeup: dict[dt.date, int | None] = {d: None for d in cn.weekend_workdays
                                         if d.year in years}
    for date, name in off.items():
        for part in name.split(";"):
            match = pattern.fullmatch(part.strip())
            if not match:
                continue
            try:
                worked = dt.datetime.strptime(match[1], cn.substituted_date_format).date()
            except ValueError:
                continue
            if worked in makeup:
                makeup[worked] = date.isoweekday()
    return off, makeup


@functools.cache
def _spring_festival(year: int) -> dt.date:
    cn = holidays.China(years=year, language="zh_CN")
    return min(d for d, name in cn.items() if SPRING_FESTIVAL in name and d.month <= 3)


def _own_or_monday(date: dt.date) -> int:
    return date.isoweekday() if date.isoweekday() <= FRIDAY else MONDAY


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _dates(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)

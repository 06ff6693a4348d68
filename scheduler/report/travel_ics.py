"""One iCalendar file per teacher: each lesson period a weekly recurring event.

Times are local school times with `TZID=Asia/Shanghai` (a VTIMEZONE is embedded, so
calendar apps abroad or offline still place 08:00 at 08:00 Beijing time). Day 1 is
Monday. A lesson's first event is the first date on or after `term_start` that falls on
its weekday, so a term that starts on a Wednesday has its Monday and Tuesday lessons
begin the following week; each event then repeats weekly `weeks` times (RRULE COUNT).
UIDs hash the teacher, slot, lesson and term start: re-writing the same plan gives the
same UIDs, so a calendar app updates events instead of duplicating them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from scheduler.data.instance import Instance
from scheduler.report.travel_grid import (
    LABELS,
    file_stem,
    school_name,
    subject_label,
    teacher_name,
)
from scheduler.travel.result import Slot

TZID = "Asia/Shanghai"
PRODID = "-//Rotaplan//traveling-teacher timetable//ZH"


def first_date(term_start: dt.date, day: int) -> dt.date:
    """The first date on or after `term_start` that is weekday `day` (1 = Monday)."""
    return term_start + dt.timedelta(days=(day - 1 - term_start.weekday()) % 7)


@functools.cache
def _vtimezone(first: dt.date, last: dt.date) -> Timezone:
    """Beijing time's VTIMEZONE for the term's dates, built once (it is slow to derive)."""
    return Timezone.from_tzinfo(ZoneInfo(TZID), first_date=first, last_date=last)


def event_uid(slot: Slot, term_start: dt.date) -> str:
    key = "|".join((slot.teacher_id, str(slot.day), str(slot.period), slot.site_id,
                    slot.class_id, slot.subject, term_start.isoformat()))
    return f"{hashlib.sha1(key.encode('utf-8')).hexdigest()[:24]}@rotaplan"


def teacher_calendar(inst: Instance, teacher_id: str, slots: Iterable[Slot],
                     term_start: dt.date, weeks: int = 18, lang: str = "zh") -> Calendar:
    """The teacher's week as recurring events: SUMMARY subject + site, LOCATION the site."""
    lab = LABELS[lang]
    tz = ZoneInfo(TZID)
    travel = inst.policy.travel
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{lab['title']} · {teacher_name(inst, teacher_id)}")
    cal.add("x-wr-timezone", TZID)
    stamp = dt.datetime.combine(term_start, dt.time(0, 0), tzinfo=dt.UTC)
    for s in sorted(slots):
        minute = travel.start_minute(s.period)
        start = dt.datetime.combine(first_date(term_start, s.day),
                                    dt.time(minute // 60, minute % 60), tzinfo=tz)
        site = school_name(inst, s.site_id)
        event = Event()
        event.add("uid", event_uid(s, term_start))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=travel.period_minutes))
        event.add("rrule", {"freq": "weekly", "count": weeks})
        event.add("summary", f"{subject_label(s.subject, lang)} · {site}")
        event.add("location", site)
        event.add("description", f"{lab['class']}: {s.class_id} · {lab['site']}: {s.site_id}"
                                 f" · {lab['period']}: {s.period}")
        cal.add_component(event)
    first = dt.date(term_start.year, 1, 1)
    last = dt.date(term_start.year + 2 + weeks // 52, 1, 1)
    cal.subcomponents.insert(0, _vtimezone(first, last))
    return cal


def write_calendars(inst: Instance, slots: Iterable[Slot], folder: Path,
                    term_start: dt.date, weeks: int = 18, lang: str = "zh") -> list[Path]:
    """`teacher-<id>.ics` for every teacher with a lesson; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    by_teacher: dict[str, list[Slot]] = defaultdict(list)
    for s in slots:
        by_teacher[s.teacher_id].append(s)
    written = []
    for tid, own in sorted(by_teacher.items()):
        path = folder / f"{file_stem('teacher', tid)}.ics"
        path.write_bytes(teacher_calendar(inst, tid, own, term_start, weeks, lang).to_ical())
        written.append(path)
    return written

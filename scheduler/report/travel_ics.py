"""One iCalendar file per teacher: each lesson period a weekly event over the school term.

Times are local school times with `TZID=Asia/Shanghai` (a VTIMEZONE is embedded, so
calendar apps abroad or offline still place 08:00 at 08:00 Beijing time). Day 1 is
Monday. A lesson's series runs on its weekday from the term's first such school day to its
last (RRULE UNTIL), less the days off in between (EXDATE: National Day, New Year's Day...);
each make-up workday that teaches that weekday's lessons (调休上课) is an event of its own,
since a weekly rule cannot move to a Sunday. The term and its days come from
`scheduler.term`. UIDs hash the teacher, slot, lesson and term start: re-writing the same
plan gives the same UIDs, so a calendar app updates events instead of duplicating them.
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

from scheduler.core.travel_rules import bells
from scheduler.data.instance import Instance
from scheduler.i18n import catalog
from scheduler.report.travel_grid import file_stem, school_name, teacher_name
from scheduler.term import Term
from scheduler.travel.result import Slot

TZID = "Asia/Shanghai"
PRODID = "-//Rotaplan//traveling-teacher timetable//ZH"


@functools.cache
def _vtimezone(first: dt.date, last: dt.date) -> Timezone:
    """Beijing time's VTIMEZONE for the term's dates, built once (it is slow to derive)."""
    return Timezone.from_tzinfo(ZoneInfo(TZID), first_date=first, last_date=last)


def event_uid(slot: Slot, term_start: dt.date, date: dt.date | None = None) -> str:
    """The series' UID, or (with `date`) the UID of a make-up day's single event."""
    key = "|".join((slot.teacher_id, str(slot.day), str(slot.period), slot.site_id,
                    slot.class_id, slot.subject, term_start.isoformat(),
                    date.isoformat() if date else ""))
    return f"{hashlib.sha1(key.encode('utf-8')).hexdigest()[:24]}@rotaplan"


def teacher_calendar(inst: Instance, teacher_id: str, slots: Iterable[Slot], term: Term,
                     lang: str = "zh") -> Calendar:
    """The teacher's lessons over the term: SUMMARY subject + site, LOCATION the site."""
    T = catalog(lang)
    tz = ZoneInfo(TZID)
    travel = inst.policy.travel
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{T.t('travel.title')} · {teacher_name(inst, teacher_id)}")
    cal.add("x-wr-timezone", TZID)
    stamp = dt.datetime.combine(term.start, dt.time(0, 0), tzinfo=dt.UTC)
    for s in sorted(slots):
        rings = bells(travel, inst.school[s.site_id].stage)  # the site's own bells (T4)
        minute = rings.start(s.period)
        bell = dt.time(minute // 60, minute % 60)
        length = dt.timedelta(minutes=rings.minutes)
        site = school_name(inst, s.site_id)
        summary = f"{T.code('subject', s.subject)} · {site}"
        about = (f"{T.t('travel.class')}: {s.class_id} · {T.t('travel.site')}: {site} · "
                 f"{T.t('travel.period')}: {s.period}")
        # T11: a biweekly lesson on the odd (单周) or even (双周) weeks of the term only
        dates = [d for d in term.dates_of(s.day)
                 if not s.weeks or term.week_of(d) % 2 == (1 if s.weeks == "odd" else 0)]
        if s.weeks:
            summary += f" ({T.code('weeks', s.weeks)})"
        step = 2 if s.weeks else 1
        regular = [d for d in dates if d.isoweekday() == s.day]
        if regular:
            event = _event(event_uid(s, term.start), stamp, summary, site, about,
                           dt.datetime.combine(regular[0], bell, tzinfo=tz), length)
            last = dt.datetime.combine(regular[-1], bell, tzinfo=tz)
            rule = {"freq": "weekly", "until": last.astimezone(dt.UTC)}
            event.add("rrule", {**rule, "interval": 2} if s.weeks else rule)
            taught = set(regular)
            skipped = [dt.datetime.combine(d, bell, tzinfo=tz)
                       for d in _weekly(regular[0], regular[-1], step) if d not in taught]
            if skipped:
                event.add("exdate", skipped)
            cal.add_component(event)
        for d in dates:
            if d.isoweekday() != s.day:  # a make-up workday teaching this weekday
                note = T.t("travel.makeup", day=T.code("day", s.day))
                cal.add_component(_event(
                    event_uid(s, term.start, d), stamp, f"{summary} ({note})", site,
                    f"{about} · {note}", dt.datetime.combine(d, bell, tzinfo=tz), length))
    cal.subcomponents.insert(0, _vtimezone(dt.date(term.start.year, 1, 1),
                                           dt.date(term.end.year + 1, 1, 1)))
    return cal


def _event(uid: str, stamp: dt.datetime, summary: str, location: str, description: str,
           start: dt.datetime, length: dt.timedelta) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + length)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    return event


def _weekly(first: dt.date, last: dt.date, step: int = 1) -> list[dt.date]:
    return [first + dt.timedelta(weeks=k)
            for k in range(0, (last - first).days // 7 + 1, step)]


def write_calendars(inst: Instance, slots: Iterable[Slot], folder: Path, term: Term,
                    lang: str = "zh") -> list[Path]:
    """`teacher-<id>.ics` for every teacher with a lesson; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    by_teacher: dict[str, list[Slot]] = defaultdict(list)
    for s in slots:
        by_teacher[s.teacher_id].append(s)
    written = []
    for tid, own in sorted(by_teacher.items()):
        path = folder / f"{file_stem('teacher', tid)}.ics"
        path.write_bytes(teacher_calendar(inst, tid, own, term, lang).to_ical())
        written.append(path)
    return written

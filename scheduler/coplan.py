"""Rotation and traveling teachers as one plan (`rotaplan plan`, data contract §5): the
definitions both halves and the checker share. No solver here.

A need that traveling teachers cover is not unmet: their placed periods at a site in a
subject, divided by `rotation.full_load_periods`, count as that many teachers there
(`coverage`). The rotation is solved on the county with its needs lowered by that
coverage (`counting`), and the timetable on the county after the moves (`after_moves`).
Every lesson of lessons.csv is placed by a complete timetable whoever teaches it, so the
coverage a plan counts is known before the timetable is built (`lesson_coverage`), and
the checker holds the rotation to the coverage the written timetable places.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from scheduler.data.instance import Instance
from scheduler.data.models import Lock
from scheduler.data.schema import LockAction

Coverage = dict[tuple[str, str], float]  # (site_id, subject) -> teachers' worth of periods


def coverage(inst: Instance, placed: Iterable[tuple[str, str, float]]) -> Coverage:
    """(site, subject) -> placed periods a week ÷ full_load_periods, from (site, subject,
    periods) of each placed timetable row (0.5 for a biweekly one)."""
    periods: dict[tuple[str, str], float] = defaultdict(float)
    for site, subject, n in placed:
        periods[(site, subject)] += n
    full = inst.policy.rotation.full_load_periods
    return {key: n / full for key, n in sorted(periods.items())}


def lesson_coverage(inst: Instance) -> Coverage:
    """What a timetable that places every lesson of lessons.csv covers."""
    return coverage(inst, ((le.site_id, le.subject, le.periods_per_week) for le in inst.lessons))


def counting(inst: Instance, cover: Mapping[tuple[str, str], float]) -> Instance:
    """The county whose needs are lowered by the traveling teachers' coverage (never below
    0): its unmet shortage is the shortage that counts coverage."""
    needs = [n.model_copy(update={"required": max(0.0, n.required - cover.get(
        (n.school_id, n.subject), 0.0))}) for n in inst.needs]
    return dataclasses.replace(inst, needs=needs)


def hubs_stay(inst: Instance) -> Instance:
    """The county where every teacher who travels for a subject of lessons.csv stays at its
    school this year (a `stay` lock, unless the county locked the teacher already): the
    timetable needs them where they are, and a rotation that sends them away leaves
    townships to borrow teachers from far off (county-m: no timetable in 60 s)."""
    subjects = {le.subject for le in inst.lessons}
    locked = {lk.teacher_id for lk in inst.locks}
    stay = [Lock(teacher_id=t.teacher_id, action=LockAction.STAY) for t in inst.teachers
            if t.can_travel and not t.is_leader and t.teacher_id not in locked
            and any(t.teaches(s) for s in subjects)]
    return dataclasses.replace(inst, locks=[*inst.locks, *stay])


def after_moves(inst: Instance, placement: Mapping[str, str]) -> Instance:
    """The county after the moves: every mover at its new school."""
    teachers = [t.model_copy(update={"school_id": placement[t.teacher_id]})
                if t.teacher_id in placement else t for t in inst.teachers]
    return dataclasses.replace(inst, teachers=teachers)


def coverage_records(cover: Mapping[tuple[str, str], float]) -> list[dict[str, Any]]:
    """The coverage as the rotation summary writes it (`travel_coverage`)."""
    return [{"site_id": site, "subject": subject, "teachers": round(value, 6)}
            for (site, subject), value in sorted(cover.items())]

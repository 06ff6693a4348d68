"""Rotation and traveling teachers as one plan (`rotaplan plan`, data contract §5): the
definitions both halves and the checker share. No solver here.

A need that traveling teachers cover is not unmet: their placed periods at a site in a
subject, divided by `rotation.full_load_periods`, count as that many teachers there
(`coverage`). The rotation is solved on the county with its needs lowered by that
coverage and its traveling PE and arts teachers counted in the 优质均衡 indicators of the
small rural schools they serve (`counting`), and the timetable on the county after the
moves (`after_moves`).
Every lesson of lessons.csv is placed by a complete timetable whoever teaches it, so the
coverage a plan counts is known before the timetable is built (`lesson_coverage`), and
the checker holds the rotation to the coverage the written timetable places.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from scheduler import rules
from scheduler.core.travel_rules import may_serve, qualified, township_of, weekly_cap
from scheduler.data.instance import Instance
from scheduler.data.models import Lock, Teacher
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
    """The county as a plan with this coverage counts it: needs lowered by the coverage
    (never below 0), so that its unmet shortage is the shortage that counts coverage, and
    the coverage kept (`travel_coverage`), so that the traveling PE and arts teachers count
    in the indicators of the small rural schools they serve (`rules.travel_pe_arts`)."""
    needs = [n.model_copy(update={"required": max(0.0, n.required - cover.get(
        (n.school_id, n.subject), 0.0))}) for n in inst.needs]
    return dataclasses.replace(inst, needs=needs, travel_coverage=dict(cover))


def hubs_stay(inst: Instance) -> Instance:
    """The county where every teacher who travels for a subject of lessons.csv, and every
    teacher a lesson row names (`teacher_id`), stays at its school this year (a `stay`
    lock, unless the county locked the teacher already or R12 moves the leader): the
    timetable needs them where they are. A rotation that sends them away leaves townships
    to borrow teachers from far off (county-m: no timetable in 60 s) or a named teacher out
    of reach of the row (county-l: no timetable at all)."""
    subjects = {le.subject for le in inst.lessons}
    pinned = {le.teacher_id for le in inst.lessons if le.teacher_id}
    locked = {lk.teacher_id for lk in inst.locks} | {
        t.teacher_id for t in rules.leaders_to_move(inst)}
    stay = [Lock(teacher_id=t.teacher_id, action=LockAction.STAY) for t in inst.teachers
            if t.teacher_id not in locked and (t.teacher_id in pinned or (
                t.can_travel and not t.is_leader and any(t.teaches(s) for s in subjects)))]
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


@dataclass(frozen=True)
class Hub:
    """A teacher who can travel, sent to a central school so that lessons nobody may take
    now get a teacher (乡镇中心学校教师走教): `rows` are their lessons.csv rows."""

    teacher_id: str
    school_id: str
    rows: tuple[int, ...]

    def lock(self) -> Lock:
        return Lock(teacher_id=self.teacher_id, action=LockAction.TO, school_id=self.school_id)


def hubs(inst: Instance) -> list[Hub]:
    """Hubs for the lesson rows no teacher may take as the county stands (no one qualified
    who can travel within reach and scope: T2, T8, T12), chosen greedily: each time the
    teacher and central school that make the most periods possible (within the teacher's
    weekly cap there, T6/T10), the shorter move first. The teacher is eligible (R1, R11),
    no leader, under no lock of the county's, and not a candidate for any lesson where
    they are (the timetable needs those where they are); the move passes the rotation's
    own filters (R3, R6, R7, R10, R12, L). A heuristic: the rotation then plans around
    these moves as `to` locks (`with_hubs`); it does not weigh hubs against other moves."""
    from scheduler.rotation.arcs import FILTER_FAMILIES
    from scheduler.rotation.problem import build_problem
    from scheduler.travel.data import TravelData

    data = TravelData(inst)
    left = {r.index: r for r in data.rows if not data.candidates[r.index] and r.pinned is None}
    if not left:
        return []
    needed = {t for ts in data.candidates.values() for t in ts}
    locked = {lk.teacher_id for lk in inst.locks}
    prob = build_problem(inst)
    group_of = {tid: g for g in prob.groups for tid in g.teacher_ids}
    index = inst.school_index
    centrals = [sc for sc in inst.schools if township_of(sc) == sc.school_id]
    pool = [t for t in rules.eligible_teachers(inst) if t.can_travel and not t.is_leader
            and t.teacher_id not in needed | locked and t.teacher_id in group_of]
    open_to = {t.teacher_id: np.logical_and.reduce([f.allowed(prob, group_of[t.teacher_id])
                                                    for f in FILTER_FAMILIES]) for t in pool}
    out: list[Hub] = []
    while left and pool:
        best: tuple[tuple[int, float, str, str], Teacher, str, list[int]] | None = None
        for t in pool:
            for sc in centrals:
                if sc.school_id == t.school_id or not open_to[t.teacher_id][index[sc.school_id]]:
                    continue
                there = t.model_copy(update={"school_id": sc.school_id})
                rows = _takes(inst, data, there, [r for r in left.values()
                                                  if _may_take(inst, there, r.index, r.site)])
                key = (sum(data.rows[r].halves for r in rows),
                       -inst.road_km(t.school_id, sc.school_id), t.teacher_id, sc.school_id)
                if rows and (best is None or key > best[0]):
                    best = (key, t, sc.school_id, rows)
        if best is None:
            break
        _key, t, school, rows = best
        out.append(Hub(t.teacher_id, school, tuple(sorted(rows))))
        pool.remove(t)
        for r in rows:
            del left[r]
    return out


def _may_take(inst: Instance, t: Teacher, row: int, site: str) -> bool:
    """T2, T8, T12 for a teacher at its new school."""
    return qualified(t, inst.lessons[row]) and may_serve(inst, t, site)


def _takes(inst: Instance, data: Any, t: Teacher, rows: list[Any]) -> list[int]:
    """The rows `t` takes within its weekly cap there (T6/T10, in halves), nearest first."""
    room = 2 * weekly_cap(inst, t)[0]
    out = []
    for r in sorted(rows, key=lambda r: (inst.road_km(t.school_id, r.site), r.index)):
        if r.halves <= room:
            room -= r.halves
            out.append(r.index)
    return out


def with_hubs(inst: Instance, chosen: Iterable[Hub]) -> Instance:
    """The county with each hub's move as a `to` lock (L)."""
    return dataclasses.replace(inst, locks=[*inst.locks, *(h.lock() for h in chosen)])

"""The traveling-teacher rules as plain predicates on the data (data contract §3, §5).

The bottom layer of the travel problem: it imports only the data contract's types, and
the candidates (scheduler.travel.data), the rule families (constraints/travel), the
greedy baseline and the explanations read each rule from here, once. The independent
checker (scheduler.check.travel) restates the rules on its own, on purpose.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scheduler.data.instance import Instance
from scheduler.data.models import Lesson, School, Teacher, TravelPolicy
from scheduler.data.schema import Stage

JUNIOR_BELLS = (Stage.JUNIOR, Stage.NINE_YEAR)


def qualified(t: Teacher, lesson: Lesson) -> bool:
    """T2: the teacher teaches the lesson's subject (main or other subject)."""
    return t.teaches(lesson.subject)


def mobile(t: Teacher, site: str) -> bool:
    """T2: may teach at `site`: it travels, or the site is its own school."""
    return t.can_travel or t.school_id == site


def one_way_minutes(inst: Instance, t: Teacher, site: str) -> float:
    """Road minutes from the teacher's school to `site` (0 at its own school; NaN unknown)."""
    return 0.0 if t.school_id == site else inst.road_minutes(t.school_id, site)


def within_reach(inst: Instance, t: Teacher, site: str) -> bool:
    """T8: `site` is within `max_one_way_minutes` of the teacher's school."""
    minutes = one_way_minutes(inst, t, site)
    return not math.isnan(minutes) and minutes <= inst.policy.travel.max_one_way_minutes


def pinned_out_of_reach(inst: Instance, placement: dict[str, str]) -> list[Lesson]:
    """The lessons.csv rows pinned to a teacher (`teacher_id`) whom `placement` moves where
    that teacher may no longer teach the row (T2, T8, T12 from the new school): no
    timetable of the county after those moves exists, so a rotation says so."""
    out = []
    for lesson in inst.lessons:
        to = placement.get(lesson.teacher_id or "")
        if to is None:
            continue
        there = inst.teacher[lesson.teacher_id].model_copy(update={"school_id": to})
        if not may_serve(inst, there, lesson.site_id):
            out.append(lesson)
    return out


def may_serve(inst: Instance, t: Teacher, site: str) -> bool:
    """T2 (travels, or its own school), T8 and T12: the teacher, where it is, may teach
    lessons at `site` (of a subject it teaches: `qualified`)."""
    return mobile(t, site) and within_reach(inst, t, site) and in_scope(inst, t, site)


def township_of(school: School) -> str:
    """T12: a school's township is its central school, or itself where it names none."""
    return school.central_school_id or school.school_id


def in_scope(inst: Instance, t: Teacher, site: str) -> bool:
    """T12: `travel.scope` lets the teacher serve `site` (county: any; district: a school
    of the site's district_id; township: a school of the site's township)."""
    scope = inst.policy.travel.scope
    if scope == "county" or t.school_id == site:
        return True
    home, there = inst.school[t.school_id], inst.school[site]
    if scope == "district":
        return home.district_id == there.district_id
    return township_of(home) == township_of(there)


def total_load_cap(inst: Instance, t: Teacher) -> int:
    """T10: traveling periods a teacher may add to its `home_periods` (blank: 0) within the
    stage's `max_total_periods_*` (its own school's stage; nine-year counts as junior)."""
    travel = inst.policy.travel
    junior = inst.school[t.school_id].stage in JUNIOR_BELLS
    total = travel.max_total_periods_junior if junior else travel.max_total_periods_primary
    return max(0, total - (t.home_periods or 0))


def weekly_cap(inst: Instance, t: Teacher) -> tuple[int, str]:
    """T6 and T10 together: the weekly traveling periods a teacher may take, and the rule
    that sets it ("T6": `max_travel_periods`; "T10": the total load)."""
    t6 = (inst.policy.travel.max_travel_periods if t.max_travel_periods is None
          else t.max_travel_periods)
    t10 = total_load_cap(inst, t)
    return (t10, "T10") if t10 < t6 else (t6, "T6")


@dataclass(frozen=True)
class Bells:
    """T4: when a site's periods start and how long they last, in minutes after midnight."""

    starts: tuple[int, ...]
    minutes: int

    def start(self, period: int) -> int:
        return self.starts[period - 1]

    def end(self, period: int) -> int:
        return self.starts[period - 1] + self.minutes

    def label(self, period: int) -> str:
        """"08:00–08:40"."""
        return f"{_clock(self.start(period))}–{_clock(self.end(period))}"


def bells(policy: TravelPolicy, stage: Stage) -> Bells:
    """A site's own bells, by its stage: junior and nine-year sites ring the `_junior`
    keys (§5)."""
    junior = stage in JUNIOR_BELLS
    starts = policy.period_starts_junior if junior else policy.period_starts
    minutes = policy.period_minutes_junior if junior else policy.period_minutes
    return Bells(tuple(int(s[:2]) * 60 + int(s[3:]) for s in starts), minutes)


def fits_between(inst: Instance, a: str, p: int, b: str, q: int) -> bool:
    """T4: a lesson at site `b` in period `q` may directly follow one at `a` in period `p`
    (p < q): the road minutes fit between the end of p at a and the start of q at b."""
    if a == b:
        return True
    travel = inst.policy.travel
    first, second = bells(travel, inst.school[a].stage), bells(travel, inst.school[b].stage)
    if q > len(second.starts) or p > len(first.starts):
        return False
    minutes = inst.road_minutes(a, b)
    return not math.isnan(minutes) and minutes <= second.start(q) - first.end(p)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"

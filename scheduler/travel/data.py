"""The traveling-teacher problem in the shape every method reads; pure Python, no solver.

Lesson rows with their T7 daily limit, the teachers each row may be given (T2, T8, pins,
T6), free slots (busy.csv), road metres and minutes, and the objective weights. The
CP-SAT model, the greedy baseline, the scorer and the explanations all read this one
object, so they agree on what a candidate is and on what a plan costs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from scheduler.core.travel_rules import (
    bells,
    fits_between,
    in_scope,
    mobile,
    qualified,
    weekly_cap,
    within_reach,
)
from scheduler.data.instance import Instance
from scheduler.errors import InputError, Problem

# Objective weights in km-equivalents per unit, in the contract's order of importance:
# route km first, then days on the road, even loads, spread. `travel.weights` in the
# policy overrides them by these names (0 switches a term off). `unplaced` only matters
# with --partial: a lesson period left out costs more than any route could.
WEIGHTS: dict[str, float] = {
    "km": 1.0,          # per km of route (home -> sites in lesson order -> home)
    "road_days": 0.5,   # per teacher-day with a lesson away from the teacher's school
    "loads": 0.01,      # per unit of sum over teachers of (weekly lesson periods)^2
    "spread": 0.1,      # per adjacent-day pair (or extra same-day period) of one lesson row
    "unplaced": 1000.0,  # per lesson period not placed (partial mode only)
}
# Objective points per km-equivalent: the solver's objective is an integer, and every
# term is an integer count (km in metres), so scores and solver objectives agree exactly.
SCALE = 100_000
TERM_UNITS = {"km": 1000, "road_days": 1, "loads": 1, "spread": 1, "unplaced": 1}

Slot = tuple[int, int]  # (day, period), both from 1


@dataclass(frozen=True)
class Row:
    """One lesson row of lessons.csv, numbered by its position."""

    index: int
    site: str
    class_id: str
    subject: str
    periods: int
    per_day: int  # T7: 1, or ceil(periods / days) when there are more periods than days
    pinned: str | None
    # T6/T10 count periods a week, half a period for a biweekly row (its one weekly slot
    # is taught every second week): twice the periods, so the caps stay in integers
    halves: int

    @property
    def days(self) -> int:
        """Fewest days its periods take (T1/T7): ceil(periods / per_day)."""
        return -(-self.periods // self.per_day)

    @property
    def class_key(self) -> str:
        return f"{self.site}/{self.class_id}"

    @property
    def label(self) -> str:
        return f"{self.site}/{self.class_id} {self.subject}"


def per_day_limit(periods: int, days: int) -> int:
    """T7: once a day; a row with more periods than days may meet ceil(periods/days) a day."""
    return 1 if periods <= days else math.ceil(periods / days)


def objective_coefficients(inst: Instance) -> dict[str, int]:
    """Integer objective points per unit of each term, from the policy's weights."""
    weights = dict(WEIGHTS)
    unknown = sorted(set(inst.policy.travel.weights) - set(WEIGHTS))
    if unknown:
        raise InputError([Problem("policy.toml", None, "travel.weights",
                                  f"unknown weight(s) {', '.join(unknown)}; expected "
                                  f"{', '.join(WEIGHTS)}")])
    for name, value in inst.policy.travel.weights.items():
        if not math.isfinite(value) or value < 0:
            raise InputError([Problem("policy.toml", None, f"travel.weights.{name}",
                                      f"expected a number ≥ 0, got {value!r}")])
        weights[name] = value
    return {name: round(w * SCALE / TERM_UNITS[name]) for name, w in weights.items()}


class TravelData:
    """An instance seen from the traveling-teacher side; cheap lookups, built once."""

    def __init__(self, inst: Instance):
        self.inst = inst
        travel = inst.policy.travel
        self.days = travel.days
        self.periods = travel.periods
        self.max_sites = travel.max_sites_per_day
        # T11: a biweekly row takes one weekly slot (taught every second week: with_weeks)
        self.rows = [Row(i, le.site_id, le.class_id, le.subject, le.weekly_slots,
                         per_day_limit(le.weekly_slots, travel.days), le.teacher_id,
                         round(2 * le.periods_per_week))
                     for i, le in enumerate(inst.lessons)]
        self.home = {t.teacher_id: t.school_id for t in inst.teachers}
        caps = {t.teacher_id: weekly_cap(inst, t) for t in inst.teachers}
        self.cap = {tid: cap for tid, (cap, _rule) in caps.items()}  # T6 and T10
        self.cap_rule = {tid: rule for tid, (_cap, rule) in caps.items()}
        self.busy = {(b.owner_id, b.day, b.period) for b in inst.busy}
        # T4: a site whose bells ring fewer periods has no lessons in the others
        for le in inst.lessons:
            ring = len(bells(travel, inst.school[le.site_id].stage).starts)
            self.busy |= {(f"{le.site_id}/{le.class_id}", d, p) for d in range(1, self.days + 1)
                          for p in range(ring + 1, self.periods + 1)}
        self.coef = objective_coefficients(inst)
        self._follows: dict[tuple[str, str, int, int], bool] = {}
        self.slots: list[Slot] = [(d, p) for d in range(1, self.days + 1)
                                  for p in range(1, self.periods + 1)]

    # --- candidates ------------------------------------------------------------------
    def refusals(self, row: Row, teacher_id: str) -> list[str]:
        """Every rule that keeps `teacher_id` from taking `row` ("qualified", "pins", "T2",
        "T8", "T12", "T6" or "T10"); empty when it may."""
        t = self.inst.teacher[teacher_id]
        out = []
        if not qualified(t, self.inst.lessons[row.index]):
            out.append("qualified")
        if row.pinned is not None and row.pinned != teacher_id:
            out.append("pins")
        if not mobile(t, row.site):
            out.append("T2")
        if not within_reach(self.inst, t, row.site):
            out.append("T8")
        if not in_scope(self.inst, t, row.site):
            out.append("T12")
        if self.travels(teacher_id, row) and 2 * self.cap[teacher_id] < row.halves:
            out.append(self.cap_rule[teacher_id])
        return out

    def refusal(self, row: Row, teacher_id: str) -> str | None:
        """The first rule that keeps `teacher_id` from taking `row`, or None."""
        found = self.refusals(row, teacher_id)
        return found[0] if found else None

    @cached_property
    def teaching(self) -> dict[str, list[str]]:
        """Subject -> teachers who teach it (main or other subject), in file order."""
        out: dict[str, list[str]] = {}
        for t in self.inst.teachers:
            for subject in dict.fromkeys((t.subject, *t.other_subjects)):
                out.setdefault(subject, []).append(t.teacher_id)
        return out

    @cached_property
    def candidates(self) -> dict[int, tuple[str, ...]]:
        """Teachers each row may be given, nearest first (ties by id)."""
        out = {}
        for row in self.rows:
            ok = [t for t in self.teaching.get(row.subject, []) if self.refusal(row, t) is None]
            out[row.index] = tuple(sorted(ok, key=lambda t, r=row: (self.metres(
                self.home[t], r.site), t)))
        return out

    def travels(self, teacher_id: str, row: Row) -> bool:
        """T6 counts the periods a teacher teaches away from its own school."""
        return self.home[teacher_id] != row.site

    # --- time ------------------------------------------------------------------------
    def free(self, owner: str) -> list[Slot]:
        """Slots `owner` (a teacher id or SITE/CLASS) is not marked busy in."""
        return [(d, p) for d, p in self.slots if (owner, d, p) not in self.busy]

    def can_follow(self, a: str, b: str, first: int, second: int) -> bool:
        """T4: a lesson at `b` in period `second` may directly follow one at `a` in `first`
        (each site on its own bells)."""
        key = (a, b, first, second)
        if key not in self._follows:
            self._follows[key] = fits_between(self.inst, a, first, b, second)
        return self._follows[key]

    # --- roads -----------------------------------------------------------------------
    def metres(self, a: str, b: str) -> int:
        """Road metres, rounded once per leg; the unit of every route in the objective."""
        if a == b:
            return 0
        km = self.inst.road_km(a, b)
        return round(km * 1000) if math.isfinite(km) else UNKNOWN_METRES

    def minutes(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        value = self.inst.road_minutes(a, b)
        return value if math.isfinite(value) else math.inf


# A leg without a known distance (impossible after loading, which demands coordinates or
# distances rows) costs more than any real road, so no method chooses it.
UNKNOWN_METRES = 10_000_000


class Linked:
    """Disjoint sets (path halving): townships joined by borrowed teachers, rows joined by
    shared candidates. `find` puts an unseen item in a set of its own."""

    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: Any, b: Any) -> None:
        self.parent[self.find(a)] = self.find(b)


def township(inst: Instance, school_id: str) -> str:
    """The group a school is planned with: its central school, else itself."""
    return inst.school[school_id].central_school_id or school_id

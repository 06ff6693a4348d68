"""A validated county instance and the lookups every model, report and check needs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from scheduler.data.distances import road_matrices
from scheduler.data.models import (
    Busy,
    CalendarDay,
    Distance,
    History,
    Lesson,
    Lock,
    Need,
    Policy,
    Preference,
    School,
    Teacher,
)


@dataclass
class Instance:
    """Everything a county handed in, typed and cross-checked. Read-only by convention."""

    name: str
    policy: Policy
    schools: list[School]
    teachers: list[Teacher]
    needs: list[Need] = field(default_factory=list)
    lessons: list[Lesson] = field(default_factory=list)
    distances: list[Distance] = field(default_factory=list)
    busy: list[Busy] = field(default_factory=list)
    preferences: list[Preference] = field(default_factory=list)
    history: list[History] = field(default_factory=list)
    locks: list[Lock] = field(default_factory=list)
    calendar: list[CalendarDay] = field(default_factory=list)
    path: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # (site_id, subject) -> teachers' worth of periods that traveling teachers place there
    # (`scheduler.coplan.counting`, only where a timetable is known): the PE and arts
    # teachers among them count at small rural schools (`rules.travel_counts_at`)
    travel_coverage: dict[tuple[str, str], float] = field(default_factory=dict)

    @property
    def county_name(self) -> str:
        """The name titles use: the policy's `county_name`, else the folder or file name."""
        return self.policy.county_name or self.name

    # --- lookups ---------------------------------------------------------------------
    @cached_property
    def school_index(self) -> dict[str, int]:
        return {sc.school_id: i for i, sc in enumerate(self.schools)}

    @cached_property
    def school(self) -> dict[str, School]:
        return {sc.school_id: sc for sc in self.schools}

    @cached_property
    def teacher(self) -> dict[str, Teacher]:
        return {t.teacher_id: t for t in self.teachers}

    @cached_property
    def staff(self) -> Counter[str]:
        """Teachers serving at each school before any plan."""
        return Counter(t.school_id for t in self.teachers)

    @cached_property
    def teachers_at(self) -> dict[str, list[Teacher]]:
        out: dict[str, list[Teacher]] = defaultdict(list)
        for t in self.teachers:
            out[t.school_id].append(t)
        return dict(out)

    @cached_property
    def required(self) -> dict[tuple[str, str], float]:
        """Posts per (school, subject) from needs.csv."""
        return {(n.school_id, n.subject): n.required for n in self.needs}

    @cached_property
    def main_subject_count(self) -> Counter[tuple[str, str]]:
        """Teachers per (school, main subject) before any plan."""
        return Counter((t.school_id, t.subject) for t in self.teachers)

    @cached_property
    def on_exchange(self) -> dict[str, History]:
        """R11: teacher_id -> the exchange under way in `policy.year` (serving at its
        to_school_id, belonging to its from_school_id)."""
        return {h.teacher_id: h for h in self.history if h.under_way(self.policy.year)}

    @cached_property
    def locks_of(self) -> dict[str, list[Lock]]:
        out: dict[str, list[Lock]] = defaultdict(list)
        for lock in self.locks:
            out[lock.teacher_id].append(lock)
        return dict(out)

    # --- distances -------------------------------------------------------------------
    @cached_property
    def _matrices(self) -> tuple[np.ndarray, np.ndarray]:
        t = self.policy.travel
        return road_matrices(self.schools, self.distances, t.road_factor, t.speed_kmh)

    @property
    def km(self) -> np.ndarray:
        """Road km between schools, in the order of `schools` (NaN: unknown)."""
        return self._matrices[0]

    @property
    def minutes(self) -> np.ndarray:
        """Road minutes between schools, in the order of `schools` (NaN: unknown)."""
        return self._matrices[1]

    def road_km(self, a: str, b: str) -> float:
        return float(self.km[self.school_index[a], self.school_index[b]])

    def road_minutes(self, a: str, b: str) -> float:
        return float(self.minutes[self.school_index[a], self.school_index[b]])

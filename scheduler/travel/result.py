"""A traveling-teacher timetable as the solver (or the greedy baseline) hands it on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from scheduler.solving import SolveStats, relative_gap

if TYPE_CHECKING:
    from scheduler.data.instance import Instance
    from scheduler.solving import Note


@dataclass(frozen=True, order=True)
class Slot:
    """One lesson period: contract columns of travel_timetable.csv."""

    teacher_id: str
    day: int
    period: int
    site_id: str
    class_id: str
    subject: str
    weeks: str = ""  # T11: "odd" 单周 or "even" 双周 for a biweekly row; blank: every week

    @property
    def periods(self) -> float:
        """Periods a week the slot gives its lesson: 0.5 in odd or even weeks only."""
        return 0.5 if self.weeks else 1.0


@dataclass(frozen=True)
class Route:
    """One teacher's day: stops from its school through the sites and back (T9)."""

    teacher_id: str
    day: int
    stops: tuple[str, ...]
    km: float
    minutes: float


@dataclass(frozen=True)
class Change:
    """One line of travel_changes.csv: a slot of the previous timetable that this one does
    not keep (`change` "old"), or a slot this one adds (`change` "new"), and why
    (`scheduler.travel.previous.CAUSES`)."""

    slot: Slot
    change: str
    cause: str


@dataclass
class Previous:
    """A re-plan's previous timetable (as read), the changes against it, and how the
    re-plan's own model went (`scheduler.travel.previous.replan`)."""

    slots: list[Slot]
    changes: list[Change]
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass
class TravelResult:
    """Placed lesson periods, the routes they imply, what could not be placed, and stats."""

    slots: list[Slot]
    routes: list[Route]
    stats: SolveStats
    # (site_id, class_id, subject, why) of each lesson row left out (partial mode); `why`
    # is said in the reader's language (`Catalog.say`), str() in CSV and JSON
    unplaced: list[tuple[str, str, str, str | Note]] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    # A decomposed CP-SAT solve: one entry per part (townships, rows, teachers, status,
    # objective, best_bound, seconds, rounds, cuts); `decomposition_exact` is True when no
    # lesson had a candidate teacher outside its part (then the bounds hold for the county).
    parts: list[dict[str, Any]] = field(default_factory=list)
    decomposition_exact: bool | None = None
    # the parts' summed bound (a bound for the county only when the decomposition is
    # exact), and how the county's own bound (`stats.best_bound`) was found: "parts" or
    # "lp" (`scheduler.travel.county_bound`), its seconds, and why it is missing if it is
    parts_bound: float | None = None
    county_bound: dict[str, Any] = field(default_factory=dict)
    # a minimal-change re-plan (`--baseline`): the previous timetable and the changes
    previous: Previous | None = None

    @property
    def parts_gap(self) -> float | None:
        """The gap to the parts' summed bound (travel_summary.json's `parts_gap`)."""
        return relative_gap(self.stats.objective, self.parts_bound)


def whole(x: float) -> float | int:
    """A count of periods as an int where it is one (halves come from T11 rows)."""
    return int(x) if float(x).is_integer() else x


def weekly_periods(slots: Iterable[Slot]) -> float | int:
    """Periods a week the slots give: a biweekly (T11) slot counts half, as T10 counts it."""
    return whole(sum(s.periods for s in slots))


def with_weeks(inst: Instance, slots: list[Slot]) -> list[Slot]:
    """T11: a biweekly row's one weekly slot is taught every second week. Each teacher's
    days with biweekly slots take turns, odd weeks (单周) then even (双周), so the weeks
    carry about the same load (T10 counts the half) while a day of biweekly lessons alone
    is still driven every second week only. The slot stays the row's alone every week, so
    no other row needs the other weeks to share it."""
    biweekly = {(le.site_id, le.class_id, le.subject) for le in inst.lessons if le.biweekly}
    days: dict[str, list[int]] = {}
    for s in sorted(slots):
        if (s.site_id, s.class_id, s.subject) in biweekly:
            mine = days.setdefault(s.teacher_id, [])
            if s.day not in mine:
                mine.append(s.day)
    parity = {(t, d): "odd" if k % 2 == 0 else "even"
              for t, mine in days.items() for k, d in enumerate(mine)}
    return [replace(s, weeks=parity[s.teacher_id, s.day])
            if (s.site_id, s.class_id, s.subject) in biweekly else s for s in slots]

"""The decision variables of a traveling-teacher model, in one container with lookups.

Two levels share one container, so every rule family reads the same names:

* day level (the master of a solve): `count[row, teacher, day]` = periods of the row that
  teacher gives that day (a literal when the row meets once a day);
* slot level (a day's timetable, or the whole week when explaining): one literal per
  (row, teacher, day, period), only where the class and the teacher are free.

Both have `assign[row, teacher]` (T2: who teaches a row all week) and
`visit[teacher, day, site]`, exactly "the teacher teaches at the site that day"; routes are
priced on visits. Helper variables of route and objective families are made there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scheduler.core.logic import Lit

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from scheduler.travel.data import Row, TravelData



def _nested() -> defaultdict[str, list[Any]]:
    return defaultdict(list)


@dataclass
class Vars:
    level: str  # "day" or "slot"
    days: tuple[int, ...]
    placed: dict[int, Lit] = field(default_factory=dict)
    assign: dict[tuple[int, str], Lit] = field(default_factory=dict)
    # periods of (row, teacher) per day: day-level counts, or slot-level lesson literals
    periods: dict[tuple[int, str], list[Any]] = field(default_factory=lambda: defaultdict(list))
    row_day: dict[tuple[int, int], list[Any]] = field(default_factory=lambda: defaultdict(list))
    teacher_day: dict[tuple[str, int], list[Any]] = field(
        default_factory=lambda: defaultdict(list))
    class_day: dict[tuple[str, int], list[Any]] = field(
        default_factory=lambda: defaultdict(list))
    count: dict[tuple[int, str, int], Any] = field(default_factory=dict)  # day level
    x: dict[tuple[int, str, int, int], Lit] = field(default_factory=dict)  # slot level
    # slot level: (teacher, day, period) -> site -> lesson literals there
    at_teacher: dict[tuple[str, int, int], dict[str, list[Lit]]] = field(
        default_factory=lambda: defaultdict(_nested))
    at_class: dict[tuple[str, int, int], list[Lit]] = field(
        default_factory=lambda: defaultdict(list))
    busy_x: list[Lit] = field(default_factory=list)  # only when busy slots are offered
    visit: dict[tuple[str, int, str], Lit] = field(default_factory=dict)
    sites_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def y(self, teacher: str, day: int, period: int, site: str) -> Any:
        """1 when `teacher` teaches at `site` in that slot (a sum of at most one true x)."""
        return sum(self.at_teacher.get((teacher, day, period), {}).get(site, []))

    def busy_at(self, teacher: str, day: int, period: int) -> Any:
        """1 when `teacher` teaches anywhere in that slot."""
        return sum(sum(vs) for vs in self.at_teacher.get((teacher, day, period), {}).values())

    def has(self, teacher: str, day: int, period: int, site: str | None = None) -> bool:
        cell = self.at_teacher.get((teacher, day, period), {})
        return bool(cell.get(site)) if site is not None else any(cell.values())


def create(model: cp_model.CpModel, data: TravelData, rows: list[Row],
           cands: dict[int, tuple[str, ...]], *, level: str, days: tuple[int, ...],
           optional: bool, offer_busy: bool) -> Vars:
    """Variables for `rows` and their candidate teachers on `days`.

    Busy slots get slot literals only if `offer_busy` (explanations forbid them under an
    assumption instead of leaving them out).
    """
    v = Vars(level, days)
    by_visit: dict[tuple[str, int, str], list[tuple[Any, int]]] = defaultdict(list)
    for row in rows:
        v.placed[row.index] = model.new_bool_var(f"placed[{row.index}]") if optional else 1
        class_free = set(data.free(row.class_key))
        for t in cands[row.index]:
            v.assign[row.index, t] = model.new_bool_var(f"a[{row.index},{t}]")
            teacher_free = set(data.free(t))
            for d in days:
                both = [p for p in range(1, data.periods + 1)
                        if (d, p) in class_free and (d, p) in teacher_free]
                if level == "day":
                    top = min(row.per_day, len(both))
                    if top == 0:
                        continue
                    var = (model.new_bool_var(f"n[{row.index},{t},{d}]") if top == 1 else
                           model.new_int_var(0, top, f"n[{row.index},{t},{d}]"))
                    v.count[row.index, t, d] = var
                    _index(v, row, t, d, var)
                    by_visit[t, d, row.site].append((var, top))
                    continue
                for p in range(1, data.periods + 1):
                    free = p in both
                    if not free and not offer_busy:
                        continue
                    var = model.new_bool_var(f"x[{row.index},{t},{d},{p}]")
                    v.x[row.index, t, d, p] = var
                    v.at_teacher[t, d, p][row.site].append(var)
                    v.at_class[row.class_key, d, p].append(var)
                    _index(v, row, t, d, var)
                    by_visit[t, d, row.site].append((var, 1))
                    if not free:
                        v.busy_x.append(var)
    # visit[t, d, s] is exactly "t teaches at s on day d": implied by every lesson there,
    # at most their sum.
    for (t, d, site), items in by_visit.items():
        visit = model.new_bool_var(f"visit[{t},{d},{site}]")
        v.visit[t, d, site] = visit
        for var, top in items:
            if top == 1:
                model.add_implication(var, visit)
            else:
                model.add(var <= top * visit)
        model.add(visit <= sum(var for var, _top in items))
    return v


def _index(v: Vars, row: Row, t: str, d: int, var: Any) -> None:
    v.periods[row.index, t].append(var)
    v.row_day[row.index, d].append(var)
    v.teacher_day[t, d].append(var)
    v.class_day[row.class_key, d].append(var)
    v.sites_of[t].add(row.site)

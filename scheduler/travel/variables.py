"""The decision variables of a traveling-teacher model, in one container with lookups.

Three layers: `assign[row, teacher]` (T2: who teaches a row all week), `x[row, teacher,
day, period]` (a lesson period, only for slots the class and the teacher are free in),
and `visit[teacher, day, site]` (the day-level layer the routes are priced on). Helper
variables of the route and objective families are made by those families.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from scheduler.travel.data import Row, TravelData

Lit = Any  # a BoolVar, its negation, or a 0/1 constant


@dataclass
class Vars:
    placed: dict[int, Lit] = field(default_factory=dict)
    assign: dict[tuple[int, str], Lit] = field(default_factory=dict)
    x: dict[tuple[int, str, int, int], Lit] = field(default_factory=dict)
    visit: dict[tuple[str, int, str], Lit] = field(default_factory=dict)
    # (teacher, day, period) -> site -> lesson variables there
    at_teacher: dict[tuple[str, int, int], dict[str, list[Lit]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    at_class: dict[tuple[str, int, int], list[Lit]] = field(
        default_factory=lambda: defaultdict(list))
    row_day: dict[tuple[int, int], list[Lit]] = field(default_factory=lambda: defaultdict(list))
    busy_x: list[Lit] = field(default_factory=list)  # only when busy slots are offered
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
           cands: dict[int, tuple[str, ...]], *, optional: bool, offer_busy: bool) -> Vars:
    """Variables for `rows` and their candidate teachers; busy slots only if `offer_busy`."""
    v = Vars()
    for row in rows:
        v.placed[row.index] = model.new_bool_var(f"placed[{row.index}]") if optional else 1
        class_free = set(data.free(row.class_key))
        for t in cands[row.index]:
            v.assign[row.index, t] = model.new_bool_var(f"a[{row.index},{t}]")
            teacher_free = set(data.free(t))
            for d, p in data.slots:
                free = (d, p) in class_free and (d, p) in teacher_free
                if not free and not offer_busy:
                    continue
                var = model.new_bool_var(f"x[{row.index},{t},{d},{p}]")
                v.x[row.index, t, d, p] = var
                v.at_teacher[t, d, p][row.site].append(var)
                v.at_class[row.class_key, d, p].append(var)
                v.row_day[row.index, d].append(var)
                v.sites_of[t].add(row.site)
                if not free:
                    v.busy_x.append(var)
    for (t, d, p), cell in list(v.at_teacher.items()):
        for site in cell:
            key = (t, d, site)
            if key not in v.visit:
                v.visit[key] = model.new_bool_var(f"visit[{t},{d},{site}]")
    # visit[t, d, s] is exactly "t teaches at s on day d": implied by every lesson there,
    # at most their sum.
    by_day: dict[tuple[str, int, str], list[Any]] = defaultdict(list)
    for (t, d, _p), cell in v.at_teacher.items():
        for site, xs in cell.items():
            for x in xs:
                model.add_implication(x, v.visit[t, d, site])
            by_day[t, d, site].extend(xs)
    for key, xs in by_day.items():
        model.add(v.visit[key] <= sum(xs))
    return v


def and_lit(model: cp_model.CpModel, a: Lit, b: Lit, name: str) -> Lit:
    """A literal equal to a AND b (constants folded)."""
    if isinstance(a, int) or isinstance(b, int):
        if isinstance(a, int) and isinstance(b, int):
            return a & b
        const, other = (a, b) if isinstance(a, int) else (b, a)
        return other if const else 0
    w = model.new_bool_var(name)
    model.add_bool_and([a, b]).only_enforce_if(w)
    model.add_bool_or([~a, ~b, w])
    return w


def and_expr(model: cp_model.CpModel, a: Any, b: Any, name: str) -> Lit:
    """A literal equal to a AND b for 0/1 linear expressions (three linear constraints)."""
    w = model.new_bool_var(name)
    model.add(w <= a)
    model.add(w <= b)
    model.add(w >= a + b - 1)
    return w


def or_lit(model: cp_model.CpModel, lits: list[Lit], name: str) -> Lit:
    """A literal equal to OR(lits) (constants folded)."""
    live = [x for x in lits if not isinstance(x, int)]
    if any(isinstance(x, int) and x for x in lits):
        return 1
    if not live:
        return 0
    if len(live) == 1:
        return live[0]
    r = model.new_bool_var(name)
    model.add_max_equality(r, live)
    return r

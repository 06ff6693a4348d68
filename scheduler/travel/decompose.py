"""Township-by-township decomposition, with borrowing across townships where needed.

A county's sites are grouped by their central school (`central_school_id`, else the site
itself): a township. Teachers belong to the township of their school. A small county-wide
assignment model (stage 1: which teacher could take each lesson row, with T2, T6, T8 and
each teacher's free periods, and nothing about days) borrows a teacher from another
township only where the township's own teachers cannot cover its rows, nearest first.
Townships joined by a borrowed teacher form one part; each part is then solved exactly
(`scheduler.travel.part`) with all its own teachers as candidates for all its rows.

What it can miss: a lesson that a teacher from another township could serve more cheaply
(a site near a township border) is only given to that teacher when stage 1 had to borrow
it. The decomposition is exact when no candidate pair crosses parts (`exact`).
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from constraints.travel import weekly_cap
from scheduler.solving import SolverSettings
from scheduler.travel import cpsat
from scheduler.travel.data import Linked, Row, TravelData, township

BORROW = 1_000_000  # objective points per borrowed period: far above any km difference


@dataclass
class Part:
    """Lesson rows solved together and the teachers they may be given."""

    groups: tuple[str, ...]
    rows: list[Row]
    cands: dict[int, tuple[str, ...]]

    @property
    def size(self) -> int:
        return sum(len(ts) for ts in self.cands.values())


def teacher_group(data: TravelData, teacher_id: str) -> str:
    return township(data.inst, data.home[teacher_id])


def borrowing(data: TravelData, rows: list[Row], settings: SolverSettings, time_limit: float,
              *, optional: bool) -> set[tuple[str, str]]:
    """(row township, lending township) pairs stage 1 needs; empty if none is needed.

    First asks whether every township can cover its rows with its own teachers (a quick
    feasibility model); only if not, the county-wide model chooses the lenders.
    """
    began = time.perf_counter()
    if _stage1(data, rows, settings, time_limit / 2, optional=optional, local=True) == set():
        return set()
    left = time_limit - (time.perf_counter() - began)
    return _stage1(data, rows, settings, left, optional=optional, local=False) or set()


def _stage1(data: TravelData, rows: list[Row], settings: SolverSettings, time_limit: float,
            *, optional: bool, local: bool) -> set[tuple[str, str]] | None:
    """Links of a stage-1 assignment that covers every row it can, or None when none was
    found or (with `local`: own teachers only) some row is left uncovered."""
    model = cp_model.CpModel()
    assign = {}
    left_out = []
    periods_of = defaultdict(list)
    assigned_of = defaultdict(list)
    cost = []
    for row in rows:
        home_group = township(data.inst, row.site)
        lits = []
        for t in data.candidates[row.index]:
            borrowed = teacher_group(data, t) != home_group
            if borrowed and local:
                continue
            lit = model.new_bool_var(f"a[{row.index},{t}]")
            assign[row.index, t] = lit
            lits.append(lit)
            periods_of[t].append(row.periods * lit)
            assigned_of[t].append((row, lit))
            if borrowed:
                km = data.metres(data.home[t], row.site) // 100
                cost.append((BORROW + km) * row.periods * lit)
        if optional:
            placed = model.new_bool_var(f"placed[{row.index}]")
            model.add(sum(lits) == placed)
            left_out.append(row.periods * (1 - placed))
        elif lits:
            model.add_exactly_one(lits)
        else:
            return None
    for t, terms in periods_of.items():
        model.add(sum(terms) <= len(data.free(t)))
        weekly_cap.cap(model, data, t, assigned_of[t])
    model.minimize(sum(cost) + 1000 * BORROW * sum(left_out))
    run = cpsat.run(model, settings, time_limit)
    if run.objective is None or (local and run.objective > 0):
        return None
    return {(township(data.inst, data.rows[r].site), teacher_group(data, t))
            for (r, t), lit in assign.items()
            if run.solver.boolean_value(lit) and teacher_group(data, t) != township(
                data.inst, data.rows[r].site)}


def parts(data: TravelData, rows: list[Row], links: set[tuple[str, str]]) -> list[Part]:
    """Townships joined by `links` (and by nothing else), smallest part first."""
    linked = Linked()
    find = linked.find
    for a, b in links:
        linked.join(a, b)
    members: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        members[find(township(data.inst, row.site))].append(row)
    out = []
    for root, part_rows in members.items():
        groups = tuple(sorted(g for g in {*linked.parent, *(township(data.inst, r.site)
                                                    for r in part_rows)} if find(g) == root))
        cands = {row.index: tuple(t for t in data.candidates[row.index]
                                  if find(teacher_group(data, t)) == root) for row in part_rows}
        out.append(Part(groups, part_rows, cands))
    return sorted(out, key=lambda p: (p.size, p.groups))


def merge_links(data: TravelData, part: Part) -> set[tuple[str, str]]:
    """Links that join `part` with every township whose teachers could take its rows."""
    own = part.groups[0]
    return {(own, teacher_group(data, t)) for row in part.rows
            for t in data.candidates[row.index]} | {(own, g) for g in part.groups}


def is_exact(data: TravelData, all_parts: list[Part]) -> bool:
    """No row has a candidate teacher outside its part."""
    return all(len(p.cands[r.index]) == len(data.candidates[r.index])
               for p in all_parts for r in p.rows)

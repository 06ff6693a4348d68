"""Objections (异议) to a provisional plan: which requests can be granted, and why not.

Each request becomes a lock (rule L): `stay` a stay lock, `to` a to lock, `not_to` a
not_to lock. The rule is greedy in file order, so that whoever reads the result can
redo it by hand: a request is granted when a plan exists with it, the county's own locks
and every request granted before it. One that is refused is tried alone (with the
county's locks only): if no plan exists then either, it is impossible on its own;
otherwise it conflicts with the granted ones. Either way the reasons are those of
`explain.py` (counting first, then CP-SAT over the hard rules). The plan is then made
again as a minimal-change re-plan of the provisional one with the granted locks
(`solve.solve_rotation(..., previous=...)`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from ortools.sat.python import cp_model

from scheduler.data.instance import Instance
from scheduler.data.models import Lock, Objection
from scheduler.data.schema import LockAction
from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.changes import OBJECTIONS_CSV
from scheduler.rotation.explain import counting_reasons, explain
from scheduler.rotation.model import build_model
from scheduler.rotation.problem import build_problem
from scheduler.solving import Note

RESULT_CSV = OBJECTIONS_CSV
RESULT_COLUMNS = ("row", "teacher_id", "request", "school_id", "reason", "granted", "why")
FEASIBILITY_SECONDS = 20.0  # for one CP-SAT feasibility check; past it a request is refused
UNDECIDED = "undecided"  # no plan found and none proven impossible in the time given


@dataclass(frozen=True)
class Verdict:
    """One objection judged: granted, or why not (`alone`: impossible on its own; else the
    rows of the granted requests it conflicts with; `reasons` from explain.py)."""

    row: int
    objection: Objection
    granted: bool
    alone: bool = False
    conflicts: tuple[int, ...] = ()
    reasons: tuple[str | Note, ...] = ()  # Notes (explain.py) or UNDECIDED


def as_lock(obj: Objection) -> Lock:
    return Lock(teacher_id=obj.teacher_id, action=LockAction(obj.request.value),
                school_id=obj.school_id)


def with_locks(inst: Instance, locks: Sequence[Lock]) -> Instance:
    """The instance with `locks` added to its own (a fresh object: its lookups are new)."""
    return dataclasses.replace(inst, locks=[*inst.locks, *locks])


def judge(inst: Instance, objections: Sequence[tuple[int, Objection]], workers: int = 1,
          seed: int = 0) -> list[Verdict]:
    """Every objection judged in file order (module docstring)."""
    granted: list[tuple[int, Objection]] = []
    out = []
    for row, obj in objections:
        lock = as_lock(obj)
        reasons = infeasible(with_locks(inst, [*(as_lock(o) for _, o in granted), lock]),
                             workers, seed)
        if reasons is None:
            granted.append((row, obj))
            out.append(Verdict(row, obj, True))
            continue
        if not granted:
            out.append(Verdict(row, obj, False, alone=True, reasons=tuple(reasons)))
            continue
        alone = infeasible(with_locks(inst, [lock]), workers, seed)
        out.append(Verdict(row, obj, False, alone=alone is not None,
                           conflicts=() if alone is not None else tuple(r for r, _ in granted),
                           reasons=tuple(alone if alone is not None else reasons)))
    return out


def infeasible(inst: Instance, workers: int = 1, seed: int = 0
               ) -> list[str | Note] | None:
    """Why no plan keeps the hard rules of `inst` (None: one does): counting first, then
    CP-SAT on the hard rules alone; [UNDECIDED] when CP-SAT runs out of time."""
    prob = build_problem(inst)
    arcs = build_arcs(prob)
    reasons = counting_reasons(prob, arcs)
    if reasons:
        return reasons
    rm = build_model(prob, arcs)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = FEASIBILITY_SECONDS
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(rm.model)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    if code == cp_model.INFEASIBLE:
        return explain(prob).reasons
    return [UNDECIDED]


def result_frame(verdicts: Sequence[Verdict], why: Sequence[str]) -> pd.DataFrame:
    """objections_result.csv: each objection as given, granted or not, and why not (in
    the reader's language, `why`)."""
    rows = [(v.row, v.objection.teacher_id, v.objection.request.value,
             v.objection.school_id or "", v.objection.reason, v.granted, text)
            for v, text in zip(verdicts, why, strict=True)]
    return pd.DataFrame(rows, columns=list(RESULT_COLUMNS))

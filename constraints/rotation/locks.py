"""L locks (locks.csv): `stay` does not move; `move` moves; `to` moves to that school;
`not_to` does not move to that school.

`stay`, `to` and `not_to` filter the locked teacher's destinations (each locked teacher is
a group alone, `problem.py`); `move` and `to` also require one move. A lock on a teacher
who may not move at all (R1, R11, or a leader not due under R12) has no group: the
explanations name it before any model is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scheduler.core.linear import Linear, linear
from scheduler.data.schema import LockAction

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Group, Problem

RULE = "L"


def allowed(prob: Problem, g: Group) -> np.ndarray:
    """The schools a locked teacher may go to (every school for a teacher without locks)."""
    mask = np.ones(len(prob.schools), dtype=bool)
    index = prob.inst.school_index
    for lock in prob.inst.locks_of.get(g.teacher_ids[0], ()) if g.size == 1 else ():
        if lock.action == LockAction.STAY:
            mask[:] = False
        elif lock.action == LockAction.TO:
            only = np.zeros(len(prob.schools), dtype=bool)
            only[index[lock.school_id]] = True
            mask &= only
        elif lock.action == LockAction.NOT_TO:
            mask[index[lock.school_id]] = False
    return mask


def must_move(prob: Problem, g: Group) -> bool:
    return g.size == 1 and any(lock.action in (LockAction.MOVE, LockAction.TO)
                               for lock in prob.inst.locks_of.get(g.teacher_ids[0], ()))


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """Arcs the locks forbid carry nothing (arcs built unfiltered only); `move` and `to`
    locks move their teacher along an allowed arc."""
    bad = [a for a in range(len(arcs)) if not arcs.ok[RULE][a]]
    out = [linear(RULE, "moves the locks forbid", dict.fromkeys(bad, 1), hi=0)] if bad else []
    for g in prob.groups:
        if must_move(prob, g):
            mine = [a for a in arcs.by_group[g.index] if arcs.ok[RULE][a]]
            out.append(linear(RULE, f"lock: {g.teacher_ids[0]} moves", dict.fromkeys(mine, 1),
                              lo=1))
    return out

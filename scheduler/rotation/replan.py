"""A minimal-change re-plan (`--baseline`): the number of changes as a linear expression
over the flows, and how it meets the lexicographic objective.

Changes C (`changes.py`: teachers whose assignment differs from the previous plan's) are
linear in the flows, because every previous mover is a group alone (`problem.py`):
C = (previous movers) − Σ x[the arc of a previous move] + Σ x[arcs of everyone else],
plus a constant for each previous move that can no longer be made (its teacher gone or
not movable, its arc forbidden: those changes are forced).

How the penalty meets the levels. Only the levels above `movers` (`JUSTIFYING`: shortage,
senior-title placement, CV limits, standards) may justify a change, each in its own
units. In the re-plan the stage of such a level minimises 2 × level + (2p + 1) × C
(p = `rotation.change_penalty`), so a change is made only when it gains the level more
than p units (a tie keeps the previous plan); the stage then holds the level itself, not
the sum, so that a later justifying level may make changes too, each paid for in its own
units. A `changes` stage after them makes no change that none of them paid for, and the
levels from `movers` on are solved as always without changing any more: fewer movers,
balance, distance or wishes never justify a change. On an unchanged instance whose
previous plan was optimal, the previous plan is the unique optimum of every stage: the
re-plan changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from scheduler.core.linear import Hinge, Level, Step
from scheduler.rotation.arcs import FILTER_FAMILIES, FILTERS, Arcs
from scheduler.rotation.changes import JUSTIFYING
from scheduler.rotation.problem import Problem

CHANGES = "changes"
SUFFIX = "+changes"  # a justifying level's re-plan stage: "shortage+changes"


def change_level(prob: Problem, arcs: Arcs, gone: int = 0) -> Level:
    """C over the flows; `gone` counts previous movers with no group (forced changes)."""
    out = Level(CHANGES, constant=gone)
    index = prob.inst.school_index
    for g in prob.groups:
        old = prob.previous.get(g.teacher_ids[0]) if g.size == 1 else None
        if old is None:
            for a in arcs.by_group[g.index]:
                out.add(a, 1)
            continue
        out.constant += 1
        for a in arcs.by_group[g.index]:
            if int(arcs.dest[a]) == index[old]:
                out.add(a, -1)
    return out


def combined(level: Level, changes: Level, penalty: int) -> Level:
    """2 × level + (2 × penalty + 1) × changes, as one level (module docstring)."""
    s = 2 * penalty + 1
    out = Level(level.name + SUFFIX, constant=2 * level.constant + s * changes.constant)
    for a, c in level.linear.items():
        out.add(a, 2 * c)
    for a, c in changes.linear.items():
        out.add(a, s * c)
    out.hinges = [Hinge(2 * h.weight, h.offset, h.arcs, h.coefs, h.absolute)
                  for h in level.hinges]
    out.steps = [Step(2 * st.weight, st.offset, st.arcs, st.coefs, st.squares)
                 for st in level.steps]
    return out


def stage_levels(prob: Problem, arcs: Arcs, levels: dict[str, Level], gone: int
                 ) -> tuple[dict[str, Level], dict[str, str]]:
    """The extra levels of a re-plan's stages, and each combined stage's level to hold."""
    changes = change_level(prob, arcs, gone)
    penalty = prob.inst.policy.rotation.change_penalty
    extra = {CHANGES: changes}
    holds = {}
    for name in JUSTIFYING:
        stage = combined(levels[name], changes, penalty)
        extra[stage.name] = stage
        holds[stage.name] = name
    return extra, holds


def stage_order(prob: Problem, levels: dict[str, Level], active: list[str]) -> list[str]:
    """The re-plan's stages: each justifying level that varies with the change penalty,
    `changes`, then the other active levels."""
    out = [name + SUFFIX for name in JUSTIFYING if name in active]
    if levels[CHANGES].varies:
        out.append(CHANGES)
    return out + [name for name in active if name not in JUSTIFYING]


def previous_flows(prob: Problem, arcs: Arcs) -> np.ndarray:
    """The previous plan as flows: every previous move whose arc still exists, no other."""
    flows = np.zeros(len(arcs), dtype=np.int64)
    index = prob.inst.school_index
    for g in prob.groups:
        old = prob.previous.get(g.teacher_ids[0]) if g.size == 1 else None
        for a in arcs.by_group[g.index] if old is not None else ():
            if int(arcs.dest[a]) == index[old]:
                flows[a] = 1
    return flows


def forbidden_moves(prob: Problem) -> dict[str, str]:
    """Previous movers whose move the filters forbid now -> the first rule that does."""
    out = {}
    index = prob.inst.school_index
    for g in prob.groups:
        old = prob.previous.get(g.teacher_ids[0]) if g.size == 1 else None
        if old is None:
            continue
        d = index[old]
        if d == index[g.school_id]:
            continue
        for rule, family in zip(FILTERS, FILTER_FAMILIES, strict=True):
            if not family.allowed(prob, g)[d]:
                out[g.teacher_ids[0]] = rule
                break
    return out


def movable(prob: Problem) -> set[str]:
    """Teachers the problem may move (in a group)."""
    return {tid for g in prob.groups for tid in g.teacher_ids}


def forced_gone(prob: Problem, previous: Mapping[str, str]) -> int:
    """Previous movers in the instance who may not move now: each a forced change."""
    can = movable(prob)
    return sum(1 for tid in previous if tid not in can)

"""Objective level 2: eligible senior-title candidates left without their rural year.

A candidate at a school that does not receive is placed only by moving (and R7 sends a
moving candidate to a receiving school); one already at a receiving school is placed.
Principals and vice principals are not eligible teachers (R1), so not counted: a due one
moves anyway, and one not due moves only to make room for a due one (R12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "senior_title"


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    for g in prob.groups:
        if g.senior and not g.leader and not prob.inst.school[g.school_id].receiving:
            out.constant += mult * g.size
            for a in arcs.by_group[g.index]:
                out.add(a, -mult)
    return out

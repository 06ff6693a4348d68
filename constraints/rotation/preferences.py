"""Objective level 6: teachers' ranked wishes (rank − 1 when granted, else the worst rank).

Only movers count: a teacher who stays has nothing to wish for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "preferences"


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    for a, cost in enumerate(arcs.wish.tolist()):
        out.add(a, mult * cost)
    return out

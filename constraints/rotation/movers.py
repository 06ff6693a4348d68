"""Objective level 4: teachers who move. Below shortage, senior-title placement and the
standards, so a move is made only when a level above (or a hard rule: the quotas, R12,
a lock, a headcount limit) needs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "movers"


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    for a in range(len(arcs)):
        out.add(a, mult)
    return out

"""Objective level 4: moves that leave both the education group and the school district."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "same_scope"


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    for a, kind in enumerate(arcs.scope):
        if kind is None:
            out.add(a, mult)
    return out

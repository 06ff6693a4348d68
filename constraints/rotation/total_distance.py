"""Objective level 5: total road distance of the moves, in tenths of a km."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "distance"


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    for a, units in enumerate(arcs.km_units.tolist()):
        out.add(a, mult * units)
    return out

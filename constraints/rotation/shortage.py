"""Objective level 1: unmet shortage after the plan, weighted by subject.

Σ over needs rows of w × max(0, Q × required − Q × main-subject teachers after): one hinge
per (school, subject) whose count can change, a constant for the rest. The sending
school's rows count too, so a move that opens a gap there is charged for it.
`shortage_place.py` (level 2) is the same sum weighted by school as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from scheduler.core import rotation_levels as lv
from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "shortage"


def level(prob: Problem, arcs: Arcs) -> Level:
    return unmet(prob, arcs, NAME, lv.shortage_weight)


def unmet(prob: Problem, arcs: Arcs, name: str, weight_of: Callable[..., int]) -> Level:
    """The level `name`: Σ weight_of(inst, weights, school, subject) × unmet units."""
    out = Level(name)
    mult = prob.weights.level[name]
    q = prob.q
    for (school, subject), req in prob.req_units.items():
        terms = dict.fromkeys(arcs.into.get((school, subject), ()), -q)
        terms.update(dict.fromkeys(arcs.out_of.get((school, subject), ()), q))
        weight = mult * weight_of(prob.inst, prob.weights, school, subject)
        out.hinge(weight, req - q * prob.before[school, subject], terms)
    return out

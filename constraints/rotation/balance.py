"""Objective level 3: backbone and PE+arts teachers per 100 students, spread evenly.

Per stage group and indicator, Σ over the schools the county CV counts of
|K × teachers after − target| (`levels.balance_targets`): the student-weighted mean
absolute deviation, a linear proxy of the CV that the report computes exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core import rotation_levels as lv
from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "balance"


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    k = lv.BALANCE_SCALE
    for (school, ind), target in prob.targets.items():
        terms = dict.fromkeys(arcs.into_ind.get((school, ind), ()), k)
        terms.update(dict.fromkeys(arcs.out_ind.get((school, ind), ()), -k))
        weight = mult * prob.weights.factor[f"balance_{ind}"]
        out.hinge(weight, k * prob.indicator_before[school, ind] - target, terms, absolute=True)
    return out

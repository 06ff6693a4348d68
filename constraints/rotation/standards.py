"""Objective level 5: schools brought up to the per-school standards of the 2017
assessment (`rotation_levels.py`): one hinge per judged (school, indicator) pair, the teachers it
lacks to reach the standard's minimum. `change` is shared with the CV limits (level 4).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Level

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "standards"


def change(prob: Problem, arcs: Arcs, school: str, indicator: str) -> dict[int, int]:
    """Arc -> how one teacher on it changes the school's count for `indicator`."""
    stage = prob.stage_of[school]
    terms: dict[int, int] = {}
    for a in arcs.into_school.get(school, ()):
        if prob.groups[int(arcs.group[a])].counts(indicator, stage):
            terms[a] = 1
    for a in arcs.from_school.get(school, ()):
        if prob.groups[int(arcs.group[a])].counts(indicator, stage):
            terms[a] = terms.get(a, 0) - 1
    return {a: c for a, c in terms.items() if c}


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    if not mult:
        return out
    for (school, ind), minimum in prob.standards.items():
        terms = {a: -c for a, c in change(prob, arcs, school, ind).items()}
        out.hinge(mult, minimum - prob.standard_before[school, ind], terms)
    return out

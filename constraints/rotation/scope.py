"""R6 scope: with `scope = "group"` or `"district"`, a teacher whose school has a group
(district) moves only within it.

A filter on destinations, like R3; switchable for explanations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Group, Problem

RULE = "R6"


def field_of(prob: Problem) -> str | None:
    """The school attribute the scope follows: group_id, district_id, or None (county)."""
    scope = prob.inst.policy.rotation.scope
    return {"group": "group_id", "district": "district_id"}.get(scope)


def allowed(prob: Problem, g: Group) -> np.ndarray:
    """Schools (by index) inside the group's group or district, as the scope asks."""
    schools = prob.inst.schools
    attr = field_of(prob)
    own = getattr(prob.inst.school[g.school_id], attr) if attr else None
    if own is None:
        return np.ones(len(schools), dtype=bool)
    return np.array([getattr(sc, attr) == own for sc in schools], dtype=bool)


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """No flow leaving the teacher's group or district (arcs built unfiltered only)."""
    out = [a for a in range(len(arcs)) if not arcs.ok[RULE][a]]
    scope = prob.inst.policy.rotation.scope
    return [linear(RULE, f"moves outside the {scope}", dict.fromkeys(out, 1), hi=0)] \
        if out else []

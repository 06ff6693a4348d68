"""R3 distance: road km between the two schools ≤ `max_distance_km`.

A filter on destinations: the model only creates flows to schools within reach. For
explanations the arcs beyond reach exist and this family forbids them, switchably.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Group, Problem

RULE = "R3"
TOLERANCE_KM = 1e-9


def allowed(prob: Problem, g: Group) -> np.ndarray:
    """Schools (by index) the group's teachers may reach: known road, ≤ the limit."""
    km = prob.inst.km[prob.inst.school_index[g.school_id]]
    with np.errstate(invalid="ignore"):
        return ~np.isnan(km) & (km <= prob.inst.policy.rotation.max_distance_km + TOLERANCE_KM)


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """No flow on an arc beyond reach (only arcs built unfiltered, for explanations)."""
    far = [a for a in range(len(arcs)) if not arcs.ok[RULE][a]]
    limit = prob.inst.policy.rotation.max_distance_km
    return [linear(RULE, f"moves longer than {limit:g} km", dict.fromkeys(far, 1), hi=0)] \
        if far else []

"""R10 direction: unless `backbone_upward`, a backbone teacher (county level and above) of a
rural school, a teaching point or a weak school does not move to an urban or town school
that is not weak.

A filter on destinations, like R3; switchable for explanations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scheduler import rules
from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Group, Problem

RULE = "R10"


def allowed(prob: Problem, g: Group) -> np.ndarray:
    """Schools (by index) the group may go to without moving backbone teachers upward."""
    src = prob.inst.school[g.school_id]
    if not g.backbone or not src.receiving or prob.inst.policy.rotation.backbone_upward:
        return np.ones(len(prob.schools), dtype=bool)
    return np.array([not rules.is_strong(sc) for sc in prob.inst.schools], dtype=bool)


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """No flow upward (arcs built unfiltered only)."""
    bad = [a for a in range(len(arcs)) if not arcs.ok[RULE][a]]
    return [linear(RULE, "backbone teachers leaving rural or weak schools for strong ones",
                   dict.fromkeys(bad, 1), hi=0)] if bad else []

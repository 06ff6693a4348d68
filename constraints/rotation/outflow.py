"""R4 sending cap: a school sends at most floor(max_outflow_share × its staff before)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

RULE = "R4"


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """One cap per school whose eligible teachers outnumber it (else it cannot bind)."""
    out = []
    for school, mine in arcs.from_school.items():
        senders = sum(prob.groups[g].size for g in prob.by_school[school])
        if senders > prob.cap[school]:
            out.append(linear(RULE, f"sending cap of {school} ({prob.cap[school]})",
                              dict.fromkeys(mine, 1), hi=prob.cap[school]))
    return out

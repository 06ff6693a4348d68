"""R1 eligible only, R8 one move per teacher, never to the school it is at.

R1 holds by construction: only eligible teachers form groups (`problem.py`), so nobody
else has a flow variable, and no arc leads back to a teacher's own school (R8). What is
left is that a group sends at most as many teachers as it has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

RULE = "R8"


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """Σ over a group's arcs ≤ its size, where the arcs' own bounds do not already say so."""
    out = []
    for g in prob.groups:
        mine = arcs.by_group[g.index]
        if int(arcs.ub[mine].sum()) > g.size:
            out.append(linear(RULE, f"group {g.index} at {g.school_id} ({g.size} teachers)",
                              dict.fromkeys(mine, 1), hi=g.size))
    return out

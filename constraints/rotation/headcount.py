"""R9 headcount: no school ends the plan with more teachers than it may have
(`rules.headcount_limits`: its posts, its staff plus its unmet shortage, or no limit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

RULE = "R9"


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """arrivals − departures ≤ limit − staff, where arrivals could take it past the limit."""
    out = []
    staff = prob.inst.staff
    for school, limit in prob.limits.items():
        arriving = arcs.into_school.get(school, ())
        room = limit - staff[school]
        if len(arriving) == 0 and room >= 0:
            continue
        if room >= 0 and int(arcs.ub[list(arriving)].sum()) <= room:
            continue
        terms = dict.fromkeys(arriving, 1)
        for a in arcs.from_school.get(school, ()):
            terms[a] = terms.get(a, 0) - 1
        out.append(linear(RULE, f"headcount of {school} (at most {limit})", terms, hi=room))
    return out

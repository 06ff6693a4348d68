"""R5: no school is left without a main-subject teacher of a subject it requires (≥ 1)
where it had one. Teachers arriving count, so a school may send its last music teacher
if another one comes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

RULE = "R5"


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """in − out ≥ 1 − before, where enough teachers could leave to empty the subject."""
    out = []
    for (school, subject), leaving in arcs.out_of.items():
        before = prob.before[school, subject]
        if not prob.floor_applies(school, subject):
            continue
        if before - prob.max_out(school, subject=subject) >= 1:
            continue
        terms = dict.fromkeys(leaving, -1)
        for a in arcs.into.get((school, subject), ()):
            terms[a] = terms.get(a, 0) + 1
        out.append(linear(RULE, f"{subject} at {school}", terms, lo=1 - before))
    return out

"""R12 principals and vice principals: those due this year (`rules.leaders_to_move`) move,
to the same post at a school of the same stage group, and after the plan no school has
two principals. (No school loses both its principal and a vice principal: the vice
principal of a school whose principal is due waits a year, so is not among the movers.)

The stage group is a filter on the leaders' destinations; the rest are constraints.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from scheduler.core.linear import Linear, linear
from scheduler.data.schema import Post

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Group, Problem

RULE = "R12"


def allowed(prob: Problem, g: Group) -> np.ndarray:
    """A leader only to a school of its own stage group (primary; junior with nine-year)."""
    if not g.leader:
        return np.ones(len(prob.schools), dtype=bool)
    own = prob.stage_of[g.school_id]
    return np.array([prob.stage_of[s] == own for s in prob.schools], dtype=bool)


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """Each due leader moves once (within its stage group, for arcs built unfiltered), and
    principals staying plus principals arriving ≤ 1 at every school."""
    out = []
    for g in prob.groups:
        if g.leader:
            mine = [a for a in arcs.by_group[g.index] if arcs.ok[RULE][a]]
            out.append(linear(RULE, f"{g.post} {g.teacher_ids[0]} moves", dict.fromkeys(mine, 1),
                              lo=1))
    moving = {g.teacher_ids[0] for g in prob.groups if g.post == Post.PRINCIPAL}
    staying = Counter(t.school_id for t in prob.inst.teachers
                      if t.post == Post.PRINCIPAL and t.teacher_id not in moving)
    arriving: dict[str, list[int]] = {}
    for g in prob.groups:
        if g.post == Post.PRINCIPAL:
            for a in arcs.by_group[g.index]:
                arriving.setdefault(prob.schools[int(arcs.dest[a])], []).append(a)
    for school in prob.schools:
        if arriving.get(school) or staying[school] > 1:
            out.append(linear(RULE, f"one principal at {school}",
                              dict.fromkeys(arriving.get(school, ()), 1),
                              hi=1 - staying[school]))
    return out


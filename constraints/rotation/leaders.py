"""R12 principals and vice principals: those due this year (`rules.leaders_to_move`) move,
to the same post at a school of the same stage group; after the plan no school has two
principals, and none loses both its principal and a vice principal.

A leader not due (`rules.leaders_not_due`) may move too, under the same rules, so that a
due one can take its post (a swap or a chain, 校长交流): every school keeps its own
principals who do not move, so a due principal whose stage group has no school without
one would have nowhere to go. The solve moves them only where every plan needs it
(`solve.py`: the fewest not-due leaders first).

The stage group is a filter on the leaders' destinations; the rest are constraints.
"""

from __future__ import annotations

from collections import Counter, defaultdict
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
    """Each due leader moves once, every leader within its stage group (a constraint only
    for arcs built unfiltered, for explanations); at every school, principals who stay plus
    principals arriving ≤ 1; and a school's principal and vice principal do not both leave."""
    other = [a for a in range(len(arcs)) if not arcs.ok[RULE][a]]
    out = [linear(RULE, "leaders to another stage group", dict.fromkeys(other, 1), hi=0)] \
        if other else []
    for g in prob.groups:
        if g.due:
            mine = [a for a in arcs.by_group[g.index] if arcs.ok[RULE][a]]
            out.append(linear(RULE, f"{g.post} {g.teacher_ids[0]} moves", dict.fromkeys(mine, 1),
                              lo=1))
    out += _one_principal(prob, arcs)
    return out + _not_both(prob, arcs)


def _one_principal(prob: Problem, arcs: Arcs) -> list[Linear]:
    """arriving − not-due principals leaving ≤ 1 − principals there who are not due."""
    principals = [g for g in prob.groups if g.post == Post.PRINCIPAL]
    due = {g.teacher_ids[0] for g in principals if g.due}
    present = Counter(t.school_id for t in prob.inst.teachers
                      if t.post == Post.PRINCIPAL and t.teacher_id not in due)
    terms: dict[str, dict[int, int]] = defaultdict(dict)
    for g in principals:
        for a in arcs.by_group[g.index]:
            terms[prob.schools[int(arcs.dest[a])]][a] = 1
            if not g.due:
                terms[g.school_id][a] = -1
    out = []
    for school in prob.schools:
        mine = terms.get(school, {})
        if any(c > 0 for c in mine.values()) or present[school] > 1:
            out.append(linear(RULE, f"one principal at {school}", mine,
                              hi=1 - present[school]))
    return out


def _not_both(prob: Problem, arcs: Arcs) -> list[Linear]:
    """A principal and a vice principal of one school, one of them not due, do not both
    move (two due ones never are: the vice principal waits a year)."""
    out = []
    for school, indices in prob.by_school.items():
        mine = [prob.groups[i] for i in indices if prob.groups[i].leader]
        for p in (g for g in mine if g.post == Post.PRINCIPAL):
            for v in (g for g in mine if g.post == Post.VICE_PRINCIPAL):
                both = [*arcs.by_group[p.index], *arcs.by_group[v.index]]
                if arcs.by_group[p.index] and arcs.by_group[v.index]:
                    out.append(linear(RULE, f"not both leaders of {school} "
                                            f"({p.teacher_ids[0]}, {v.teacher_ids[0]})",
                                      dict.fromkeys(both, 1), hi=1))
    return out

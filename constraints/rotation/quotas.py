"""R2 quotas: movers ≥ ceil(min_share_of_eligible × eligible teachers), and backbone movers
(county level and above) ≥ ceil(min_backbone_share × movers). Movers are teachers:
principals and vice principals move under R12 and count in neither figure.

The backbone share is written den × backbone − num × movers ≥ 0 with the share as an
exact fraction num/den; for whole numbers of teachers that is the same as the ceil.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

RULE = "R2"
BACKBONE = "R2-backbone"  # explained apart from the movers quota


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    out = []
    teachers = [a for a, g in enumerate(arcs.group.tolist()) if not prob.groups[g].leader]
    if prob.min_movers > 0:
        out.append(linear(RULE, f"at least {prob.min_movers} movers",
                          dict.fromkeys(teachers, 1), lo=prob.min_movers))
    num, den = prob.backbone_share
    if num > 0:
        group = arcs.group.tolist()
        coef = {a: (den - num) if prob.groups[group[a]].backbone else -num for a in teachers}
        out.append(linear(BACKBONE, "backbone share of movers", coef, lo=0))
    return out

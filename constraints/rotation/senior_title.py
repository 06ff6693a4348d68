"""R7 senior title: a candidate (`seeks_senior_title`, `rural_years` < 1) who moves goes to
a rural school, a teaching point or a weak school.

A filter on the candidates' destinations; switchable for explanations. Placing the
candidates is an objective level of its own (`senior_placement.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scheduler.core.linear import Linear, linear

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Group, Problem

RULE = "R7"


def allowed(prob: Problem, g: Group) -> np.ndarray:
    """A candidate only to rural schools, teaching points and weak schools, by index."""
    if not g.senior:
        return np.ones(len(prob.schools), dtype=bool)
    return np.array([sc.receiving for sc in prob.inst.schools], dtype=bool)


def constraints(prob: Problem, arcs: Arcs) -> list[Linear]:
    """No candidate flow to a school that does not receive (arcs built unfiltered only)."""
    bad = [a for a in range(len(arcs)) if not arcs.ok[RULE][a]]
    return [linear(RULE, "senior-title candidates sent to schools that do not receive",
                   dict.fromkeys(bad, 1), hi=0)] if bad else []

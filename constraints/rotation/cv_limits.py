"""Objective level 4: the CV limits of 县域义务教育优质均衡 met where they can be
(`rotation_levels.py`): one step per CV limit a plan can break, 1 × [measure > 0], the measure's
squares over each school's own count after the plan (`levels.CvLimit`: traveling PE and
arts teachers, a constant there, enter its linear terms and offset)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constraints.rotation.standards import change
from scheduler.core import rotation_levels as lv
from scheduler.core.linear import Level, Square, int_array

if TYPE_CHECKING:
    from scheduler.rotation.arcs import Arcs
    from scheduler.rotation.problem import Problem

NAME = "cv_limits"


def level(prob: Problem, arcs: Arcs) -> Level:
    out = Level(NAME)
    mult = prob.weights.level[NAME]
    if not mult:
        return out
    for cv in lv.cv_limits(prob.inst, prob.standard_before):
        squares = []
        for school, w, lin in zip(cv.schools, cv.w, cv.lin, strict=True):
            terms = change(prob, arcs, school, cv.indicator)
            before = prob.standard_before[school, cv.indicator]
            lo, hi = _range(prob, arcs, school, before, terms)
            arcs_ = sorted(terms)
            # w·c² + (lin − slope)·c, with c the school's own count after the plan
            squares.append(Square(w, before, int_array(arcs_),
                                  int_array([terms[a] for a in arcs_]), lo, hi, lin - cv.slope))
        # measure = Σ (w c² + (lin − slope) c) + slope·C0 − offset
        out.step(mult, cv.slope * cv.c0 - cv.offset, {}, tuple(squares))
    return out


def _range(prob: Problem, arcs: Arcs, school: str, before: int, terms: dict[int, int]
           ) -> tuple[int, int]:
    """Bounds on the school's count after any plan: arrivals at most its headcount room
    (R9) and the arcs' bounds; departures at most its sending cap (R4)."""
    ub = arcs.ub
    arrive = sum(int(ub[a]) for a, c in terms.items() if c > 0)
    leave = sum(int(ub[a]) for a, c in terms.items() if c < 0)
    limit = prob.limits.get(school)
    if limit is not None:
        arrive = min(arrive, max(0, limit - prob.inst.staff[school] + prob.cap.get(school, 0)))
    return before - min(leave, prob.cap.get(school, 0)), before + arrive

"""The LP relaxation of the rotation model, solved with GLOP for bounds and a rounding guide.

Why: the model is a network flow with a few side constraints, and with the hinges' hull
cuts (`Hinge.hull_cut`) its LP relaxation is tight: on the generated counties every
level's LP optimum rounds up to the integer optimum. CP-SAT's own LP, fed a few rows at a
time and stopped by iteration limits, took seconds to minutes to reach that bound on
county-m; GLOP solves the same LP in a fraction of a second. Each stage therefore asks the
LP for a lower bound (ceil of its optimum, a valid constraint for CP-SAT) and a point to
round, and CP-SAT only has to find a plan at that bound (benchmarks/rotation_formulations.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp

from scheduler.rotation.linear import Level, Linear

INFINITY = math.inf


class Relaxation:
    """One GLOP model over the flows x and one variable per hinge; stages change only the
    objective and add one row each (level ≤ its optimum)."""

    def __init__(self, ub: np.ndarray, hard: Sequence[Linear], levels: dict[str, Level]):
        proto = linear_solver_pb2.MPModelProto()
        n = len(ub)
        for bound in ub.tolist():
            v = proto.variable.add()
            v.lower_bound, v.upper_bound = 0.0, float(bound)
        for c in hard:
            _row(proto, c.arcs.tolist(), c.coefs.tolist(),
                 -INFINITY if c.lo is None else c.lo, INFINITY if c.hi is None else c.hi)
        self.hinge_index: dict[str, list[int]] = {}
        for name, level in levels.items():
            self.hinge_index[name] = []
            for h in level.hinges:
                y = len(proto.variable)
                v = proto.variable.add()
                v.lower_bound, v.upper_bound = 0.0, INFINITY
                self.hinge_index[name].append(y)
                arcs, coefs = h.arcs.tolist(), h.coefs.tolist()
                _row(proto, [*arcs, y], [-c for c in coefs] + [1], h.offset, INFINITY)
                if h.absolute:
                    _row(proto, [*arcs, y], [*coefs, 1], -h.offset, INFINITY)
                cut = h.hull_cut()
                if cut is not None:  # a·y ≥ b·(offset + Σ) + c
                    a, b, c0 = cut
                    _row(proto, [*arcs, y], [-b * c for c in coefs] + [a],
                         b * h.offset + c0, INFINITY)
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        error = self.solver.LoadModelFromProto(proto)
        if error:
            raise RuntimeError(f"GLOP refused the relaxation: {error}")
        self.vars = self.solver.variables()
        self.n = n
        self.levels = levels

    def _terms(self, stage: Sequence[tuple[str, int]]) -> tuple[dict[int, float], int]:
        coef: dict[int, float] = {}
        constant = 0
        for name, w in stage:
            level = self.levels[name]
            constant += w * level.constant
            for a, c in level.linear.items():
                coef[a] = coef.get(a, 0) + w * c
            for y, h in zip(self.hinge_index[name], level.hinges, strict=True):
                coef[y] = coef.get(y, 0) + w * h.weight
        return coef, constant

    def bound(self, stage: Sequence[tuple[str, int]], seconds: float
              ) -> tuple[int, np.ndarray] | None:
        """(ceil of the stage's LP optimum, the LP's flows), or None if GLOP did not finish."""
        coef, constant = self._terms(stage)
        objective = self.solver.Objective()
        objective.Clear()
        for j, c in coef.items():
            objective.SetCoefficient(self.vars[j], c)
        objective.SetMinimization()
        self.solver.SetTimeLimit(max(1, int(seconds * 1000)))
        if self.solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        value = objective.Value() + constant
        # GLOP's tolerances are relative 1e-7 or so: stay well on the safe side of them
        bound = math.ceil(value - 1e-6 * max(1.0, abs(value)))
        flows = np.array([v.solution_value() for v in self.vars[: self.n]])
        return bound, flows

    def fix(self, stage: Sequence[tuple[str, int]], value: int) -> None:
        """Keep a solved stage at its optimum in the stages after."""
        coef, constant = self._terms(stage)
        row = self.solver.Constraint(-self.solver.infinity(), float(value - constant))
        for j, c in coef.items():
            row.SetCoefficient(self.vars[j], c)


def _row(proto: linear_solver_pb2.MPModelProto, index: list[int], coefs: list[float],
         lo: float, hi: float) -> None:
    c = proto.constraint.add()
    c.var_index.extend(index)
    c.coefficient.extend(float(v) for v in coefs)
    c.lower_bound, c.upper_bound = float(lo), float(hi)

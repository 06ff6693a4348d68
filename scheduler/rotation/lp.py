"""The LP relaxation of the rotation model, solved with GLOP for bounds and a rounding guide.

Why: the model is a network flow with a few side constraints, and with the hinges' hull
cuts (`Hinge.hull_cut`) its LP relaxation is tight: on the generated counties every
level's LP optimum rounds up to the integer optimum. CP-SAT's own LP, fed a few rows at a
time and stopped by iteration limits, took seconds to minutes to reach that bound on
county-m; GLOP solves the same LP in a fraction of a second. Each stage therefore asks the
LP for a lower bound (ceil of its optimum, a valid constraint for CP-SAT) and a point to
round, and CP-SAT only has to find a plan at that bound (benchmarks/README.md, rotation notes).
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp

from scheduler.core.linear import INT_INF, Level, Linear

INFINITY = math.inf
NO_LIMIT_SECONDS = 86400.0  # GLOP's time limit when the caller gives none


@dataclass(frozen=True)
class LpPoint:
    """An optimal LP solution of one stage: its value, flows and the flows' reduced costs."""

    value: float
    flows: np.ndarray
    reduced_costs: np.ndarray

    @property
    def tolerance(self) -> float:
        """GLOP's tolerances are about 1e-7 relative: stay well on the safe side of them."""
        return 1e-6 * max(1.0, abs(self.value))

    @property
    def bound(self) -> int:
        """No integer plan does better than this (the stage's objective is integral)."""
        return math.ceil(self.value - self.tolerance)

    def integral(self) -> np.ndarray:
        return np.flatnonzero(np.abs(self.flows - np.round(self.flows)) < 1e-6)

    def fixable(self, target: int, ub: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Reduced-cost fixing: arcs that are 0 (at their bound) in every plan of value
        ≤ `target`, since moving one unit off the bound costs the LP more than the room
        between its optimum and `target`. Returns (arcs fixed at 0, arcs fixed at ub)."""
        room = target - self.value + self.tolerance
        at_zero = (self.flows < 1e-6) & (self.reduced_costs > room)
        at_top = (self.flows > ub - 1e-6) & (-self.reduced_costs > room)
        return np.flatnonzero(at_zero), np.flatnonzero(at_top)


class Relaxation:
    """One GLOP model over the flows x and, per level, one variable per hinge; stages change
    only the objective and add one row each (level ≤ its optimum). A level's columns and
    rows join the model when a stage first names it: on county-l the later levels' rows
    made the first stage's LP 7.7 s instead of 1.0 s, though they constrain nothing until
    their level is optimised or fixed.

    Steps (the CV limits) are in the model only while their own stage runs (`retire`):
    their point then leans towards plans that keep the limits, which CP-SAT's rounding
    needs to find one, but their secant rows made every later LP 10 to 15 s on county-l.
    Without them the model is still a relaxation, so its bounds and its reduced-cost
    fixing stay valid; a plan it dives to is checked against the exact levels
    (`solve._Staged._admissible`), and CP-SAT keeps the steps for good."""

    def __init__(self, ub: np.ndarray, hard: Sequence[Linear], levels: dict[str, Level]):
        proto = linear_solver_pb2.MPModelProto()
        n = len(ub)
        for bound in ub.tolist():
            v = proto.variable.add()
            v.lower_bound, v.upper_bound = 0.0, float(bound)
        for c in hard:
            _row(proto, c.arcs.tolist(), c.coefs.tolist(),
                 -INFINITY if c.lo is None else c.lo, INFINITY if c.hi is None else c.hi)
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        error = self.solver.LoadModelFromProto(proto)
        if error:
            raise RuntimeError(f"GLOP refused the relaxation: {error}")
        self.vars = self.solver.variables()
        self.n = n
        self.ub = ub
        self.levels = levels
        self.hinge_index: dict[str, list[int]] = {}
        self.step_index: dict[str, list[int]] = {}
        self.step_rows: dict[str, list[pywraplp.Constraint]] = {}

    def _ensure(self, name: str) -> None:
        """Add the level's hinge and step columns and rows, once."""
        if name in self.hinge_index:
            return
        level = self.levels[name]
        proto = linear_solver_pb2.MPModelProto()  # the level's part, appended below
        first = len(self.vars)
        self.hinge_index[name] = []
        self.step_index[name] = []
        for st in level.steps:  # continuous b ∈ [0, 1] and squares over their secants
            start = first + len(proto.variable)
            columns, rows = st.rows(self.ub, start)
            for lo, hi in columns:
                v = proto.variable.add()
                v.lower_bound, v.upper_bound = float(lo), float(hi)
            for coefs, lo, hi in rows:
                _row(proto, list(coefs), list(coefs.values()), lo,
                     INFINITY if hi >= INT_INF else hi)
            self.step_index[name].append(start)
        step_rows = len(proto.constraint)
        for h in level.hinges:
            y = first + len(proto.variable)
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
        solver = self.solver
        for v in proto.variable:
            self.vars.append(solver.NumVar(v.lower_bound, v.upper_bound, ""))
        self.step_rows[name] = []
        for i, c in enumerate(proto.constraint):
            row = solver.Constraint(max(c.lower_bound, -solver.infinity()),
                                    min(c.upper_bound, solver.infinity()))
            for j, coef in zip(c.var_index, c.coefficient, strict=True):
                row.SetCoefficient(self.vars[j], coef)
            if i < step_rows:
                self.step_rows[name].append(row)

    def retire(self, name: str) -> None:
        """Free the level's step rows once its stage is over (class docstring)."""
        for row in self.step_rows.get(name, ()):
            row.SetBounds(-self.solver.infinity(), self.solver.infinity())

    def _terms(self, name: str) -> tuple[dict[int, float], int]:
        """The level as LP objective coefficients (by LP column) and its constant."""
        self._ensure(name)
        level = self.levels[name]
        coef: dict[int, float] = dict(level.linear)
        for y, h in zip(self.hinge_index[name], level.hinges, strict=True):
            coef[y] = h.weight
        for b, st in zip(self.step_index[name], level.steps, strict=True):
            coef[b] = st.weight
        return coef, level.constant

    def bound(self, name: str, seconds: float) -> LpPoint | None:
        """The level's LP optimum, flows and reduced costs, or None if GLOP did not finish."""
        coef, constant = self._terms(name)
        code = self._solve(coef, seconds)
        if code == pywraplp.Solver.ABNORMAL:  # a warm start gone wrong: once more from scratch
            self._reload()
            code = self._solve(coef, seconds)
        if code != pywraplp.Solver.OPTIMAL:
            return None
        value = self.solver.Objective().Value() + constant
        xs = self.vars[: self.n]
        return LpPoint(value, np.array([v.solution_value() for v in xs]),
                       np.array([v.reduced_cost() for v in xs]))

    def dive(self, name: str, point: LpPoint, deadline: float) -> np.ndarray | None:
        """Integral flows near the LP optimum of `name`, by diving, or None.

        Fixes the most decided quarter of the fractional arcs at their rounded values and
        re-solves, until the LP point is integral (a plan, whose level is the LP's value).
        A batch that makes the LP infeasible is undone and halved; a single arc is then
        rounded the other way; if that fails too, or at `deadline`, the dive gives up.
        All fixings are undone before returning.
        """
        original: dict[int, tuple[float, float]] = {}

        def fix(arcs: list[int], values: list[float]) -> LpPoint | None:
            for a, v in zip(arcs, values, strict=True):
                original.setdefault(a, (self.vars[a].lb(), self.vars[a].ub()))
                self.vars[a].SetBounds(v, v)
            again = self.bound(name, deadline - time.perf_counter())
            if again is None:
                for a in arcs:
                    self.vars[a].SetBounds(*original[a])
            return again

        flows = point.flows
        try:
            while True:
                frac = np.flatnonzero(np.abs(flows - np.round(flows)) > 1e-6)
                if not len(frac):
                    return np.round(flows).astype(np.int64)
                order = frac[np.argsort(-np.abs(flows[frac] - np.floor(flows[frac]) - 0.5),
                                        kind="stable")].tolist()
                batch = order[: max(1, len(order) // 4)]
                again = None
                while again is None and time.perf_counter() < deadline:
                    again = fix(batch, [float(round(flows[a])) for a in batch])
                    if again is None and len(batch) == 1:
                        a = batch[0]
                        other = math.floor(flows[a]) if round(flows[a]) > flows[a] else \
                            math.ceil(flows[a])
                        again = fix(batch, [float(other)])
                        if again is None:
                            return None
                    batch = batch[: max(1, len(batch) // 2)]
                if again is None:
                    return None
                flows = again.flows
        finally:
            for a, (lo, hi) in original.items():
                self.vars[a].SetBounds(lo, hi)

    def _solve(self, coef: dict[int, float], seconds: float) -> int:
        objective = self.solver.Objective()
        objective.Clear()
        for j, c in coef.items():
            objective.SetCoefficient(self.vars[j], c)
        objective.SetMinimization()
        # an infinite time (a dive without a deadline) becomes a day: int(inf) would raise
        self.solver.SetTimeLimit(max(1, int(min(seconds, NO_LIMIT_SECONDS) * 1000)))
        return self.solver.Solve()

    def _reload(self) -> None:
        proto = linear_solver_pb2.MPModelProto()
        self.solver.ExportModelToProto(proto)
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.solver.LoadModelFromProto(proto)
        self.vars = self.solver.variables()

    def fix_arcs(self, zero: np.ndarray, top: np.ndarray) -> None:
        """Fix arcs at 0 or at their upper bound (reduced-cost fixing)."""
        for a in zero.tolist():
            self.vars[a].SetBounds(0.0, 0.0)
        for a in top.tolist():
            self.vars[a].SetBounds(self.vars[a].ub(), self.vars[a].ub())

    def fix(self, name: str, value: int) -> None:
        """Keep a solved level at its optimum in the stages after."""
        coef, constant = self._terms(name)
        row = self.solver.Constraint(-self.solver.infinity(), float(value - constant))
        for j, c in coef.items():
            row.SetCoefficient(self.vars[j], c)


def _row(proto: linear_solver_pb2.MPModelProto, index: list[int], coefs: list[float],
         lo: float, hi: float) -> None:
    c = proto.constraint.add()
    c.var_index.extend(index)
    c.coefficient.extend(float(v) for v in coefs)
    c.lower_bound, c.upper_bound = float(lo), float(hi)

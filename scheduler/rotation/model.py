"""The CP-SAT model: integer flows x[arc] (how many of a group go to a school), the hard
families as linear constraints, and one linear expression per objective level.

A hinge w × max(0, e) becomes w × y with y ≥ e, y ≥ 0 (and y ≥ −e for |e|): exact at an
optimum since every y has a positive weight; the reported levels are recomputed exactly
from the flows (`Level.value`), never read from y.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

import constraints.rotation as families
from scheduler.rotation.arcs import Arcs
from scheduler.rotation.linear import Level, Linear
from scheduler.rotation.problem import Problem


@dataclass
class RotationModel:
    """The CP-SAT model with handles to its variables, levels and (optional) rule switches."""

    prob: Problem
    arcs: Arcs
    model: cp_model.CpModel
    x: list[cp_model.IntVar]
    hard: list[Linear]
    levels: dict[str, Level]
    exprs: dict[str, cp_model.LinearExprT] = field(default_factory=dict)
    switches: dict[str, cp_model.IntVar] = field(default_factory=dict)  # rule -> literal
    hinge_vars: dict[str, list[cp_model.IntVar]] = field(default_factory=dict)

    def flows(self, solver: cp_model.CpSolver) -> np.ndarray:
        return np.array(solver.values(self.x), dtype=np.int64) if self.x else \
            np.zeros(0, dtype=np.int64)

    def hint(self, flows: np.ndarray) -> None:
        """A complete hint: the flows and every hinge variable at its exact value."""
        self.model.clear_hints()
        for var, value in zip(self.x, flows.tolist(), strict=True):
            self.model.add_hint(var, value)
        for var, value in self._hinge_values(flows):
            self.model.add_hint(var, value)

    def _hinge_values(self, flows: np.ndarray):
        for name, level in self.levels.items():
            for h, var in zip(level.hinges, self.hinge_vars[name], strict=True):
                e = h.inner(flows)
                yield var, abs(e) if h.absolute else max(0, e)


def build_model(prob: Problem, arcs: Arcs, switchable: tuple[str, ...] = ()) -> RotationModel:
    """The model of `prob` over `arcs`. Rules named in `switchable` get an enforcement
    literal each (`switches`), for explanations by assumptions."""
    model = cp_model.CpModel()
    x = [model.new_int_var(0, int(ub), "") for ub in arcs.ub.tolist()]
    hard = [c for fam in families.HARD for c in fam.constraints(prob, arcs)]
    switches = {rule: model.new_bool_var(f"rule {rule}") for rule in switchable}
    for c in hard:
        expr = _expr(x, c.arcs, c.coefs)
        lo = cp_model.INT_MIN if c.lo is None else c.lo
        hi = cp_model.INT_MAX if c.hi is None else c.hi
        ct = model.add_linear_constraint(expr, lo, hi)
        if c.rule in switches:
            ct.only_enforce_if(switches[c.rule])
    levels = {fam.NAME: fam.level(prob, arcs) for fam in families.LEVELS}
    rm = RotationModel(prob, arcs, model, x, hard, levels, switches=switches)
    ub = arcs.ub
    for name, level in levels.items():
        ys, coefs = [], []
        rm.hinge_vars[name] = []
        for h in level.hinges:
            lo, hi = h.bounds(ub)
            top = max(abs(lo), abs(hi)) if h.absolute else max(0, hi)
            y = model.new_int_var(0, top, "")
            inner = _expr(x, h.arcs, h.coefs) + h.offset
            model.add(y >= inner)
            if h.absolute:
                model.add(y >= -inner)
            cut = h.hull_cut()
            if cut is not None:
                model.add(cut[0] * y >= cut[1] * inner + cut[2])
            ys.append(y)
            coefs.append(h.weight)
            rm.hinge_vars[name].append(y)
        lin = sorted(level.linear)
        rm.exprs[name] = (cp_model.LinearExpr.weighted_sum([x[a] for a in lin] + ys,
                                                           [level.linear[a] for a in lin] + coefs)
                          + level.constant)
    return rm


def _expr(x: list[cp_model.IntVar], arcs: np.ndarray, coefs: np.ndarray) -> cp_model.LinearExprT:
    return cp_model.LinearExpr.weighted_sum([x[a] for a in arcs.tolist()], coefs.tolist())

"""The CP-SAT model: integer flows x[arc] (how many of a group go to a school), the hard
families as linear constraints, and one linear expression per objective level.

A hinge w × max(0, e) becomes w × y with y ≥ e, y ≥ 0 (and y ≥ −e for |e|): exact at an
optimum since every y has a positive weight; a step becomes w × b over the rows of
`Step.rows`; the reported levels are recomputed exactly from the flows (`Level.value`),
never read from y or b.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

import constraints.rotation as families
from scheduler.core.linear import INT_INF, Level, Linear, Step
from scheduler.rotation.arcs import Arcs
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
    step_vars: dict[str, list[list[cp_model.IntVar]]] = field(default_factory=dict)
    sums: list[tuple[cp_model.IntVar, np.ndarray]] = field(default_factory=list)

    def flows(self, solver: cp_model.CpSolver) -> np.ndarray:
        return np.array(solver.values(self.x), dtype=np.int64) if self.x else \
            np.zeros(0, dtype=np.int64)

    def fix_arcs(self, zero: np.ndarray, top: np.ndarray,
                 model: cp_model.CpModel | None = None) -> None:
        """Fix arcs at 0 or at their upper bound, in this model or in a clone of it."""
        variables = (model or self.model).proto.variables
        for a in zero.tolist():
            variables[self.x[a].index].domain[1] = 0
        for a in top.tolist():
            variables[self.x[a].index].domain[0] = int(self.arcs.ub[a])

    def clear_steps(self, level: str) -> None:
        """Fix every step of a level held at 0 to 0 (each weighs > 0, so none may fire):
        its limits then bind as plain constraints, without the big-M slack."""
        for aux in self.step_vars[level]:
            self.model.proto.variables[aux[0].index].domain[1] = 0

    def hint(self, flows: np.ndarray) -> None:
        """A complete hint: the flows, their sums and every hinge variable at its exact value."""
        self.model.clear_hints()
        for var, value in zip(self.x, flows.tolist(), strict=True):
            self.model.add_hint(var, value)
        for var, value in self._hinge_values(flows):
            self.model.add_hint(var, value)
        for name, level in self.levels.items():
            for st, aux in zip(level.steps, self.step_vars[name], strict=True):
                for var, value in zip(aux, st.aux_values(flows), strict=True):
                    self.model.add_hint(var, value)
        for var, arcs in self.sums:
            self.model.add_hint(var, int(flows[arcs].sum()))

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
    terms = _Terms(prob, arcs, model, x)
    for c in hard:
        expr = terms.expr(c.arcs, c.coefs)
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
            inner = terms.expr(h.arcs, h.coefs) + h.offset
            model.add(y >= inner)
            if h.absolute:
                model.add(y >= -inner)
            cut = h.hull_cut()
            if cut is not None:
                model.add(cut[0] * y >= cut[1] * inner + cut[2])
            ys.append(y)
            coefs.append(h.weight)
            rm.hinge_vars[name].append(y)
        rm.step_vars[name] = []
        for st in level.steps:
            aux = _add_step(model, x, st, ub)
            ys.append(aux[0])
            coefs.append(st.weight)
            rm.step_vars[name].append(aux)
        lin = sorted(level.linear)
        rm.exprs[name] = (cp_model.LinearExpr.weighted_sum([x[a] for a in lin] + ys,
                                                           [level.linear[a] for a in lin] + coefs)
                          + level.constant)
    rm.sums = terms.sums
    return rm


def _add_step(model: cp_model.CpModel, x: list[cp_model.IntVar], st: Step, ub: np.ndarray
              ) -> list[cp_model.IntVar]:
    """The step's auxiliaries (b first) and rows, as `Step.rows` states them."""
    n = len(x)
    columns, rows = st.rows(ub, n)
    aux = [model.new_int_var(lo, hi, "") for lo, hi in columns]
    for coefs, lo, hi in rows:
        items = sorted(coefs.items())
        expr = cp_model.LinearExpr.weighted_sum([x[j] if j < n else aux[j - n] for j, _ in items],
                                                [c for _, c in items])
        model.add_linear_constraint(expr, lo, cp_model.INT_MAX if hi >= INT_INF else hi)
    return aux


class _Terms:
    """Linear expressions over the flows, with sums that recur replaced by one variable.

    A group's outflow (Σ of its arcs) and a school's outflow (Σ of its groups) appear in
    the caps, the quotas and the sending side of every shortage and balance hinge; one
    variable each (out_g = Σ x, out_s = Σ out_g) cuts the quota rows from one term per
    arc to one per school, and the model's nonzeros by about half.
    """

    def __init__(self, prob: Problem, arcs: Arcs, model: cp_model.CpModel,
                 x: list[cp_model.IntVar]):
        self.prob, self.arcs, self.model, self.x = prob, arcs, model, x
        self.group_of = arcs.group.tolist()
        self.group_var: dict[int, cp_model.LinearExprT] = {}
        self.school_var: dict[str, cp_model.LinearExprT] = {}
        self.sums: list[tuple[cp_model.IntVar, np.ndarray]] = []  # var = Σ x[arcs]

    def out_group(self, g: int) -> cp_model.LinearExprT:
        if g not in self.group_var:
            mine = self.arcs.by_group[g]
            if len(mine) == 1:
                self.group_var[g] = self.x[mine[0]]
            else:
                size = self.prob.groups[g].size
                var = self.model.new_int_var(0, min(size, int(self.arcs.ub[mine].sum())), "")
                self.model.add(var == sum(self.x[a] for a in mine))
                self.group_var[g] = var
                self.sums.append((var, np.asarray(mine, dtype=np.int64)))
        return self.group_var[g]

    def out_school(self, school: str) -> cp_model.LinearExprT:
        if school not in self.school_var:
            groups = [g for g in self.prob.by_school[school] if self.arcs.by_group[g]]
            if len(groups) == 1:
                self.school_var[school] = self.out_group(groups[0])
            else:
                var = self.model.new_int_var(0, self.prob.cap[school], "")
                self.model.add(var == sum(self.out_group(g) for g in groups))
                self.school_var[school] = var
                self.sums.append((var, np.asarray(self.arcs.from_school[school], dtype=np.int64)))
        return self.school_var[school]

    def expr(self, arcs: np.ndarray, coefs: np.ndarray) -> cp_model.LinearExprT:
        coef_of = dict(zip(arcs.tolist(), coefs.tolist(), strict=True))
        whole: dict[int, int] = {}  # group -> common coefficient, when all its arcs are here
        for a, c in coef_of.items():
            g = self.group_of[a]
            if g not in whole:
                mine = self.arcs.by_group[g]
                whole[g] = c if all(coef_of.get(b) == c for b in mine) else 0
        by_school: dict[str, list[int]] = {}
        for g, c in whole.items():
            if c:
                by_school.setdefault(self.prob.groups[g].school_id, []).append(g)
        variables, weights = [], []
        for school, groups in by_school.items():
            c = whole[groups[0]]
            every = [g for g in self.prob.by_school[school] if self.arcs.by_group[g]]
            if len(groups) == len(every) and all(whole[g] == c for g in groups):
                variables.append(self.out_school(school))
                weights.append(c)
            else:
                for g in groups:
                    variables.append(self.out_group(g))
                    weights.append(whole[g])
        for a, c in coef_of.items():
            if not whole[self.group_of[a]]:
                variables.append(self.x[a])
                weights.append(c)
        return cp_model.LinearExpr.weighted_sum(variables, weights)

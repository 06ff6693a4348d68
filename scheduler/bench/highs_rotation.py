"""The rotation model as a MIP solved by HiGHS: the baseline a researcher reaches for first.

It is the same model, not a re-derivation: the columns, rows and objective levels come
from the plain data that the CP-SAT model is built from (`constraints/rotation` families
returning `scheduler.core.linear` constraints and levels), the levels are minimised
lexicographically, one stage per level, each stage fixing its optimum for the next, and
the first stage starts from the same greedy plan as CP-SAT's. (The CP-SAT solve may merge
adjacent levels into one weighted stage, a tuning of its own; the optimum is the same.)

Columns: x[arc] ∈ [0, ub] integer (how many of a group go to a school) and, per hinge
w × max(0, e) of a level, y ≥ e, y ≥ 0 (and y ≥ −e for w × |e|), integer. The model is
linear throughout (no max-equality, no products), so nothing needs linearising.

One process, one solver: highspy and ortools each ship a `libhighs.so.1` of their own
version, and whichever loads second fails to link. The harness runs every run in a
process of its own, and nothing this module imports loads ortools.

Exactness: each stage's objective is integral, so HiGHS runs with mip_rel_gap = 0 and
mip_abs_gap just below 1; every plan HiGHS returns is rounded, checked against every
hard constraint, and its levels recomputed exactly before it is fixed or reported.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import constraints.rotation as families
from scheduler.core import rotation_levels as lv
from scheduler.core.linear import INT_INF, Level, Linear
from scheduler.data.instance import Instance
from scheduler.errors import NoPlanError
from scheduler.rotation.arcs import Arcs, build_arcs
from scheduler.rotation.plan import named_moves
from scheduler.rotation.problem import Problem, build_problem
from scheduler.rotation.result import RotationResult
from scheduler.solving import ProgressEvent, SolverSettings, SolveStats

ABS_GAP = 1 - 1e-6  # integral objectives: a gap below 1 proves optimality
# HiGHS checks its time limit coarsely inside the MIP search (county-l overran by 15 s):
# a MIP interrupt callback stops it this long after the deadline.
WATCHDOG_MARGIN = 1.0


def stages(prob: Problem, levels: dict[str, Level]) -> list[list[tuple[str, int]]]:
    """One stage per level that is switched on and can vary, most important first."""
    return [[(n, 1)] for n in lv.LEVELS if prob.weights.on(n) and levels[n].varies]


class HighsModel:
    """The MIP in a `highspy.Highs` object, with the column of every hinge variable."""

    def __init__(self, prob: Problem, arcs: Arcs, hard: list[Linear], levels: dict[str, Level],
                 settings: SolverSettings):
        import highspy

        self.highspy = highspy
        self.levels = levels
        self.hard = hard
        self.h = highspy.Highs()
        self.n_x = len(arcs)
        self.hinge_cols: dict[str, list[int]] = {}
        self.step_cols: dict[str, list[int]] = {}
        self._options(settings)
        lower = [0.0] * self.n_x
        upper = [float(u) for u in arcs.ub.tolist()]
        rows: list[tuple[dict[int, float], float, float]] = []
        inf = highspy.kHighsInf
        for c in hard:
            rows.append(({int(a): float(v) for a, v in zip(c.arcs, c.coefs, strict=True)},
                         -inf if c.lo is None else float(c.lo),
                         inf if c.hi is None else float(c.hi)))
        for name, level in levels.items():
            self.hinge_cols[name] = []
            for hinge in level.hinges:
                lo, hi = hinge.bounds(arcs.ub)
                col = len(lower)
                lower.append(0.0)
                upper.append(float(max(abs(lo), abs(hi)) if hinge.absolute else max(0, hi)))
                self.hinge_cols[name].append(col)
                inner = {int(a): float(v) for a, v in zip(hinge.arcs, hinge.coefs, strict=True)}
                # y − Σ c·x ≥ offset, and y + Σ c·x ≥ −offset for |e|
                rows.append(({col: 1.0, **{a: -v for a, v in inner.items()}},
                             float(hinge.offset), inf))
                if hinge.absolute:
                    rows.append(({col: 1.0, **inner}, float(-hinge.offset), inf))
            self.step_cols[name] = []
            for st in level.steps:  # b and squares over their secants (`Step.rows`)
                first = len(lower)
                columns, step_rows = st.rows(arcs.ub, first)
                for lo, hi in columns:
                    lower.append(float(lo))
                    upper.append(float(hi))
                for terms, lo, hi in step_rows:
                    rows.append(({j: float(c) for j, c in terms.items()}, float(lo),
                                 inf if hi >= INT_INF else float(hi)))
                self.step_cols[name].append(first)
        n = len(lower)
        self.n_cols = n
        self.h.addVars(n, np.array(lower), np.array(upper))
        self.h.changeColsIntegrality(n, np.arange(n, dtype=np.int32),
                                     np.full(n, highspy.HighsVarType.kInteger.value,
                                             dtype=np.uint8))
        self._add_rows(rows)

    def _options(self, settings: SolverSettings) -> None:
        h = self.h
        h.setOptionValue("output_flag", settings.log)
        h.setOptionValue("threads", settings.workers)
        h.setOptionValue("random_seed", settings.seed)
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", ABS_GAP)
        for key, value in settings.params.items():
            if h.setOptionValue(key, value) != self.highspy.HighsStatus.kOk:
                raise ValueError(f"HiGHS refuses option {key}={value!r}")

    def _add_rows(self, rows: list[tuple[dict[int, float], float, float]]) -> None:
        if not rows:
            return
        starts, index, value = [], [], []
        for terms, _, _ in rows:
            starts.append(len(index))
            index.extend(terms)
            value.extend(terms.values())
        self.h.addRows(len(rows), np.array([r[1] for r in rows]), np.array([r[2] for r in rows]),
                       len(index), np.array(starts, dtype=np.int32),
                       np.array(index, dtype=np.int32), np.array(value, dtype=np.float64))

    def stage_objective(self, stage: list[tuple[str, int]]) -> tuple[dict[int, float], float]:
        """Σ W' × level over the stage, as column costs and a constant."""
        costs: dict[int, float] = {}
        constant = 0.0
        for name, weight in stage:
            level = self.levels[name]
            constant += weight * level.constant
            for arc, coef in level.linear.items():
                costs[arc] = costs.get(arc, 0.0) + weight * coef
            for hinge, col in zip(level.hinges, self.hinge_cols[name], strict=True):
                costs[col] = costs.get(col, 0.0) + weight * hinge.weight
            for st, col in zip(level.steps, self.step_cols[name], strict=True):
                costs[col] = costs.get(col, 0.0) + weight * st.weight
        return costs, constant

    def minimise(self, stage: list[tuple[str, int]]) -> None:
        costs, constant = self.stage_objective(stage)
        cost = np.zeros(self.n_cols)
        for col, c in costs.items():
            cost[col] = c
        self.h.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), cost)
        self.h.changeObjectiveOffset(constant)

    def fix(self, stage: list[tuple[str, int]], optimum: int) -> None:
        """Keep the stage at its optimum in the stages after (as CP-SAT's model does)."""
        costs, constant = self.stage_objective(stage)
        self._add_rows([(costs, -self.highspy.kHighsInf, optimum - constant)])

    def start_from(self, flows: np.ndarray) -> None:
        """A complete MIP start: the flows and every hinge variable at its exact value."""
        values = np.zeros(self.n_cols)
        values[:self.n_x] = flows
        for name, level in self.levels.items():
            for hinge, col in zip(level.hinges, self.hinge_cols[name], strict=True):
                e = hinge.inner(flows)
                values[col] = abs(e) if hinge.absolute else max(0, e)
            for st, col in zip(level.steps, self.step_cols[name], strict=True):
                aux = st.aux_values(flows)
                values[col:col + len(aux)] = aux
        self.h.setSolution(self.n_cols, np.arange(self.n_cols, dtype=np.int32), values)

    def flows(self) -> np.ndarray:
        col_value = self.h.getSolution().col_value[:self.n_x]
        flows = np.rint(np.asarray(col_value)).astype(np.int64)
        broken = [c.label for c in self.hard if not c.holds(flows)]
        if broken:
            raise RuntimeError(f"HiGHS plan breaks {len(broken)} rule(s), e.g. {broken[0]}")
        return flows


def solve_highs(inst: Instance, settings: SolverSettings,
                on_progress: Callable[[Any], None] | None = None) -> RotationResult:
    """The rotation plan by HiGHS, stage by stage within `settings.time_limit` in all."""
    from scheduler.rotation.greedy import greedy_flows

    start = time.perf_counter()
    prob = build_problem(inst, make_room=False)  # no R12 stage here: leaders not due stay
    arcs = build_arcs(prob)
    hard = [c for fam in families.HARD for c in fam.constraints(prob, arcs)]
    levels = {fam.NAME: fam.level(prob, arcs) for fam in families.LEVELS}
    model = HighsModel(prob, arcs, hard, levels, settings)
    try:
        flows: np.ndarray | None = greedy_flows(prob, arcs)
    except NoPlanError:
        flows = None
    solve_start = time.perf_counter()
    deadline = solve_start + settings.time_limit
    plan = stages(prob, levels) or [[]]
    first: list[float] = []
    stage_name, stage_index = "", 0

    def improving(event: Any) -> None:
        now = time.perf_counter() - solve_start
        first.append(now)
        if on_progress is not None:
            out = event.data_out
            on_progress(ProgressEvent(now, out.objective_function_value, out.mip_dual_bound,
                                      stage_name, stage_index, len(plan)))

    watchdog: list[bool] = []

    def interrupt(event: Any) -> None:
        if time.perf_counter() > deadline + WATCHDOG_MARGIN:
            watchdog.append(True)
            event.data_in.user_interrupt = True

    model.h.cbMipImprovingSolution.subscribe(improving)
    model.h.cbMipInterrupt.subscribe(interrupt)
    status, stopped_at, stage_bound, stopped_by = "OPTIMAL", len(plan), None, None
    trace: list[dict[str, object]] = []  # as the CP-SAT solve's stages, for the levels table
    ms = model.highspy.HighsModelStatus
    for i, stage in enumerate(plan):
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            status, stopped_at, stopped_by = "FEASIBLE", i, "time_limit"
            break
        stage_name, stage_index = "+".join(n for n, _ in stage) or "feasibility", i + 1
        model.minimise(stage)
        if flows is not None:
            model.start_from(flows)
        model.h.setOptionValue("time_limit", remaining)
        model.h.run()
        code = model.h.getModelStatus()
        info = model.h.getInfo()
        has_plan = info.primal_solution_status == 2  # kSolutionStatusFeasible
        if code == ms.kOptimal:
            flows = model.flows()
            exact = sum(w * levels[n].value(flows) for n, w in stage)
            model.fix(stage, exact)
            trace += [{"level": n, "step": "highs", "status": "OPTIMAL"} for n, _ in stage]
            continue
        if code == ms.kInfeasible:
            raise NoPlanError("no plan exists: HiGHS proved the rotation model infeasible")
        if has_plan:
            flows = model.flows()
            if math.isfinite(info.mip_dual_bound):  # −inf before the root LP is solved
                stage_bound = info.mip_dual_bound
                if len(stage) == 1:
                    trace.append({"level": stage[0][0], "step": "highs-bound",
                                  "status": "FEASIBLE", "bound": stage_bound})
        elif flows is None:
            raise NoPlanError(f"no plan found in {settings.time_limit:g} s",
                              [f"HiGHS stopped with {model.h.modelStatusToString(code)}"])
        status, stopped_at = "FEASIBLE", i
        stopped_by = "watchdog" if watchdog else "time_limit"
        break
    assert flows is not None
    values = {name: level.value(flows) for name, level in levels.items()}
    mult = lv.multipliers(inst, prob.weights)
    total = lv.total(values, mult)
    stats = SolveStats(status, objective=total, solve_seconds=time.perf_counter() - solve_start,
                       build_seconds=solve_start - start,
                       first_solution_seconds=min(first) if first else None, method="highs",
                       workers=settings.workers, seed=settings.seed,
                       time_limit=settings.time_limit, stopped_by=stopped_by)
    stats.best_bound = total if status == "OPTIMAL" else _bound(
        values, mult, plan, stopped_at, stage_bound)
    stats.level_gap = _stage_gap(values, plan, stopped_at, stage_bound, status)
    terms = {name: float(v) for name, v in values.items()}
    terms["total"] = total
    return RotationResult(named_moves(prob, arcs, flows), stats, terms, trace)


def _stage_gap(values: dict[str, int], plan: list[list[tuple[str, int]]], stopped_at: int,
               stage_bound: float | None, status: str) -> float:
    """The gap of the stage the run stopped in (SolveStats.level_gap): the encoded total's
    own gap is dominated by the first level and would hide it."""
    if status == "OPTIMAL" or stopped_at >= len(plan) or not plan[stopped_at]:
        return 0.0
    value = sum(w * values[n] for n, w in plan[stopped_at])
    bound = 0.0 if stage_bound is None else min(float(value), stage_bound)
    return (value - bound) / max(1.0, abs(value))


def _bound(values: dict[str, int], mult: dict[str, int], plan: list[list[tuple[str, int]]],
           stopped_at: int, stage_bound: float | None) -> float:
    """A lower bound on the total, as the CP-SAT solve computes it: the fixed stages'
    values, W_low × the stopped stage's bound, nothing for the levels after."""
    done = sum(mult[n] * values[n] for stage in plan[:stopped_at] for n, _ in stage)
    if stage_bound is None or stopped_at >= len(plan) or not plan[stopped_at]:
        return float(done)
    low = plan[stopped_at][-1][0]
    return float(done + mult[low] * max(0, math.ceil(stage_bound - 1e-6)))

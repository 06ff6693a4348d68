"""Solving the rotation: the greedy plan as a hint, then CP-SAT level by level.

Lexicographic in stages: each stage minimises one objective level (or a few adjacent
small ones, combined with weights that keep their order, see `stages`), then fixes it
(level ≤ its optimum) for the stages after; each stage starts from the previous plan as
a complete hint. `levels.py` explains why a single weighted objective would not fit in
int64 on a large county. The plan is OPTIMAL only when every stage is proven optimal;
a time-out ends the stages early with a FEASIBLE plan and an honest bound (`_bound`).

Every CP-SAT call is bounded twice: by `max_time_in_seconds` and by a watchdog thread
that calls `stop_search` a margin later (ortools issue #5163).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

import constraints.rotation as families
from scheduler.data.instance import Instance
from scheduler.errors import NoPlanError, UsageError
from scheduler.rotation import levels as lv
from scheduler.rotation.arcs import Arcs, build_arcs
from scheduler.rotation.greedy import greedy_flows
from scheduler.rotation.linear import Level
from scheduler.rotation.lp import Relaxation
from scheduler.rotation.model import RotationModel, build_model
from scheduler.rotation.plan import named_moves
from scheduler.rotation.problem import Problem, build_problem
from scheduler.rotation.result import RotationResult
from scheduler.solving import SolverSettings, SolveStats

METHODS = ("cpsat", "greedy")
# CP-SAT parameters measured best on county-m/l (benchmarks/rotation_formulations.md);
# SolverSettings.params override them by name.
PRESET: dict[str, object] = {"cp_model_presolve": False}
USE_LP = True  # GLOP bounds before CP-SAT (lp.py)
RENS_SECONDS = 5.0  # at most this long to round an LP point
STAGE_WEIGHT_CAP = 1  # adjacent levels share a stage while their weights stay below
WATCHDOG_MARGIN = 2.0  # seconds past the time limit before the watchdog stops CP-SAT


@dataclass(frozen=True)
class ProgressEvent:
    """A new incumbent or bound while solving, for a live display.

    `objective` and `bound` are those of the stage being solved (`stage`, e.g. "shortage"),
    in the units of `levels.py`; `elapsed` counts from the start of the solve.
    """

    elapsed: float
    objective: float | None
    bound: float | None
    stage: str = ""
    stage_index: int = 1
    stages: int = 1


def solve_rotation(inst: Instance, settings: SolverSettings, method: str = "cpsat",
                   on_progress: Callable[[ProgressEvent], None] | None = None
                   ) -> RotationResult:
    """The year's rotation plan for `inst` (NoPlanError when none exists or none was found)."""
    if method not in METHODS:
        raise UsageError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    start = time.perf_counter()
    prob = build_problem(inst)
    arcs = build_arcs(prob)
    if method == "greedy":
        built = time.perf_counter()
        flows = greedy_flows(prob, arcs)
        levels = {fam.NAME: fam.level(prob, arcs) for fam in families.LEVELS}
        took = time.perf_counter() - built
        return _result(prob, arcs, levels, flows, SolveStats(
            "FEASIBLE", method="greedy", workers=1, seed=settings.seed,
            time_limit=settings.time_limit, build_seconds=built - start,
            solve_seconds=took, first_solution_seconds=took))
    _counting_checks(prob)
    return _Staged(prob, arcs, settings, on_progress, start).run()




def _counting_checks(prob: Problem) -> None:
    """Fail fast, before any model is built, when counting alone proves there is no plan."""
    from scheduler.rotation.explain import counting_reasons

    reasons = counting_reasons(prob)
    if reasons:
        raise NoPlanError("no plan exists: the rules conflict", reasons)


def _result(prob: Problem, arcs: Arcs, levels: dict[str, Level], flows: np.ndarray,
            stats: SolveStats) -> RotationResult:
    """Moves, exact level values and their total (= score(...)["total"]) for `flows`."""
    values = {name: level.value(flows) for name, level in levels.items()}
    stats.objective = lv.total(values, lv.multipliers(prob.inst, prob.weights))
    terms = {name: float(v) for name, v in values.items()}
    terms["total"] = stats.objective
    return RotationResult(named_moves(prob, arcs, flows), stats, terms)


def stages(prob: Problem, levels: dict[str, Level]) -> list[list[tuple[str, int]]]:
    """The levels to optimise in order, adjacent ones sharing a stage with weights W' while
    the top weight stays ≤ STAGE_WEIGHT_CAP (same construction as `levels.multipliers`)."""
    ranges = lv.ranges(prob.inst, prob.weights)
    active = [n for n in lv.LEVELS if prob.weights.on(n) and levels[n].varies]
    out: list[list[tuple[str, int]]] = []
    for name in active:
        if out:
            merged = _stage_weights([n for n, _ in out[-1]] + [name], ranges)
            if merged[0][1] <= STAGE_WEIGHT_CAP:
                out[-1] = merged
                continue
        out.append([(name, 1)])
    return out


def _stage_weights(names: list[str], ranges: dict[str, int]) -> list[tuple[str, int]]:
    weights: dict[str, int] = {}
    below = 0
    for name in reversed(names):
        weights[name] = 1 + below
        below += weights[name] * ranges.get(name, 0)
    return [(n, weights[n]) for n in names]


class _Watchdog:
    """Stops a CP-SAT search that runs `seconds` past its start, whatever CP-SAT does."""

    def __init__(self, solver: cp_model.CpSolver, seconds: float):
        self.fired = False
        self._solver = solver
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = True
        self._solver.stop_search()

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


class _Callback(cp_model.CpSolverSolutionCallback):
    """Records when the first solution came and passes incumbents on as ProgressEvents."""

    def __init__(self, run: _Staged, stage: str, index: int, count: int):
        super().__init__()
        self.run, self.stage, self.index, self.count = run, stage, index, count
        self.best: float | None = None

    def on_solution_callback(self) -> None:
        self.best = self.objective_value
        self.run.solution_seen()
        self.emit(self.objective_value, self.best_objective_bound)

    def on_bound(self, bound: float) -> None:
        self.emit(self.best, bound)

    def emit(self, objective: float | None, bound: float | None) -> None:
        if self.run.on_progress is not None:
            self.run.on_progress(ProgressEvent(self.run.elapsed(), objective, bound, self.stage,
                                               self.index, self.count))


class _Staged:
    """One lexicographic solve: the stages in order, within one time limit.

    A stage: the LP bound first (`lp.py`); if the plan in hand already meets it, the stage
    is proven optimal without a search. Otherwise CP-SAT rounds the LP point (its integral
    arcs fixed through the hint, RENS-style) and, if that does not meet the bound, searches
    the whole model from the best plan known, with the bound as a constraint.
    """

    def __init__(self, prob: Problem, arcs: Arcs, settings: SolverSettings,
                 on_progress: Callable[[ProgressEvent], None] | None, start: float):
        self.prob, self.arcs, self.settings = prob, arcs, settings
        self.on_progress = on_progress
        self.start = start
        self.solve_start = start
        self.first_solution: float | None = None
        self.stopped_by: str | None = None
        self.trace: list[dict[str, object]] = []

    def elapsed(self) -> float:
        return time.perf_counter() - self.solve_start

    def solution_seen(self) -> None:
        if self.first_solution is None:
            self.first_solution = self.elapsed()

    def run(self) -> RotationResult:
        prob, arcs = self.prob, self.arcs
        rm = build_model(prob, arcs)
        relaxation = Relaxation(arcs.ub, rm.hard, rm.levels) if USE_LP else None
        try:
            flows: np.ndarray | None = greedy_flows(prob, arcs)
        except NoPlanError:
            flows = None
        self.solve_start = time.perf_counter()
        build_seconds = self.solve_start - self.start
        self.deadline = self.solve_start + self.settings.time_limit
        plan = stages(prob, rm.levels) or [[]]
        status, stage_bound, stopped_at = "OPTIMAL", None, len(plan)
        for i, stage in enumerate(plan):
            if self.deadline - time.perf_counter() <= 0:
                status, stopped_at, self.stopped_by = "FEASIBLE", i, "time_limit"
                break
            code, flows, stage_bound = self._stage(rm, relaxation, stage, i, len(plan), flows)
            if code == "OPTIMAL":
                continue
            status, stopped_at = "FEASIBLE", i
            self.stopped_by = self.stopped_by or "time_limit"
            break
        assert flows is not None
        stats = SolveStats(status, solve_seconds=time.perf_counter() - self.solve_start,
                           build_seconds=build_seconds,
                           first_solution_seconds=self.first_solution, method="cpsat",
                           workers=self.settings.workers, seed=self.settings.seed,
                           time_limit=self.settings.time_limit, stopped_by=self.stopped_by)
        result = _result(prob, arcs, rm.levels, flows, stats)
        result.stages = self.trace
        stats.best_bound = (stats.objective if status == "OPTIMAL" else
                            self._bound(result.terms, plan, stopped_at, stage_bound))
        return result

    def _stage(self, rm: RotationModel, relaxation: Relaxation | None,
               stage: list[tuple[str, int]], i: int, count: int, flows: np.ndarray | None
               ) -> tuple[str, np.ndarray, float | None]:
        """Solve one stage: ("OPTIMAL" | "FEASIBLE", the plan, a bound on the stage)."""
        name = "+".join(n for n, _ in stage) or "feasibility"
        progress = _Callback(self, name, i + 1, count)
        expr = cp_model.LinearExpr.weighted_sum([rm.exprs[n] for n, _ in stage],
                                                [w for _, w in stage]) if stage else None

        def value(f: np.ndarray | None) -> int | None:
            return None if f is None else sum(w * rm.levels[n].value(f) for n, w in stage)

        lower, point = None, None
        if expr is not None and relaxation is not None:
            began = time.perf_counter()
            got = relaxation.bound(stage, self.deadline - began)
            if got is not None:
                lower, point = got
                rm.model.add(expr >= lower)
            self._trace(name, "lp", "OPTIMAL" if got else "UNKNOWN", began, value(flows), lower)
            progress.emit(value(flows), lower)
        if lower is not None and flows is not None and value(flows) <= lower:
            return self._done(rm, relaxation, stage, expr, flows, value(flows))
        if point is not None:
            code, solver = self._cpsat(rm, expr, progress, None, point, RENS_SECONDS)
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                rounded = rm.flows(solver)
                if flows is None or value(rounded) < value(flows):
                    flows = rounded
            if flows is not None and value(flows) <= lower:
                return self._done(rm, relaxation, stage, expr, flows, value(flows))
        code, solver = self._cpsat(rm, expr, progress, flows, None, None)
        if code == cp_model.OPTIMAL:
            flows = rm.flows(solver)
            exact = value(flows)
            if expr is not None and exact != round(solver.objective_value):
                raise RuntimeError(f"stage {name}: CP-SAT objective {solver.objective_value} "
                                   f"but the plan's levels give {exact}")
            return self._done(rm, relaxation, stage, expr, flows, exact)
        if code == cp_model.FEASIBLE:
            return "FEASIBLE", rm.flows(solver), max(solver.best_objective_bound, lower or 0)
        if code == cp_model.INFEASIBLE:
            if flows is not None:  # the hint was a plan: only a wrong model gets here
                raise RuntimeError("CP-SAT calls a model infeasible that has a plan")
            from scheduler.rotation.explain import explain

            raise explain(self.prob)
        if code != cp_model.UNKNOWN:
            raise RuntimeError(f"CP-SAT status {solver.status_name(code)}: "
                               f"{rm.model.validate() or 'no detail'}")
        if flows is None:
            raise self._timed_out()
        return "FEASIBLE", flows, lower

    def _done(self, rm: RotationModel, relaxation: Relaxation | None,
              stage: list[tuple[str, int]], expr: cp_model.LinearExprT | None,
              flows: np.ndarray, value: int | None) -> tuple[str, np.ndarray, float | None]:
        """The stage is proven optimal: keep it there in the stages after."""
        self.solution_seen()
        if expr is not None and value is not None:
            rm.model.add(expr <= value)
            if relaxation is not None:
                relaxation.fix(stage, value)
        return "OPTIMAL", flows, value

    def _cpsat(self, rm: RotationModel, expr: cp_model.LinearExprT | None, progress: _Callback,
               flows: np.ndarray | None, point: np.ndarray | None, cap: float | None
               ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """One CP-SAT call: from the plan `flows` (complete hint), or rounding the LP `point`
        (its integral arcs fixed through a partial hint)."""
        if expr is not None:
            rm.model.minimize(expr)
        else:
            rm.model.clear_objective()
        rm.model.clear_hints()
        if flows is not None:
            rm.hint(flows)
        remaining = self.deadline - time.perf_counter()
        seconds = max(0.01, min(remaining, cap) if cap is not None else remaining)
        solver = cp_model.CpSolver()
        self._parameters(solver, seconds)
        if point is not None:
            for a in np.flatnonzero(np.abs(point - np.round(point)) < 1e-6).tolist():
                rm.model.add_hint(rm.x[a], round(point[a]))
            solver.parameters.fix_variables_to_their_hinted_value = True
        if self.on_progress is not None:
            solver.best_bound_callback = progress.on_bound
        began = time.perf_counter()
        with _Watchdog(solver, seconds + WATCHDOG_MARGIN) as dog:
            code = solver.solve(rm.model, progress)
        solved = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        self._trace(progress.stage, "cpsat-round" if point is not None else "cpsat",
                    solver.status_name(code), began,
                    solver.objective_value if solved else None,
                    solver.best_objective_bound if solved else None)
        if dog.fired:
            self.stopped_by = "watchdog"
        if solved:
            self.solution_seen()
        return code, solver

    def _trace(self, levels: str, step: str, status: str, began: float,
               objective: float | None, bound: float | None) -> None:
        self.trace.append({"levels": levels, "step": step, "status": status,
                           "seconds": time.perf_counter() - began, "objective": objective,
                           "bound": bound})

    def _parameters(self, solver: cp_model.CpSolver, seconds: float) -> None:
        p = solver.parameters
        p.max_time_in_seconds = seconds
        p.num_workers = self.settings.workers
        p.random_seed = self.settings.seed
        p.log_search_progress = self.settings.log
        for key, value in {**PRESET, **self.settings.params}.items():
            set_parameter(p, key, value)

    def _bound(self, terms: dict[str, float], plan: list[list[tuple[str, int]]],
               stopped_at: int, stage_bound: float | None) -> float:
        """A lower bound on `total`: the fixed stages' values, plus W_low × the stopped
        stage's bound (W_k ≥ W_low × W'_k inside a stage), plus 0 for the levels after."""
        mult = lv.multipliers(self.prob.inst, self.prob.weights)
        done = sum(mult[n] * int(terms[n]) for stage in plan[:stopped_at] for n, _ in stage)
        if stage_bound is None or stopped_at >= len(plan) or not plan[stopped_at]:
            return float(done)
        low = plan[stopped_at][-1][0]
        return float(done + mult[low] * max(0, math.ceil(stage_bound - 1e-6)))

    def _timed_out(self) -> NoPlanError:
        limit = self.settings.time_limit
        return NoPlanError(f"no plan found in {limit:g} s", [
            "CP-SAT neither found a plan nor proved that none exists in the time given, "
            "and the greedy baseline found none either",
            "give it more time (--time-limit) or more workers (--workers); "
            "if it still finds none, the rules probably conflict"])


def set_parameter(params: object, key: str, value: object) -> None:
    """Set one CP-SAT parameter by name (lists replace repeated fields); UsageError if unknown."""
    if not hasattr(params, key):
        raise UsageError(f"unknown CP-SAT parameter {key!r}")
    if isinstance(value, list | tuple):
        field = getattr(params, key)
        field.clear()
        field.extend(value)
    else:
        setattr(params, key, value)

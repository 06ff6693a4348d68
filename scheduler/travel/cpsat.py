"""Running CP-SAT: explicit parameters, a watchdog thread, and an honest status.

Every solve is bounded twice: by CP-SAT's own `max_time_in_seconds` and by a watchdog
thread that stops the search shortly after, in case the solver overruns (presolve of a
big model, a stuck callback). CP-SAT statuses map one to one onto the contract's:
MODEL_INVALID is a bug and raises, never a status.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from scheduler.cpsat_params import set_parameter
from scheduler.solving import SolverSettings

# Found by benchmarks/README.md, travel notes: the core-based lower-bound search with the
# full LP relaxation (linearization level 2) proves the week model optimal several times
# sooner than CP-SAT's default portfolio; on two workers the second thread runs LNS, which
# finds the plans. Taking each core as found (`core_minimization_level` 0, CP-SAT's
# default is 2) halves the proofs of the components with many interchangeable teachers
# (county-m S065 PE 12-23 s -> 6-7 s, art and music 21-24 s -> 11-14 s). Any key in
# SolverSettings.params overrides these.
TRAVEL_DEFAULTS: dict[str, Any] = {"subsolvers": ["core", "default_lp"],
                                   "linearization_level": 2, "core_minimization_level": 0}
# The week model's proving runs: the core search and the LP search (whose root bound, with
# the week's site cuts, the core search never reports) on full threads of their own. On
# two workers that leaves no thread to LNS, so `scheduler.travel.solve` takes turns
# between them and LNS (`regroup`, or TRAVEL_DEFAULTS runs where a piece has no plan),
# each hinted with the best plan so far.
WEEK_PROVE: dict[str, Any] = {"subsolvers": ["core", "max_lp"], "num_full_subsolvers": 2,
                              "linearization_level": 2, "core_minimization_level": 0}
WATCHDOG_GRACE = 2.0  # seconds past the time limit before the watchdog steps in

STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
}


@dataclass
class Outcome:
    status: str
    solver: cp_model.CpSolver
    objective: int | None
    bound: int | None
    seconds: float
    first_solution_seconds: float | None
    stopped_by: str | None


def parameters(solver: cp_model.CpSolver, settings: SolverSettings, time_limit: float,
               defaults: dict[str, Any] | None = None) -> None:
    """Time limit, workers, seed and log from `settings`; then defaults; then its params."""
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, time_limit)
    p.num_workers = max(1, settings.workers)
    p.random_seed = settings.seed
    p.log_search_progress = settings.log
    defaults = dict(defaults or {})
    if p.num_workers == 1:  # one worker runs one search; keep it the default
        defaults.pop("subsolvers", None)
        defaults.pop("num_full_subsolvers", None)
    merged = {**defaults, **settings.params}
    for key, value in merged.items():
        set_parameter(p, key, value)


class _FirstSolution(cp_model.CpSolverSolutionCallback):
    """Notes when the first solution came."""

    def __init__(self) -> None:
        super().__init__()
        self.first: float | None = None

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = self.wall_time


def run(model: cp_model.CpModel, settings: SolverSettings, time_limit: float, *,
        defaults: dict[str, Any] | None = None, assumptions: list[Any] | None = None
        ) -> Outcome:
    """Solve `model` within `time_limit` seconds; never returns MODEL_INVALID."""
    solver = cp_model.CpSolver()
    parameters(solver, settings, time_limit, defaults)
    model.clear_assumptions()
    if assumptions:
        model.add_assumptions(assumptions)
    watchdog_fired = threading.Event()

    def stop() -> None:
        watchdog_fired.set()
        solver.stop_search()

    watchdog = threading.Timer(time_limit + WATCHDOG_GRACE, stop)
    watchdog.daemon = True
    callback = _FirstSolution()
    start = time.perf_counter()
    watchdog.start()
    try:
        code = solver.solve(model, callback)
    finally:
        watchdog.cancel()
    seconds = time.perf_counter() - start
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT rejected the model: {model.validate()}")
    status = STATUS[code]
    has_objective = model.has_objective() and status in ("OPTIMAL", "FEASIBLE")
    # a bound holds without a solution too (a run stopped before its first one)
    bound = (solver.best_objective_bound if model.has_objective() and status != "INFEASIBLE"
             else math.nan)
    stopped_by = None
    if status in ("FEASIBLE", "UNKNOWN"):
        stopped_by = "watchdog" if watchdog_fired.is_set() else "time_limit"
    return Outcome(
        status=status,
        solver=solver,
        objective=round(solver.objective_value) if has_objective else None,
        bound=math.ceil(bound - 1e-6) if math.isfinite(bound) else None,
        seconds=seconds,
        first_solution_seconds=callback.first,
        stopped_by=stopped_by,
    )


def minimal_core(model: cp_model.CpModel, settings: SolverSettings, lits: list[Any],
                 deadline: float) -> list[Any] | None:
    """A subset-minimal set of assumption literals that cannot all hold, or None when they
    can, or when the time (a perf_counter deadline) runs out first.

    CP-SAT's own core first, then deletion: a literal is dropped whenever the rest still
    conflict. Single-threaded with the settings' seed, so the same core every time.
    """
    single = SolverSettings(workers=1, seed=settings.seed)

    def infeasible(subset: list[Any]) -> list[Any] | None:
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        outcome = run(model, single, left, assumptions=subset)
        if outcome.status != "INFEASIBLE":
            return None
        core = set(outcome.solver.sufficient_assumptions_for_infeasibility())
        return [lit for lit in subset if lit.index in core]

    core = infeasible(lits)
    if core is None:
        return None
    i = 0
    while i < len(core):
        smaller = infeasible(core[:i] + core[i + 1:])
        if smaller is None:
            i += 1
        else:
            core = smaller
    return core

"""Solving the rotation: the greedy plan as a hint, then the objective level by level.

Lexicographic in stages: each stage minimises one objective level, then keeps it at its
optimum (level ≤ optimum) for the stages after. `rotation_levels.py` explains why one weighted
objective would not fit in int64 on a large county. A stage:

1. the LP relaxation (GLOP, `lp.py`) gives a lower bound; if the plan in hand meets it,
   the stage is proven optimal without a search;
2. CP-SAT rounds the LP point: its integral arcs are fixed through a partial hint and
   CP-SAT decides the rest (RENS); a plan at the bound again proves the stage;
3. otherwise CP-SAT searches for a better plan than the best known, on a copy of the
   model where reduced-cost fixing has removed every arc that cannot carry a teacher in
   such a plan; INFEASIBLE then proves the plan in hand optimal.

Before the levels, R12's stage (`_fewest_not_due`): principals and vice principals not
due may move to make room for due ones (a swap or a chain), but only as few as any plan
needs; that count is held for the levels after, so that no objective level (a gap closed
by a principal's subject) moves a leader who is not due. Where the greedy plan moves none
and keeps every hard rule without them, the count is 0 at once and the problem is built
again without them: their arcs (to every
school of their stage group) would widen the levels' ranges, and county-m's first year
went from OPTIMAL in 20 s to FEASIBLE at 30 s with them in the model.

Without the LP (`USE_LP = False`, or GLOP not finishing) step 3 is a plain CP-SAT search
of the whole model from the complete hint. The plan is OPTIMAL only when every stage is
proven optimal; a time-out ends the stages early with a FEASIBLE plan and an honest bound
(`_bound`). Every CP-SAT call is bounded twice: by `max_time_in_seconds` and by a
watchdog thread that calls `stop_search` a margin later (ortools issue #5163).
"""

from __future__ import annotations

import math
import signal
import socket
import threading
import time
from collections.abc import Callable

import numpy as np
from ortools.sat.python import cp_model

import constraints.rotation as families
from scheduler.core import rotation_levels as lv
from scheduler.core.linear import Level, linear
from scheduler.cpsat_params import set_parameter
from scheduler.data.instance import Instance
from scheduler.errors import NoPlanError, UsageError
from scheduler.rotation.arcs import Arcs, build_arcs
from scheduler.rotation.changes import Previous, explain_changes
from scheduler.rotation.explain import HEADLINE, counting_reasons, explain, say
from scheduler.rotation.fairness import fix_swaps
from scheduler.rotation.greedy import greedy_flows
from scheduler.rotation.lp import LpPoint, Relaxation
from scheduler.rotation.model import RotationModel, build_model
from scheduler.rotation.plan import moves_with_reasons, placement
from scheduler.rotation.problem import Problem, build_problem
from scheduler.rotation.replan import (
    CHANGES,
    forbidden_moves,
    forced_gone,
    previous_flows,
    stage_levels,
    stage_order,
)
from scheduler.rotation.result import RotationResult, level_table
from scheduler.rotation.score import score
from scheduler.solving import ProgressEvent, SolverSettings, SolveStats, lexicographic_gap

METHODS = ("cpsat", "greedy")
# CP-SAT parameters measured on county-m/l (benchmarks/README.md, rotation notes): presolve
# turned the hinges into enforced constraints that its LP leaves out (the LP bound fell
# to the objective's constant). SolverSettings.params override these by name.
PRESET: dict[str, object] = {"cp_model_presolve": False}
USE_LP = True
RENS_SECONDS = 2.0  # at most this long for CP-SAT to round an LP point
DIVE_SECONDS, DIVE_SHARE = 2.0, 0.15  # a dive takes the larger of these of the time left
STAGE_SHARE = 0.25  # a search takes this share of the time left, or 1 / the stages left
WATCHDOG_MARGIN = 2.0  # seconds past a call's time limit before the watchdog stops it
STAGE_R12 = "R12"  # the stage before the levels: the fewest leaders not due who move


def solve_rotation(inst: Instance, settings: SolverSettings, method: str = "cpsat",
                   on_progress: Callable[[ProgressEvent], None] | None = None,
                   previous: Previous | None = None) -> RotationResult:
    """The year's rotation plan for `inst` (NoPlanError when none exists or none was found).

    With `previous` (`changes.read_previous`), a minimal-change re-plan: the previous
    plan's moves are kept unless changing them is worth more than the policy's
    `change_penalty` (`replan.py`); `result.changes` lists the changes and their causes.
    """
    if method not in METHODS:
        raise UsageError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if previous is not None and method != "cpsat":
        raise UsageError("a re-plan against a previous plan (--baseline) needs --method cpsat")
    start = time.perf_counter()
    prob = build_problem(inst, previous.assignment(inst) if previous is not None else None)
    arcs = build_arcs(prob)
    reasons = counting_reasons(prob, arcs)
    if reasons:  # counting alone proves it: no model needed
        raise NoPlanError(HEADLINE, reasons)
    if method == "greedy":
        built = time.perf_counter()
        flows = greedy_flows(prob, arcs)
        levels = {fam.NAME: fam.level(prob, arcs) for fam in families.LEVELS}
        took = time.perf_counter() - built
        return _result(prob, arcs, levels, flows, SolveStats(
            "FEASIBLE", method="greedy", workers=1, seed=settings.seed,
            time_limit=settings.time_limit, build_seconds=built - start,
            solve_seconds=took, first_solution_seconds=took))
    result = _Staged(prob, arcs, settings, on_progress, start, previous).run()
    if previous is not None:
        result.changes = explain_changes(inst, previous, result.placement, forbidden_moves(prob))
    return result


def _result(prob: Problem, arcs: Arcs, levels: dict[str, Level], flows: np.ndarray,
            stats: SolveStats) -> RotationResult:
    """Moves, exact level values and their total (= score(...)["total"]) for `flows`.

    Swap pairs are exchanged first (`fairness.fix_swaps`): the plan keeps every hard rule
    and no level gets worse, so a dominated plan is never handed on; the levels are then
    `score`'s of the plan as it is.
    """
    dest, swaps = fix_swaps(prob.inst, placement(prob, arcs, flows))
    if swaps:
        terms = dict(score(prob.inst, dest))
        stats.objective = terms["total"]
    else:
        values = {name: level.value(flows) for name, level in levels.items()}
        stats.objective = lv.total(values, lv.multipliers(prob.inst, prob.weights))
        terms = {name: float(v) for name, v in values.items()}
        terms["total"] = stats.objective
    return RotationResult(moves_with_reasons(prob, dest), stats, terms, swaps=swaps)


def _moves_not_due(prob: Problem, arcs: Arcs, flows: np.ndarray | None = None) -> np.ndarray:
    """The arcs of leaders not due (R12), or with `flows` those of them that carry one."""
    groups = prob.groups
    mine = np.array([a for a, g in enumerate(arcs.group.tolist())
                     if groups[g].leader and not groups[g].due], dtype=np.int64)
    return mine if flows is None else mine[flows[mine] > 0]


def _add_not_due_level(rm: RotationModel) -> None:
    """R12's stage as a level of its own: one per move of a leader not due (none if no
    leader not due has a school to go to)."""
    optional = _moves_not_due(rm.prob, rm.arcs).tolist()
    if not optional:
        return
    level = Level(STAGE_R12)
    for a in optional:
        level.add(a, 1)
    rm.levels[STAGE_R12] = level
    rm.exprs[STAGE_R12] = cp_model.LinearExpr.sum([rm.x[a] for a in optional])
    rm.hinge_vars[STAGE_R12], rm.step_vars[STAGE_R12] = [], []


def _better(plan: np.ndarray | None, other: np.ndarray, value: Callable) -> np.ndarray:
    """The better of two plans on the level being solved (`other` if there is no plan)."""
    return other if plan is None or value(other) < value(plan) else plan


def active_levels(prob: Problem, levels: dict[str, Level]) -> list[str]:
    """The levels worth a stage, in order: switched on and not constant."""
    return [n for n in lv.LEVELS if prob.weights.on(n) and levels[n].varies]


class _Watchdog:
    """Stops a CP-SAT search `seconds` after it started, whatever CP-SAT does."""

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


class _Interrupt:
    """Ctrl-C during a solve stops the running search and keeps the best plan so far.

    CP-SAT would catch SIGINT itself and quietly return, and Python runs its own handler
    only once the main thread is back in Python, after a search that may last minutes. So
    CP-SAT's catching is switched off (`catch_sigint_signal`) and Python's C-level
    handler writes the signal to a socket (`signal.set_wakeup_fd`) that a thread watches:
    it calls `stop` (the running search's stop_search or GLOP's InterruptSolve) at once.
    Only in the main thread, where signals arrive; elsewhere Ctrl-C is the caller's.
    """

    def __init__(self) -> None:
        self.fired = False
        self.active = False
        self.stop: Callable[[], object] | None = None

    def fire(self) -> None:
        self.fired = True
        if self.stop is not None:
            self.stop()

    def __enter__(self) -> _Interrupt:
        if threading.current_thread() is not threading.main_thread():
            return self
        self._reader, self._writer = socket.socketpair()
        self._writer.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._old_handler = signal.signal(signal.SIGINT, lambda *_: self.fire())
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()
        self.active = True
        return self

    def _watch(self) -> None:
        while data := self._reader.recv(64):
            if signal.SIGINT in data:
                self.fire()

    def __exit__(self, *exc: object) -> None:
        if not self.active:
            return
        signal.signal(signal.SIGINT, self._old_handler)
        signal.set_wakeup_fd(self._old_fd)
        self._writer.close()  # the watcher's recv returns b"" and it ends
        self._watcher.join()
        self._reader.close()
        self.active = False


class _Callback(cp_model.CpSolverSolutionCallback):
    """Records when the first plan came and passes incumbents on as ProgressEvents."""

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
    """One lexicographic solve: the stages in order, within one time limit."""

    def __init__(self, prob: Problem, arcs: Arcs, settings: SolverSettings,
                 on_progress: Callable[[ProgressEvent], None] | None, start: float,
                 previous: Previous | None = None):
        self.prob, self.arcs, self.settings = prob, arcs, settings
        self.previous = previous
        self.levels: dict[str, Level] = {}  # every stage's level: the model's, a re-plan's
        self.holds: dict[str, str] = {}  # a re-plan's combined stage -> the level it holds
        self.on_progress = on_progress
        self.start = self.solve_start = self.deadline = start
        self.stages_left = 1
        self.first_solution: float | None = None
        self.stopped_by: str | None = None
        self.trace: list[dict[str, object]] = []
        self.fixed: dict[str, int] = {}  # levels proven optimal so far, at their optimum
        self.interrupt = _Interrupt()

    def elapsed(self) -> float:
        return time.perf_counter() - self.solve_start

    def solution_seen(self) -> None:
        if self.first_solution is None:
            self.first_solution = self.elapsed()

    def run(self) -> RotationResult:
        with self.interrupt:
            return self._run()

    def _run(self) -> RotationResult:
        flows = self._greedy()
        rm = None
        if flows is not None and not _moves_not_due(self.prob, self.arcs, flows).size:
            # the usual year: no leader not due needs to make room, so the problem without
            # them (their arcs would widen every level's ranges and slow its stages); kept
            # only where its greedy plan keeps every hard rule, which proves that none needs
            # to (a school that starts with two principals needs one of them to move)
            full = self.prob, self.arcs, flows
            self.prob = build_problem(self.prob.inst, self.prob.previous or None,
                                      make_room=False)
            self.arcs = build_arcs(self.prob)
            flows = self._greedy()
            rm = build_model(self.prob, self.arcs)
            if flows is None or not all(c.holds(flows) for c in rm.hard):
                (self.prob, self.arcs, flows), rm = full, None
        prob, arcs = self.prob, self.arcs
        rm = rm or build_model(prob, arcs)
        _add_not_due_level(rm)
        self.levels = dict(rm.levels)
        if self.previous is not None:
            self._replan_levels(rm)
            kept = previous_flows(prob, arcs)  # the previous plan, where it still holds
            if kept is not None and all(c.holds(kept) for c in rm.hard):
                flows = kept
        relaxation = Relaxation(arcs.ub, rm.hard, self.levels) if USE_LP else None
        if flows is not None and not all(c.holds(flows) for c in rm.hard):
            flows = None  # e.g. a school over its posts (R9) that the greedy plan left so
        self.solve_start = time.perf_counter()
        build_seconds = self.solve_start - self.start
        self.deadline = self.solve_start + self.settings.time_limit
        if flows is not None:  # the greedy plan (the first hint) is a plan in hand already
            self.solution_seen()
        plan = active_levels(prob, rm.levels)
        if self.previous is not None:
            plan = stage_order(prob, self.levels, plan)
        stopped_at, bound = len(plan), None  # the first level not proven, and its bound
        self.stages_left = len(plan) + 1
        flows, proven = self._fewest_not_due(rm, relaxation, flows, len(plan))
        if not proven:  # the levels are optimal only given the count held: none is proven
            stopped_at = 0
            self.stopped_by = "interrupt" if self.interrupt.fired else "time_limit"
        if not plan and flows is None:  # nothing to optimise, but a plan is still needed
            flows = self._feasible(rm)
        for i, level in enumerate(plan):
            now = time.perf_counter()
            if self.interrupt.fired or now >= self.deadline:
                self.stopped_by = "interrupt" if self.interrupt.fired else "time_limit"
                if stopped_at == len(plan):
                    stopped_at, bound = i, None  # nothing known of `level`
                break
            self.stages_left = len(plan) - i
            code, flows, stage_bound = self._stage(rm, relaxation, level, i, len(plan), flows)
            if code == "OPTIMAL":
                continue
            if stopped_at == len(plan):
                stopped_at, bound = i, stage_bound
            self.stopped_by = ("interrupt" if self.interrupt.fired else
                               self.stopped_by or "time_limit")
            if self.interrupt.fired or flows is None:
                break
            self._hold(rm, relaxation, level, flows)
        status = "OPTIMAL" if stopped_at == len(plan) and proven else "FEASIBLE"
        if flows is None:  # interrupted before any plan was found
            raise KeyboardInterrupt
        stats = SolveStats(status, solve_seconds=time.perf_counter() - self.solve_start,
                           build_seconds=build_seconds,
                           first_solution_seconds=self.first_solution, method="cpsat",
                           workers=self.settings.workers, seed=self.settings.seed,
                           time_limit=self.settings.time_limit, stopped_by=self.stopped_by)
        result = _result(prob, arcs, rm.levels, flows, stats)
        result.stages = self.trace
        if status == "OPTIMAL":
            stats.best_bound = stats.objective
        elif self.previous is not None:  # a re-plan's stages bound sums, not the levels
            stats.best_bound = 0.0
        else:
            stats.best_bound = self._bound(result.terms, plan, stopped_at, bound)
        stats.level_gap = lexicographic_gap(level_table(result, result.terms))
        return result

    def _greedy(self) -> np.ndarray | None:
        try:
            return greedy_flows(self.prob, self.arcs)
        except NoPlanError:
            return None

    def _fewest_not_due(self, rm: RotationModel, relaxation: Relaxation | None,
                        flows: np.ndarray | None, count: int
                        ) -> tuple[np.ndarray | None, bool]:
        """R12's stage: the fewest moves of leaders not due that a plan needs, solved like a
        level (LP bound, rounding, search) and held for the levels after; the level is
        then dropped, so the plan's figures are those of the contract's levels. Returns
        the plan in hand and whether that fewest is proven."""
        if STAGE_R12 not in rm.levels:
            return flows, True
        code, flows, _ = self._stage(rm, relaxation, STAGE_R12, -1, count, flows)
        proven = code == "OPTIMAL"
        if flows is not None and not proven:
            self._hold(rm, relaxation, STAGE_R12, flows)
        level = rm.levels.pop(STAGE_R12)
        del rm.exprs[STAGE_R12]
        held = self.fixed.pop(STAGE_R12, None)
        if held is None:  # interrupted before any plan: nothing to hold
            return flows, False
        if held == 0:  # none needed after all (the greedy plan had failed): fix their arcs
            zero, none = np.array(sorted(level.linear), dtype=np.int64), np.zeros(0, np.int64)
            rm.fix_arcs(zero, none)
            if relaxation is not None:
                relaxation.fix_arcs(zero, none)
        rm.hard.append(linear(STAGE_R12, f"at most {held} leaders not due move",
                              level.linear, hi=held))  # for the plans the LP dives to
        return flows, proven

    def _feasible(self, rm: RotationModel) -> np.ndarray:
        """Any plan, when no objective level varies and the greedy one failed."""
        progress = _Callback(self, "feasibility", 1, 1)
        code, solver = self._cpsat(rm, None, progress, None, None, "plain")
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return rm.flows(solver)
        if self.interrupt.fired:
            raise KeyboardInterrupt
        raise self._no_plan(code, solver, rm)

    def _stage(self, rm: RotationModel, relaxation: Relaxation | None, level: str, i: int,
               count: int, flows: np.ndarray | None
               ) -> tuple[str, np.ndarray, float | None]:
        """Solve one level: ("OPTIMAL" | "FEASIBLE", the plan, a lower bound on the level)."""
        progress = _Callback(self, level, i + 1, count)
        expr = rm.exprs[level]

        def value(f: np.ndarray | None) -> int | None:
            return None if f is None else self.levels[level].value(f)

        floor = self.levels[level].floor
        if flows is not None and floor is not None and value(flows) <= floor:
            self._trace(level, "floor", "OPTIMAL", time.perf_counter(), value(flows), floor)
            return self._done(rm, relaxation, None, level, flows, value(flows))
        lp = None
        if relaxation is not None:
            began = time.perf_counter()
            self.interrupt.stop = lambda: relaxation.solver.InterruptSolve()
            lp = relaxation.bound(level, self.deadline - began)
            self.interrupt.stop = None
            if lp is not None:
                rm.model.add(expr >= lp.bound)
            self._trace(level, "lp", "OPTIMAL" if lp else "UNKNOWN", began, value(flows),
                        lp.bound if lp else None)
            progress.emit(value(flows), lp.bound if lp else None)
        lower = lp.bound if lp is not None else None
        if self.interrupt.fired:
            return "FEASIBLE", flows, lower
        if lp is not None:
            if flows is not None and value(flows) <= lower:
                return self._done(rm, relaxation, lp, level, flows, value(flows))
            code, solver = self._cpsat(rm, expr, progress, None, lp, "round")
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                flows = _better(flows, rm.flows(solver), value)
            if (flows is None or value(flows) > lower) and not self.interrupt.fired:
                began = time.perf_counter()
                self.interrupt.stop = lambda: relaxation.solver.InterruptSolve()
                left = self.deadline - began
                dived = relaxation.dive(level, lp, began + min(left, max(DIVE_SECONDS,
                                                                         DIVE_SHARE * left)))
                self.interrupt.stop = None
                if dived is not None and self._admissible(rm, dived):
                    flows = _better(flows, dived, value)
                self._trace(level, "lp-dive", "FEASIBLE" if dived is not None else "UNKNOWN",
                            began, value(dived), lower)
            if flows is not None and value(flows) <= lower:
                return self._done(rm, relaxation, lp, level, flows, value(flows))
            if self.interrupt.fired:
                return "FEASIBLE", flows, lower
        mode = "improve" if lp is not None and flows is not None else "plain"
        code, solver = self._cpsat(rm, expr, progress, flows, lp, mode)
        if self.interrupt.fired and code != cp_model.OPTIMAL:
            if code == cp_model.FEASIBLE:
                flows = _better(flows, rm.flows(solver), value)
            return "FEASIBLE", flows, lower
        if code == cp_model.INFEASIBLE and mode == "improve":
            # no plan better than the one in hand: it is optimal
            return self._done(rm, relaxation, lp, level, flows, value(flows))
        if code == cp_model.OPTIMAL:
            flows = rm.flows(solver)
            if value(flows) != round(solver.objective_value):
                raise RuntimeError(f"level {level}: CP-SAT objective {solver.objective_value} "
                                   f"but the plan's level is {value(flows)}")
            return self._done(rm, relaxation, lp, level, flows, value(flows))
        if code == cp_model.FEASIBLE:
            return "FEASIBLE", rm.flows(solver), max(solver.best_objective_bound, lower or 0)
        if flows is None or code not in (cp_model.UNKNOWN, cp_model.INFEASIBLE):
            raise self._no_plan(code, solver, rm)
        if code == cp_model.INFEASIBLE:  # the hint was a plan: only a wrong model gets here
            raise RuntimeError("CP-SAT calls a model infeasible that has a plan")
        return "FEASIBLE", flows, lower

    def _hold(self, rm: RotationModel, relaxation: Relaxation | None, level: str,
              flows: np.ndarray) -> None:
        """A level left open keeps the value of the plan in hand, so that the levels after it
        still get their turn (a county-l plan would otherwise keep every move the greedy
        hint made); they are optimal only given this value, and the levels table says
        that none after the first open one is proven."""
        if level in self.holds:
            self._hold_level(rm, relaxation, level, flows)
            self._trace(level, "held", "FEASIBLE", time.perf_counter(),
                        self.levels[level].value(flows), None)
            return
        value = rm.levels[level].value(flows)
        rm.model.add(rm.exprs[level] <= value)
        self.fixed[level] = value
        if relaxation is not None:
            relaxation.fix(level, value)
            relaxation.retire(level)
        self._trace(level, "held", "FEASIBLE", time.perf_counter(), value, None)

    def _replan_levels(self, rm: RotationModel) -> None:
        """A re-plan's stages (`replan.py`): C, and each justifying level plus C."""
        prob = self.prob
        gone = (self.previous.lost(prob.inst) if self.previous is not None else 0) \
            + forced_gone(prob, prob.previous)
        extra, self.holds = stage_levels(prob, self.arcs, rm.levels, gone)
        self.levels.update(extra)
        changes = extra[CHANGES]
        lin = sorted(changes.linear)
        rm.exprs[CHANGES] = (cp_model.LinearExpr.weighted_sum(
            [rm.x[a] for a in lin], [changes.linear[a] for a in lin]) + changes.constant)
        s = 2 * prob.inst.policy.rotation.change_penalty + 1
        for stage, level in self.holds.items():
            rm.exprs[stage] = 2 * rm.exprs[level] + s * rm.exprs[CHANGES]

    def _hold_level(self, rm: RotationModel, relaxation: Relaxation | None, stage: str,
                    flows: np.ndarray) -> None:
        """After a re-plan's combined stage: hold the level itself at the plan's value (not
        the sum: a later justifying level may still pay for changes)."""
        level = self.holds[stage]
        value = rm.levels[level].value(flows)
        rm.model.add(rm.exprs[level] <= value)
        self.fixed[level] = value
        if relaxation is not None:
            relaxation.retire(stage)
            relaxation.fix(level, value)
            relaxation.retire(level)

    def _admissible(self, rm: RotationModel, flows: np.ndarray) -> bool:
        """A plan the LP found keeps every hard rule and every level already fixed. The
        LP holds a step's 0/1 variable only fractionally, so an integral LP point can still
        break a fixed level's optimum; its exact value decides."""
        return (all(c.holds(flows) for c in rm.hard)
                and all(self.levels[n].value(flows) <= v for n, v in self.fixed.items()))

    def _done(self, rm: RotationModel, relaxation: Relaxation | None, lp: LpPoint | None,
              level: str, flows: np.ndarray, value: int) -> tuple[str, np.ndarray, float | None]:
        """The level is proven optimal: keep it there in the stages after.

        With the level's LP at hand, reduced-cost fixing at the optimum also fixes, for
        good, every arc that no plan keeping the level optimal can use: on county-l about
        half the arcs after the first level, nine in ten after the fourth, so that the
        later levels' LPs and searches are small.
        """
        self.solution_seen()
        if level in self.holds:
            self._trace(level, "done", "OPTIMAL", time.perf_counter(), value, value)
            self._hold_level(rm, relaxation, level, flows)
            return "OPTIMAL", flows, value
        rm.model.add(rm.exprs[level] <= value)
        self.fixed[level] = value
        self._trace(level, "done", "OPTIMAL", time.perf_counter(), value, value)
        if level in rm.step_vars and value == rm.levels[level].constant \
                and rm.levels[level].steps:
            rm.clear_steps(level)
        if relaxation is not None:
            relaxation.fix(level, value)
            relaxation.retire(level)
            if lp is not None:
                zero, top = lp.fixable(value, rm.arcs.ub)
                relaxation.fix_arcs(zero, top)
                rm.fix_arcs(zero, top)
        return "OPTIMAL", flows, value

    def _no_plan(self, code: cp_model.CpSolverStatus, solver: cp_model.CpSolver,
                 rm: RotationModel) -> Exception:
        """No plan at all: a proof that none exists, a time-out, or a bug."""
        if code == cp_model.INFEASIBLE:
            return explain(self.prob)
        if code == cp_model.UNKNOWN:
            limit = self.settings.time_limit
            return NoPlanError(say("not_found", seconds=f"{limit:g}"), [
                say("not_found_why"), say("more_time")])
        return RuntimeError(f"CP-SAT status {solver.status_name(code)}: "
                            f"{rm.model.validate() or 'no detail'}")

    def _cpsat(self, rm: RotationModel, expr: cp_model.LinearExprT | None, progress: _Callback,
               flows: np.ndarray | None, lp: LpPoint | None, mode: str
               ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        """One CP-SAT call, in one of three modes:

        - "round" the LP point `lp`: its integral arcs are fixed through a partial hint,
          CP-SAT decides the fractional ones, for RENS_SECONDS at most;
        - "improve" on the plan `flows`: only better plans are allowed, and reduced-cost
          fixing (`LpPoint.fixable`) removes most arcs first, so INFEASIBLE proves `flows`
          optimal;
        - "plain": the whole model, from the complete hint `flows` if there is one.
        """
        model = rm.model
        if expr is not None:
            model.minimize(expr)
        else:
            model.clear_objective()
        model.clear_hints()
        if flows is not None:
            rm.hint(flows)
        left = self.deadline - time.perf_counter()
        remaining = 0.0 if self.interrupt.fired else left * max(STAGE_SHARE,
                                                                1 / self.stages_left)
        seconds = max(0.01, min(remaining, RENS_SECONDS) if mode == "round" else remaining)
        solver = cp_model.CpSolver()
        self._parameters(solver, seconds)
        if mode == "round":
            for a in lp.integral().tolist():
                model.add_hint(rm.x[a], round(lp.flows[a]))
            solver.parameters.fix_variables_to_their_hinted_value = True
        elif mode == "improve":
            target = self.levels[progress.stage].value(flows) - 1
            model = model.clone()
            model.add(expr <= target)
            rm.fix_arcs(*lp.fixable(target, rm.arcs.ub), model)
        if self.on_progress is not None:
            solver.best_bound_callback = progress.on_bound
        if self.interrupt.active:
            solver.parameters.catch_sigint_signal = False
        began = time.perf_counter()
        self.interrupt.stop = solver.stop_search
        with _Watchdog(solver, seconds + WATCHDOG_MARGIN) as dog:
            code = solver.solve(model, progress)
        self.interrupt.stop = None
        solved = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        self._trace(progress.stage, f"cpsat-{mode}", solver.status_name(code), began,
                    solver.objective_value if solved else None,
                    solver.best_objective_bound if solved else None)
        if dog.fired:
            self.stopped_by = "watchdog"
        if solved:
            self.solution_seen()
        return code, solver

    def _trace(self, level: str, step: str, status: str, began: float,
               objective: float | None, bound: float | None) -> None:
        self.trace.append({"level": level, "step": step, "status": status,
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

    def _bound(self, terms: dict[str, float], plan: list[str], stopped_at: int,
               bound: float | None) -> float:
        """A lower bound on `total`: the levels proven optimal at their values, W × the
        stopped level's bound, and 0 for the levels after (every level is ≥ 0)."""
        mult = lv.multipliers(self.prob.inst, self.prob.weights)
        done = sum(mult[n] * int(terms[n]) for n in plan[:stopped_at])
        if bound is None or stopped_at >= len(plan):
            return float(done)
        return float(done + mult[plan[stopped_at]] * max(0, math.ceil(bound - 1e-6)))


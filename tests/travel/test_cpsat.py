"""Running CP-SAT: explicit parameters, a bounded time, and statuses mapped one to one."""

from __future__ import annotations

import time

import pytest
from ortools.sat.python import cp_model

from scheduler.errors import UsageError
from scheduler.solving import SolverSettings
from scheduler.travel import cpsat


def test_parameters_merge_and_refuse():
    solver = cp_model.CpSolver()
    cpsat.parameters(solver, SolverSettings(workers=2, seed=7, params={"log_search_progress":
                                                                       False}),
                     3.0, {"subsolvers": ["core"], "linearization_level": 2})
    p = solver.parameters
    assert (p.num_workers, p.random_seed, p.max_time_in_seconds) == (2, 7, 3.0)
    assert list(p.subsolvers) == ["core"] and p.linearization_level == 2
    one = cp_model.CpSolver()
    cpsat.parameters(one, SolverSettings(workers=1), 1.0, {"subsolvers": ["core"]})
    assert list(one.parameters.subsolvers) == []  # one worker keeps the default search


def test_week_proving_runs_give_each_search_a_thread():
    two = cp_model.CpSolver()
    cpsat.parameters(two, SolverSettings(workers=2), 1.0, cpsat.WEEK_PROVE)
    assert (list(two.parameters.subsolvers), two.parameters.num_full_subsolvers) == (
        ["core", "max_lp"], 2)
    one = cp_model.CpSolver()
    cpsat.parameters(one, SolverSettings(workers=1), 1.0, cpsat.WEEK_PROVE)
    assert (list(one.parameters.subsolvers), one.parameters.num_full_subsolvers) == ([], 0)
    with pytest.raises(UsageError, match="unknown CP-SAT parameter"):
        cpsat.parameters(cp_model.CpSolver(), SolverSettings(params={"no_such": 1}), 1.0)
    with pytest.raises(UsageError, match="linearization_level"):
        cpsat.parameters(cp_model.CpSolver(),
                         SolverSettings(params={"linearization_level": "high"}), 1.0)


def pigeons(n: int) -> cp_model.CpModel:
    """n pigeons in n - 1 holes: infeasible, and hard to prove for clause learning."""
    m = cp_model.CpModel()
    x = [[m.new_bool_var("") for _ in range(n - 1)] for _ in range(n)]
    for row in x:
        m.add_exactly_one(row)
    for h in range(n - 1):
        m.add_at_most_one(row[h] for row in x)
    return m


def test_time_limit_is_kept_and_reported():
    began = time.perf_counter()
    out = cpsat.run(pigeons(14), SolverSettings(workers=1, seed=0,
                                                params={"symmetry_level": 0}), 0.3)
    assert out.status == "UNKNOWN" and out.stopped_by == "time_limit"
    assert time.perf_counter() - began < 0.3 + cpsat.WATCHDOG_GRACE


def test_statuses():
    m = cp_model.CpModel()
    x = m.new_int_var(0, 3, "x")
    m.maximize(x)
    out = cpsat.run(m, SolverSettings(workers=1), 5)
    assert (out.status, out.objective, out.bound) == ("OPTIMAL", 3, 3)
    m.add(x >= 4)
    assert cpsat.run(m, SolverSettings(workers=1), 5).status == "INFEASIBLE"


def test_invalid_model_is_a_bug_not_a_status():
    m = cp_model.CpModel()
    m.new_int_var(0, 3, "x")
    m.proto.variables[0].domain[0] = 4  # an empty domain [4, 3]: MODEL_INVALID
    with pytest.raises(RuntimeError, match="rejected the model"):
        cpsat.run(m, SolverSettings(workers=1), 1)


def test_minimal_core_keeps_only_the_literals_in_conflict():
    model = cp_model.CpModel()
    x, y, z, w = (model.new_bool_var(n) for n in "xyzw")
    model.add(x + y + w <= 1)
    model.add(w == 1).only_enforce_if(z)  # z forces w, so any two of x, y, z conflict
    far = time.perf_counter() + 10
    core = cpsat.minimal_core(model, SolverSettings(seed=0), [x, y, z], far)
    assert core is not None and len(core) == 2  # minimal: one of the three is dropped
    assert cpsat.minimal_core(model, SolverSettings(seed=0), [x], far) is None  # they can hold
    assert cpsat.minimal_core(model, SolverSettings(seed=0), [x, y], time.perf_counter()) is None


def test_a_run_stopped_before_its_first_solution_still_reports_its_bound():
    m = pigeons(14)
    m.minimize(m.new_int_var(2, 9, "cost"))  # any bound holds: no plan exists
    out = cpsat.run(m, SolverSettings(workers=1, seed=0, params={"symmetry_level": 0}), 0.3)
    assert out.status == "UNKNOWN" and out.objective is None
    assert out.bound is not None and 2 <= out.bound <= 9

"""The LP relaxation: a valid bound, safe reduced-cost fixing, and diving to a plan."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from scheduler.data.load import instance_from_records
from scheduler.generate import generate_records
from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.lp import Relaxation
from scheduler.rotation.model import build_model
from scheduler.rotation.problem import build_problem


def test_bound_fixing_and_dive_agree_with_cp_sat():
    records, policy = generate_records("s", 6)
    prob = build_problem(instance_from_records(records, policy))
    arcs = build_arcs(prob)
    rm = build_model(prob, arcs)
    relaxation = Relaxation(arcs.ub, rm.hard, rm.levels)
    lp = relaxation.bound("shortage", 10)
    rm.model.minimize(rm.exprs["shortage"])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    assert solver.solve(rm.model) == cp_model.OPTIMAL
    optimum = round(solver.objective_value)
    assert lp.bound <= optimum
    flows = rm.flows(solver)
    zero, top = lp.fixable(optimum, arcs.ub)
    assert (flows[zero] == 0).all() and (flows[top] == arcs.ub[top]).all()
    bounds = [(v.lb(), v.ub()) for v in relaxation.vars]
    dived = relaxation.dive("shortage", lp, deadline=float("inf"))  # no deadline: no limit
    assert dived is not None and all(c.holds(dived) for c in rm.hard)
    assert rm.levels["shortage"].value(dived) >= optimum
    # the dive's fixings undone: the same columns, the same LP optimum (up to GLOP's
    # rounding after a warm start, about 1e-13 here)
    assert [(v.lb(), v.ub()) for v in relaxation.vars] == bounds
    assert relaxation.bound("shortage", 10).value == pytest.approx(lp.value, abs=1e-6)

"""The CP-SAT model: complete hints, exact levels, and sums that keep rows short."""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.data.load import instance_from_records
from scheduler.generate import generate_records
from scheduler.rotation.arcs import build_arcs
from scheduler.rotation.greedy import greedy_flows
from scheduler.rotation.model import build_model
from scheduler.rotation.problem import build_problem


def test_the_greedy_plan_is_a_complete_feasible_hint_with_exact_levels():
    records, policy = generate_records("s", 4)
    prob = build_problem(instance_from_records(records, policy))
    arcs = build_arcs(prob)
    rm = build_model(prob, arcs)
    flows = greedy_flows(prob, arcs)
    assert all(c.holds(flows) for c in rm.hard)
    for name in rm.levels:
        rm.model.minimize(rm.exprs[name])
        rm.hint(flows)
        solver = cp_model.CpSolver()
        solver.parameters.fix_variables_to_their_hinted_value = True
        solver.parameters.num_workers = 1
        assert solver.solve(rm.model) == cp_model.OPTIMAL
        assert solver.objective_value == rm.levels[name].value(flows)


def test_quotas_count_schools_not_arcs(cty):
    teachers = {f"{s}{i}": {"school_id": s, "subject": j}
                for s in "AB" for i, j in enumerate(("chinese", "math", "music"))}
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (5, 0)}, "C": {"at": (9, 0)}},
                      teachers, rotation={"min_share_of_eligible": 0.5})
    rm = build_model(build_problem(inst), build_arcs(build_problem(inst)))
    quota = next(c for c in rm.model.proto.constraints
                 if c.linear.domain and c.linear.domain[0] == 3 and len(c.linear.vars) == 2)
    assert list(quota.linear.coeffs) == [1, 1]  # one outflow variable per school


def test_switches_enforce_their_rules_only_when_on(cty):
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (80, 0)}}, {"T": {"school_id": "A"}},
                      rotation={"min_share_of_eligible": 1.0})
    prob = build_problem(inst)
    rm = build_model(prob, build_arcs(prob, filtered=False), switchable=("R2", "R3"))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    rm.model.add_assumptions([rm.switches["R2"], rm.switches["R3"]])
    assert solver.solve(rm.model) == cp_model.INFEASIBLE
    rm.model.clear_assumptions()
    rm.model.add_assumptions([rm.switches["R2"], rm.switches["R3"].negated()])
    assert solver.solve(rm.model) == cp_model.OPTIMAL


def test_the_headcount_rule_is_a_switch_too(cty):
    # R9 under "needs": B (5 km) has no staff and no gap, so its limit is 0; the quota
    # (100 % of 1) sends T somewhere, and B is the only other school: R2 and R9 conflict.
    inst = cty.county({"A": {"at": (0, 0)}, "B": {"at": (5, 0)}}, {"T": {"school_id": "A"}},
                      rotation={"min_share_of_eligible": 1.0, "headcount": "needs"})
    prob = build_problem(inst)
    assert prob.limits == {"A": 1, "B": 0}
    rm = build_model(prob, build_arcs(prob, filtered=False), switchable=("R2", "R9"))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    rm.model.add_assumptions([rm.switches["R2"], rm.switches["R9"]])
    assert solver.solve(rm.model) == cp_model.INFEASIBLE
    rm.model.clear_assumptions()
    rm.model.add_assumptions([rm.switches["R2"], rm.switches["R9"].negated()])
    assert solver.solve(rm.model) == cp_model.OPTIMAL

"""Constraints and levels as data: values, bounds and the hinges' hull cuts."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.sat.python import cp_model

from scheduler.core.linear import Hinge, Level, Square, Step, linear
from scheduler.rotation.model import _add_step


def _hinge(offset, coefs, absolute=False, weight=1):
    return Hinge(weight, offset, np.arange(len(coefs)), np.asarray(coefs), absolute)


def test_values_of_constraints_hinges_and_levels():
    c = linear("R4", "cap", {0: 1, 2: 1}, hi=1)
    flows = np.array([1, 5, 1])
    assert c.activity(flows) == 2 and not c.holds(flows)
    level = Level("x", constant=3)
    level.add(1, 2)
    level.hinge(4, 5, {0: -10, 2: -10})  # 4 × max(0, 5 − 10 − 10) = 0
    level.hinge(2, 7, {}, absolute=True)  # constant 14
    assert level.value(flows) == 3 + 10 + 0 + 14 and level.varies
    assert _hinge(-3, [2, -2], absolute=True).bounds(np.array([4, 1])) == (-5, 5)


@pytest.mark.parametrize("absolute", [False, True])
@pytest.mark.parametrize("offset", [-13, -4, 0, 4, 7, 25])
@pytest.mark.parametrize("g", [1, 10, 100])
def test_the_hull_cut_holds_at_every_lattice_point_and_touches_the_kink(absolute, offset, g):
    h = _hinge(offset, [g, -g], absolute)
    cut = h.hull_cut()
    r = offset % g
    if g == 1 or r == 0:
        assert cut is None
        return
    a, b, c = cut
    f = abs if absolute else (lambda e: max(0, e))
    for e in range(offset - 5 * g, offset + 5 * g + 1, g):
        assert a * f(e) >= b * e + c
    assert a * f(r) == b * r + c and a * f(r - g) == b * (r - g) + c


@pytest.mark.parametrize("x0", [0, 1, 2])
def test_a_step_fires_in_cp_sat_exactly_when_its_limit_is_broken(x0):
    # weight × [−10 + x0 + (e_A² − 4 e_A) + 2 e_B² > 0], e_A = 3 + x0 ∈ [3, 5] and
    # e_B = 2 − x1 with x1 capped at 0, so e_B = 2 (lo = hi: a school whose count cannot
    # move, e.g. a sending cap of 0). By hand: x0 = 0: −10 + 0 − 3 + 8 = −5; x0 = 1:
    # −10 + 1 + 0 + 8 = −1; x0 = 2: −10 + 2 + 5 + 8 = 5: only x0 = 2 breaks the limit.
    # The rows must force b = 1 there: e_B² = 4 must hold with no secant between lo and
    # hi to state it, which once let b = 0 through (the solver's "CP-SAT objective 0 but
    # the plan's level is 1").
    ub = np.array([2, 0])
    squares = (Square(1, 3, np.array([0]), np.array([1]), 3, 5, -4),
               Square(2, 2, np.array([1]), np.array([-1]), 2, 2))
    st = Step(7, -10, np.array([0]), np.array([1]), squares)
    flows = np.array([x0, 0])
    assert st.value(flows) == (7 if x0 == 2 else 0)
    model = cp_model.CpModel()
    x = [model.new_int_var(x0, x0, ""), model.new_int_var(0, int(ub[1]), "")]
    aux = _add_step(model, x, st, ub)
    model.minimize(aux[0])
    for var, value in zip(aux, st.aux_values(flows), strict=True):
        model.add_hint(var, value)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    assert solver.value(aux[0]) * st.weight == st.value(flows)
    # the exact auxiliaries satisfy every row (a complete hint is a plan)
    solver.parameters.fix_variables_to_their_hinted_value = True
    model.clear_objective()
    assert solver.solve(model) == cp_model.OPTIMAL

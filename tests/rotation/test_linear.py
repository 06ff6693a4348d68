"""Constraints and levels as data: values, bounds and the hinges' hull cuts."""

from __future__ import annotations

import numpy as np
import pytest

from scheduler.rotation.linear import Hinge, Level, linear


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

"""The benchmark's numbers on values worked out by hand."""

from __future__ import annotations

import math

import pytest

from scheduler.bench.metrics import (
    performance_ratios,
    primal_gap,
    primal_gap_at,
    primal_integral,
    profile_curve,
    shifted_geomean,
    time_to_target,
)


def test_shifted_geomean_by_hand() -> None:
    # (0 + 10)(30 + 10) = 400, sqrt = 20, minus the shift: 10 (the plain mean would be 15)
    assert shifted_geomean([0, 30], shift=10) == pytest.approx(10.0)
    # 10 · 10 · 80 = 8000, cube root 20 → 10
    assert shifted_geomean([0, 0, 70]) == pytest.approx(10.0)
    # no shift: the geometric mean
    assert shifted_geomean([1, 4], shift=0) == pytest.approx(2.0)


def test_shifted_geomean_skips_missing_and_refuses_nonpositive() -> None:
    assert shifted_geomean([None, float("nan")]) is None
    assert shifted_geomean([None, 30, 0]) == pytest.approx(10.0)
    with pytest.raises(ValueError):
        shifted_geomean([-10.0], shift=10)


def test_primal_gap_cases() -> None:
    assert primal_gap(110, 100) == pytest.approx(10 / 110)
    assert primal_gap(None, 100) == 1.0
    assert primal_gap(-5, 5) == 1.0  # opposite signs
    assert primal_gap(0, 0) == 0.0
    assert primal_gap(100.00001, 100) == 0.0  # within the relative tolerance


def test_primal_integral_by_hand() -> None:
    # γ = 1 on [0, 2), 100/200 = 0.5 on [2, 6), 0 on [6, 10]: area 2 + 2 = 4, over 10 s
    assert primal_integral([(6, 100), (2, 200)], best=100, horizon=10) == pytest.approx(0.4)
    # no solution at all: 1; a solution only after the time limit does not count
    assert primal_integral([], best=100, horizon=10) == 1.0
    assert primal_integral([(12, 100)], best=100, horizon=10) == 1.0
    # a run that stops at 1 s with γ = 0.5 keeps it to the limit: (1 + 0.5 · 9) / 10
    assert primal_integral([(1, 200)], best=100, horizon=10) == pytest.approx(0.55)
    with pytest.raises(ValueError):
        primal_integral([], best=1, horizon=0)


def test_gap_curve_and_time_to_target() -> None:
    points = [(1.0, 200.0), (3.0, 100.00001)]
    assert primal_gap_at(points, 100, [0, 1, 2, 3, 4]) == [1.0, 0.5, 0.5, 0.0, 0.0]
    assert time_to_target(points, 100) == 3.0
    assert time_to_target(points, 50) is None


def test_performance_profile_by_hand() -> None:
    inf = math.inf
    ratios = performance_ratios({
        "p1": {"a": 1.0, "b": 2.0},
        "p2": {"a": inf, "b": 4.0},
        "p3": {"a": inf, "b": inf},
        "p4": {"a": 0.0, "b": 0.02},  # 0 s counts as 0.01 s: ratio 2 for b
    })
    assert ratios == {"a": [1.0, inf, inf, 1.0], "b": [2.0, 1.0, inf, 2.0]}
    assert profile_curve(ratios["a"], [1, 2]) == [0.5, 0.5]
    assert profile_curve(ratios["b"], [1, 2]) == [0.25, 0.75]
    assert profile_curve([], [1]) == [0.0]

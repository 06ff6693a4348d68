"""The numbers a benchmark reports, each defined once and tested on hand-computed values.

Times are summarised by the shifted geometric mean (Achterberg's thesis, the MIPLIB
protocol): sgm(x; s) = exp(mean(ln(x_i + s))) − s. The shift keeps runs of a few
hundredths of a second from dominating a mean of runs that take minutes; 10 s is the
usual shift for times.

The primal integral (Berthold, "Measuring the impact of primal heuristics", 2013) rates
how fast good solutions came, not only how good the last one is: the relative primal
gap γ(t) of the incumbent at time t against the best objective known for the instance,
integrated from 0 to the time limit and divided by it, so 0 means "the best solution at
once" and 1 means "no solution in the whole time". A run that stops early keeps its last
gap until the time limit, so a fast but poor heuristic is not rewarded for stopping.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

# An improving solution found during a run: (seconds since the solve started, objective).
Point = tuple[float, float]

TIME_SHIFT = 10.0
# Objectives within this relative distance of the best known count as reaching it.
REL_TOL = 1e-6
# Runs faster than this are treated as taking this long in performance ratios, so that a
# timer's resolution does not decide a ratio.
MIN_SECONDS = 0.01


def shifted_geomean(values: Iterable[float | None], shift: float = TIME_SHIFT) -> float | None:
    """exp(mean(ln(x + shift))) − shift over the values given; None when there are none."""
    xs = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if not xs:
        return None
    if any(x + shift <= 0 for x in xs):
        raise ValueError(f"every value must exceed −shift ({-shift})")
    return math.exp(sum(math.log(x + shift) for x in xs) / len(xs)) - shift


def primal_gap(objective: float | None, best: float) -> float:
    """Berthold's γ in [0, 1]: 0 at the best known, 1 without a solution or across zero."""
    if objective is None:
        return 1.0
    if abs(objective - best) <= REL_TOL * max(1.0, abs(best)):
        return 0.0
    if objective * best < 0:
        return 1.0
    return min(1.0, abs(objective - best) / max(abs(objective), abs(best)))


def primal_integral(points: Sequence[Point], best: float, horizon: float) -> float:
    """(1/horizon) ∫₀^horizon γ(t) dt, γ stepping at each improving solution."""
    if horizon <= 0:
        raise ValueError("the horizon (time limit) must be positive")
    gap, last, area = 1.0, 0.0, 0.0
    for t, objective in sorted(points):
        t = min(max(t, 0.0), horizon)
        area += gap * (t - last)
        last, gap = t, primal_gap(objective, best)
    area += gap * (horizon - last)
    return area / horizon


def primal_gap_at(points: Sequence[Point], best: float, times: Sequence[float]) -> list[float]:
    """γ(t) at each of `times`: the curve the gap-over-time plot draws."""
    ordered = sorted(points)
    out, i, gap = [], 0, 1.0
    for t in times:
        while i < len(ordered) and ordered[i][0] <= t:
            gap = primal_gap(ordered[i][1], best)
            i += 1
        out.append(gap)
    return out


def time_to_target(points: Sequence[Point], target: float) -> float | None:
    """When the run first held a solution as good as `target`; None if it never did."""
    for t, objective in sorted(points):
        if primal_gap(objective, target) == 0.0:
            return t
    return None


def performance_ratios(measures: Mapping[str, Mapping[str, float]]) -> dict[str, list[float]]:
    """Dolan–Moré ratios: per problem, each setting's measure over the best setting's.

    `measures[problem][setting]` is a time, `math.inf` when the setting failed. A problem
    that every setting failed gives every setting an infinite ratio.
    """
    settings = sorted({s for row in measures.values() for s in row})
    ratios: dict[str, list[float]] = {s: [] for s in settings}
    for row in measures.values():
        best = min((max(v, MIN_SECONDS) for v in row.values()), default=math.inf)
        for s in settings:
            value = max(row.get(s, math.inf), MIN_SECONDS)
            ratios[s].append(math.inf if math.isinf(best) or math.isinf(value) else value / best)
    return ratios


def profile_curve(ratios: Sequence[float], taus: Sequence[float]) -> list[float]:
    """ρ(τ): the share of problems whose ratio is at most τ."""
    if not ratios:
        return [0.0 for _ in taus]
    return [sum(r <= tau for r in ratios) / len(ratios) for tau in taus]

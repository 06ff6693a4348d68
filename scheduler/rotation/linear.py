"""Constraints and objective levels as plain data over the flow variables x[arc].

The constraint families in `constraints/rotation/` return these; `model.py` turns them
into CP-SAT, the greedy baseline and the tests evaluate them on a plan without a solver.
An objective level is a constant, a linear part and convex "hinges" (w × max(0, e) or
w × |e|, for shortage and balance), so its exact value on any plan is cheap to compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def _array(values) -> np.ndarray:
    return np.asarray(values, dtype=np.int64)


@dataclass(frozen=True)
class Linear:
    """lo ≤ offset + Σ coefs·x[arcs] ≤ hi (None: unbounded), one rule's constraint."""

    rule: str  # the contract's id, e.g. "R4"
    label: str  # what it guards, e.g. "sending cap of S001"
    arcs: np.ndarray
    coefs: np.ndarray
    lo: int | None = None
    hi: int | None = None

    def activity(self, flows: np.ndarray) -> int:
        return int(np.dot(self.coefs, flows[self.arcs])) if len(self.arcs) else 0

    def holds(self, flows: np.ndarray) -> bool:
        a = self.activity(flows)
        return (self.lo is None or a >= self.lo) and (self.hi is None or a <= self.hi)


def linear(rule: str, label: str, terms: dict[int, int], lo: int | None = None,
           hi: int | None = None) -> Linear:
    arcs = sorted(terms)
    return Linear(rule, label, _array(arcs), _array([terms[a] for a in arcs]), lo, hi)


@dataclass(frozen=True)
class Hinge:
    """weight × max(0, offset + Σ coefs·x[arcs]), or weight × |...| when `absolute`."""

    weight: int
    offset: int
    arcs: np.ndarray
    coefs: np.ndarray
    absolute: bool = False

    def inner(self, flows: np.ndarray) -> int:
        return self.offset + int(np.dot(self.coefs, flows[self.arcs]))

    def value(self, flows: np.ndarray) -> int:
        e = self.inner(flows)
        return self.weight * (abs(e) if self.absolute else max(0, e))

    def bounds(self, ub: np.ndarray) -> tuple[int, int]:
        """Range of the inner expression when each x[a] lies in [0, ub[a]]."""
        span = self.coefs * ub[self.arcs]
        return (self.offset + int(span[span < 0].sum()), self.offset + int(span[span > 0].sum()))

    def hull_cut(self) -> tuple[int, int, int] | None:
        """(a, b, c) with a·y ≥ b·e + c: the facet of the hinge's integer hull at its kink.

        e = offset + Σ coefs·x only takes values r + g·Z (g = gcd of the coefs, r = offset mod
        g). Between the lattice points r − g and r around the kink at 0, max(0, e) and |e| are
        not linear, and the LP would follow the kink: a 0.4-post shortage (Q = 10) costs 4
        units for a whole teacher but only 0.4 teacher in the LP. The segment through
        (r − g, f(r − g)) and (r, f(r)) is valid at every lattice point (f is convex) and
        makes the relaxation of each hinge exact. None when r = 0 (no fractional kink).
        """
        g = int(np.gcd.reduce(np.abs(self.coefs)))
        r = self.offset % g
        if g <= 1 or r == 0:
            return None
        lo, hi = (g - r, r) if self.absolute else (0, r)  # f(r − g), f(r)
        # y ≥ f(r) + (f(r) − f(r − g)) / g × (e − r)   ⇔   g·y ≥ (hi − lo)·e + g·hi − (hi − lo)·r
        return g, hi - lo, g * hi - (hi - lo) * r


@dataclass
class Level:
    """One objective level: constant + Σ linear·x + Σ hinges, in the units of `levels.py`."""

    name: str
    constant: int = 0
    linear: dict[int, int] = field(default_factory=dict)
    hinges: list[Hinge] = field(default_factory=list)

    def add(self, arc: int, coef: int) -> None:
        if coef:
            self.linear[arc] = self.linear.get(arc, 0) + coef

    def hinge(self, weight: int, offset: int, terms: dict[int, int], absolute: bool = False
              ) -> None:
        """Add weight × max(0, offset + Σ terms) (or |…|); constant when no arc can move it."""
        terms = {a: c for a, c in terms.items() if c}
        if weight == 0:
            return
        if not terms:
            self.constant += weight * (abs(offset) if absolute else max(0, offset))
            return
        arcs = sorted(terms)
        self.hinges.append(Hinge(weight, offset, _array(arcs), _array([terms[a] for a in arcs]),
                                 absolute))

    @property
    def varies(self) -> bool:
        return bool(self.linear) or bool(self.hinges)

    def value(self, flows: np.ndarray) -> int:
        lin = sum(c * int(flows[a]) for a, c in self.linear.items())
        return self.constant + lin + sum(h.value(flows) for h in self.hinges)

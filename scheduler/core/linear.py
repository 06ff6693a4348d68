"""Constraints and objective levels as plain data over the flow variables x[arc].

The constraint families in `constraints/rotation/` return these; `model.py` turns them
into CP-SAT, the greedy baseline and the tests evaluate them on a plan without a solver.
An objective level is a constant, a linear part, convex "hinges" (w × max(0, e) or
w × |e|, for shortage and balance) and "steps" (w × [e + Σ squares > 0], for the
per-school standards and the CV limits), so its exact value on any plan is cheap to
compute. A step is the one term that needs auxiliary variables beyond one per term:
`Step.rows` states them once for CP-SAT, GLOP and HiGHS alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def int_array(values) -> np.ndarray:
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
    return Linear(rule, label, int_array(arcs), int_array([terms[a] for a in arcs]), lo, hi)


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


@dataclass(frozen=True)
class Square:
    """weight × e² + linear × e with e = offset + Σ coefs·x[arcs] ∈ [lo, hi]: a convex term
    of a step. `lo`, `hi` bound e over every plan (tighter than the arcs' bounds where the
    caller knows better, e.g. a headcount limit)."""

    weight: int
    offset: int
    arcs: np.ndarray
    coefs: np.ndarray
    lo: int
    hi: int
    linear: int = 0

    def inner(self, flows: np.ndarray) -> int:
        return self.offset + int(np.dot(self.coefs, flows[self.arcs]))

    def value(self, flows: np.ndarray) -> int:
        e = self.inner(flows)
        return self.weight * e * e + self.linear * e


@dataclass(frozen=True)
class Step:
    """weight × [offset + Σ coefs·x[arcs] + Σ squares > 0]: 1 when a limit is broken.

    In a solver (`rows`): a 0/1 variable b; per square a variable e = its inner expression
    (one equality row) and a variable s ≥ e², held above the secants of e² between
    consecutive integers, s ≥ (2k + 1)·e − k(k + 1), which meet e² at every integer e
    (exact for integer flows, the tightest convex relaxation for fractional ones); then
    offset + Σ coefs·x + Σ (w_j s_j + l_j e_j) ≤ M·b, M the largest value the left side
    takes. The secants name e alone, so each costs two nonzeros, not one per arc.
    """

    weight: int
    offset: int
    arcs: np.ndarray
    coefs: np.ndarray
    squares: tuple[Square, ...] = ()

    def inner(self, flows: np.ndarray) -> int:
        lin = self.offset + int(np.dot(self.coefs, flows[self.arcs]))
        return lin + sum(sq.value(flows) for sq in self.squares)

    def value(self, flows: np.ndarray) -> int:
        return self.weight if self.inner(flows) > 0 else 0

    def aux_values(self, flows: np.ndarray) -> list[int]:
        """The auxiliaries' exact values for integer `flows`, in `rows`' column order."""
        out = [int(self.inner(flows) > 0)]
        for sq in self.squares:
            e = sq.inner(flows)
            out += [e, e * e]
        return out

    def rows(self, ub: np.ndarray, first: int) -> tuple[list[tuple[int, int]],
                                                        list[tuple[dict[int, int], int, int]]]:
        """Auxiliary columns and rows over x (indices < `first`) and the auxiliaries (from
        `first`: b, then e and s per square). Returns ([(lo, hi)], [(coefs, lo, hi)]), all
        integers, INT_INF for "no upper bound"; every auxiliary is integral."""
        columns: list[tuple[int, int]] = [(0, 1)]
        rows: list[tuple[dict[int, int], int, int]] = []
        pairs = list(zip(self.arcs.tolist(), self.coefs.tolist(), strict=True))
        main: dict[int, int] = {int(a): -int(c) for a, c in pairs}
        top = self.offset + sum(max(0, int(c)) * int(ub[a]) for a, c in pairs)
        for j, sq in enumerate(self.squares):
            e, sqr = first + 1 + 2 * j, first + 2 + 2 * j
            columns += [(sq.lo, sq.hi), (0, max(sq.lo * sq.lo, sq.hi * sq.hi))]
            row = {int(a): -int(c) for a, c in
                   zip(sq.arcs.tolist(), sq.coefs.tolist(), strict=True)}
            row[e] = 1
            rows.append((row, sq.offset, sq.offset))  # e − Σ coefs·x = offset
            # s − (2k + 1)·e ≥ −k(k + 1); at least one secant, so that a square whose e
            # cannot move (lo = hi, e.g. every arc capped at 0) still has s ≥ lo²
            for k in range(sq.lo, max(sq.hi, sq.lo + 1)):
                rows.append(({sqr: 1, e: -(2 * k + 1)}, -k * (k + 1), INT_INF))
            main[sqr] = -sq.weight
            main[e] = -sq.linear
            top += max(sq.weight * x * x + sq.linear * x for x in (sq.lo, sq.hi))
        main[first] = max(1, top)  # M·b − Σ coefs·x − Σ (w·s + l·e) ≥ offset
        rows.append((main, self.offset, INT_INF))
        return columns, rows


INT_INF = 2**62  # "no upper bound" in `Step.rows`


@dataclass
class Level:
    """One objective level: constant + Σ linear·x + Σ hinges (units: `rotation_levels.py`)."""

    name: str
    constant: int = 0
    linear: dict[int, int] = field(default_factory=dict)
    hinges: list[Hinge] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

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
        self.hinges.append(Hinge(weight, offset, int_array(arcs),
                                 int_array([terms[a] for a in arcs]),
                                 absolute))

    def step(self, weight: int, offset: int, terms: dict[int, int],
             squares: tuple[Square, ...] = ()) -> None:
        """Add weight × [offset + Σ terms + Σ squares > 0]; constant when nothing moves it."""
        terms = {a: c for a, c in terms.items() if c}
        offset += sum(sq.value(np.zeros(0, dtype=np.int64)) for sq in squares if not len(sq.arcs))
        squares = tuple(sq for sq in squares if len(sq.arcs))
        if weight == 0:
            return
        arcs = sorted(terms)
        st = Step(weight, offset, int_array(arcs), int_array([terms[a] for a in arcs]), squares)
        if not terms and not squares:
            self.constant += st.value(np.zeros(0, dtype=np.int64))
            return
        self.steps.append(st)

    @property
    def floor(self) -> int | None:
        """A value no plan goes below, when one is plain: the constant, if every linear
        coefficient is ≥ 0 (hinges and steps never are below 0)."""
        return self.constant if all(c >= 0 for c in self.linear.values()) else None

    @property
    def varies(self) -> bool:
        return bool(self.linear) or bool(self.hinges) or bool(self.steps)

    def value(self, flows: np.ndarray) -> int:
        lin = sum(c * int(flows[a]) for a, c in self.linear.items())
        return (self.constant + lin + sum(h.value(flows) for h in self.hinges)
                + sum(st.value(flows) for st in self.steps))

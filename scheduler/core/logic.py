"""CP-SAT's logical helpers: a literal equal to an AND or an OR, constants folded.

The travel families build route and objective literals with these; here, on the bottom
layer, so that `constraints/travel` imports nothing of `scheduler.travel`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

Lit = Any  # a BoolVar, its negation, or a 0/1 constant


def and_lit(model: cp_model.CpModel, a: Lit, b: Lit, name: str) -> Lit:
    """A literal equal to a AND b (constants folded)."""
    if isinstance(a, int) or isinstance(b, int):
        if isinstance(a, int) and isinstance(b, int):
            return a & b
        const, other = (a, b) if isinstance(a, int) else (b, a)
        return other if const else 0
    w = model.new_bool_var(name)
    model.add_bool_and([a, b]).only_enforce_if(w)
    model.add_bool_or([~a, ~b, w])
    return w


def and_expr(model: cp_model.CpModel, a: Any, b: Any, name: str) -> Lit:
    """A literal equal to a AND b for 0/1 linear expressions (three linear constraints)."""
    w = model.new_bool_var(name)
    model.add(w <= a)
    model.add(w <= b)
    model.add(w >= a + b - 1)
    return w


def or_lit(model: cp_model.CpModel, lits: list[Lit], name: str) -> Lit:
    """A literal equal to OR(lits) (constants folded)."""
    live = [x for x in lits if not isinstance(x, int)]
    if any(isinstance(x, int) and x for x in lits):
        return 1
    if not live:
        return 0
    if len(live) == 1:
        return live[0]
    r = model.new_bool_var(name)
    model.add_max_equality(r, live)
    return r

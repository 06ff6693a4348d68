"""A rotation plan as the solver (or the greedy baseline) hands it to the writers."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scheduler.core.rotation_levels import LEVELS
from scheduler.solving import SolveStats

if TYPE_CHECKING:
    from scheduler.rotation.changes import Change
    from scheduler.rotation.fairness import SwapPair


@dataclass(frozen=True)
class Move:
    """One teacher who moves; `reasons` are the contract's short codes (shortage:music, ...)."""

    teacher_id: str
    from_school_id: str
    to_school_id: str
    distance_km: float
    reasons: tuple[str, ...] = ()


@dataclass
class RotationResult:
    """Moves plus how the solve went; `terms` holds the objective level by level."""

    moves: list[Move]
    stats: SolveStats
    terms: dict[str, float] = field(default_factory=dict)
    # one entry per lexicographic stage: levels, status, seconds, objective, bound
    stages: list[dict[str, object]] = field(default_factory=list)
    # swap pairs exchanged after the solve (fairness.fix_swaps), in the order made
    swaps: list[SwapPair] = field(default_factory=list)
    # a re-plan against a previous plan (`--baseline`): every change and its cause
    changes: list[Change] | None = None

    @property
    def placement(self) -> dict[str, str]:
        """teacher_id -> destination, for the movers only."""
        return {m.teacher_id: m.to_school_id for m in self.moves}


BOUND_STEPS = ("lp", "highs-bound", "floor")  # trace steps whose bound holds for the whole level
PROOF_STEPS = ("done", "highs")  # trace steps that prove their level optimal


def level_table(result: RotationResult, terms: Mapping[str, float]) -> list[dict[str, Any]]:
    """Each objective level's value, best bound and gap, in lexicographic (`LEVELS`) order.

    The single `objective` encodes the levels exactly (each weighted above everything
    below it), so its relative gap is dominated by the first level and says nothing of
    the others; this table is where a FEASIBLE plan shows which level is still open and
    by how much. A level is proven when a stage proved it (`done`, HiGHS's `highs`) or its
    value meets its LP bound, and no level before it is open: a level solved after an open
    one (held at its plan's value, `solve._Staged._hold`) is optimal only given that value,
    so it gets the trivial bound 0, as do levels never reached. Only LP bounds (and
    HiGHS's dual bound, `highs-bound`) are used: a rounding step's OPTIMAL speaks of a
    restricted model, not of the level.
    """
    optimal = result.stats.status == "OPTIMAL"
    table = []
    open_seen = False
    for level in (lv for lv in LEVELS if lv in terms):
        value = terms[level]
        steps = [st for st in result.stages if st.get("level") == level]
        lp = max((float(st["bound"]) for st in steps
                  if st.get("step") in BOUND_STEPS and isinstance(st.get("bound"), int | float)),
                 default=0.0)
        proven = optimal or (not open_seen and (
            value <= math.ceil(lp - 1e-6)
            or any(st.get("step") in PROOF_STEPS and st.get("status") == "OPTIMAL"
                   for st in steps)))
        if proven:
            bound = value
        elif open_seen:  # solved, if at all, given the open level's value: only 0 bounds it
            bound = 0.0
            proven = value <= 0  # at that bound all the same
        else:
            bound = min(value, lp)
        open_seen = open_seen or not proven
        gap = 0.0 if proven else (value - bound) / max(1.0, abs(value))
        table.append({"level": level, "value": value, "bound": bound, "gap": gap,
                      "proven": proven})
    return table

"""A rotation plan as the solver (or the greedy baseline) hands it to the writers."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.solving import SolveStats


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

    @property
    def placement(self) -> dict[str, str]:
        """teacher_id -> destination, for the movers only."""
        return {m.teacher_id: m.to_school_id for m in self.moves}

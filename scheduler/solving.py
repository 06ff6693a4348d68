"""What every solve shares: settings in, statistics out, and an honest status.

The status names are the contract's (`OPTIMAL`, `FEASIBLE`, `INFEASIBLE`, `UNKNOWN`);
FEASIBLE is never reported as OPTIMAL, and the bound and gap always travel with the
objective. This module does not import ortools, so the checker and reports can use it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Note and Items live with the catalogs that say them; solvers take them from here
from scheduler.i18n import Items as Items
from scheduler.i18n import Note as Note

STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN")


@dataclass(frozen=True)
class SolverSettings:
    """Explicit solver parameters; `params` passes anything else to CP-SAT by name."""

    time_limit: float = 60.0
    workers: int = 2
    seed: int = 0
    log: bool = False
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class SolveStats:
    """How a solve went, in the words of the contract's summary files."""

    status: str
    objective: float | None = None
    best_bound: float | None = None
    solve_seconds: float = 0.0
    build_seconds: float = 0.0
    first_solution_seconds: float | None = None
    method: str = "cpsat"
    workers: int = 1
    seed: int = 0
    time_limit: float | None = None
    stopped_by: str | None = None  # "time_limit", "interrupt", "watchdog" or None
    # A staged (lexicographic) solve's gap: that of its first open level. Its single
    # encoded objective is dominated by the first level, so |objective − bound| says
    # nothing of the levels below; see scheduler.rotation.result.level_table.
    level_gap: float | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def gap(self) -> float | None:
        """Relative gap |objective − bound| / max(1, |objective|); 0 when proven optimal.

        For a staged solve, the gap of its first open level (`level_gap`)."""
        if self.level_gap is not None:
            return self.level_gap
        return relative_gap(self.objective, self.best_bound)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["gap"] = self.gap
        return out


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """|objective − bound| / max(1, |objective|), the gap every summary reports; None
    without both."""
    if objective is None or bound is None:
        return None
    return abs(objective - bound) / max(1.0, abs(objective))


def lexicographic_gap(levels: list[Any]) -> float:
    """The gap of a staged solve: that of the first level not proven optimal, else 0."""
    for lv in levels:
        if isinstance(lv, dict) and not lv.get("proven"):
            value, bound = float(lv["value"]), float(lv["bound"])
            return (value - bound) / max(1.0, abs(value))
    return 0.0


@dataclass(frozen=True)
class ProgressEvent:
    """A new incumbent or bound while solving, for a live display (CP-SAT and the HiGHS
    baseline alike, rotation and travel; here, so that a module that must not load ortools
    can use it).

    `objective` and `bound` are those of the level being optimised (`stage`, e.g.
    "shortage", in the units of `rotation_levels.py`; "feasibility" when no level is on), stage
    `stage_index` of `stages`; `elapsed` counts from the start of the solve.
    """

    elapsed: float
    objective: float | None
    bound: float | None
    stage: str = ""
    stage_index: int = 1
    stages: int = 1


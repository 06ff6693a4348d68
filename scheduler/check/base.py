"""What a check finds: each broken rule named by its contract id, plus recomputed figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One broken rule: `rule` is the contract's id (R1..R8, T1..T9) or `figures`/`format`."""

    rule: str
    message: str


@dataclass
class CheckReport:
    """The outcome for one plan kind found in the plan folder ("rotation" or "travel")."""

    plan: str
    findings: list[Finding] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)  # recomputed, e.g. objective, km

    @property
    def ok(self) -> bool:
        return not self.findings

"""Find the plans in a folder and check each one (rotation, travel), or a joint plan of
`rotaplan plan` (rotation/ and travel/) as one.

A plan is recognised by its main file (contract §2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.check.base import CheckReport
from scheduler.check.coplan import check_joint, is_joint
from scheduler.check.rotation import check_rotation
from scheduler.check.travel import check_travel
from scheduler.data.instance import Instance
from scheduler.errors import UsageError
from scheduler.i18n import Items, Note

# plan kind -> (the file that marks it, its checker)
PLAN_KINDS: dict[str, tuple[str, Callable[[Instance, Path], CheckReport]]] = {
    "rotation": ("rotation_plan.csv", check_rotation),
    "travel": ("travel_timetable.csv", check_travel),
}


@dataclass
class CheckRun:
    """The reports of every plan checked."""

    reports: list[CheckReport] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.reports)


def find_plans(plan_dir: Path) -> list[str]:
    """The plan kinds whose main file is in `plan_dir`, in PLAN_KINDS order."""
    return [kind for kind, (marker, _) in PLAN_KINDS.items() if (plan_dir / marker).is_file()]


def run_checks(inst: Instance, plan_dir: Path) -> CheckRun:
    """Check every plan found in `plan_dir`; UsageError when there is nothing to check."""
    plan_dir = Path(plan_dir)
    if not plan_dir.is_dir():
        raise UsageError(Note.of("usage.plan_not_folder", plan=plan_dir))
    if is_joint(plan_dir):
        return CheckRun(check_joint(inst, plan_dir))
    kinds = find_plans(plan_dir)
    if not kinds:
        markers = Items.of((marker for marker, _ in PLAN_KINDS.values()), "either")
        raise UsageError(Note.of("usage.no_plan", plan=plan_dir, files=markers))
    run = CheckRun()
    for kind in kinds:
        run.reports.append(PLAN_KINDS[kind][1](inst, plan_dir))
    return run

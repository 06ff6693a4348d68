"""Find the plans in a folder and check each one: rotation, and travel where its checker exists.

A plan is recognised by its main file (contract §2). The travel checker lives in
`scheduler.check.travel`; a version without it says so rather than passing the plan.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.check.base import CheckReport
from scheduler.data.instance import Instance
from scheduler.errors import UsageError

# plan kind -> (the file that marks it, the checker module, its function)
PLAN_KINDS: dict[str, tuple[str, str, str]] = {
    "rotation": ("rotation_plan.csv", "scheduler.check.rotation", "check_rotation"),
    "travel": ("travel_timetable.csv", "scheduler.check.travel", "check_travel"),
}


@dataclass
class CheckRun:
    """The reports of every plan checked, and notes on plans that could not be checked."""

    reports: list[CheckReport] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.reports)


def find_plans(plan_dir: Path) -> list[str]:
    """The plan kinds whose main file is in `plan_dir`, in PLAN_KINDS order."""
    return [kind for kind, (marker, _, _) in PLAN_KINDS.items() if (plan_dir / marker).is_file()]


def run_checks(inst: Instance, plan_dir: Path) -> CheckRun:
    """Check every plan found in `plan_dir`; UsageError when there is nothing to check."""
    plan_dir = Path(plan_dir)
    if not plan_dir.is_dir():
        raise UsageError(f"--plan {plan_dir} is not a folder")
    kinds = find_plans(plan_dir)
    if not kinds:
        markers = " or ".join(marker for marker, _, _ in PLAN_KINDS.values())
        raise UsageError(f"no plan in {plan_dir}: expected {markers}")
    run = CheckRun()
    for kind in kinds:
        checker = _checker(kind)
        if checker is None:
            run.notes.append(f"a {kind} plan is in {plan_dir}, but this version of rotaplan "
                             f"has no {kind} checker: it was not checked")
            continue
        run.reports.append(checker(inst, plan_dir))
    if not run.reports:
        raise UsageError("; ".join(run.notes))
    return run


def _checker(kind: str) -> Callable[[Instance, Path], CheckReport] | None:
    _, module_name, function = PLAN_KINDS[kind]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    return getattr(module, function)

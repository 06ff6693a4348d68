"""The joint-layout checks (scheduler/check/coplan.py) on a separate plan of the demo
county: each half on its own county passes; the joint check asks for the coverage the
rotation counted; a timetable missing a lesson fails."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from scheduler.bench.plans import solve_plan, write_and_check
from scheduler.check.coplan import check_joint, check_separate
from scheduler.data import load_instance
from scheduler.solving import SolverSettings

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo-county"


@pytest.fixture(scope="module")
def separate(tmp_path_factory: pytest.TempPathFactory):
    """The demo county rotated then timetabled (4 s, one worker), in the joint layout."""
    inst = load_instance(DEMO)
    plan = tmp_path_factory.mktemp("separate") / "plan"
    pair = solve_plan("separate", inst, SolverSettings(time_limit=4.0, workers=1, seed=0))
    return inst, plan, write_and_check("separate", inst, pair, plan)


def test_a_separate_plan_passes_half_by_half_not_as_a_joint_one(separate) -> None:
    inst, plan, reports = separate
    assert [r.plan for r in reports] == ["rotation", "travel", "plan"]
    assert all(r.ok for r in reports), [f for r in reports for f in r.findings]
    # the joint check wants the coverage the rotation counted: a separate one counts none
    joint = check_joint(inst, plan)
    assert "coverage" in {f.rule for r in joint for f in r.findings}


def test_a_timetable_missing_a_lesson_fails(separate, tmp_path: Path) -> None:
    inst, written, _ = separate
    plan = tmp_path / "plan"
    shutil.copytree(written, plan)
    path = plan / "travel" / "travel_timetable.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.reader(fh))
    assert len(lines) > 2  # a header and the lessons' periods
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(lines[:-1])
    rotation, travel, _pair = check_separate(inst, plan)
    assert rotation.ok and "T1" in {f.rule for f in travel.findings}  # a lesson short

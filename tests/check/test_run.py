"""Finding the plans in a folder and running the checker of each kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scheduler.check import run as r
from scheduler.check.base import CheckReport, Finding
from scheduler.data.load import instance_from_records
from scheduler.errors import UsageError


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records, {"rotation": {"max_outflow_share": 0.34}})


@pytest.fixture
def fake_travel(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """A travel checker that records the folders it was given and finds one T1 problem."""
    seen: list[Path] = []

    def check_travel(inst: Any, plan_dir: Path) -> CheckReport:
        seen.append(plan_dir)
        return CheckReport("travel", [Finding("T1", "lesson P1/1 pe has 2 of 3 periods")])

    monkeypatch.setitem(r.PLAN_KINDS, "travel", ("travel_timetable.csv", check_travel))
    return seen


def test_find_plans(tmp_path: Path) -> None:
    assert r.find_plans(tmp_path) == []
    (tmp_path / "travel_timetable.csv").write_text("x")
    (tmp_path / "rotation_plan.csv").write_text("x")
    assert r.find_plans(tmp_path) == ["rotation", "travel"]


def test_missing_or_empty_plan_folder_is_a_usage_error(inst: Any, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a folder"):
        r.run_checks(inst, tmp_path / "nowhere")
    with pytest.raises(UsageError, match="no plan in"):
        r.run_checks(inst, tmp_path)


def test_rotation_and_travel_are_both_checked(inst: Any, tmp_path: Path,
                                              fake_travel: list[Path]) -> None:
    (tmp_path / "rotation_plan.csv").write_text("not the contract's header\n")
    (tmp_path / "travel_timetable.csv").write_text("x")
    run = r.run_checks(inst, tmp_path)
    assert [rep.plan for rep in run.reports] == ["rotation", "travel"]
    assert fake_travel == [tmp_path]
    assert not run.ok
    assert run.reports[0].findings and all(f.rule == "format" for f in run.reports[0].findings)


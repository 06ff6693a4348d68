"""Bad data contract §5 input (locks.csv, history.csv, calendar.csv, posts, post) at the
command line:
exit code 2, every problem named by file, row and column, and nothing written."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.write import write_folder

runner = CliRunner()


def snapshot(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")}


@pytest.fixture
def bad_county(tiny_records: dict[str, list[dict[str, Any]]], tmp_path: Path) -> Path:
    """The tiny county in Chinese headers with seven §5 mistakes."""
    tiny_records["schools"][1]["posts"] = -1
    tiny_records["teachers"][0]["post"] = "janitor"
    tiny_records["history"] = [{"teacher_id": "T04", "from_school_id": "C1",
                                "to_school_id": "V1", "start_year": 2025, "end_year": 2024}]
    tiny_records["locks"] = [{"teacher_id": "T99", "action": "留任", "school_id": None}]
    tiny_records["calendar"] = [{"date": "2026-02-30", "kind": "放假"},
                                {"date": "2026-10-01", "kind": "party"},
                                {"date": "2026-10-02", "kind": "holiday", "as_weekday": "周三"}]
    write_folder(tiny_records, tmp_path / "county", lang="zh")
    return tmp_path / "county"


EXPECTED = (
    "schools.csv, row 3, column 核定编制数: expected a whole number ≥ 0, got '-1'",
    "teachers.csv, row 2, column 职务: expected teacher, principal or vice_principal "
    "(教师/校长/副校长), got 'janitor'",
    "history.csv, row 2, column 结束学年: expected an end_year after start_year (2025), got 2024",
    "calendar.csv, row 2, column 日期: expected a date such as 2026-10-01, got '2026-02-30'",
    "calendar.csv, row 3, column 类型: expected holiday or workday (放假/调休上课), got 'party'",
    "calendar.csv, row 4, column 按星期: expected a blank as_weekday on a holiday (it is for "
    "kind workday), got 3",
    "locks.csv, row 2, column 工号: expected a teacher_id from teachers, got 'T99'",
)


def test_validate_names_every_v2_problem_and_exits_2(bad_county: Path, tmp_path: Path) -> None:
    before = snapshot(tmp_path)
    result = runner.invoke(app, ["validate", str(bad_county), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "7 problem(s) in the input; nothing was written" in result.stderr
    for line in EXPECTED:
        assert line in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before


def test_rotate_refuses_bad_v2_input_before_solving(bad_county: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    module = types.ModuleType("scheduler.rotation.solve")
    module.solve_rotation = lambda *a, **k: calls.append(a)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scheduler.rotation.solve", module)
    before = snapshot(tmp_path)

    result = runner.invoke(app, ["rotate", str(bad_county), "--out", str(tmp_path / "plan"),
                                 "--lang", "en"])

    assert result.exit_code == 2, result.output
    assert EXPECTED[-1] in result.stderr
    assert calls == [] and not (tmp_path / "plan").exists()
    assert snapshot(tmp_path) == before

"""`rotaplan rotate --lock FILE` and `rotaplan check --lock FILE`: a county's locks for one
run, in place of the instance's locks.csv (data contract §5, rule L)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo-county"
runner = CliRunner()


def write_locks(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["teacher_id", "action", "school_id"])
        w.writerows(rows)
    return path


def plan_rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / "rotation_plan.csv").open(encoding="utf-8-sig") as f:
        return {row["teacher_id"]: row for row in csv.DictReader(f)}


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_a_lock_file_replaces_the_instances_locks(tmp_path: Path) -> None:
    # T00001 (S001, eligible) must go to S010, a rural school; the instance's own locks
    # (T00009 must move, ...) no longer apply in this run.
    locks = write_locks(tmp_path / "locks.csv", [("T00001", "to", "S010")])
    out = tmp_path / "out"
    result = runner.invoke(app, ["rotate", str(DEMO), "--out", str(out), "--lock", str(locks),
                                 "--time-limit", "20", "--workers", "1", "--no-compare"])
    assert result.exit_code == 0, result.output
    rows = plan_rows(out)
    assert rows["T00001"]["to_school_id"] == "S010"
    assert "T00009" not in rows  # the instance's `move` lock is replaced, and no level needs it
    checked = runner.invoke(app, ["check", str(DEMO), "--plan", str(out), "--lock", str(locks)])
    assert checked.exit_code == 0, checked.output
    other = write_locks(tmp_path / "other.csv", [("T00001", "stay", "")])
    broken = runner.invoke(app, ["check", str(DEMO), "--plan", str(out), "--lock", str(other)])
    assert broken.exit_code == 1 and "L" in broken.output


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_a_bad_lock_file_is_refused_naming_file_row_and_column(tmp_path: Path) -> None:
    locks = write_locks(tmp_path / "mylocks.csv", [("T00001", "to", "S010"),
                                                  ("NOBODY", "stay", "")])
    out = tmp_path / "out"
    result = runner.invoke(app, ["rotate", str(DEMO), "--out", str(out), "--lock", str(locks),
                                 "--lang", "en"])
    assert result.exit_code == 2
    assert "mylocks.csv" in result.output and "row 3" in result.output
    assert "teacher_id" in result.output
    assert not out.exists()
    missing = runner.invoke(app, ["rotate", str(DEMO), "--out", str(out), "--lock",
                                  str(tmp_path / "nope.csv"), "--lang", "zh"])
    assert missing.exit_code == 2 and "找不到锁定文件" in missing.output

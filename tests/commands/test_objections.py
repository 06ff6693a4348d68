"""`rotaplan objections INSTANCE --plan DIR --file objections.csv --out NEW_DIR`: each
request judged in file order, the granted ones kept as locks of a minimal-change
re-plan, the refused ones with their reason; a bad file is refused with exit 2.

On the demo county (instances/demo-county): T00078 is a vice principal due to move
(R12), so a `stay` request for T00078 is impossible on its own; T00009 has a `move`
lock in the county's locks.csv, so its `stay` request contradicts it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from scheduler.cli import app

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo-county"
runner = CliRunner()
LOCKED = ("T00009", "T00021", "T00078", "T00107", "T00191")  # locks.csv, and the due leader
FAST = ["--time-limit", "20", "--workers", "1"]
pytestmark = pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")


@pytest.fixture(scope="module")
def provisional(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("provisional") / "plan"
    result = runner.invoke(app, ["rotate", str(DEMO), "--out", str(out), "--no-compare", *FAST])
    assert result.exit_code == 0, result.output
    return out


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def test_each_request_type_is_granted_and_an_impossible_one_refused(provisional: Path,
                                                                    tmp_path: Path) -> None:
    plan = {r["teacher_id"]: r["to_school_id"] for r in rows_of(provisional /
                                                                "rotation_plan.csv")}
    movers = [t for t in sorted(plan) if t not in LOCKED]
    stay, elsewhere = movers[0], movers[1]
    # Chinese headers and requests, as a county types them
    file = write(tmp_path / "异议.csv", ["工号", "诉求", "学校代码", "理由"], [
        [stay, "留任", "", "家中有老人"],
        [elsewhere, "不去", plan[elsewhere], "路远"],
        ["T00001", "去", "S010", "愿去乡村"],
        ["T00078", "留任", "", ""],
    ])
    out = tmp_path / "new"
    result = runner.invoke(app, ["objections", str(DEMO), "--plan", str(provisional), "--file",
                                 str(file), "--out", str(out), *FAST])
    assert result.exit_code == 0, result.output
    verdicts = {r["teacher_id"]: r for r in rows_of(out / "objections_result.csv")}
    assert [verdicts[t]["granted"] for t in (stay, elsewhere, "T00001", "T00078")] == \
        ["True", "True", "True", "False"]
    assert "T00078" in verdicts["T00078"]["why"] and "R12" in verdicts["T00078"]["why"]
    assert verdicts["T00078"]["row"] == "5"
    new = {r["teacher_id"]: r["to_school_id"] for r in rows_of(out / "rotation_plan.csv")}
    assert stay not in new
    assert new.get(elsewhere) != plan[elsewhere]
    assert new["T00001"] == "S010"
    changes = {r["teacher_id"]: r for r in rows_of(out / "rotation_changes.csv")}
    assert {stay, elsewhere, "T00001"} <= set(changes)
    assert changes["T00001"]["cause"] == "lock"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "异议处理" in report
    # why T00078 is refused, in the run's language (Chinese here) in the CSV and the report
    why = verdicts["T00078"]["why"]
    assert "留任" in why and "必须交流" in why and "must move" not in why
    assert why in report
    sheets = openpyxl.load_workbook(out / "rotation_plan.xlsx").sheetnames
    assert {"异议处理", "与原方案相比的变动"} <= set(sheets)
    # the new plan passes the checker with the county's own locks: the granted requests
    # are held through objections_result.csv
    assert runner.invoke(app, ["check", str(DEMO), "--plan", str(out)]).exit_code == 0


def test_a_request_that_conflicts_with_a_granted_one_says_so(provisional: Path,
                                                             tmp_path: Path) -> None:
    # Row 2 sends T00001 to S010; row 3 keeps T00001 from S010: possible alone, not with
    # row 2.
    file = write(tmp_path / "objections.csv", ["teacher_id", "request", "school_id", "reason"],
                 [["T00001", "to", "S010", ""], ["T00001", "not_to", "S010", ""]])
    out = tmp_path / "new"
    result = runner.invoke(app, ["objections", str(DEMO), "--plan", str(provisional), "--file",
                                 str(file), "--out", str(out), "--lang", "en", *FAST])
    assert result.exit_code == 0, result.output
    second = rows_of(out / "objections_result.csv")[1]
    assert second["granted"] == "False"
    assert "granted one(s) on row(s) 2" in second["why"]


def test_a_bad_objections_file_is_refused_naming_file_row_and_column(provisional: Path,
                                                                     tmp_path: Path) -> None:
    file = write(tmp_path / "bad.csv", ["teacher_id", "request", "school_id", "reason"],
                 [["T00001", "stay", "", ""], ["T00002", "maybe", "", ""],
                  ["NOBODY", "to", "S010", ""], ["T00003", "to", "", ""]])
    out = tmp_path / "new"
    result = runner.invoke(app, ["objections", str(DEMO), "--plan", str(provisional), "--file",
                                 str(file), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "bad.csv" in text
    assert "row 3" in text and "request" in text
    assert "row 4" in text and "teacher_id" in text
    assert "row 5" in text and "school_id" in text
    assert not out.exists()


def test_an_existing_out_folder_is_not_overwritten(provisional: Path, tmp_path: Path) -> None:
    file = write(tmp_path / "o.csv", ["teacher_id", "request", "school_id", "reason"],
                 [["T00001", "stay", "", ""]])
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = runner.invoke(app, ["objections", str(DEMO), "--plan", str(provisional), "--file",
                                 str(file), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 2
    assert (out / "keep.txt").read_text() == "mine"

"""rotation_plan.xlsx as an HR office opens it: Chinese sheets and headers (CSV codes in the
header comments), names beside ids, codes in words, no JSON, fitted rows; text stays text.

The tiny county (tests/conftest.py): T01 (music, county backbone) moves from C1 to V1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from scheduler.data.load import instance_from_records
from scheduler.report.rotation_xlsx import write_rotation_workbook
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.solving import SolveStats


def outputs(tiny_records: dict) -> Any:
    tiny_records["teachers"][0]["name"] = "=1+2"  # formula injection attempt
    inst = instance_from_records(tiny_records, {"rotation": {"max_outflow_share": 0.34}})
    total = score(inst, {"T01": "V1"})["total"]
    result = RotationResult([Move("T01", "C1", "V1", 7.0, ("shortage:music", "quota"))],
                            SolveStats("OPTIMAL", total, total, 0.5, method="cpsat",
                                       workers=2, seed=0, time_limit=60.0))
    return build_outputs(inst, result)


@pytest.fixture
def book(tiny_records: dict, tmp_path: Path) -> Any:
    write_rotation_workbook(outputs(tiny_records), tmp_path / "plan.xlsx")
    return load_workbook(tmp_path / "plan.xlsx")


def rows(ws: Any) -> list[dict[str, Any]]:
    """The table's rows by header (row 2; row 1 is the title)."""
    header = [c.value for c in ws[2]]
    return [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=3, values_only=True)]


def test_sheets_and_the_plan_in_words(book):
    assert book.sheetnames == ["交流名单", "校长副校长交流", "方案概况", "目标层级", "学科教师缺口",
                               "差异系数", "每校达标情况", "各校教师指标", "志愿与公平性"]
    plan = book["交流名单"]
    assert [c.value for c in plan[2]][:5] == ["工号", "姓名", "学科", "骨干级别", "职务"]
    assert [c.comment.text for c in plan[2]][:3] == ["teacher_id", "name", "subject"]
    (t01,) = rows(plan)
    assert (t01["学科"], t01["骨干级别"], t01["职务"]) == ("音乐", "县级骨干", "教师")
    assert (t01["原学校"], t01["交流学校"], t01["交流学校代码"]) == ("Central primary",
                                                                  "Village primary", "V1")
    assert t01["交流目的"] == "补齐学科教师缺口"
    assert t01["交流理由"] == "补音乐缺口；完成交流比例"
    name = plan["B3"]
    assert name.value == "=1+2" and name.data_type == "s"  # text, not a formula


def test_no_json_and_figures_as_tables(book):
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, str) and c.value[:1] in "[{":
                    with pytest.raises(ValueError):
                        json.loads(c.value)
            if row[0].row > 2:
                assert ws.row_dimensions[row[0].row].height >= 15, ws.title
        assert ws.print_area, ws.title
    summary = {r["项目"]: r["数值"] for r in rows(book["方案概况"])}
    assert summary["方案状态"] == "已证明最优"
    assert summary["交流教师（人）"] == 1 and summary["最低交流人数"] == 1
    assert summary["学科教师缺口（交流后）"] == 1.5
    schools = {r["学校代码"]: r for r in rows(book["各校教师指标"])}
    v1 = schools["V1"]
    assert (v1["交流前教师数"], v1["交流后教师数"]) == (1, 2)
    backbone = v1["县级及以上骨干教师数（每百名学生，交流后）"]
    assert backbone == pytest.approx(round(200 / 120 / 2, 3))
    assert v1["类型"] == "乡村" and v1["学段"] == "小学"
    shortage = {r["学科"]: r for r in rows(book["学科教师缺口"])}
    assert (shortage["音乐"]["交流前"], shortage["音乐"]["交流后"]) == (1, 0)


def test_english_on_request(tiny_records, tmp_path):
    write_rotation_workbook(outputs(tiny_records), tmp_path / "en.xlsx", "en")
    book = load_workbook(tmp_path / "en.xlsx")
    assert book.sheetnames[0] == "Moves"
    (t01,) = rows(book["Moves"])
    assert (t01["Subject"], t01["Serves"]) == ("Music", "close subject gaps")

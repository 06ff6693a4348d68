"""travel.xlsx as an office opens it: Chinese headers with the CSV code in a comment, names
beside ids, no JSON, bordered and wrapped cells whose rows fit their lessons, print areas,
one grid per teacher and site on a tab named after them; text stays text.

The tiny county's hand-made week (see test_travel_html.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from openpyxl import load_workbook

from scheduler.data.load import instance_from_records
from scheduler.report.files import write_travel_plan
from scheduler.solving import SolveStats
from scheduler.travel.result import Slot, TravelResult
from scheduler.travel.score import build_routes

WEEK = [
    Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 3, 1, "P1", "1", "music"),
    Slot("T01", 2, 2, "V1", "3A", "art"), Slot("T01", 4, 2, "V1", "3A", "art"),
    Slot("T03", 1, 3, "P1", "1", "pe"), Slot("T03", 2, 3, "P1", "1", "pe"),
    Slot("T03", 4, 3, "P1", "1", "pe"),
]


def book_for(inst: Any, tmp_path: Any, slots: list[Slot] = WEEK, lang: str = "zh") -> Any:
    res = TravelResult(slots, build_routes(inst, slots), SolveStats("OPTIMAL", 1.0, 1.0, 0.1))
    write_travel_plan(inst, res, tmp_path / "plan", lang=lang)
    return load_workbook(tmp_path / "plan" / "travel.xlsx")


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


def is_json(value: Any) -> bool:
    if not isinstance(value, str) or value[:1] not in "[{":
        return False
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def test_tables_then_a_grid_per_teacher_and_site_named_after_them(inst, tmp_path):
    book = book_for(inst, tmp_path)
    assert book.sheetnames == ["方案概况", "走教课表", "每日路线", "开齐开足情况", "走教补贴",
                               "补贴按中心校", "Teacher one", "Teacher three",
                               "Hill teaching point", "Village primary"]
    timetable = book["走教课表"]
    header = [c.value for c in timetable[2]]
    assert header == ["工号", "教师", "星期", "节次", "时间", "学校代码", "学校", "班级", "学科",
                      "单双周"]
    assert [c.comment.text for c in timetable[2]][:3] == ["teacher_id", "teacher", "day"]
    assert timetable.max_row == 2 + len(WEEK)
    assert [c.value for c in timetable[3]] == ["T01", "Teacher one", "星期一", 1,
                                               "08:00–08:40", "P1", "Hill teaching point", "1",
                                               "音乐", None]  # weeks: blank, every week


def test_no_json_and_every_table_is_bordered_wrapped_fitted_and_printable(inst, tmp_path):
    book = book_for(inst, tmp_path)
    for ws in book.worksheets:
        cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
        assert not any(is_json(c.value) for c in cells), ws.title
        assert all(c.border.left.style == "thin" and c.alignment.wrap_text for c in cells
                   if c.row > 1 and not ws.merged_cells.ranges), ws.title
        assert ws.print_area and int(ws.page_setup.paperSize) == 9, ws.title  # A4
        for row in range(2, ws.max_row + 1):
            lines = max((str(ws.cell(row=row, column=c).value or "").count("\n") + 1
                         for c in range(1, ws.max_column + 1)), default=1)
            height = ws.row_dimensions[row].height
            assert height is not None and height >= 15 * lines, (ws.title, row)


def test_summary_is_a_table_of_words_and_numbers(inst, tmp_path):
    summary = book_for(inst, tmp_path)["方案概况"]
    items = {r[0].value: r[1].value for r in summary.iter_rows(min_row=3)}
    assert items["方案状态"] == "已证明最优"
    assert items["学期"] == "2026-09-07 — 2027-01-29" and items["上课日"] == 100
    assert items["本学期走教补贴（元）"] > 0


def test_a_teacher_grid_has_days_across_and_periods_with_bell_times_down(inst, tmp_path):
    grid = book_for(inst, tmp_path)["Teacher one"]
    assert "Teacher one (T01)" in grid["A1"].value
    assert [grid.cell(row=2, column=c).value for c in range(2, 7)] == [
        "星期一", "星期二", "星期三", "星期四", "星期五"]
    assert grid["A3"].value == "1\n08:00–08:40"
    assert grid["A9"].value == "7\n15:40–16:20"
    assert grid["B3"].value == "音乐 · Hill teaching point · 1"   # Monday, period 1
    assert grid["C4"].value == "美术 · Village primary · 3A"      # Tuesday, period 2
    assert grid["C3"].value is None
    site = book_for(inst, tmp_path / "again", lang="en")["Hill teaching point"]
    assert site["B5"].value == "PE · 1 · Teacher three (T03)"    # Monday, period 3
    assert site.cell(row=2, column=2).value == "Monday"


def test_a_crowded_grid_cell_gets_a_row_tall_enough(tiny_records, tmp_path):
    """Five classes at one site in one slot: the row grows to show all five lessons."""
    tiny_records["lessons"] += [{"site_id": "P1", "class_id": f"C{i}", "subject": "pe",
                                 "periods_per_week": 1} for i in range(5)]
    inst = instance_from_records(tiny_records)
    slots = [*WEEK, *(Slot("T03", 5, 4, "P1", f"C{i}", "pe") for i in range(5))]
    site = book_for(inst, tmp_path, slots)["Hill teaching point"]
    cell = site.cell(row=2 + 4, column=1 + 5)  # Friday, period 4
    assert cell.value.count("\n") == 4
    assert site.row_dimensions[cell.row].height >= 5 * 15


def test_formula_like_text_is_stored_as_text(tiny_records, tmp_path):
    tiny_records["lessons"][2]["class_id"] = "=HYPERLINK(1)"
    inst = instance_from_records(tiny_records)
    slots = [s if s.subject != "art" else Slot(s.teacher_id, s.day, s.period, "V1",
                                               "=HYPERLINK(1)", "art") for s in WEEK]
    book = book_for(inst, tmp_path, slots)
    cells = [c for row in book["走教课表"].iter_rows() for c in row
             if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)
    grid_cells = [c for row in book["Village primary"].iter_rows() for c in row
                  if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert grid_cells and all(c.data_type == "s" for c in grid_cells)

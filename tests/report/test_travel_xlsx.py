"""travel.xlsx: the tables, then one grid per teacher and site with bell times; text stays
text, and sheet titles are legal whatever the ids.

The tiny county's hand-made week (see test_travel_html.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from openpyxl import load_workbook

from scheduler.data.load import instance_from_records
from scheduler.report.travel_xlsx import MAX_TITLE, sheet_title
from scheduler.solving import SolveStats
from scheduler.travel.outputs import write_travel_plan
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


def test_tables_then_a_grid_per_teacher_and_site(inst, tmp_path):
    book = book_for(inst, tmp_path)
    assert book.sheetnames == ["timetable", "routes", "coverage", "summary", "T T01", "T T03",
                               "S P1", "S V1"]
    timetable = book["timetable"]
    assert [c.value for c in timetable[1]] == ["teacher_id", "day", "period", "site_id",
                                               "class_id", "subject"]
    assert timetable.max_row == 1 + len(WEEK)


def test_a_teacher_grid_has_days_across_and_periods_with_bell_times_down(inst, tmp_path):
    grid = book_for(inst, tmp_path)["T T01"]
    assert "Teacher one (T01)" in grid["A1"].value
    assert [grid.cell(row=2, column=c).value for c in range(2, 7)] == [
        "星期一", "星期二", "星期三", "星期四", "星期五"]
    assert grid["A3"].value == "1  08:00–08:40"
    assert grid["A9"].value == "7  15:40–16:20"
    assert grid["B3"].value == "音乐 · Hill teaching point · 1"   # Monday, period 1
    assert grid["C4"].value == "美术 · Village primary · 3A"      # Tuesday, period 2
    assert grid["C3"].value is None
    site = book_for(inst, tmp_path / "again", lang="en")["S P1"]
    assert site["B5"].value == "PE · 1 · Teacher three (T03)"    # Monday, period 3
    assert site.cell(row=2, column=2).value == "Monday"


def test_formula_like_text_is_stored_as_text(tiny_records, tmp_path):
    tiny_records["lessons"][2]["class_id"] = "=HYPERLINK(1)"
    inst = instance_from_records(tiny_records)
    slots = [s if s.subject != "art" else Slot(s.teacher_id, s.day, s.period, "V1",
                                               "=HYPERLINK(1)", "art") for s in WEEK]
    book = book_for(inst, tmp_path, slots)
    cells = [c for row in book["timetable"].iter_rows() for c in row
             if c.value == "=HYPERLINK(1)"]
    assert cells and all(c.data_type == "s" for c in cells)
    grid_cells = [c for row in book["S V1"].iter_rows() for c in row
                  if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert grid_cells and all(c.data_type == "s" for c in grid_cells)


def test_sheet_titles_are_legal_short_and_unique():
    taken: set[str] = set()
    odd = sheet_title("T", "a/b:c*d?[e]", taken)
    assert odd == "T a_b_c_d__e_"
    long_one = sheet_title("T", "x" * 40, taken)
    long_two = sheet_title("T", "x" * 39 + "y", taken)
    assert len(long_one) <= MAX_TITLE and len(long_two) <= MAX_TITLE
    assert long_one != long_two
    again = sheet_title("T", "A/B", taken)
    clash = sheet_title("T", "a_b", taken)  # same title once sanitised, case-insensitively
    assert again.lower() != clash.lower()

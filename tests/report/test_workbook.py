"""The workbook writer's pieces: legal tab names, widths that count Chinese as two, rows
tall enough for their wrapped text."""

from __future__ import annotations

from scheduler.report.workbook import MAX_TITLE, display_width, lines_needed, sheet_title


def test_sheet_titles_are_legal_short_and_unique():
    taken: set[str] = set()
    assert sheet_title("a/b:c*d?[e]", taken) == "a_b_c_d__e_"
    long_one = sheet_title("x" * 40, taken)
    long_two = sheet_title("x" * 39 + "y", taken)
    assert len(long_one) <= MAX_TITLE and len(long_two) <= MAX_TITLE
    assert long_one != long_two
    again = sheet_title("A/B", taken)
    clash = sheet_title("a_b", taken)  # same title once sanitised, case-insensitively
    assert again.lower() != clash.lower()
    assert sheet_title("张三", taken) == "张三"


def test_widths_and_lines():
    assert display_width("体育abc") == 7
    assert lines_needed("一二三四五", 6) == 2  # ten columns of text in a cell of five
    assert lines_needed("a\nb\nc", 10) == 3
    assert lines_needed("", 10) == 1

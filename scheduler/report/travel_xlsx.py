"""travel.xlsx: the plan's tables, then one printable grid sheet per teacher and per site.

Grid sheets are days across and periods down with bell times, ready to print for a
staff-room wall. Every text cell is stored as text (never as a formula), whatever it
starts with, so an id such as `=HYPERLINK(...)` stays inert.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.data.instance import Instance
from scheduler.report.travel_grid import (
    LABELS,
    bell,
    cell_text,
    day_label,
    grids,
    school_name,
    teacher_name,
)
from scheduler.travel.result import TravelResult

_BAD_TITLE = re.compile(r"[\[\]:*?/\\']")
MAX_TITLE = 31


def sheet_title(prefix: str, key: str, taken: set[str]) -> str:
    """A legal, unique sheet title (≤ 31 characters, none of []:*?/\\'), from an id."""
    title = f"{prefix} {_BAD_TITLE.sub('_', key)}"
    if len(title) > MAX_TITLE or title.lower() in taken:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
        title = f"{title[:MAX_TITLE - 7]}~{digest}"
    taken.add(title.lower())
    return title


def _put(sheet: Worksheet, row: int, col: int, value: Any) -> None:
    if value is None or (isinstance(value, float) and value != value):
        return
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"


def _table_sheet(book: Workbook, title: str, df: pd.DataFrame) -> None:
    sheet = book.create_sheet(title=title)
    for j, col in enumerate(df.columns, start=1):
        _put(sheet, 1, j, str(col))
        sheet.cell(row=1, column=j).font = Font(bold=True)
    for i, record in enumerate(df.itertuples(index=False), start=2):
        for j, value in enumerate(record, start=1):
            _put(sheet, i, j, value)
    for j, col in enumerate(df.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)])
        sheet.column_dimensions[get_column_letter(j)].width = min(50, max(8, width + 2))
    sheet.freeze_panes = "A2"


def _grid_sheet(book: Workbook, title: str, heading: str, inst: Instance,
                cells: dict[tuple[int, int], list], by: str, lang: str) -> None:
    """Row 1 the heading; row 2 the days; then one row per period with its bell time."""
    t = inst.policy.travel
    sheet = book.create_sheet(title=title)
    _put(sheet, 1, 1, heading)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    _put(sheet, 2, 1, LABELS[lang]["period"])
    for d in range(1, t.days + 1):
        _put(sheet, 2, d + 1, day_label(d, lang))
        sheet.cell(row=2, column=d + 1).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(d + 1)].width = 26
    sheet.column_dimensions["A"].width = 16
    wrap = Alignment(wrap_text=True, vertical="top")
    for p in range(1, t.periods + 1):
        _put(sheet, p + 2, 1, f"{p}  {bell(inst, p)}")
        for d in range(1, t.days + 1):
            slots = cells.get((d, p))
            if slots:
                _put(sheet, p + 2, d + 1, cell_text(inst, slots, by, lang))
                sheet.cell(row=p + 2, column=d + 1).alignment = wrap
        sheet.row_dimensions[p + 2].height = 45
    sheet.freeze_panes = "B3"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def write_workbook(inst: Instance, result: TravelResult, path: Path, facts: dict[str, Any],
                   lang: str = "zh", tables: dict[str, pd.DataFrame] | None = None) -> None:
    """Tables first (timetable, routes, coverage, summary), then teacher and site grids."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, df in (tables or {}).items():
        taken.add(name.lower())
        _table_sheet(book, name, df)
    plain = {k: v for k, v in facts.items() if not isinstance(v, dict | list)}
    taken.add("summary")
    _table_sheet(book, "summary", pd.DataFrame(list(plain.items()), columns=["key", "value"]))
    if result.unplaced:
        taken.add("unplaced")
        _table_sheet(book, "unplaced", pd.DataFrame(
            result.unplaced, columns=["site_id", "class_id", "subject", "reason"]))
    lab = LABELS[lang]
    by_teacher = grids(result.slots, "teacher")
    routes: dict[str, list] = defaultdict(list)
    for r in result.routes:
        routes[r.teacher_id].append(r)
    for tid in sorted(by_teacher):
        km = sum(r.km for r in routes[tid])
        heading = f"{lab['teacher']}: {teacher_name(inst, tid)} · {lab['week_km']}: {km:.1f}"
        _grid_sheet(book, sheet_title("T", tid, taken), heading, inst, by_teacher[tid],
                    "teacher", lang)
    by_site = grids(result.slots, "site")
    for sid in sorted({le.site_id for le in inst.lessons} | set(by_site)):
        heading = f"{lab['site']}: {school_name(inst, sid)} ({sid})"
        _grid_sheet(book, sheet_title("S", sid, taken), heading, inst, by_site.get(sid, {}),
                    "site", lang)
    book.save(path)

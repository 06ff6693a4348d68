"""Workbooks an office prints and files: headed, bordered tables whose rows fit their text.

Every sheet is a table (a title row, a header row in the reader's language with the
column's code in a cell comment, then data) or a timetable grid. Cells wrap, carry thin
borders, and each row is as tall as its tallest cell needs at the column widths set here
(widths count a Chinese character as two); the print area, the repeated header rows and
A4 fitted to the page width are set, so what prints is what the screen shows. Text is
stored as text, never as a formula, whatever it starts with (OWASP CSV injection).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

_BAD_TITLE = re.compile(r"[\[\]:*?/\\']")
MAX_TITLE = 31
MIN_WIDTH, MAX_WIDTH = 6, 48  # column widths, in Excel's character units
LINE_POINTS = 15.0  # row height of one line of 11 pt text
PADDING_POINTS = 3.0
NOTE_WIDTH = 90  # characters a note spanning the table is taken to have per line
THIN = Side(style="thin", color="888888")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF6")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass(frozen=True)
class Column:
    """A column: its code (the CSV's name, in the header's comment) and its header."""

    code: str
    header: str
    width: float | None = None  # None: fitted to the content


@dataclass
class Table:
    """One sheet of rows under a title."""

    name: str  # the tab
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    landscape: bool = True
    notes: Sequence[str] = ()


@dataclass
class Grid:
    """One timetable sheet: days across, periods down (`cells[(day, period)]` is text)."""

    name: str
    title: str
    corner: str
    days: Sequence[str]
    periods: Sequence[str]
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    notes: Sequence[str] = ()


def write_workbook(path: Path, sheets: Sequence[Table | Grid]) -> None:
    """Write the sheets, in order, into one .xlsx file."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for sheet in sheets:
        ws = book.create_sheet(title=sheet_title(sheet.name, taken))
        if isinstance(sheet, Table):
            _table(ws, sheet)
        else:
            _grid(ws, sheet)
    book.save(path)


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique tab name (≤ 31 characters, none of []:*?/\\') from a person's or
    school's name; a clash or an overlong name gets a short hash of the name."""
    title = _BAD_TITLE.sub("_", name).strip() or "sheet"
    if len(title) > MAX_TITLE or title.lower() in taken:
        digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
        title = f"{title[:MAX_TITLE - 7]}~{digest}"
    taken.add(title.lower())
    return title


def display_width(text: str) -> int:
    """Columns `text` takes in a spreadsheet: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def lines_needed(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` characters needs for `text`."""
    room = max(1.0, width - 1)
    return sum(max(1, math.ceil(display_width(line) / room)) for line in text.split("\n"))


def _put(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        value = None
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula
    cell.border = BORDER
    cell.alignment = WRAP
    return cell


def _title(ws: Worksheet, text: str, span: int, notes: Sequence[str]) -> int:
    """The title (and notes) over the table; returns the next free row."""
    ws.cell(row=1, column=1, value=text).data_type = "s"
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.row_dimensions[1].height = 20
    row = 2
    for note in notes:
        cell = ws.cell(row=row, column=1, value=note)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if span > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        ws.row_dimensions[row].height = lines_needed(note, NOTE_WIDTH) * LINE_POINTS
        row += 1
    return row


def _table(ws: Worksheet, t: Table) -> None:
    span = len(t.columns)
    head = _title(ws, t.title, span, t.notes)
    widths = []
    for j, col in enumerate(t.columns, start=1):
        texts = [col.header] + [_text(r[j - 1]) for r in t.rows[:500]]
        fitted = max(display_width(line) for x in texts for line in x.split("\n")) + 2
        widths.append(col.width or min(MAX_WIDTH, max(MIN_WIDTH, fitted)))
        ws.column_dimensions[get_column_letter(j)].width = widths[-1]
        cell = _put(ws, head, j, col.header)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        if col.code:
            cell.comment = Comment(col.code, "rotaplan")
    _fit(ws, head, [col.header for col in t.columns], widths)
    for i, row in enumerate(t.rows, start=head + 1):
        for j, value in enumerate(row, start=1):
            _put(ws, i, j, value)
        _fit(ws, i, [_text(v) for v in row], widths)
    _page(ws, head, head + len(t.rows), span, t.landscape)


def _grid(ws: Worksheet, g: Grid) -> None:
    span = len(g.days) + 1
    head = _title(ws, g.title, span, g.notes)
    widths = [14.0] + [max(16.0, min(MAX_WIDTH, max(
        (display_width(line) + 2 for (d, _p), text in g.cells.items() if d == day
         for line in text.split("\n")), default=16))) for day in range(1, len(g.days) + 1)]
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    for j, text in enumerate([g.corner, *g.days], start=1):
        cell = _put(ws, head, j, text)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
    _fit(ws, head, [g.corner, *g.days], widths)
    for p, label in enumerate(g.periods, start=1):
        row = head + p
        texts = [label] + [g.cells.get((d, p), "") for d in range(1, len(g.days) + 1)]
        for j, text in enumerate(texts, start=1):
            _put(ws, row, j, text or None)
        _fit(ws, row, texts, widths)
    ws.freeze_panes = ws.cell(row=head + 1, column=2)
    _page(ws, head, head + len(g.periods), span, True)


def _fit(ws: Worksheet, row: int, texts: Sequence[str], widths: Sequence[float]) -> None:
    lines = max((lines_needed(t, w) for t, w in zip(texts, widths, strict=False) if t),
                default=1)
    ws.row_dimensions[row].height = lines * LINE_POINTS + PADDING_POINTS


def _page(ws: Worksheet, head: int, last: int, span: int, landscape: bool) -> None:
    ws.print_area = f"A1:{get_column_letter(span)}{max(last, head)}"
    ws.print_title_rows = f"{head}:{head}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if ws.freeze_panes is None:
        ws.freeze_panes = ws.cell(row=head + 1, column=1)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)

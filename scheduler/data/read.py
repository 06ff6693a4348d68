"""Reading raw tables from a CSV folder or an .xlsx workbook.

The output is text only: one `RawTable` per file, every cell NFKC-normalised and
stripped, with the row numbers a spreadsheet would show. Typing happens later, in
`load.py`, so every problem can be named by file, row and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.errors import InputError, Problem

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_XLSX_RATIO = 200
MAX_ROWS = 200_000
# Control characters never mean anything in a cell, and .xlsx writers refuse them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class RawTable:
    """A table as text: the header row and the data rows, each with its spreadsheet row."""

    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_row: int = 1


def clean(value: Any) -> str:
    """A cell as text: full-width digits and spaces folded (NFKC), surrounding space gone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()  # Excel stores a typed date as a midnight datetime
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    text = unicodedata.normalize("NFKC", str(value))
    return CONTROL.sub("", text.replace("\ufeff", "")).strip()


def decode(data: bytes, source: str) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, which Excel in a Chinese locale writes."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError([Problem(source, None, None,
                              "expected text in UTF-8 or GB18030; the bytes are neither")])


def read_csv(path: Path) -> RawTable:
    source = path.name
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError([Problem(source, None, None,
                                  f"file is {size / 2**20:.0f} MB; at most "
                                  f"{MAX_FILE_BYTES // 2**20} MB is read")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(source, None, None,
                                  f"cannot be read ({exc.strerror or type(exc).__name__})")]
                         ) from None
    text = decode(data, source)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError([Problem(source, None, None,
                                  f"not a readable CSV file ({exc})")]) from None
    return _table(source, records)


def _table(source: str, records: list[list[Any]]) -> RawTable:
    """Header on the first non-blank row; blank rows (Excel leftovers) are skipped."""
    cleaned = [(i + 1, [clean(v) for v in rec]) for i, rec in enumerate(records)]
    cleaned = [(n, cells) for n, cells in cleaned if any(cells)]
    if not cleaned:
        return RawTable(source, [])
    if len(cleaned) - 1 > MAX_ROWS:
        raise InputError([Problem(source, None, None,
                                  f"{len(cleaned) - 1} rows; at most {MAX_ROWS} are read")])
    (header_row, header), *rows = cleaned
    return RawTable(source, header, rows, header_row)


def read_workbook(path: Path) -> dict[str, RawTable]:
    """Every sheet of an .xlsx workbook by lower-cased name; formulas give their cached values."""
    from openpyxl import load_workbook

    _guard_zip(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError([Problem(path.name, None, None, "not a readable .xlsx workbook "
                                  f"({type(exc).__name__})")]) from None
    try:
        tables = {}
        for sheet in book.worksheets:
            source = f"{path.name}[{sheet.title}]"
            rows: list[list[Any]] = []
            try:  # read-only mode parses a sheet only now, so damage shows up here
                for row in sheet.iter_rows(values_only=True):
                    rows.append(list(row))
                    if len(rows) > MAX_ROWS + 1:
                        break
            except Exception as exc:
                raise InputError([Problem(source, None, None, "sheet is damaged and cannot be "
                                          f"read ({type(exc).__name__})")]) from None
            tables[clean(sheet.title).lower()] = _table(source, rows)
        return tables
    finally:
        book.close()


def _guard_zip(path: Path) -> None:
    """Refuse zip bombs before openpyxl inflates them."""
    source = path.name
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError([Problem(source, None, None,
                                  f"file is larger than {MAX_FILE_BYTES // 2**20} MB")])
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError([Problem(source, None, None,
                                  "expected an .xlsx workbook; the file is not one")]) from None
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked / packed > MAX_XLSX_RATIO:
        raise InputError([Problem(source, None, None,
                                  f"workbook unpacks to {unpacked / 2**20:.0f} MB "
                                  f"({unpacked / packed:.0f}× its size); refused as unsafe")])

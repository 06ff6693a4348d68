"""Raw reading: encodings, cell cleaning, and workbooks that are not what they claim."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest

from scheduler.data.read import clean, decode, read_csv, read_workbook
from scheduler.errors import InputError


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (True, "true"), (False, "false"), (1001, "1001"), (1001.0, "1001"),
    (2.5, "2.5"), ("\u3000 C1\u3000", "C1"), ("１２", "12"), ("\ufeffschool_id", "school_id"),
    ("Ｔ０１", "T01"), (dt.datetime(2024, 3, 1), "2024-03-01"),
    (dt.datetime(2024, 3, 1, 8, 30), "2024-03-01T08:30:00"), (dt.time(8, 0), "08:00:00"),
    ("a\x00b", "ab"),
])
def test_clean(value: object, text: str) -> None:
    assert clean(value) == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_decode_accepts_what_excel_writes(encoding: str) -> None:
    text = "学校代码,学校名称\nC1,东乡中心小学\n"
    assert decode(text.encode(encoding), "x.csv") == text


def test_decode_refuses_other_bytes() -> None:
    with pytest.raises(InputError, match=r"x\.csv: expected text in UTF-8 or GB18030"):
        decode("学校".encode("utf-16"), "x.csv")


def test_read_csv_rows_keep_spreadsheet_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('\n\nid,note\n1,"two\nlines"\n,\n3,x\n', encoding="utf-8")
    table = read_csv(path)
    assert table.header_row == 3
    assert table.header == ["id", "note"]
    # the quoted newline keeps one record; the blank record (row 5) is skipped
    assert table.rows == [(4, ["1", "two\nlines"]), (6, ["3", "x"])]


def test_read_csv_tab_separated(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("id\tname\nC1\tA, B\n", encoding="utf-8")
    assert read_csv(path).rows == [(2, ["C1", "A, B"])]


def test_read_csv_cell_too_large_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('id\n"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a readable CSV file"):
        read_csv(path)


def test_read_workbook_sheets_by_lower_case_name(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Schools"
    book.active.append(["school_id"])
    book.active.append([1001])
    book.save(tmp_path / "b.xlsx")
    tables = read_workbook(tmp_path / "b.xlsx")
    assert tables["schools"].source == "b.xlsx[Schools]"
    assert tables["schools"].rows == [(2, ["1001"])]


def test_damaged_sheet_is_an_input_error(tmp_path: Path) -> None:
    """openpyxl's read-only mode parses a sheet late; the damage must still be named."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "schools"
    for i in range(50):
        book.active.append([f"S{i}", i])
    book.save(tmp_path / "ok.xlsx")
    with zipfile.ZipFile(tmp_path / "ok.xlsx") as z:
        members = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as z:
        for name, data in members.items():
            z.writestr(name, data[: len(data) // 2] if name.endswith("sheet1.xml") else data)
    with pytest.raises(InputError) as err:
        read_workbook(tmp_path / "bad.xlsx")
    assert str(err.value.problems[0]).startswith("bad.xlsx[schools]: sheet is damaged")


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<" * (40 * 2**20))
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError, match="refused as unsafe"):
        read_workbook(path)

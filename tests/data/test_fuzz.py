"""Hypothesis corrupts a valid county at random, in its rows, its bytes and its workbook
cells. The loader must either load it or raise an InputError whose every problem names a
file; any other exception is a bug. The CLI must exit 0 or 2, never with a traceback.

Each test prints how many cases ran and which corruptions were tried (`pytest -s`).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from scheduler import rules
from scheduler.cli import app
from scheduler.data import schema as s
from scheduler.data.instance import Instance
from scheduler.data.load import load_instance
from scheduler.data.write import write_folder, write_workbook
from scheduler.errors import InputError

STEMS = [spec.stem for spec in s.FILES]
FIELDS = {spec.stem: [c.name for c in spec.columns] for spec in s.FILES}
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# Text people (and accidents) put in cells.
NASTY = ["", " ", "\u3000", "x", "-1", "0", "1e400", "nan", "inf", "12.0", "１２", "是", "否",
         "=1+1", "=HYPERLINK(\"x\")", "@SUM(A1)", "+1", "ZZ9", "C1", "T01", "P1/1", "V1;C1",
         "音乐", "县级", "none", "9" * 400, "a,b", 'quote"inside', "line\nbreak", "\x00\x01"]
cell_values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
index = st.integers(min_value=0, max_value=50)

row_edits = st.one_of(
    st.tuples(st.just("set"), index, index, index, cell_values),
    st.tuples(st.just("dup_row"), index, index),
    st.tuples(st.just("drop_row"), index, index),
    st.tuples(st.just("stray_column"), index, st.text(max_size=8), cell_values),
    st.tuples(st.just("drop_column"), index, index),
    st.tuples(st.just("drop_file"), index),
)

policy_lines = st.one_of(
    st.builds(lambda table, key, value: f"[{table}]\n{key} = {value}\n" if table
              else f"{key} = {value}\n",
              st.sampled_from(["", "rotation", "travel", "rotation.weights", "x"]),
              st.sampled_from(["year", "days", "period_starts", "scope", "max_distance_km",
                               "speed_kmh", "shortage_subjects", "period_minutes", "bogus"]),
              st.sampled_from(["1", "0", "-3", '"x"', "[1, 2]", '["08:00", "07:00"]', "nan",
                               "inf", "true", "{a = 1}", "2026-01-01", '"group"', "1e9"])),
    st.text(max_size=40),
)

file_edits = st.one_of(
    st.tuples(st.just("garbage"), index, st.binary(max_size=120)),
    st.tuples(st.just("truncate"), index, st.floats(0, 1)),
    st.tuples(st.just("insert_bytes"), index, st.floats(0, 1), st.binary(min_size=1,
                                                                         max_size=8)),
    st.tuples(st.just("reencode"), index, st.sampled_from(["utf-16", "big5", "shift_jis",
                                                           "latin-1", "gb18030"])),
    st.tuples(st.just("empty_file"), index),
    st.tuples(st.just("header_only"), index),
    st.tuples(st.just("delete_file"), index),
    st.tuples(st.just("policy"), policy_lines),
)

xlsx_cells = st.one_of(
    st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.datetimes(min_value=dt.datetime(1950, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1+1", "=A1", "=SUM(B2:B9)", "", "ZZ9", "C1", "１２"]), st.none(),
)
xlsx_edits = st.one_of(
    st.tuples(st.just("xcell"), index, st.integers(1, 9), st.integers(1, 17), xlsx_cells),
    st.tuples(st.just("xformula"), index, st.integers(2, 9), st.integers(1, 17)),
    st.tuples(st.just("xpolicy"), st.sampled_from(["year", "travel.days", "rotation",
                                                   "rotation.scope", "Bad Key", "travel"]),
              xlsx_cells),
)


def _pick(items: list[Any], i: int) -> Any:
    return items[i % len(items)] if items else None


def edit_rows(records: dict[str, list[dict[str, Any]]], edit: tuple) -> None:
    kind, stem = edit[0], _pick(STEMS, edit[1])
    if stem not in records:
        return
    rows = records[stem]
    if kind == "set" and rows:
        _pick(rows, edit[2])[_pick(FIELDS[stem], edit[3])] = edit[4]
    elif kind == "dup_row" and rows:
        rows.append(dict(_pick(rows, edit[2])))
    elif kind == "drop_row" and rows:
        rows.pop(edit[2] % len(rows))
    elif kind == "stray_column":
        for row in rows:
            row[f"extra {edit[2]}"] = edit[3]
    elif kind == "drop_column":
        field = _pick(FIELDS[stem], edit[2])
        for row in rows:
            row.pop(field, None)
    elif kind == "drop_file":
        del records[stem]


def edit_file(folder: Path, edit: tuple) -> None:
    kind = edit[0]
    if kind == "policy":
        (folder / "policy.toml").write_text(edit[1], encoding="utf-8")
        return
    path = folder / f"{_pick(STEMS, edit[1])}.csv"
    if not path.exists():
        return
    data = path.read_bytes()
    if kind == "garbage":
        path.write_bytes(edit[2])
    elif kind == "truncate":
        path.write_bytes(data[: int(len(data) * edit[2])])
    elif kind == "insert_bytes":
        at = int(len(data) * edit[2])
        path.write_bytes(data[:at] + edit[3] + data[at:])
    elif kind == "reencode":
        text = data.decode("utf-8-sig", errors="replace")
        path.write_bytes(text.encode(edit[2], errors="replace"))
    elif kind == "empty_file":
        path.write_bytes(b"")
    elif kind == "header_only":
        path.write_bytes(data.split(b"\n", 1)[0] + b"\n")
    elif kind == "delete_file":
        path.unlink()


def edit_workbook(path: Path, edits: list[tuple]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(path)
    for edit in edits:
        if edit[0] == "xpolicy":
            if "policy" not in book.sheetnames:
                book.create_sheet("policy").append(["key", "value"])
            book["policy"].append([edit[1], edit[2]])
            continue
        sheet = book[_pick(book.sheetnames, edit[1])]
        if edit[0] == "xcell":
            sheet.cell(row=edit[2], column=edit[3], value=edit[4])
        else:  # a formula with no cached value: Excel would show it, openpyxl reads None
            sheet.cell(row=edit[2], column=edit[3]).value = "=1+1"
            sheet.cell(row=edit[2], column=edit[3]).data_type = "f"
    book.save(path)


_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_safe(records: dict[str, list[dict[str, Any]]]) -> None:
    """openpyxl cannot store control characters; a real workbook never holds them."""
    for rows in records.values():
        for row in rows:
            for key, value in list(row.items()):
                if isinstance(value, str):
                    row[key] = _XLSX_ILLEGAL.sub("", value)
            for key in [k for k in row if isinstance(k, str) and _XLSX_ILLEGAL.search(k)]:
                row[_XLSX_ILLEGAL.sub("", key)] = row.pop(key)


def check_outcome(path: Path, allowed: set[str], stats: Counter) -> Instance | None:
    """Load; a clean load must be usable, an InputError must name known files."""
    try:
        inst = load_instance(path)
    except InputError as exc:
        assert exc.problems, "an InputError without problems"
        for problem in exc.problems:
            assert problem.file in allowed, problem
            assert problem.message
        stats["input error"] += 1
        stats["problems reported"] += len(exc.problems)
        return None
    assert inst.km.shape == (len(inst.schools),) * 2
    rules.county_cvs(rules.school_indicators(inst, rules.placement_before(inst)))
    stats["clean load"] += 1
    return inst


def _folder_allowed() -> set[str]:
    return {f"{stem}.csv" for stem in STEMS} | {"policy.toml"}


def _book_allowed() -> set[str]:
    return {"book.xlsx", "policy.toml"} | {f"book.xlsx[{sheet}]" for sheet in [*STEMS,
                                                                               "policy"]}


def test_fuzz_csv_folders(tiny_records) -> None:
    base = copy.deepcopy(tiny_records)
    stats: Counter = Counter()

    @FUZZ
    @given(rows=st.lists(row_edits, max_size=4), files=st.lists(file_edits, max_size=3),
           lang=st.sampled_from(["en", "zh"]),
           encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    def run(rows: list[tuple], files: list[tuple], lang: str, encoding: str) -> None:
        records = copy.deepcopy(base)
        for edit in rows:
            edit_rows(records, edit)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "county"
            write_folder(records, folder, lang=lang, encoding=encoding)
            for edit in files:
                edit_file(folder, edit)
            check_outcome(folder, _folder_allowed(), stats)
        stats["cases"] += 1
        stats.update(f"tried {e[0]}" for e in rows + files)

    run()
    print(f"\nCSV fuzz: {dict(sorted(stats.items()))}")
    assert stats["cases"] >= 100
    assert stats["clean load"] and stats["input error"]


def test_fuzz_workbooks(tiny_records) -> None:
    base = copy.deepcopy(tiny_records)
    stats: Counter = Counter()

    @settings(FUZZ, max_examples=60)
    @given(rows=st.lists(row_edits, max_size=3), cells=st.lists(xlsx_edits, max_size=4),
           damage=st.one_of(st.none(), st.floats(0, 0.99), st.binary(max_size=64)),
           lang=st.sampled_from(["en", "zh"]))
    def run(rows: list[tuple], cells: list[tuple], damage: float | bytes | None,
            lang: str) -> None:
        records = copy.deepcopy(base)
        for edit in rows:
            edit_rows(records, edit)
        xlsx_safe(records)
        with tempfile.TemporaryDirectory() as tmp:
            book = Path(tmp) / "book.xlsx"
            write_workbook(records, book, {"year": 2026}, lang=lang)
            edit_workbook(book, cells)
            if isinstance(damage, float):
                book.write_bytes(book.read_bytes()[: int(book.stat().st_size * damage)])
                stats["tried truncate xlsx"] += 1
            elif isinstance(damage, bytes):
                book.write_bytes(damage)
                stats["tried garbage xlsx"] += 1
            check_outcome(book, _book_allowed(), stats)
        stats["cases"] += 1
        stats.update(f"tried {e[0]}" for e in rows + cells)

    run()
    print(f"\nxlsx fuzz: {dict(sorted(stats.items()))}")
    assert stats["cases"] >= 50
    assert stats["clean load"] and stats["input error"]


def test_fuzz_through_the_cli(tiny_records) -> None:
    base = copy.deepcopy(tiny_records)
    runner = CliRunner()
    stats: Counter = Counter()

    @settings(FUZZ, max_examples=25)
    @given(rows=st.lists(row_edits, max_size=3), files=st.lists(file_edits, max_size=2))
    def run(rows: list[tuple], files: list[tuple]) -> None:
        records = copy.deepcopy(base)
        for edit in rows:
            edit_rows(records, edit)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "county"
            write_folder(records, folder, lang="zh")
            for edit in files:
                edit_file(folder, edit)
            before = sorted(p.name for p in Path(tmp).rglob("*"))
            result = runner.invoke(app, ["validate", str(folder), "--lang", "en"])
            assert result.exit_code in (0, 2), result.output
            assert "Traceback" not in result.output
            if result.exit_code == 2:
                assert "problem(s) in the input; nothing was written" in result.stderr
            assert sorted(p.name for p in Path(tmp).rglob("*")) == before
        stats["cases"] += 1
        stats[f"exit {result.exit_code}"] += 1

    run()
    print(f"\nCLI fuzz: {dict(sorted(stats.items()))}")
    assert stats["cases"] >= 20

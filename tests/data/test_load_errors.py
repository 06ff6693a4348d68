"""Every class of bad input gives an InputError whose problem names the file (or
`book.xlsx[sheet]`), the spreadsheet row, the column as the file spelt it, and what was
expected. Row-level cases run through CSV in English and Chinese and through .xlsx."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scheduler.data import schema as s
from scheduler.data.load import load_instance
from scheduler.data.write import write_folder, write_workbook
from scheduler.errors import InputError, Problem

Records = dict[str, list[dict[str, Any]]]
SPECS = {spec.stem: spec for spec in s.FILES}


@dataclass(frozen=True)
class Bad:
    """One bad edit of the tiny county and the problem it must produce.

    `field` is the contract's field name; the test expects it in the header language the
    file used. Rows are spreadsheet rows (the header is row 1).
    """

    edit: Callable[[Records], Any]
    stem: str
    row: int | None
    field: str | None
    expect: str
    policy: dict[str, Any] | None = None


def _set(stem: str, index: int, **values: Any) -> Callable[[Records], None]:
    return lambda r: r[stem][index].update(values)


def _append_copy(stem: str, index: int) -> Callable[[Records], None]:
    return lambda r: r[stem].append(dict(r[stem][index]))


def _add(stem: str, **row: Any) -> Callable[[Records], None]:
    """Append one row to an optional file (history.csv, locks.csv) the tiny county lacks."""
    return lambda r: r.setdefault(stem, []).append(row)


def _exchange(**changes: Any) -> Callable[[Records], None]:
    """A finished exchange of T04 from C1 to V1, with `changes` made to it."""
    return _add("history", **{"teacher_id": "T04", "from_school_id": "C1",
                              "to_school_id": "V1", "start_year": 2019, "end_year": 2022,
                              **changes})


ROW_CASES: dict[str, Bad] = {
    "wrong type": Bad(_set("schools", 0, students="many"), "schools", 2, "students",
                      "expected a whole number ≥ 0, got 'many'"),
    "not a whole number": Bad(_set("lessons", 1, periods_per_week="2.5"), "lessons", 3,
                              "periods_per_week",
                              "expected a whole number ≥ 1, or 0.5 for every second week, got "
                              "'2.5'"),
    "out of range": Bad(_set("schools", 2, lat=95), "schools", 4, "lat",
                        "expected a latitude in decimal degrees (-90 to 90), got '95"),
    "out of range year": Bad(_set("teachers", 1, birth_year=1850), "teachers", 3, "birth_year",
                             "expected a year such as 1980, got '1850'"),
    "negative km": Bad(_set("distances", 0, km=-2), "distances", 2, "km",
                       "expected a number ≥ 0, got '-2"),
    "blank required cell": Bad(_set("schools", 1, name=""), "schools", 3, "name",
                               "expected a non-empty name, got a blank cell"),
    "blank required id": Bad(_set("teachers", 4, teacher_id="\u3000"), "teachers", 6,
                             "teacher_id", "got a blank cell"),
    "unknown school of a teacher": Bad(_set("teachers", 4, school_id="X9"), "teachers", 6,
                                       "school_id", "expected a school_id from schools, got 'X9'"),
    "unknown school of a need": Bad(_set("needs", 2, school_id="X9"), "needs", 4, "school_id",
                                    "expected a school_id from schools, got 'X9'"),
    "lesson at an unknown site": Bad(_set("lessons", 2, site_id="X9"), "lessons", 4, "site_id",
                                     "expected a school_id from schools, got 'X9'"),
    "unknown school in a preference": Bad(_set("preferences", 1, school_id="X9"), "preferences",
                                          3, "school_id", "expected a school_id from schools"),
    "unknown teacher in a preference": Bad(_set("preferences", 0, teacher_id="T99"),
                                           "preferences", 2, "teacher_id",
                                           "expected a teacher_id from teachers, got 'T99'"),
    "distance from an unknown school": Bad(_set("distances", 1, from_id="X9"), "distances", 3,
                                           "from_id", "expected a school_id from schools"),
    "distance to an unknown school": Bad(_set("distances", 0, to_id="X9"), "distances", 2,
                                         "to_id", "expected a school_id from schools"),
    "distance from a school to itself": Bad(_set("distances", 0, to_id="C1"), "distances", 2,
                                            "to_id", "expected a school other than from_id"),
    "duplicate school id": Bad(_append_copy("schools", 1), "schools", 6, "school_id",
                               "duplicate school_id 'V1' (first at row 3)"),
    "duplicate teacher id": Bad(lambda r: r["teachers"][5].update(teacher_id="T02"), "teachers",
                                7, "teacher_id", "duplicate teacher_id 'T02' (first at row 3)"),
    "duplicate need": Bad(_set("needs", 3, school_id="V1", subject="音乐"), "needs", 5,
                          "subject", "duplicate school and subject 'V1' / 'music'"),
    "central school that does not exist": Bad(_set("schools", 2, central_school_id="C9"),
                                              "schools", 4, "central_school_id",
                                              "expected a school_id from schools, got 'C9'"),
    "unknown main subject": Bad(_set("teachers", 2, subject="舞蹈"), "teachers", 4, "subject",
                                "expected a subject code such as music or 音乐, got '舞蹈'"),
    "unknown other subject": Bad(_set("teachers", 0, other_subjects="art;calligraphy"),
                                 "teachers", 2, "other_subjects",
                                 "expected subject codes joined by ;, got 'art;calligraphy'"),
    "unknown lesson subject": Bad(_set("lessons", 0, subject="dance"), "lessons", 2, "subject",
                                  "expected a subject code"),
    "lesson pinned to an unknown teacher": Bad(_set("lessons", 0, teacher_id="T77"), "lessons",
                                               2, "teacher_id",
                                               "expected a teacher_id from teachers, got 'T77'"),
    "busy owner unknown": Bad(_set("busy", 1, owner_id="P1/9"), "busy", 3, "owner_id",
                              "expected a teacher_id or SITE_ID/CLASS_ID from lessons"),
    "busy day beyond the calendar": Bad(_set("busy", 1, day=6), "busy", 3, "day",
                                        "expected a day from 1 to 5 (travel.days), got 6",
                                        policy={"travel": {"days": 5}}),
    "busy period beyond the calendar": Bad(_set("busy", 1, period=6), "busy", 3, "period",
                                           "expected a period from 1 to 5",
                                           policy={"travel": {"period_starts": [
                                               "08:00", "09:00", "10:00", "14:00", "15:00"]}}),
    "busy day beyond a week": Bad(_set("busy", 0, day=8), "busy", 2, "day",
                                  "expected a day number from 1 to travel.days"),
    "missing coordinates not covered by distances": Bad(_set("schools", 3, lon=None, lat=None),
                                                        "schools", 5, "lon",
                                                        "expected coordinates: school 'J1'"),
    "only a longitude": Bad(_set("schools", 1, lat=None), "schools", 3, "lat",
                            "expected both longitude and latitude, or neither"),
    "only a latitude": Bad(_set("schools", 1, lon=None), "schools", 3, "lon",
                           "expected both longitude and latitude, or neither"),
    "bad yes/no": Bad(_set("teachers", 1, volunteer="maybe"), "teachers", 3, "volunteer",
                      "expected true/false or 是/否, got 'maybe'"),
    "bad gender": Bad(_set("teachers", 1, gender="X"), "teachers", 3, "gender",
                      "expected M/男 or F/女, got 'X'"),
    "bad school kind": Bad(_set("schools", 0, kind="suburb"), "schools", 2, "kind",
                           "expected urban/城区, town/镇区, rural/乡村 or teaching_point/教学点"),
    "bad backbone level": Bad(_set("teachers", 0, backbone="national"), "teachers", 2,
                              "backbone", "expected none, school, county, city or province"),
    "infinite number": Bad(_set("needs", 0, required="inf"), "needs", 2, "required",
                           "expected a number ≥ 0, got 'inf'"),
    "duplicate rank": Bad(_set("preferences", 1, rank=1), "preferences", 3, "rank",
                          "duplicate rank for teacher 'T04' / 1"),
    # data contract §5: history.csv, locks.csv, posts, post, years_in_post
    "lock on an unknown teacher": Bad(_add("locks", teacher_id="T99", action="stay"), "locks",
                                      2, "teacher_id",
                                      "expected a teacher_id from teachers, got 'T99'"),
    "lock to without a school": Bad(_add("locks", teacher_id="T01", action="to",
                                         school_id=None), "locks", 2, "school_id",
                                    "expected a school_id from schools for action to, got a "
                                    "blank cell"),
    "lock with an unknown action": Bad(_add("locks", teacher_id="T01", action="swap"),
                                       "locks", 2, "action",
                                       "expected stay, move, to or not_to (留任/必须交流/必须去/"
                                       "不去), got 'swap'"),
    "stay lock naming a school": Bad(_add("locks", teacher_id="T01", action="留任",
                                          school_id="V1"), "locks", 2, "school_id",
                                     "expected a blank school_id for action stay"),
    "lock to an unknown school": Bad(_add("locks", teacher_id="T01", action="not_to",
                                          school_id="X9"), "locks", 2, "school_id",
                                     "expected a school_id from schools, got 'X9'"),
    "exchange that ends before it starts": Bad(_exchange(start_year=2025, end_year=2024),
                                               "history", 2, "end_year",
                                               "expected an end_year after start_year (2025), "
                                               "got 2024"),
    "exchange that ends the year it starts": Bad(_exchange(start_year=2025, end_year=2025),
                                                 "history", 2, "end_year",
                                                 "expected an end_year after start_year"),
    "exchange from a school to itself": Bad(_exchange(to_school_id="C1"), "history", 2,
                                            "to_school_id", "expected a school other than "
                                                            "from_school_id, got 'C1' twice"),
    "exchange to an unknown school": Bad(_exchange(to_school_id="X9"), "history", 2,
                                         "to_school_id",
                                         "expected a school_id from schools, got 'X9'"),
    "exchange from an unknown school": Bad(_exchange(from_school_id="X9"), "history", 2,
                                           "from_school_id",
                                           "expected a school_id from schools, got 'X9'"),
    "exchange of an unknown teacher": Bad(_exchange(teacher_id="T99"), "history", 2,
                                          "teacher_id",
                                          "expected a teacher_id from teachers, got 'T99'"),
    "exchange year not a year": Bad(_exchange(start_year="去年"), "history", 2, "start_year",
                                    "expected a year such as 2024, got '去年'"),
    "negative posts": Bad(_set("schools", 1, posts=-1), "schools", 3, "posts",
                          "expected a whole number ≥ 0, got '-1'"),
    "unknown post": Bad(_set("teachers", 2, post="janitor"), "teachers", 4, "post",
                        "expected teacher, principal or vice_principal (教师/校长/副校长), "
                        "got 'janitor'"),
    "negative years in post": Bad(_set("teachers", 0, post="principal", years_in_post=-2),
                                  "teachers", 2, "years_in_post",
                                  "expected a whole number ≥ 0, got '-2'"),
    "negative home periods": Bad(_set("teachers", 0, home_periods=-4), "teachers", 2,
                                 "home_periods", "expected a whole number ≥ 0, got '-4'"),
}


def _column(fmt: str, stem: str, field: str | None) -> str | None:
    """The column as the file spelt it; a missing column is named in both languages."""
    if field is None:
        return None
    col = SPECS[stem].by_name()[field]
    return col.zh if fmt.endswith("zh") else col.name


def _write(records: Records, tmp: Path, fmt: str, policy: dict[str, Any] | None) -> Path:
    if fmt == "xlsx-zh":
        write_workbook(records, tmp / "book.xlsx", policy, lang="zh")
        return tmp / "book.xlsx"
    write_folder(records, tmp / "county", policy, lang=fmt[-2:], encoding="utf-8-sig")
    return tmp / "county"


def _problems(path: Path, policy_file: Path | None = None) -> list[Problem]:
    with pytest.raises(InputError) as err:
        load_instance(path, policy_file)
    assert err.value.problems, "an InputError must carry at least one problem"
    return err.value.problems


@pytest.mark.parametrize("fmt", ["csv-en", "csv-zh", "xlsx-zh"])
@pytest.mark.parametrize("case", ROW_CASES.values(), ids=ROW_CASES.keys())
def test_bad_cell_names_file_row_column_and_expectation(
        tiny_records, tmp_path: Path, case: Bad, fmt: str) -> None:
    case.edit(tiny_records)
    path = _write(tiny_records, tmp_path, fmt, case.policy)
    problems = _problems(path)

    source = f"book.xlsx[{case.stem}]" if fmt.startswith("xlsx") else f"{case.stem}.csv"
    column = _column(fmt, case.stem, case.field)
    matching = [p for p in problems if (p.file, p.row) == (source, case.row)
                and p.column is not None and p.column.startswith(column)
                and case.expect in p.message]
    assert matching, f"wanted {source} row {case.row} column {column}: {case.expect!r}; " \
                     f"got {[str(p) for p in problems]}"
    assert len(problems) == 1, [str(p) for p in problems]  # no cascade into other files


def _csv(tmp: Path, records: Records, lang: str = "en") -> Path:
    write_folder(records, tmp / "county", lang=lang)
    return tmp / "county"


def _zip_bomb(path: Path) -> None:
    """A valid-looking xlsx with one member that inflates to 60 MB from ~60 kB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 2**20))


def _file_case(name: str, tmp: Path, records: Records) -> tuple[Path, Path | None]:
    """Build the bad instance for one file-level case; returns (instance, --policy file)."""
    folder = _csv(tmp, records)
    if name == "missing required file":
        (folder / "schools.csv").unlink()
    elif name == "empty required file":
        (folder / "teachers.csv").write_bytes(b"")
    elif name == "header-only required file":
        (folder / "schools.csv").write_text("school_id,name,kind,stage,students\n")
    elif name == "duplicated header":
        text = (folder / "schools.csv").read_text(encoding="utf-8-sig")
        (folder / "schools.csv").write_text(text.replace("name,", "学校代码,", 1))
    elif name == "not UTF-8 or GB18030":
        (folder / "busy.csv").write_bytes(b"owner_id,day,period\nT03,1,\xff\x80\n")
    elif name == "invalid TOML":
        (folder / "policy.toml").write_text("year = 2026\n[rotation\nscope = 1\n")
    elif name == "bad policy key in toml":
        (folder / "policy.toml").write_text("year = 2026\n\n[rotation]\nmax_distanc_km = 3\n")
    elif name == "bad policy value in toml":
        (folder / "policy.toml").write_text("[travel]\ndays = 5\nspeed_kmh = 'fast'\n")
    elif name == "bad policy value in --policy file":
        override = tmp / "override.toml"
        override.write_text("[rotation]\nmin_share_of_eligible = 1.5\n")
        return folder, override
    elif name == "missing --policy file":
        return folder, tmp / "nowhere.toml"
    elif name == "not an xlsx named .xlsx":
        (tmp / "book.xlsx").write_text("school_id,name\nC1,x\n")
        return tmp / "book.xlsx", None
    elif name == "zip bomb xlsx":
        _zip_bomb(tmp / "book.xlsx")
        return tmp / "book.xlsx", None
    elif name == "truncated xlsx":
        write_workbook(records, tmp / "book.xlsx")
        data = (tmp / "book.xlsx").read_bytes()
        (tmp / "book.xlsx").write_bytes(data[: len(data) // 2])
        return tmp / "book.xlsx", None
    elif name in ("bad policy key in sheet", "bad policy value in sheet",
                  "bad dotted key in sheet"):
        key, value = {"bad policy key in sheet": ("travel.max_sites", "2"),
                      "bad policy value in sheet": ("rotation.max_outflow_share", "lots"),
                      "bad dotted key in sheet": ("rotation..scope", "group")}[name]
        from openpyxl import load_workbook

        write_workbook(records, tmp / "book.xlsx", {"year": 2026})
        book = load_workbook(tmp / "book.xlsx")
        book["policy"].append([key, value])
        book.save(tmp / "book.xlsx")
        return tmp / "book.xlsx", None
    elif name == "no such instance":
        return tmp / "missing-county", None
    elif name == "a plain file that is neither":
        (tmp / "county.txt").write_text("hello")
        return tmp / "county.txt", None
    else:
        raise AssertionError(name)
    return folder, None


# name -> (file, row, column, fragment of the message)
FILE_CASES: dict[str, tuple[str, int | None, str | None, str]] = {
    "missing required file": ("schools.csv", None, None, "required file is missing"),
    "empty required file": ("teachers.csv", None, None, "the file is empty; expected a header "
                            "row with teacher_id, school_id, subject"),
    "header-only required file": ("schools.csv", None, None,
                                  "no data rows; expected at least one school"),
    "duplicated header": ("schools.csv", 1, "学校代码",
                          "column school_id appears twice (also as 'school_id')"),
    "not UTF-8 or GB18030": ("busy.csv", None, None, "expected text in UTF-8 or GB18030"),
    "invalid TOML": ("policy.toml", 2, None, "not valid TOML"),
    "bad policy key in toml": ("policy.toml", 4, "rotation.max_distanc_km",
                               "unknown policy key; expected one of eligible_years_at_school"),
    "bad policy value in toml": ("policy.toml", 3, "travel.speed_kmh",
                                 "expected a valid number, unable to parse string as a number, "
                                 "got 'fast'"),
    "bad policy value in --policy file": ("override.toml", 2, "rotation.min_share_of_eligible",
                                          "expected less than or equal to 1, got 1.5"),
    "missing --policy file": ("nowhere.toml", None, None, "policy file not found"),
    "not an xlsx named .xlsx": ("book.xlsx", None, None,
                                "expected an .xlsx workbook; the file is not one"),
    "zip bomb xlsx": ("book.xlsx", None, None, "refused as unsafe"),
    "truncated xlsx": ("book.xlsx", None, None, "expected an .xlsx workbook"),
    "bad policy key in sheet": ("book.xlsx[policy]", 3, "travel.max_sites",
                                "unknown policy key; expected one of days, period_starts"),
    "bad policy value in sheet": ("book.xlsx[policy]", 3, "rotation.max_outflow_share",
                                  "expected a valid number"),
    "bad dotted key in sheet": ("book.xlsx[policy]", 3, "key",
                                "expected a dotted key such as rotation.max_distance_km"),
    "no such instance": ("missing-county", None, None, "no such folder or file"),
    "a plain file that is neither": ("county.txt", None, None,
                                     "expected a folder of CSV files or an .xlsx workbook"),
}


@pytest.mark.parametrize("name", FILE_CASES)
def test_bad_file_names_file_and_what_was_expected(tiny_records, tmp_path: Path,
                                                   name: str) -> None:
    path, policy_file = _file_case(name, tmp_path, tiny_records)
    problems = _problems(path, policy_file)
    file, row, column, expect = FILE_CASES[name]
    got = [(Path(p.file).name, p.row, p.column) for p in problems]
    assert (file, row, column) in got, [str(p) for p in problems]
    assert any(expect in p.message for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize(("fmt", "file", "column"), [
    ("csv-en", "teachers.csv", "subject (任教学科)"),
    ("csv-zh", "teachers.csv", "任教学科 (subject)"),
    ("xlsx-zh", "book.xlsx[teachers]", "任教学科 (subject)"),
])
def test_missing_required_column_is_named_in_the_files_language(
        tiny_records, tmp_path: Path, fmt: str, file: str, column: str) -> None:
    path = _write(tiny_records, tmp_path, fmt, None)
    label = _column(fmt, "teachers", "subject")
    if fmt == "xlsx-zh":
        from openpyxl import load_workbook

        book = load_workbook(path)
        header = [c.value for c in book["teachers"][1]]
        book["teachers"].delete_cols(header.index(label) + 1)
        book.save(path)
    else:
        csv_path = path / "teachers.csv"
        lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
        index = lines[0].split(",").index(label)
        cut = [",".join(c for i, c in enumerate(line.split(",")) if i != index)
               for line in lines]
        csv_path.write_text("\n".join(cut) + "\n", encoding="utf-8")
    problems = _problems(path)
    assert [(p.file, p.row, p.column) for p in problems] == [(file, 1, column)]
    assert problems[0].message == ("required column is missing; expected a subject code such "
                                   "as music or 音乐")


def test_the_same_instance_reports_every_problem_at_once(tiny_records, tmp_path: Path) -> None:
    tiny_records["schools"][0]["students"] = "x"
    tiny_records["teachers"][1]["school_id"] = "X9"
    tiny_records["lessons"][2]["teacher_id"] = "T77"
    tiny_records["busy"][0]["day"] = 0
    problems = _problems(_csv(tmp_path, tiny_records))
    assert [(p.file, p.row) for p in problems] == [
        ("busy.csv", 2), ("lessons.csv", 4), ("schools.csv", 2), ("teachers.csv", 3)]


def test_long_values_are_cut_short_in_messages(tiny_records) -> None:
    from scheduler.data.load import instance_from_records

    tiny_records["schools"][0]["students"] = "9" * 5000
    with pytest.raises(InputError) as err:
        instance_from_records(tiny_records)
    assert len(err.value.problems[0].message) < 120


def test_teacher_names_never_appear_in_problems(tiny_records) -> None:
    from scheduler.data.load import instance_from_records

    tiny_records["teachers"][0].update(name="王小明", school_id="X9", gender="?")
    tiny_records["teachers"].append(dict(tiny_records["teachers"][0]))
    with pytest.raises(InputError) as err:
        instance_from_records(tiny_records)
    assert len(err.value.problems) == 5
    assert "王小明" not in str(err.value)


@pytest.mark.parametrize("fmt", ["csv-en", "csv-zh", "xlsx-zh"])
def test_a_to_lock_in_a_locks_file_without_a_school_column(tiny_records, tmp_path: Path,
                                                           fmt: str) -> None:
    """The column the lock needs is named even where the file has no such column."""
    tiny_records["locks"] = [{"teacher_id": "T01", "action": "stay"},
                             {"teacher_id": "T02", "action": "必须去"}]
    problems = _problems(_write(tiny_records, tmp_path, fmt, None))
    source = "book.xlsx[locks]" if fmt.startswith("xlsx") else "locks.csv"
    column = "school_id (学校代码)" if fmt == "csv-en" else "学校代码 (school_id)"
    assert [(p.file, p.row, p.column) for p in problems] == [(source, 3, column)]
    assert problems[0].message == ("expected a school_id from schools for action to, got a "
                                   "blank cell")


CHINESE_V2 = {
    "schools": {"posts": "核定编制数"},
    "teachers": {"teacher_id": "工号", "post": "职务", "years_in_post": "现职年限",
                 "home_periods": "本校周课时"},
    "history": {"teacher_id": "工号", "from_school_id": "原学校", "to_school_id": "交流学校",
                "start_year": "开始学年", "end_year": "结束学年", "stays_on": "留任"},
    "locks": {"teacher_id": "工号", "action": "要求", "school_id": "学校代码"},
}


@pytest.mark.parametrize("fmt", ["csv-zh", "csv-zh-gb18030", "xlsx-zh"])
def test_chinese_headers_and_values_of_the_v2_columns_and_files(tiny_records, tmp_path: Path,
                                                                fmt: str) -> None:
    """核定编制数, 职务, 现职年限, 交流记录 and 锁定 as a Chinese county types them."""
    from scheduler.data.schema import LockAction, Post

    tiny_records["schools"][0]["posts"] = 12
    tiny_records["teachers"][0].update(post="校长", years_in_post=7)
    tiny_records["teachers"][3].update(post="副校长", years_in_post=2)
    tiny_records["teachers"][1]["post"] = "教师"
    tiny_records["teachers"][2]["home_periods"] = 10
    tiny_records["history"] = [
        {"teacher_id": "T04", "from_school_id": "C1", "to_school_id": "V1",
         "start_year": 2025, "end_year": 2028, "stays_on": "否"},
        {"teacher_id": "T02", "from_school_id": "C1", "to_school_id": "P1",
         "start_year": 2019, "end_year": 2022, "stays_on": "是"}]
    tiny_records["locks"] = [{"teacher_id": "T01", "action": "留任", "school_id": None},
                             {"teacher_id": "T02", "action": "必须交流", "school_id": None},
                             {"teacher_id": "T04", "action": "必须去", "school_id": "C1"},
                             {"teacher_id": "T06", "action": "不去", "school_id": "J1"}]
    if fmt == "csv-zh-gb18030":
        write_folder(tiny_records, tmp_path / "county", lang="zh", encoding="gb18030")
        path = tmp_path / "county"
    else:
        path = _write(tiny_records, tmp_path, fmt, None)
    if fmt.startswith("csv"):
        encoding = "gb18030" if fmt.endswith("gb18030") else "utf-8-sig"
        for stem, headers in CHINESE_V2.items():
            header = (path / f"{stem}.csv").read_text(encoding=encoding).splitlines()[0]
            assert set(headers.values()) <= set(header.split(",")), (stem, header)

    inst = load_instance(path)
    assert inst.school["C1"].posts == 12 and inst.school["V1"].posts is None
    posts = {t.teacher_id: (t.post, t.years_in_post) for t in inst.teachers}
    assert posts["T01"] == (Post.PRINCIPAL, 7) and posts["T04"] == (Post.VICE_PRINCIPAL, 2)
    assert posts["T02"] == posts["T03"] == (Post.TEACHER, 0)
    assert inst.teacher["T03"].home_periods == 10 and inst.teacher["T01"].home_periods is None
    assert [(h.teacher_id, h.stays_on) for h in inst.history] == [("T04", False), ("T02", True)]
    assert set(inst.on_exchange) == {"T04"}
    assert [(lk.teacher_id, lk.action, lk.school_id) for lk in inst.locks] == [
        ("T01", LockAction.STAY, None), ("T02", LockAction.MOVE, None),
        ("T04", LockAction.TO, "C1"), ("T06", LockAction.NOT_TO, "J1")]

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


ROW_CASES: dict[str, Bad] = {
    "wrong type": Bad(_set("schools", 0, students="many"), "schools", 2, "students",
                      "expected a whole number ≥ 0, got 'many'"),
    "not a whole number": Bad(_set("lessons", 1, periods_per_week="2.5"), "lessons", 3,
                              "periods_per_week", "expected a whole number ≥ 1, got '2.5'"),
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

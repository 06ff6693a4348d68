"""What people type and mean something obvious by is accepted: Chinese codes, full-width
digits, ideographic spaces, "12.0", and Excel cells typed as numbers, booleans or dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scheduler.data.load import instance_from_records, load_instance
from scheduler.data.models import Distance, School, Teacher, TravelPolicy
from scheduler.data.schema import Backbone, Gender, SchoolKind, Stage
from scheduler.data.write import write_folder, write_workbook
from scheduler.errors import InputError


@pytest.mark.parametrize(("typed", "meant"), [
    ("是", True), ("否", False), ("√", True), ("Yes", True), ("TRUE", True), ("0", False),
    ("n", False), ("有", True), ("无", False),
])
def test_yes_no_words(tiny_records, typed: str, meant: bool) -> None:
    tiny_records["teachers"][0]["volunteer"] = typed
    assert instance_from_records(tiny_records).teachers[0].volunteer is meant


@pytest.mark.parametrize(("field", "typed", "meant"), [
    ("gender", "男", Gender.M), ("gender", "女", Gender.F), ("gender", "f", Gender.F),
    ("subject", "音乐", "music"), ("subject", "Music", "music"), ("subject", "道法", "moral"),
    ("subject", "信息技术", "it"), ("subject", "体育与健康", "pe"),
    ("backbone", "县级", Backbone.COUNTY), ("backbone", "省级", Backbone.PROVINCE),
    ("backbone", "无", Backbone.NONE), ("backbone", "CITY", Backbone.CITY),
    ("years_at_school", "１２", 12), ("years_at_school", "12.0", 12),
    ("years_at_school", "\u3000７\u3000", 7), ("birth_year", "1,980", 1980),
    ("max_travel_periods", "８.00", 8),
    ("other_subjects", "音乐；美术", ("music", "art")),
    ("other_subjects", "音乐、体育、音乐", ("music", "pe")),
])
def test_teacher_cells(tiny_records, field: str, typed: str, meant: object) -> None:
    tiny_records["teachers"][0][field] = typed
    assert getattr(instance_from_records(tiny_records).teachers[0], field) == meant


@pytest.mark.parametrize(("field", "typed", "meant"), [
    ("kind", "县城", None), ("kind", "城区", SchoolKind.URBAN), ("kind", "乡村", SchoolKind.RURAL),
    ("kind", "教学点", SchoolKind.TEACHING_POINT), ("kind", "Teaching_Point",
                                                  SchoolKind.TEACHING_POINT),
    ("stage", "小学", Stage.PRIMARY), ("stage", "九年一贯制", Stage.NINE_YEAR),
    ("students", "４００", 400), ("lon", "１１７.０", 117.0), ("weak", "是", True),
])
def test_school_cells(tiny_records, field: str, typed: str, meant: object) -> None:
    tiny_records["schools"][0][field] = typed
    if meant is None:  # a spelling nobody agreed on is still refused
        with pytest.raises(InputError, match="expected urban"):
            instance_from_records(tiny_records)
        return
    assert getattr(instance_from_records(tiny_records).schools[0], field) == meant


def test_ids_with_spaces_and_full_width_letters_match(tiny_records) -> None:
    tiny_records["schools"][0]["school_id"] = "\u3000C1 "
    tiny_records["teachers"][0]["school_id"] = "  C1"
    tiny_records["teachers"][1]["school_id"] = "Ｃ１"  # full-width letters and digits
    tiny_records["lessons"][0]["teacher_id"] = " T01\u3000"
    inst = instance_from_records(tiny_records)
    assert inst.schools[0].school_id == "C1"
    assert [t.school_id for t in inst.teachers[:2]] == ["C1", "C1"]
    assert inst.lessons[0].teacher_id == "T01"


def test_chinese_values_through_a_gb18030_csv(tiny_records, tmp_path: Path) -> None:
    tiny_records["teachers"][0].update(subject="音乐", gender="女", backbone="县级",
                                       can_travel="是", years_at_school="８")
    tiny_records["schools"][1].update(kind="乡村", stage="小学", weak="是")
    write_folder(tiny_records, tmp_path / "c", lang="zh", encoding="gb18030")
    inst = load_instance(tmp_path / "c")
    t = inst.teachers[0]
    assert (t.subject, t.gender, t.is_backbone, t.can_travel, t.years_at_school) == (
        "music", Gender.F, True, True, 8)
    assert inst.schools[1].kind == SchoolKind.RURAL and inst.schools[1].weak


def test_excel_typed_cells_in_a_workbook(tiny_records, tmp_path: Path) -> None:
    """Ids typed as numbers, counts as floats, yes/no as booleans, a class id as a date."""
    from openpyxl import load_workbook

    tiny_records["schools"][0]["school_id"] = "1001"
    for row in tiny_records["teachers"][:3]:
        row["school_id"] = "1001"
    for row in tiny_records["schools"][1:3]:
        row["central_school_id"] = "1001"
    for row in tiny_records["distances"]:
        row["from_id"] = "1001"
    tiny_records["preferences"][0]["school_id"] = "1001"
    book = tmp_path / "county.xlsx"
    write_workbook(tiny_records, book, lang="zh")

    wb = load_workbook(book)

    def put(sheet: str, field_zh: str, row: int, value: object) -> None:
        header = [c.value for c in wb[sheet][1]]
        wb[sheet].cell(row=row, column=header.index(field_zh) + 1, value=value)

    put("schools", "学校代码", 2, 1001)            # number in a text column
    put("teachers", "学校代码", 2, 1001.0)         # Excel's float form of it
    put("teachers", "工号", 7, 20240006)           # teacher id as a number
    put("schools", "在校生数", 2, 400.0)
    put("schools", "薄弱学校", 3, True)             # a real boolean cell
    put("teachers", "自愿交流", 2, False)
    put("teachers", "本校任教年限", 3, 3.0)
    put("lessons", "班级", 4, dt.datetime(2024, 3, 1))  # Excel turned "3-1" into a date
    put("schools", "学校名称", 5, 42)              # a name that is a number
    wb.save(book)

    inst = load_instance(book)
    assert inst.schools[0].school_id == "1001"
    assert inst.teachers[0].school_id == "1001"
    assert inst.teachers[5].teacher_id == "20240006"
    assert inst.schools[0].students == 400
    assert inst.schools[1].weak is True
    assert inst.teachers[0].volunteer is False
    assert inst.teachers[1].years_at_school == 3
    assert inst.lessons[2].class_id == "2024-03-01"
    assert inst.schools[3].name == "42"
    assert inst.staff["1001"] == 3


def test_a_fractional_number_for_a_whole_number_is_refused() -> None:
    with pytest.raises(ValueError, match="whole number"):
        Teacher(teacher_id="T", school_id="S", subject="math", years_at_school="6.5")


def test_teacher_helpers() -> None:
    t = Teacher(teacher_id="T", school_id="S", subject="music", other_subjects="art",
                backbone="市级")
    assert t.is_backbone and t.teaches("art") and t.teaches("music") and not t.teaches("pe")
    assert not Teacher(teacher_id="U", school_id="S", subject="pe", backbone="校级").is_backbone


def test_travel_calendar_helpers() -> None:
    t = TravelPolicy(period_starts=["8:00", "08:50", "14:00"], period_minutes=45)
    assert t.period_starts == ("08:00", "08:50", "14:00")
    assert (t.periods, t.start_minute(2), t.gap_minutes(1, 2), t.gap_minutes(2, 3)) == (
        3, 530, 5, 265)


@pytest.mark.parametrize("starts", [["08:00", "08:00"], ["8:70"], [], ["25:00"]])
def test_travel_calendar_refuses_bad_period_starts(starts: list[str]) -> None:
    with pytest.raises(ValueError):
        TravelPolicy(period_starts=starts)


def test_periods_may_not_overlap() -> None:
    with pytest.raises(ValueError, match="makes period 1 overlap period 2"):
        TravelPolicy(period_starts=["08:00", "08:30"], period_minutes=40)
    assert TravelPolicy(period_starts=["08:00", "08:40"], period_minutes=40).gap_minutes(1, 2) == 0


def test_optional_numbers_accept_none_when_built_in_code() -> None:
    """Generators build rows directly; None must mean blank, not crash a constraint."""
    s = School(school_id="S", name="S", kind="rural", stage="primary", students=3,
               lon=None, lat=None)
    assert not s.has_coordinates
    assert Teacher(teacher_id="T", school_id="S", subject="pe", birth_year=None).birth_year is None
    assert Distance(from_id="A", to_id="B", km=2, minutes=None).minutes is None
    with pytest.raises(ValueError, match="less than or equal to 180"):
        School(school_id="S", name="S", kind="rural", stage="primary", students=3, lon=181,
               lat=0)

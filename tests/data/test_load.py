"""Loader round trips (CSV folder in both header languages and three encodings, .xlsx with
a policy sheet), policy layering, and how problems in one file stay out of the others."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest

from scheduler.data import schema as s
from scheduler.data.instance import Instance
from scheduler.data.load import instance_from_records, load_instance
from scheduler.data.write import write_folder, write_workbook
from scheduler.errors import InputError

POLICY: dict[str, Any] = {
    "year": 2027,
    "rotation": {"max_distance_km": 30.0, "eligible_years_at_school": 9,
                 "shortage_subjects": ["music", "art", "pe"], "weights": {"shortage": 5.0}},
    "travel": {"days": 6, "speed_kmh": 30.0,
               "period_starts": ["08:10", "09:00", "10:00", "10:50", "14:30", "15:20", "16:10"]},
}
TABLES = ("schools", "teachers", "needs", "lessons", "distances", "busy", "preferences")


def chinese_text(records: dict[str, list[dict[str, Any]]]) -> None:
    """Put Chinese into text cells, so an encoding mix-up would show."""
    for i, row in enumerate(records["schools"]):
        row["name"] = f"第{i + 1}小学（东乡）"
        row["township"] = "东乡镇"
    for row in records["teachers"]:
        row["name"] = "张老师"
    records["teachers"][5]["exempt"] = "借调 secondment"


def same_rows(a: Instance, b: Instance) -> None:
    for table in TABLES:
        assert getattr(a, table) == getattr(b, table), table
    assert a.policy == b.policy


def shuffle_columns(path: Path, encoding: str, rng: random.Random) -> list[str]:
    """Rewrite a CSV with its columns in a random order; returns the new header."""
    text = path.read_bytes().decode(encoding)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    order = list(range(len(rows[0])))
    rng.shuffle(order)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in order] for r in rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return [rows[0][i] for i in order]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_folder_round_trip_any_language_encoding_and_column_order(
        tiny_records, tmp_path: Path, lang: str, encoding: str) -> None:
    chinese_text(tiny_records)
    expected = instance_from_records(tiny_records, POLICY)
    folder = tmp_path / "county"
    write_folder(tiny_records, folder, POLICY, lang=lang, encoding=encoding)
    rng = random.Random(f"{lang}-{encoding}")
    headers = {stem: shuffle_columns(folder / f"{stem}.csv", encoding, rng) for stem in TABLES}

    if encoding == "utf-8-sig":
        assert (folder / "schools.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    spec = s.SCHOOLS.by_name()["school_id"]
    assert (spec.zh if lang == "zh" else spec.name) in headers["schools"]
    assert headers["schools"] != [c.name for c in s.SCHOOLS.columns][:len(headers["schools"])]

    loaded = load_instance(folder)
    same_rows(loaded, expected)
    assert loaded.name == "county"
    assert loaded.sources["schools"] == "schools.csv"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_workbook_round_trip_with_policy_sheet(tiny_records, tmp_path: Path, lang: str) -> None:
    chinese_text(tiny_records)
    expected = instance_from_records(tiny_records, POLICY)
    book = tmp_path / "county.xlsx"
    write_workbook(tiny_records, book, POLICY, lang=lang)

    loaded = load_instance(book)
    same_rows(loaded, expected)
    assert loaded.policy.rotation.weights == {"shortage": 5.0}
    assert loaded.policy.travel.period_starts[:3] == ("08:10", "09:00", "10:00")
    assert loaded.sources["teachers"] == "county.xlsx[teachers]"


def test_policy_file_overrides_only_the_keys_it_names(tiny_records, tmp_path: Path) -> None:
    folder = tmp_path / "county"
    write_folder(tiny_records, folder, POLICY)
    override = tmp_path / "strict.toml"
    override.write_text("[rotation]\nmax_distance_km = 12.5\n\n[travel]\ndays = 5\n",
                        encoding="utf-8")

    policy = load_instance(folder, override).policy

    assert policy.rotation.max_distance_km == 12.5
    assert policy.travel.days == 5
    # everything else still comes from the instance's own policy.toml
    assert policy.year == 2027
    assert policy.rotation.eligible_years_at_school == 9
    assert policy.rotation.shortage_subjects == ("music", "art", "pe")
    assert policy.travel.speed_kmh == 30.0
    # and the instance's file alone is untouched by a previous override
    assert load_instance(folder).policy.rotation.max_distance_km == 30.0


def test_policy_file_overrides_a_workbook_policy_sheet(tiny_records, tmp_path: Path) -> None:
    book = tmp_path / "county.xlsx"
    write_workbook(tiny_records, book, POLICY)
    override = tmp_path / "p.toml"
    override.write_text("year = 2030\n", encoding="utf-8")
    policy = load_instance(book, override).policy
    assert (policy.year, policy.travel.days, policy.rotation.max_distance_km) == (2030, 6, 30.0)


def test_policy_toml_beside_a_workbook_is_read(tiny_records, tmp_path: Path) -> None:
    book = tmp_path / "county.xlsx"
    write_workbook(tiny_records, book, POLICY)
    (tmp_path / "policy.toml").write_text("[travel]\nmax_sites_per_day = 3\n", encoding="utf-8")
    policy = load_instance(book).policy
    assert policy.travel.max_sites_per_day == 3
    assert policy.travel.days == 6  # the sheet's keys stay


def test_no_policy_anywhere_gives_the_contract_defaults(tiny_records, tmp_path: Path) -> None:
    write_folder(tiny_records, tmp_path / "c")
    policy = load_instance(tmp_path / "c").policy
    assert policy.year == 2026
    assert policy.rotation.min_share_of_eligible == 0.10
    assert policy.travel.period_starts[0] == "08:00"


def test_optional_files_may_be_absent(tiny_records, tmp_path: Path) -> None:
    for stem in ("needs", "lessons", "distances", "busy", "preferences"):
        del tiny_records[stem]
    write_folder(tiny_records, tmp_path / "c")
    inst = load_instance(tmp_path / "c")
    assert (len(inst.schools), len(inst.teachers), inst.lessons, inst.busy) == (4, 6, [], [])


def test_file_names_are_matched_without_case(tiny_records, tmp_path: Path) -> None:
    write_folder(tiny_records, tmp_path / "c")
    (tmp_path / "c" / "schools.csv").rename(tmp_path / "c" / "Schools.CSV")
    assert len(load_instance(tmp_path / "c").schools) == 4


def test_stray_columns_and_sheets_are_ignored_with_a_note(tiny_records, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = tmp_path / "c.xlsx"
    write_workbook(tiny_records, book)
    wb = load_workbook(book)
    wb.create_sheet("notes").append(["anything"])
    wb["schools"].cell(row=1, column=20, value="principal")
    wb["schools"].cell(row=2, column=20, value="someone")
    wb.save(book)
    inst = load_instance(book)
    assert "c.xlsx[schools]: ignored column(s) principal" in inst.notes
    assert "c.xlsx: ignored sheet(s) notes" in inst.notes
    assert len(inst.schools) == 4


def test_blank_rows_are_skipped_and_row_numbers_stay_true(tiny_records, tmp_path: Path) -> None:
    write_folder(tiny_records, tmp_path / "c")
    path = tmp_path / "c" / "schools.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines.insert(2, ",,,,")
    lines[4] = lines[4].replace("Hill teaching point", "Hill teaching point").replace(
        ",30,", ",lots,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_instance(tmp_path / "c")
    # P1 is the third data row; with the blank line before it, it is row 5 in Excel
    assert [(p.row, p.column) for p in err.value.problems] == [(5, "students")]


def test_a_failed_row_still_has_its_ids_checked(tiny_records) -> None:
    """Known gap, fixed: a row with a bad number also reports its unknown school."""
    tiny_records["teachers"][0].update(school_id="NOPE", years_at_school="eight")
    with pytest.raises(InputError) as err:
        instance_from_records(tiny_records)
    found = {(p.file, p.row, p.column) for p in err.value.problems}
    assert found == {("teachers.csv", 2, "school_id"), ("teachers.csv", 2, "years_at_school")}


def test_a_failed_row_is_not_blamed_on_rows_that_point_at_it(tiny_records) -> None:
    """C1 has a bad pupil count; teachers, distances and preferences naming C1 are fine."""
    tiny_records["schools"][0]["students"] = "four hundred"
    tiny_records["teachers"][0]["birth_year"] = "nineteen"
    with pytest.raises(InputError) as err:
        instance_from_records(tiny_records)
    assert [(p.file, p.row, p.column) for p in err.value.problems] == [
        ("schools.csv", 2, "students"), ("teachers.csv", 2, "birth_year")]


def test_failed_rows_still_take_part_in_duplicate_checks(tiny_records) -> None:
    twin = dict(tiny_records["schools"][0], students="many")
    tiny_records["schools"].append(twin)
    with pytest.raises(InputError) as err:
        instance_from_records(tiny_records)
    messages = {(p.row, p.column): p.message for p in err.value.problems}
    assert set(messages) == {(6, "students"), (6, "school_id")}
    assert "duplicate school_id 'C1' (first at row 2)" in messages[(6, "school_id")]


def test_a_missing_required_file_is_one_problem_not_a_cascade(tiny_records, tmp_path) -> None:
    write_folder(tiny_records, tmp_path / "c")
    (tmp_path / "c" / "teachers.csv").unlink()
    with pytest.raises(InputError) as err:
        load_instance(tmp_path / "c")
    assert [str(p) for p in err.value.problems] == ["teachers.csv: required file is missing"]


def test_a_missing_column_is_reported_once_not_per_row(tiny_records) -> None:
    for row in tiny_records["schools"]:
        del row["students"]
    with pytest.raises(InputError) as err:
        instance_from_records(tiny_records)
    assert [(p.row, p.column) for p in err.value.problems] == [(1, "students (在校生数)")]


def test_every_unreadable_file_is_reported_in_one_run(tiny_records, tmp_path: Path) -> None:
    write_folder(tiny_records, tmp_path / "c", POLICY)
    (tmp_path / "c" / "busy.csv").write_bytes(b"owner_id,day\n\xff\xff\n")
    (tmp_path / "c" / "policy.toml").write_text("year = = 3\n", encoding="utf-8")
    tiny_records["schools"][0]["students"] = -5
    write_folder({"schools": tiny_records["schools"]}, tmp_path / "c")
    with pytest.raises(InputError) as err:
        load_instance(tmp_path / "c")
    assert {p.file for p in err.value.problems} == {"busy.csv", "policy.toml", "schools.csv"}


def test_records_with_an_empty_optional_list_load(tiny_records) -> None:
    tiny_records["busy"] = []
    assert instance_from_records(tiny_records).busy == []

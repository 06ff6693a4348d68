"""Files of tens of megabytes: a large real file loads, an absurd one is refused by name."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from scheduler.data import load_instance
from scheduler.data.read import MAX_ROWS
from scheduler.errors import InputError

SCHOOLS = ("school_id,name,kind,stage,lon,lat,students\n"
           "S1,城一小,urban,primary,117.0,32.0,1000\n"
           "S2,乡村小学,rural,primary,117.1,32.1,100\n")


def write_county(folder: Path, teachers: int, note_chars: int) -> int:
    folder.mkdir()
    (folder / "schools.csv").write_text(SCHOOLS, encoding="utf-8")
    note = "备" * note_chars
    with (folder / "teachers.csv").open("w", encoding="utf-8") as f:
        f.write("teacher_id,name,school_id,subject,years_at_school,备注\n")
        for i in range(teachers):
            f.write(f"T{i:07d},教师{i},S{1 + i % 2},math,{i % 12},{note}\n")
    return (folder / "teachers.csv").stat().st_size


def test_a_50_mb_staff_file_loads(tmp_path: Path) -> None:
    size = write_county(tmp_path / "big", teachers=60_000, note_chars=300)
    assert size > 50 * 2**20
    start = time.perf_counter()
    inst = load_instance(tmp_path / "big")
    seconds = time.perf_counter() - start
    assert len(inst.teachers) == 60_000
    assert any("备注" in note for note in inst.notes)  # the stray column is named, not fatal
    print(f"50 MB teachers.csv ({size / 2**20:.0f} MiB) loaded in {seconds:.1f} s")


def test_more_rows_than_any_county_has_are_refused_by_name(tmp_path: Path) -> None:
    write_county(tmp_path / "huge", teachers=MAX_ROWS + 1, note_chars=0)
    with pytest.raises(InputError) as caught:
        load_instance(tmp_path / "huge")
    problems = caught.value.problems
    assert any(p.file == "teachers.csv" and f"at most {MAX_ROWS}" in p.message
               for p in problems), problems[:3]

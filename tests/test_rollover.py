"""scheduler/rollover.py: next year's instance, rule by rule, on a hand-built county.

The county (year 2026, term_years 3): urban primaries U1 and U2, rural primary R1, weak
town primary W1. Its plan moves teacher A U1 -> R1 and swaps principals F (U1) and G
(U2). C's exchange U2 -> R1 (2024-2027) ends and C comes home; D's U1 -> W1 (2024-2027)
ends with stays_on; E's U2 -> R1 (2025-2028) runs on. RT (man, born 1966) retires in
December 2026 under reform_2025 (60 years + 5 months: m = 18 months after January 1965,
d = 18 // 4 + 1 = 5), before 1 September 2027.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from scheduler.data.load import instance_from_records, load_instance
from scheduler.errors import InputError, UsageError
from scheduler.rollover import (
    header_lang,
    plan_file,
    read_moves,
    retires,
    roll_over,
    snapshot,
    write_instance,
    write_next,
)

PLAN_COLUMNS = ("teacher_id", "name", "subject", "backbone", "from_school_id",
                "to_school_id", "distance_km", "reasons")


def school(sid: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"school_id": sid, "name": f"school {sid}", "kind": kind, "stage": "primary",
            "lon": 117.0, "lat": 31.0, "students": 300, **extra}


def teacher(tid: str, at: str, years: int, **extra: Any) -> dict[str, Any]:
    return {"teacher_id": tid, "name": f"name {tid}", "school_id": at, "subject": "math",
            "years_at_school": years, "birth_year": 1985, "gender": "M", **extra}


def records() -> dict[str, list[dict[str, Any]]]:
    return {
        "schools": [school("U1", "urban"), school("U2", "urban"), school("R1", "rural"),
                    school("W1", "town", weak=True)],
        "teachers": [
            teacher("A", "U1", 8, volunteer=True),
            teacher("B", "U1", 3),
            teacher("C", "R1", 2, rural_years=2),
            teacher("D", "W1", 2, rural_years=2),
            teacher("E", "R1", 1, rural_years=1),
            teacher("F", "U1", 6, post="principal", years_in_post=6),
            teacher("G", "U2", 9, post="principal", years_in_post=7),
            teacher("H", "U1", 4, post="vice_principal", years_in_post=2),
            teacher("RT", "U1", 20, birth_year=1966),
        ],
        "needs": [{"school_id": "R1", "subject": "math", "required": 3}],
        "lessons": [{"site_id": "R1", "class_id": "1", "subject": "math",
                     "periods_per_week": 2, "teacher_id": "RT"},
                    {"site_id": "R1", "class_id": "2", "subject": "math",
                     "periods_per_week": 2, "teacher_id": "B"}],
        "busy": [{"owner_id": "RT", "day": 1, "period": 1},
                 {"owner_id": "B", "day": 2, "period": 2}],
        "history": [
            {"teacher_id": "C", "from_school_id": "U2", "to_school_id": "R1",
             "start_year": 2024, "end_year": 2027},
            {"teacher_id": "D", "from_school_id": "U1", "to_school_id": "W1",
             "start_year": 2024, "end_year": 2027, "stays_on": True},
            {"teacher_id": "E", "from_school_id": "U2", "to_school_id": "R1",
             "start_year": 2025, "end_year": 2028},
            {"teacher_id": "RT", "from_school_id": "U1", "to_school_id": "R1",
             "start_year": 2010, "end_year": 2013},
        ],
        "locks": [{"teacher_id": "B", "action": "stay"}],
        "preferences": [{"teacher_id": "A", "rank": 1, "school_id": "R1"}],
        "calendar": [{"date": "2026-10-08", "kind": "holiday"}],
    }


POLICY = {"year": 2026, "rotation": {"scope": "district"},
          "travel": {"term_start": "2026-09-07", "period_minutes": 45}}
MOVES = {"A": "R1", "F": "U2", "G": "U1"}


@pytest.fixture
def inst():
    return instance_from_records(records(), POLICY)


def by_id(rows: list[dict[str, Any]], key: str = "teacher_id") -> dict[str, dict[str, Any]]:
    return {r[key]: r for r in rows}


def write_plan(folder: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A rotation_plan.csv with the contract's columns (teacher, from, to per row)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "rotation_plan.csv").open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(PLAN_COLUMNS)
        for tid, frm, to in rows:
            w.writerow([tid, f"name {tid}", "math", "none", frm, to, "0", "quota"])
    return folder


def test_movers_go_on_an_exchange_at_their_new_school(inst) -> None:
    nxt = roll_over(inst, MOVES)
    teachers = by_id(nxt.records["teachers"])
    a = teachers["A"]
    # served 2026 at R1 (rural): rural_years 0 + 1; years at the new school 0 (contract)
    assert (a["school_id"], a["years_at_school"], a["rural_years"]) == ("R1", 0, 1)
    assert a.get("volunteer", False) is False  # the wish was granted
    history = [h for h in nxt.records["history"] if h["start_year"] == 2026]
    assert by_id(history)["A"] == {"teacher_id": "A", "from_school_id": "U1",
                                   "to_school_id": "R1", "start_year": 2026,
                                   "end_year": 2029, "stays_on": False}
    assert nxt.movers == ["A"] and nxt.leaders_moved == ["F", "G"]


def test_stayers_add_a_year_and_rural_years_count_where_the_year_was_served(inst) -> None:
    teachers = by_id(roll_over(inst, MOVES).records["teachers"])
    b, e = teachers["B"], teachers["E"]
    assert (b["school_id"], b["years_at_school"], b.get("rural_years", 0)) == ("U1", 4, 0)
    # E's exchange (2025-2028) runs on: still at R1, one more year there and in the country
    assert (e["school_id"], e["years_at_school"], e["rural_years"]) == ("R1", 2, 2)


def test_an_ending_exchange_comes_home_unless_it_stays_on(inst) -> None:
    nxt = roll_over(inst, MOVES)
    teachers = by_id(nxt.records["teachers"])
    c, d = teachers["C"], teachers["D"]
    # C served 2026 at R1 (rural years 2 -> 3) and is home at U2 with 0 years there
    assert (c["school_id"], c["years_at_school"], c["rural_years"]) == ("U2", 0, 3)
    # D stays on at W1 (weak): 2 -> 3 years there, rural years 2 -> 3
    assert (d["school_id"], d["years_at_school"], d["rural_years"]) == ("W1", 3, 3)
    assert nxt.came_home == ["C"] and nxt.stayed_on == ["D"]
    nxt_inst = instance_from_records(nxt.records, nxt.policy)
    # neither is on an exchange in 2027; E and A are (R11 keeps them in place)
    assert set(nxt_inst.on_exchange) == {"A", "E", "F", "G"}


def test_leaders_take_the_post_for_good_and_their_years_in_post_restart(inst) -> None:
    nxt = roll_over(inst, MOVES)
    teachers = by_id(nxt.records["teachers"])
    assert (teachers["F"]["school_id"], teachers["F"]["years_in_post"]) == ("U2", 0)
    assert (teachers["G"]["school_id"], teachers["G"]["years_in_post"]) == ("U1", 0)
    assert teachers["H"]["years_in_post"] == 3
    history = by_id([h for h in nxt.records["history"] if h["start_year"] == 2026])
    assert history["F"]["stays_on"] is True and history["G"]["stays_on"] is True


def test_retirees_leave_with_their_exchanges_busy_slots_and_pins(inst) -> None:
    assert retires(inst, "RT", 2027) and not retires(inst, "B", 2027)
    nxt = roll_over(inst, MOVES)
    assert nxt.retired == ["RT"]
    assert "RT" not in by_id(nxt.records["teachers"])
    assert all(h["teacher_id"] != "RT" for h in nxt.records["history"])
    assert [b["owner_id"] for b in nxt.records["busy"]] == ["B"]
    assert [row.get("teacher_id") for row in nxt.records["lessons"]] == [None, "B"]
    assert nxt.dropped["lesson_pins"] == 1 and nxt.dropped["busy"] == 1


def test_one_years_files_are_dropped_and_the_policy_moves_on(inst) -> None:
    nxt = roll_over(inst, MOVES)
    assert not {"locks", "preferences", "calendar"} & set(nxt.records)
    assert nxt.dropped | {"lesson_pins": 0, "busy": 0} == {
        "locks": 1, "preferences": 1, "calendar": 1, "lesson_pins": 0, "busy": 0}
    # the county's keys carry over; a dated term is blanked (the new year's default applies)
    assert nxt.policy == {"year": 2027, "rotation": {"scope": "district"},
                          "travel": {"period_minutes": 45}}
    assert [(n.school_id, n.subject, n.required) for n in
            instance_from_records(nxt.records, nxt.policy).needs] == [("R1", "math", 3)]


def test_term_years_one_comes_home_at_once(inst) -> None:
    one = instance_from_records(records(), {**POLICY, "rotation": {"term_years": 1}})
    nxt = roll_over(one, {"A": "R1"})
    a = by_id(nxt.records["teachers"])["A"]
    # the exchange 2026-2027 ends at this very rollover: A served the year at R1, then home
    assert (a["school_id"], a["years_at_school"], a["rural_years"]) == ("U1", 0, 1)
    assert "A" in nxt.came_home


def test_read_moves_reads_a_rotate_or_a_plan_folder(inst, tmp_path: Path) -> None:
    write_plan(tmp_path / "joint" / "rotation", [("A", "U1", "R1")])
    assert plan_file(tmp_path / "joint").parent.name == "rotation"
    assert read_moves(inst, tmp_path / "joint") == {"A": "R1"}
    with pytest.raises(UsageError, match="no rotation plan"):
        read_moves(inst, tmp_path / "nothing")


@pytest.mark.parametrize(("rows", "column", "says"), [
    ([("NOBODY", "U1", "R1")], "teacher_id", "teacher_id of teachers.csv"),
    ([("A", "U2", "R1")], "from_school_id", "expected U1"),
    ([("A", "U1", "U1")], "to_school_id", "other than the teacher's own"),
    ([("A", "U1", "R1"), ("A", "U1", "W1")], "teacher_id", "one row per teacher"),
    ([("E", "R1", "U1")], "teacher_id", "R11"),
])
def test_a_plan_that_does_not_fit_is_refused(inst, tmp_path: Path, rows, column, says) -> None:
    write_plan(tmp_path / "p", rows)
    with pytest.raises(InputError) as err:
        read_moves(inst, tmp_path / "p")
    [problem] = err.value.problems
    assert problem.column == column and says in problem.message
    assert problem.file.endswith("rotation_plan.csv") and problem.row == len(rows) + 1


def test_next_is_written_at_once_and_loads(inst, tmp_path: Path) -> None:
    nxt = roll_over(inst, MOVES)
    out = write_next(nxt, tmp_path / "next")
    loaded = load_instance(out)
    assert loaded.policy.year == 2027 and loaded.teacher["A"].school_id == "R1"
    assert (out / "rollover.json").is_file()
    with pytest.raises(UsageError, match="--force"):
        write_next(nxt, out)
    book = write_next(nxt, tmp_path / "next.xlsx", lang="zh")
    assert load_instance(book).teacher["C"].school_id == "U2"
    with pytest.raises(UsageError, match="--force"):
        write_next(nxt, book)


def test_next_keeps_the_header_language_of_the_input(inst, tmp_path: Path) -> None:
    records_, policy = snapshot(inst)
    zh = write_instance(records_, policy, tmp_path / "zh", lang="zh")
    en = write_instance(records_, policy, tmp_path / "en", lang="en")
    assert (header_lang(load_instance(zh)), header_lang(load_instance(en))) == ("zh", "en")
    assert header_lang(inst) == "en"  # built in memory: no file to follow
    # a snapshot is the instance as it was (simulate's year 1): every row, the policy
    back = load_instance(zh)
    for stem in ("schools", "teachers", "needs", "lessons", "busy", "history", "locks",
                 "preferences", "calendar"):
        assert getattr(back, stem) == getattr(inst, stem), stem
    assert back.policy == inst.policy

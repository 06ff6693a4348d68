"""`changes.py`: reading a previous plan, the differences between two plans, and causes.

No solver: the plans are written by hand. The county: A (urban) at (0, 0) with chinese
teachers t1, t2, t3; B (rural) at (10, 0); C (rural) at (0, 10). No needs, no levels
that care, so a change no lock or rule explains is a hard rule's (R2 by default).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.errors import UsageError
from scheduler.rotation.changes import (
    Previous,
    differences,
    explain_changes,
    read_previous,
)


def small(cty, **teacher):
    return cty.county(
        {"A": {"at": (0, 0)}, "B": {"kind": "rural", "at": (10, 0)},
         "C": {"kind": "rural", "at": (0, 10)}},
        {"t1": {"school_id": "A"}, "t2": {"school_id": "A", **teacher},
         "t3": {"school_id": "A"}},
        locks=[("t3", "stay", None)])


def test_differences_cover_every_kind_of_change(cty):
    # t1 went to B and now goes to C; t2 went to C and now stays; t3 stayed and still
    # does; t9 (gone) went to B; t4 is unknown to the instance too but never moved.
    inst = small(cty)
    previous = Previous("hand", {"t1": ("A", "B"), "t2": ("A", "C"), "t9": ("A", "B")})
    assert differences(inst, previous, {"t1": "C"}) == {
        "t1": ("B", "C"), "t2": ("C", ""), "t9": ("B", "")}
    assert differences(inst, previous, {"t1": "B", "t2": "C"}) == {"t9": ("B", "")}


def test_causes_are_told_apart(cty):
    # t2 is now near retirement (born 1964: 62 in 2026), so its move to C is no longer
    # possible; t3 moved to B before and is now locked to stay; t1 is a new mover that
    # nothing but the quota asks for.
    inst = small(cty, birth_year=1964)
    previous = Previous("hand", {"t2": ("A", "C"), "t3": ("A", "B"), "t9": ("A", "B")})
    causes = {c.teacher_id: (c.cause, c.detail)
              for c in explain_changes(inst, previous, {"t1": "B"})}
    assert causes == {"t9": ("teacher_gone", ""), "t2": ("not_eligible", "near_retirement"),
                      "t3": ("lock", "L"), "t1": ("rule", "R2")}


def test_a_previous_plan_is_read_from_a_rotate_or_a_plan_folder(tmp_path: Path):
    for folder in (tmp_path / "rotate", tmp_path / "plan" / "rotation"):
        folder.mkdir(parents=True)
        (folder / "rotation_plan.csv").write_text(
            "\ufeffteacher_id,name,from_school_id,to_school_id\nt1,x,A,B\n'-t2,y,A,C\n",
            encoding="utf-8")
    assert read_previous(tmp_path / "rotate").moves == {"t1": ("A", "B"), "-t2": ("A", "C")}
    assert read_previous(tmp_path / "plan").moves == read_previous(tmp_path / "rotate").moves
    with pytest.raises(UsageError, match="no rotation plan"):
        read_previous(tmp_path)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "rotation_plan.csv").write_text("teacher_id,to\nt1,B\n")
    with pytest.raises(UsageError, match="from_school_id"):
        read_previous(tmp_path / "bad")

"""Groups of interchangeable eligible teachers, caps and quotas."""

from __future__ import annotations

from scheduler.rotation.problem import build_problem


def test_interchangeable_teachers_share_a_group_picked_volunteers_first(cty):
    inst = cty.county(
        {"A": {"at": (0, 0)}, "B": {"at": (5, 0)}},
        {"T1": {"school_id": "A", "years_at_school": 9},
         "T2": {"school_id": "A", "years_at_school": 12},
         "T3": {"school_id": "A", "years_at_school": 1, "volunteer": True},
         "T4": {"school_id": "A", "backbone": "county"},  # backbone: a group of its own
         "T5": {"school_id": "A", "seeks_senior_title": True},  # R7 applies: its own
         "T6": {"school_id": "A"},  # has wishes: alone
         "T7": {"school_id": "A", "years_at_school": 1},  # not eligible: in no group
         "T8": {"school_id": "B", "subject": "music"}},
        wishes={"T6": ["B"]}, rotation={"min_share_of_eligible": 0.1, "max_outflow_share": 0.3})
    prob = build_problem(inst)
    by_ids = {g.teacher_ids: g for g in prob.groups}
    assert set(by_ids) == {("T3", "T2", "T1"), ("T4",), ("T5",), ("T6",), ("T8",)}
    assert by_ids["T4",].backbone and by_ids["T5",].senior and by_ids["T6",].wishes == {"B": 1}
    assert by_ids["T8",].pe_arts
    assert prob.eligible_count == 7 and prob.min_movers == 1
    assert prob.cap == {"A": 2, "B": 0}  # floor(30 % of 7) and of 1
    assert prob.max_out("A") == 2 and prob.max_out("A", subject="music") == 0

"""The traveling-teacher rules as predicates (scheduler/core/travel_rules.py): here, the
lesson rows a rotation leaves without the teacher lessons.csv names for them."""

from __future__ import annotations

from scheduler.core.travel_rules import pinned_out_of_reach
from scheduler.data.load import instance_from_records


def test_a_named_teacher_moved_out_of_scope_or_home_leaves_the_row(tiny_records):
    # P1/1 music names T01 (C1, can travel); add V1/3A math naming T04 (V1, cannot
    # travel: T2 lets T04 teach only at its own school). Under T12 scope "township", P1's
    # township is C1's: T01 moved to V1 (also C1's township, within reach) may still go,
    # moved to J1 (its own township) may not; T04 moved to C1 may not teach at V1 any more.
    tiny_records["lessons"].append({"site_id": "V1", "class_id": "3A", "subject": "math",
                                    "periods_per_week": 4, "teacher_id": "T04"})
    inst = instance_from_records(tiny_records, {"travel": {"scope": "township"}})
    assert pinned_out_of_reach(inst, {}) == []
    assert pinned_out_of_reach(inst, {"T01": "V1"}) == []
    out = pinned_out_of_reach(inst, {"T01": "J1", "T04": "C1", "T02": "J1"})
    assert [(le.site_id, le.subject, le.teacher_id) for le in out] == [
        ("P1", "music", "T01"), ("V1", "math", "T04")]

"""The joint plan's shared definitions: coverage, needs that count it, the county after the
moves (scheduler.coplan)."""

from __future__ import annotations

import pytest

from scheduler import rules
from scheduler.coplan import after_moves, counting, coverage, coverage_records, lesson_coverage
from scheduler.data.load import instance_from_records


@pytest.fixture
def inst(tiny_records):
    tiny_records["needs"] = [{"school_id": "P1", "subject": "music", "required": 1.0},
                             {"school_id": "V1", "subject": "art", "required": 0.1}]
    return instance_from_records(tiny_records, {"rotation": {"full_load_periods": 16}})


def test_coverage_is_placed_periods_over_a_full_load(inst):
    cover = coverage(inst, [("P1", "music", 1.0), ("P1", "music", 1.0), ("V1", "art", 0.5)])
    assert cover == {("P1", "music"): 2 / 16, ("V1", "art"): 0.5 / 16}
    assert coverage_records(cover)[0] == {"site_id": "P1", "subject": "music",
                                          "teachers": 0.125}
    periods = {(le.site_id, le.subject): 0.0 for le in inst.lessons}
    for le in inst.lessons:
        periods[(le.site_id, le.subject)] += le.periods_per_week
    assert lesson_coverage(inst) == {k: v / 16 for k, v in sorted(periods.items())}


def test_a_covered_need_is_not_unmet(inst):
    before = rules.placement_before(inst)
    plain = rules.shortages(inst, before)
    counted = counting(inst, {("P1", "music"): 0.25, ("V1", "art"): 1.0})
    after = rules.shortages(counted, before)
    assert after[("P1", "music")] == pytest.approx(plain[("P1", "music")] - 0.25)
    assert after.get(("V1", "art"), 0.0) == 0.0  # never below nothing
    assert len(counted.needs) == len(inst.needs) and counted.teachers == inst.teachers


def test_the_county_after_the_moves(inst):
    mover = inst.teachers[0]
    moved = after_moves(inst, {mover.teacher_id: "V1"})
    assert moved.teacher[mover.teacher_id].school_id == "V1"
    assert inst.teacher[mover.teacher_id].school_id == mover.school_id  # the input stays
    assert [t.teacher_id for t in moved.teachers] == [t.teacher_id for t in inst.teachers]


def test_traveling_teachers_stay_where_the_timetable_needs_them(inst):
    from scheduler.coplan import hubs_stay

    subjects = {le.subject for le in inst.lessons}
    kept = hubs_stay(inst)
    stays = {lk.teacher_id for lk in kept.locks if lk.action == "stay"}
    assert stays == {t.teacher_id for t in inst.teachers if t.can_travel and not t.is_leader
                     and any(t.teaches(s) for s in subjects)}
    assert stays and inst.locks == []  # the county's own instance is left as it was

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


def test_a_teacher_a_lesson_names_stays_too(tiny_records):
    # T04 (math, at V1, cannot travel) is named on V1's math row: the timetable needs T04
    # at V1 whatever it teaches, so the joint plan keeps T04 there like the travellers.
    from scheduler.coplan import hubs_stay

    tiny_records["lessons"].append({"site_id": "V1", "class_id": "3A", "subject": "math",
                                    "periods_per_week": 4, "teacher_id": "T04"})
    inst = instance_from_records(tiny_records, {"rotation": {"full_load_periods": 16}})
    assert not inst.teacher["T04"].can_travel
    stays = {lk.teacher_id for lk in hubs_stay(inst).locks if lk.action == "stay"}
    assert "T04" in stays


# --- hubs: lessons nobody may take, a traveling teacher sent to the central school ------

# Township CA: two teaching points 50 km apart, each 25 km from the central school; the
# only music teacher (M, who can travel) is at U, 42.7 km from P1 and 41.2 km from CA:
# within R3's 50 km of both, but 64 min from P1 (more than T8's 60 at 40 km/h), so nobody
# may take the music lessons of P1 and P2 as the county stands.
HUB_SCHOOLS = {"CA": {"kind": "town", "at": (0.0, 0.0)},
               "P1": {"kind": "teaching_point", "central_school_id": "CA", "at": (25.0, 0.0),
                      "students": 20},
               "P2": {"kind": "teaching_point", "central_school_id": "CA", "at": (-25.0, 0.0),
                      "students": 20},
               "U": {"kind": "urban", "at": (10.0, 40.0)}}
HUB_TEACHERS = {"M": {"school_id": "U", "subject": "music", "can_travel": True},
                "C1": {"school_id": "CA"}, "U1": {"school_id": "U"}}
HUB_LESSONS = [{"site_id": s, "class_id": "1", "subject": "music", "periods_per_week": 2}
               for s in ("P1", "P2")]


def hub_county(cty, tmp_path=None):
    records, policy = cty.county_records(HUB_SCHOOLS, HUB_TEACHERS)
    records["lessons"] = HUB_LESSONS
    if tmp_path is not None:
        from scheduler.data.write import write_folder

        write_folder(records, tmp_path, policy)
        return tmp_path
    return instance_from_records(records, policy)


def test_lessons_nobody_may_take_get_a_hub_at_the_central_school(cty):
    from scheduler.coplan import Hub, hubs, with_hubs

    inst = hub_county(cty)
    # M at CA reaches both sites (37.5 min each) and its cap (16) holds their 4 periods
    assert hubs(inst) == [Hub("M", "CA", (0, 1))]
    locked = with_hubs(inst, hubs(inst))
    assert [(lk.teacher_id, str(lk.action), lk.school_id) for lk in locked.locks] == \
        [("M", "to", "CA")]
    assert inst.locks == []


def test_no_hub_where_every_lesson_has_a_teacher_or_none_can_help(cty):
    from scheduler.coplan import hubs

    assert hubs(after_moves(hub_county(cty), {"M": "CA"})) == []  # M is there already
    far = {**HUB_SCHOOLS, "U": {"kind": "urban", "at": (10.0, 80.0)}}  # past R3's 50 km
    records, policy = cty.county_records(far, HUB_TEACHERS)
    records["lessons"] = HUB_LESSONS
    assert hubs(instance_from_records(records, policy)) == []

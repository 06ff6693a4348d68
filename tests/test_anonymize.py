"""The anonymized copy keeps the county's structure and drops what identifies people."""

from __future__ import annotations

from pathlib import Path

from scheduler.anonymize import anonymize, anonymize_to
from scheduler.data import load_instance
from scheduler.data.load import instance_from_records

RECORDS = {
    "schools": [
        {"school_id": "城一小", "name": "城关第一小学", "township": "城关", "kind": "urban",
         "stage": "primary", "group_id": "集团A", "lon": 117.0, "lat": 32.0, "students": 900},
        {"school_id": "甲中心", "name": "甲镇中心小学", "township": "甲镇", "kind": "town",
         "stage": "primary", "central_school_id": "甲中心", "lon": 117.2, "lat": 32.1,
         "students": 400},
        {"school_id": "甲点", "name": "甲镇王庄教学点", "township": "甲镇",
         "kind": "teaching_point", "stage": "primary", "central_school_id": "甲中心",
         "lon": 117.25, "lat": 32.12, "students": 30},
    ],
    "teachers": [
        {"teacher_id": "110101198001011234", "name": "张三", "school_id": "城一小",
         "subject": "music", "years_at_school": 9, "exempt": "怀孕"},
        {"teacher_id": "110101198502021234", "name": "李四", "school_id": "甲中心",
         "subject": "art", "can_travel": True},
    ],
    "lessons": [{"site_id": "甲点", "class_id": "一年级", "subject": "art",
                 "periods_per_week": 2, "teacher_id": "110101198502021234"}],
    "busy": [{"owner_id": "甲点/一年级", "day": 1, "period": 1},
             {"owner_id": "110101198001011234", "day": 2, "period": 3}],
    "preferences": [{"teacher_id": "110101198001011234", "rank": 1, "school_id": "甲点"}],
}


def test_no_name_id_or_reason_survives(tmp_path: Path) -> None:
    inst = instance_from_records(RECORDS)
    out = anonymize_to(inst, tmp_path / "anon", seed=3)
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.iterdir())
    for secret in ("张三", "李四", "110101198001011234", "怀孕", "城关第一小学", "集团A", "城一小"):
        assert secret not in text
    again = load_instance(out)
    assert [t.exempt for t in again.teachers] == ["exempt", ""]
    assert again.busy[0].owner_id == "S0003/一年级"
    assert again.lessons[0].teacher_id == again.teachers[1].teacher_id


def test_road_distances_are_kept_and_coordinates_move(tmp_path: Path) -> None:
    inst = instance_from_records(RECORDS)
    again = load_instance(anonymize_to(inst, tmp_path / "anon", jitter_km=2.0))
    assert abs(again.road_km("S0001", "S0002") - inst.road_km("城一小", "甲中心")) < 1e-3
    assert abs(again.road_minutes("S0003", "S0002") - inst.road_minutes("甲点", "甲中心")) < 1e-3
    pairs = zip(inst.schools, again.schools, strict=True)
    moved = [abs(a.lon - b.lon) + abs(a.lat - b.lat) for a, b in pairs]
    assert all(0 < m < 0.05 for m in moved)


def test_same_seed_same_copy() -> None:
    inst = instance_from_records(RECORDS)
    assert anonymize(inst, seed=5) == anonymize(inst, seed=5)
    assert anonymize(inst, seed=5) != anonymize(inst, seed=6)


def test_the_copy_solves_to_the_same_plan_structure(tmp_path: Path) -> None:
    from scheduler.rotation.solve import solve_rotation
    from scheduler.solving import SolverSettings

    root = Path(__file__).resolve().parents[1]
    inst = load_instance(root / "instances" / "demo-county")
    copy = load_instance(anonymize_to(inst, tmp_path / "anon", seed=1))
    settings = SolverSettings(time_limit=30, workers=1, seed=0)
    original, anonymous = solve_rotation(inst, settings), solve_rotation(copy, settings)
    assert original.stats.status == anonymous.stats.status == "OPTIMAL"
    assert len(original.moves) == len(anonymous.moves)
    for level in ("shortage", "senior_title", "balance", "same_scope", "preferences"):
        assert original.terms[level] == anonymous.terms[level], level
    # distances are kept to 0.1 m, so the distance level (in 0.1 km) may differ by rounding
    assert abs(original.terms["distance"] - anonymous.terms["distance"]) <= 2


def test_history_and_locks_get_the_same_new_ids(tmp_path: Path) -> None:
    """Exchanges and locks name teachers and schools too: mapped like every other file."""
    records = {**RECORDS,
               "history": [{"teacher_id": "110101198502021234", "from_school_id": "城一小",
                            "to_school_id": "甲中心", "start_year": 2025, "end_year": 2028}],
               "locks": [{"teacher_id": "110101198001011234", "action": "不去",
                          "school_id": "甲点"},
                         {"teacher_id": "110101198502021234", "action": "stay"}]}
    records["schools"] = [{**records["schools"][0], "posts": 40}, *records["schools"][1:]]
    records["teachers"] = [{**records["teachers"][0], "post": "校长", "years_in_post": 7},
                           records["teachers"][1]]
    inst = instance_from_records(records)
    out = anonymize_to(inst, tmp_path / "anon", seed=3)
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.iterdir())
    for secret in ("110101198001011234", "110101198502021234", "城一小", "甲中心", "甲点"):
        assert secret not in text
    again = load_instance(out)
    (h,) = again.history
    assert (h.teacher_id, h.from_school_id, h.to_school_id) == (again.teachers[1].teacher_id,
                                                               "S0001", "S0002")
    assert (h.start_year, h.end_year, h.stays_on) == (2025, 2028, False)
    assert set(again.on_exchange) == {again.teachers[1].teacher_id}
    assert [(lk.teacher_id, lk.action.value, lk.school_id) for lk in again.locks] == [
        (again.teachers[0].teacher_id, "not_to", "S0003"),
        (again.teachers[1].teacher_id, "stay", None)]
    assert again.schools[0].posts == 40 and again.teachers[0].years_in_post == 7
    assert again.teachers[0].post == inst.teachers[0].post


def test_a_county_without_history_or_locks_gets_no_such_files(tmp_path: Path) -> None:
    out = anonymize_to(instance_from_records(RECORDS), tmp_path / "anon")
    assert not (out / "history.csv").exists() and not (out / "locks.csv").exists()

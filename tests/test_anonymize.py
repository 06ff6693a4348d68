"""The anonymized copy keeps the county's structure and drops what identifies people."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.anonymize import anonymity, anonymize, anonymize_to, coarsened, rule_results
from scheduler.data import load_instance
from scheduler.data.instance import Instance
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


def by_students(inst: Instance) -> dict[int, str]:
    """School ids by their (unique) student counts: how a test finds a school in a copy."""
    return {sc.students: sc.school_id for sc in inst.schools}


def test_no_name_id_or_reason_survives(tmp_path: Path) -> None:
    inst = instance_from_records(RECORDS)
    anonymize_to(inst, tmp_path / "anon", seed=3)
    out = tmp_path / "anon"
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.iterdir())
    for secret in ("张三", "李四", "110101198001011234", "怀孕", "城关第一小学", "集团A", "城一小"):
        assert secret not in text
    again = load_instance(out)
    exempt = {t.subject: t.exempt for t in again.teachers}
    assert exempt == {"music": "exempt", "art": ""}
    point = by_students(again)[30]
    assert {b.owner_id for b in again.busy if "/" in b.owner_id} == {f"{point}/一年级"}
    (traveller,) = [t for t in again.teachers if t.subject == "art"]
    assert again.lessons[0].teacher_id == traveller.teacher_id


def test_road_distances_are_kept_and_coordinates_move(tmp_path: Path) -> None:
    inst = instance_from_records(RECORDS)
    anonymize_to(inst, tmp_path / "anon", jitter_km=2.0)
    again = load_instance(tmp_path / "anon")
    new = by_students(again)
    assert abs(again.road_km(new[900], new[400]) - inst.road_km("城一小", "甲中心")) < 1e-3
    assert abs(again.road_minutes(new[30], new[400]) - inst.road_minutes("甲点", "甲中心")) < 1e-3
    copy = {sc.students: sc for sc in again.schools}
    moved = [abs(a.lon - copy[a.students].lon) + abs(a.lat - copy[a.students].lat)
             for a in inst.schools]
    assert all(0 < m < 0.05 for m in moved)


def numbered_county(n: int) -> Instance:
    """A county numbered in order (T001..., S1...), each teacher told apart by birth year."""
    schools = [{"school_id": f"S{i}", "name": f"第{i}小学", "township": "甲镇", "kind": "rural",
                "stage": "primary", "lon": 117 + i / 100, "lat": 32.0, "students": 100 + i}
               for i in range(1, 6)]
    teachers = [{"teacher_id": f"T{i:03d}", "school_id": f"S{i % 5 + 1}", "subject": "math",
                 "birth_year": 1960 + i} for i in range(1, n + 1)]
    return instance_from_records({"schools": schools, "teachers": teachers})


def test_ids_and_rows_keep_nothing_of_the_original_order() -> None:
    """Issue 15: an order-keeping copy maps T001 to T00001, row for row."""
    inst = numbered_county(30)
    records, _ = anonymize(inst, seed=2)
    original = {t.birth_year: i for i, t in enumerate(inst.teachers)}
    rows = [original[r["birth_year"]] for r in records["teachers"]]
    by_new_id = [original[r["birth_year"]] for r in sorted(records["teachers"],
                                                           key=lambda r: r["teacher_id"])]
    assert sorted(rows) == list(range(30))
    assert rows != list(range(30)) and by_new_id != list(range(30))
    assert [r["teacher_id"] for r in records["teachers"]] != sorted(
        r["teacher_id"] for r in records["teachers"])
    school_rows = [r["students"] for r in records["schools"]]
    assert sorted(school_rows) == [101, 102, 103, 104, 105]


def test_coarsening_keeps_every_rule_result_and_singles_out_fewer() -> None:
    """Five-year bands, split where a rule's threshold falls inside one."""
    inst = numbered_county(10)
    t = inst.teachers[0].model_copy(update={"years_at_school": 5, "rural_years": 0,
                                            "birth_year": 1983, "years_in_post": 7})
    c = coarsened(t, inst)
    assert c.years_at_school == 5  # 6–9 would make the teacher eligible (R1, 6 years)
    assert c.rural_years == 0  # 1–4 would end a senior-title candidacy (R7)
    assert c.years_in_post == 8  # the band 5–9 holds 6–9 alike for R12 (6 years): middle
    assert c.birth_year == 1982  # 1980–1984: no one near retirement, the middle
    longer = coarsened(t.model_copy(update={"years_at_school": 9}), inst)
    assert longer.years_at_school == 8
    assert rule_results(c, inst) == rule_results(t, inst)
    # five teachers born 1980–1984 with 10–14 years, one born 1990 with 3: each alone
    # before; after, the five share one band and the sixth is alone
    alike = [{"teacher_id": f"A{i}", "school_id": "S1", "subject": "math", "gender": "F",
              "birth_year": 1980 + i, "years_at_school": 10 + i} for i in range(5)]
    alike.append({**alike[0], "teacher_id": "B", "birth_year": 1990, "years_at_school": 3})
    county = instance_from_records({"schools": [{"school_id": "S1", "name": "一小",
                                                 "kind": "rural", "stage": "primary",
                                                 "students": 80}], "teachers": alike})
    plain, coarse = anonymity(county, False), anonymity(county, True)
    first = ("birth_year", "gender", "years_at_school")
    assert dict((c, (b, a)) for c, b, a in plain.singled_out)[first] == (6, 6)
    assert dict((c, (b, a)) for c, b, a in coarse.singled_out)[first] == (6, 1)
    assert coarse.rules_changed == 0


def test_coarsening_changes_no_rule_result_on_the_bundled_county() -> None:
    root = Path(__file__).resolve().parents[1]
    inst = load_instance(root / "instances" / "county-m")
    report = anonymity(inst, True)
    assert report.rules_changed == 0
    before, after = {c: (b, a) for c, b, a in report.singled_out}[
        ("birth_year", "gender", "years_at_school")]
    assert after < before / 4


def test_same_seed_same_copy() -> None:
    inst = instance_from_records(RECORDS)
    assert anonymize(inst, seed=5) == anonymize(inst, seed=5)
    assert anonymize(inst, seed=5) != anonymize(inst, seed=6)


@pytest.mark.parametrize("coarsen", [False, True])
def test_the_copy_solves_to_the_same_plan_structure(tmp_path: Path, coarsen: bool) -> None:
    from scheduler.rotation.solve import solve_rotation
    from scheduler.solving import SolverSettings

    root = Path(__file__).resolve().parents[1]
    inst = load_instance(root / "instances" / "demo-county")
    anonymize_to(inst, tmp_path / "anon", seed=1, coarsen=coarsen)
    copy = load_instance(tmp_path / "anon")
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
    out = tmp_path / "anon"
    anonymize_to(inst, out, seed=3)
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.iterdir())
    for secret in ("110101198001011234", "110101198502021234", "城一小", "甲中心", "甲点"):
        assert secret not in text
    again = load_instance(out)
    new = by_students(again)
    music = next(t for t in again.teachers if t.subject == "music")
    art = next(t for t in again.teachers if t.subject == "art")
    (h,) = again.history
    assert (h.teacher_id, h.from_school_id, h.to_school_id) == (art.teacher_id, new[900],
                                                               new[400])
    assert (h.start_year, h.end_year, h.stays_on) == (2025, 2028, False)
    assert set(again.on_exchange) == {art.teacher_id}
    assert sorted((lk.teacher_id, lk.action.value, lk.school_id or "") for lk in again.locks) == \
        sorted([(music.teacher_id, "not_to", new[30]), (art.teacher_id, "stay", "")])
    assert again.school[new[900]].posts == 40 and music.years_in_post == 7
    assert music.post == inst.teachers[0].post


def test_a_county_without_history_or_locks_gets_no_such_files(tmp_path: Path) -> None:
    out = tmp_path / "anon"
    anonymize_to(instance_from_records(RECORDS), out)
    assert not (out / "history.csv").exists() and not (out / "locks.csv").exists()

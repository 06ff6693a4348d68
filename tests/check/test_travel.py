"""The travel checker: a valid plan passes; each rule T1–T9 broken on purpose is caught.

Plans are written here as an outside tool would (plain csv and json), with routes and
km derived by hand, not with the project's writer, so the checker is tested against the
contract's words.

The tiny county (tests/conftest.py): T01 (music, also art, C1, may travel) is pinned to
P1/1 music (2 a week); T03 (pe, C1, cap 8, busy day 1 period 1) may travel; V1/3A has
art 2 a week. Roads: C1–P1 11.5 km / 20 min, C1–V1 7 km / 10.5 min (at 40 km/h).
The valid week: T01 music Mon and Wed period 1 at P1, art Tue and Thu period 2 at V1;
T03 pe Mon, Tue, Thu period 3 at P1. Every day is one site: C1>P1>C1 is 23 km and 40
min, C1>V1>C1 14 km and 21 min, so the week is 4 × 23 + 2 × 14 + 23 = 143 km.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from scheduler.check.travel import check_travel
from scheduler.data.load import instance_from_records
from scheduler.data.write import write_folder
from scheduler.travel.result import Slot

TIMETABLE = ("teacher_id", "day", "period", "site_id", "class_id", "subject")
ROUTES = ("teacher_id", "day", "stops", "km", "minutes")
VALID = [
    Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 3, 1, "P1", "1", "music"),
    Slot("T01", 2, 2, "V1", "3A", "art"), Slot("T01", 4, 2, "V1", "3A", "art"),
    Slot("T03", 1, 3, "P1", "1", "pe"), Slot("T03", 2, 3, "P1", "1", "pe"),
    Slot("T03", 4, 3, "P1", "1", "pe"),
]


def objective(inst: Any, slots: list[Slot]) -> float:
    """The scorer's total where the scorer exists; otherwise any figure (nothing to match)."""
    try:
        from scheduler.travel.score import score
    except ModuleNotFoundError:
        return 143.0
    return score(inst, slots)["total"]


def hand_routes(inst: Any, slots: list[Slot]) -> list[dict[str, Any]]:
    """Home, the sites by period (repeats merged), home; km and minutes along the roads."""
    days: dict[tuple[str, int], list[Slot]] = defaultdict(list)
    for s in slots:
        days[(s.teacher_id, s.day)].append(s)
    rows = []
    for (tid, day), own in sorted(days.items()):
        home = inst.teacher[tid].school_id
        stops = [home]
        for s in sorted(own, key=lambda s: s.period):
            if s.site_id != stops[-1]:
                stops.append(s.site_id)
        if len(stops) == 1:
            continue
        stops.append(home)
        legs = list(pairwise(stops))
        rows.append({"teacher_id": tid, "day": day, "stops": ">".join(stops),
                     "km": sum(inst.road_km(a, b) for a, b in legs),
                     "minutes": sum(inst.road_minutes(a, b) for a, b in legs)})
    return rows


def write_plan(folder: Path, inst: Any, slots: list[Slot], routes: list[dict] | None = None,
               **changes: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    routes = hand_routes(inst, slots) if routes is None else routes
    with open(folder / "travel_timetable.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(TIMETABLE)
        writer.writerows([s.teacher_id, s.day, s.period, s.site_id, s.class_id, s.subject]
                         for s in slots)
    with open(folder / "travel_routes.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ROUTES))
        writer.writeheader()
        writer.writerows(routes)
    total = objective(inst, slots)
    got = defaultdict(int)
    for s in slots:
        got[(s.site_id, s.class_id, s.subject)] += 1
    summary = {"status": "OPTIMAL", "objective": total, "best_bound": total, "gap": 0.0,
               "lessons": len(inst.lessons),
               "lessons_placed": sum(got[(le.site_id, le.class_id, le.subject)]
                                     == le.periods_per_week for le in inst.lessons),
               "total_km": round(sum(r["km"] for r in routes), 3), "solve_seconds": 0.1,
               "periods_placed": len(slots)}
    summary.update(changes)
    (folder / "travel_summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return folder


def rules_of(report: Any) -> set[str]:
    return {f.rule for f in report.findings}


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


def test_the_valid_plan_passes_and_its_figures_are_recomputed(inst, tmp_path):
    report = check_travel(inst, write_plan(tmp_path, inst, VALID))
    assert report.ok, report.findings
    assert report.plan == "travel"
    assert report.figures["total_km"] == pytest.approx(143.0)
    assert report.figures["lessons_placed"] == 3
    assert report.figures["periods_placed"] == 7


def test_t1_a_missing_and_an_extra_period_are_found(inst, tmp_path):
    slots = [s for s in VALID if (s.teacher_id, s.day) != ("T03", 4)]
    slots.append(Slot("T01", 5, 1, "P1", "1", "music"))
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    messages = [f.message for f in report.findings if f.rule == "T1"]
    assert any("site P1 class 1 pe: 2 period(s) placed" in m and "asks for 3" in m
               for m in messages)
    assert any("site P1 class 1 music: 3 period(s)" in m for m in messages)


def test_t1_a_row_that_lessons_lacks_is_found(inst, tmp_path):
    report = check_travel(inst, write_plan(tmp_path, inst,
                                           [*VALID, Slot("T01", 5, 2, "V1", "9Z", "art")]))
    assert any(f.rule == "T1" and "class 9Z" in f.message and "no such row" in f.message
               for f in report.findings)


def test_t1_lessons_declared_unplaced_are_expected_to_be_empty(inst, tmp_path):
    slots = [s for s in VALID if s.subject != "art"]
    plan = write_plan(tmp_path, inst, slots)
    assert "T1" in rules_of(check_travel(inst, plan))
    assert check_travel(inst, plan, unplaced=[("V1", "3A", "art")]).ok
    placed = check_travel(inst, write_plan(tmp_path / "b", inst, VALID),
                          unplaced=[("V1", "3A", "art")])
    assert any("lists it as not placed" in f.message for f in placed.findings)


def test_t2_two_teachers_for_one_lesson(tiny_records, tmp_path):
    tiny_records["teachers"].append({"teacher_id": "T07", "name": "Seven", "school_id": "C1",
                                     "subject": "pe", "can_travel": True})
    inst = instance_from_records(tiny_records)
    slots = [s if (s.teacher_id, s.day) != ("T03", 4) else Slot("T07", 4, 3, "P1", "1", "pe")
             for s in VALID]
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    assert rules_of(report) == {"T2"}
    assert "taught by 2 teachers (T03, T07)" in report.findings[0].message


def test_t2_an_unqualified_teacher_is_found(inst, tmp_path):
    slots = [s if s.subject != "pe" else Slot("T01", s.day, s.period, "P1", "1", "pe")
             for s in VALID]
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    assert any(f.rule == "T2" and "teacher T01 does not teach pe" in f.message
               for f in report.findings)


def test_t2_a_pinned_lesson_taught_by_another_teacher_is_found(tiny_records, tmp_path):
    tiny_records["teachers"].append({"teacher_id": "T07", "name": "Seven", "school_id": "C1",
                                     "subject": "music", "can_travel": True})
    inst = instance_from_records(tiny_records)
    slots = [s if s.subject != "music" else Slot("T07", s.day, s.period, "P1", "1", "music")
             for s in VALID]
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    assert rules_of(report) == {"T2"}
    assert "pinned to teacher T01" in report.findings[0].message


def test_t2_a_teacher_who_may_not_travel_only_teaches_at_home(tiny_records, tmp_path):
    # T05 (P1, chinese, also math and moral, can_travel false)
    tiny_records["lessons"] += [
        {"site_id": "P1", "class_id": "1", "subject": "moral", "periods_per_week": 1},
        {"site_id": "V1", "class_id": "3A", "subject": "moral", "periods_per_week": 1}]
    inst = instance_from_records(tiny_records)
    at_home = [*VALID, Slot("T05", 5, 1, "P1", "1", "moral")]
    away = [*at_home, Slot("T05", 5, 3, "V1", "3A", "moral")]
    report = check_travel(inst, write_plan(tmp_path / "home", inst, at_home))
    assert rules_of(report) == {"T1"}  # V1 moral unplaced, nothing else
    report = check_travel(inst, write_plan(tmp_path / "away", inst, away))
    assert any(f.rule == "T2" and "may not travel" in f.message and "T05" in f.message
               for f in report.findings)


def test_t3_a_teacher_in_two_places_is_found(inst, tmp_path):
    slots = [s if (s.teacher_id, s.day, s.subject) != ("T01", 2, "art")
             else Slot("T01", 1, 1, "V1", "3A", "art") for s in VALID]
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    assert "T3" in rules_of(report)
    assert any("teacher T01 has 2 lessons on day 1 period 1" in f.message
               for f in report.findings)


def test_t3_a_class_in_two_lessons_and_busy_slots_are_found(inst, tmp_path):
    slots = [s if (s.teacher_id, s.day) != ("T03", 1) else Slot("T03", 1, 1, "P1", "1", "pe")
             for s in VALID]
    messages = [f.message for f in check_travel(inst, write_plan(tmp_path, inst, slots)).findings
                if f.rule == "T3"]
    assert any("site P1 class 1 has 2 lessons on day 1 period 1" in m for m in messages)
    assert any("teacher T03 is busy on day 1 period 1" in m for m in messages)
    slots = [s if (s.teacher_id, s.day) != ("T03", 4) else Slot("T03", 5, 7, "P1", "1", "pe")
             for s in VALID]
    report = check_travel(inst, write_plan(tmp_path / "b", inst, slots))
    assert rules_of(report) == {"T3"}
    assert "site P1 class 1 is busy on day 5 period 7" in report.findings[0].message


@pytest.mark.parametrize(("minutes", "broken"), [(10, False), (11, True)])
def test_t4_a_travel_gap_one_minute_too_short_is_refused(tiny_records, tmp_path, minutes,
                                                          broken):
    # Period 1 ends 08:40, period 2 starts 08:50: a 10-minute gap from P1 to V1.
    tiny_records["distances"].append({"from_id": "P1", "to_id": "V1", "km": 6.0,
                                      "minutes": minutes})
    inst = instance_from_records(tiny_records)
    slots = [s if (s.teacher_id, s.day, s.subject) != ("T01", 2, "art")
             else Slot("T01", 1, 2, "V1", "3A", "art") for s in VALID]
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    assert rules_of(report) == ({"T4"} if broken else set())
    if broken:
        assert ("teacher T01 day 1: P1 period 1 to V1 period 2 takes 11.0 min but the gap is "
                "10 min") in report.findings[0].message


def test_t5_too_many_sites_a_day(tiny_records, tmp_path):
    inst = instance_from_records(tiny_records, {"travel": {"max_sites_per_day": 1}})
    slots = [s if (s.teacher_id, s.day, s.subject) != ("T01", 2, "art")
             else Slot("T01", 1, 5, "V1", "3A", "art") for s in VALID]
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    assert rules_of(report) == {"T5"}
    assert "teacher T01 day 1 teaches at 2 sites (P1, V1); at most 1" in \
        report.findings[0].message


def test_t6_the_teacher_cap_and_the_policy_default(tiny_records, tmp_path):
    tiny_records["teachers"][2]["max_travel_periods"] = 2  # T03
    inst = instance_from_records(tiny_records, {"travel": {"max_travel_periods": 3}})
    messages = {f.message for f in check_travel(inst, write_plan(tmp_path, inst, VALID)).findings
                if f.rule == "T6"}
    assert messages == {
        "teacher T01 travels for 4 periods a week; the cap is 3 (travel.max_travel_periods)",
        "teacher T03 travels for 3 periods a week; the cap is 2 (teachers.csv "
        "max_travel_periods)"}


def test_t7_once_a_day_unless_more_periods_than_days(tiny_records, tmp_path):
    inst = instance_from_records(tiny_records)
    slots = [s if (s.teacher_id, s.day) != ("T01", 3) else Slot("T01", 1, 2, "P1", "1", "music")
             for s in VALID]
    report = check_travel(inst, write_plan(tmp_path, inst, slots))
    assert rules_of(report) == {"T7"}
    assert "site P1 class 1 has music 2 times on day 1; at most 1" in report.findings[0].message
    # 7 periods over 5 days: ceil(7/5) = 2 a day is allowed, 3 is not.
    tiny_records["lessons"][1]["periods_per_week"] = 7
    tiny_records["teachers"][2]["max_travel_periods"] = 7
    inst = instance_from_records(tiny_records)
    pe = [Slot("T03", d, p, "P1", "1", "pe") for d, p in
          ((1, 3), (1, 4), (2, 3), (2, 4), (3, 3), (4, 3), (5, 3))]
    base = [s for s in VALID if s.subject != "pe"]
    assert check_travel(inst, write_plan(tmp_path / "b", inst, base + pe)).ok
    three = [*pe[:-1], Slot("T03", 1, 5, "P1", "1", "pe")]
    report = check_travel(inst, write_plan(tmp_path / "c", inst, base + three))
    assert rules_of(report) == {"T7"}


def test_t8_a_site_out_of_reach(tiny_records, tmp_path):
    inst = instance_from_records(tiny_records, {"travel": {"max_one_way_minutes": 15}})
    report = check_travel(inst, write_plan(tmp_path, inst, VALID))
    assert {f.message for f in report.findings} == {
        "teacher T01: site P1 is 20.0 min from C1; at most 15 (travel.max_one_way_minutes)",
        "teacher T03: site P1 is 20.0 min from C1; at most 15 (travel.max_one_way_minutes)"}


def _routes_with(inst: Any, change: dict[str, Any], row: int = 0) -> list[dict[str, Any]]:
    routes = hand_routes(inst, VALID)
    routes[row] = {**routes[row], **change}
    return routes


@pytest.mark.parametrize(("change", "expected"), [
    ({"km": 24.0}, "km is 24 but the road along C1>P1>C1 is 23.000"),
    ({"km": 23.005}, None),
    ({"minutes": 41.0}, "minutes is 41 but the road along C1>P1>C1 is 40.000"),
    ({"stops": "P1>C1"}, "must start and end at the teacher's school C1"),
    ({"stops": "C1>V1>C1", "km": 14.0, "minutes": 21.0},
     "does not follow the lessons, which give C1>P1>C1"),
    ({"day": 5}, "a route on a day without lessons"),
])
def test_t9_routes_are_checked(inst, tmp_path, change, expected):
    routes = _routes_with(inst, change)
    report = check_travel(inst, write_plan(tmp_path, inst, VALID, routes=routes))
    messages = [f.message for f in report.findings if f.rule == "T9"]
    if expected is None:
        assert report.ok, report.findings
    else:
        assert any(expected in m for m in messages), messages


def test_t9_a_missing_route_and_a_repeated_one(inst, tmp_path):
    routes = hand_routes(inst, VALID)
    report = check_travel(inst, write_plan(tmp_path, inst, VALID, routes=routes[1:]))
    assert any("teacher T01 day 1 teaches away from C1 but travel_routes.csv has no route for "
               "it (expected C1>P1>C1)" in f.message for f in report.findings)
    report = check_travel(inst, write_plan(tmp_path / "b", inst, VALID,
                                           routes=[*routes, routes[0]]))
    assert any("a second route (first on row 2)" in f.message for f in report.findings)


def test_t9_a_day_at_two_sites_follows_the_periods(tiny_records, tmp_path):
    inst = instance_from_records(tiny_records)
    slots = [s if (s.teacher_id, s.day, s.subject) != ("T01", 2, "art")
             else Slot("T01", 1, 5, "V1", "3A", "art") for s in VALID]
    routes = hand_routes(inst, slots)
    assert routes[0]["stops"] == "C1>P1>V1>C1"
    assert check_travel(inst, write_plan(tmp_path, inst, slots, routes=routes)).ok
    wrong = [{**routes[0], "stops": "C1>V1>P1>C1"}, *routes[1:]]
    report = check_travel(inst, write_plan(tmp_path / "b", inst, slots, routes=wrong))
    assert any("which give C1>P1>V1>C1" in f.message for f in report.findings)


@pytest.mark.parametrize(("change", "expected"), [
    ({"total_km": 150.0}, "total_km is 150 but the plan gives 143"),
    ({"lessons_placed": 2}, "lessons_placed is 2 but the plan gives 3"),
    ({"lessons": 4}, "lessons is 4 but the plan gives 3"),
    ({"status": "UNKNOWN"}, "status UNKNOWN but a plan was written"),
    ({"status": "DONE"}, "status 'DONE' is not one of"),
    ({"gap": 0.5}, "gap is 0.5 but |objective − bound|"),
    ({"best_bound": -1.0, "gap": None}, "status OPTIMAL but the bound"),
    ({"objective": "many"}, "objective is 'many', not a number"),
])
def test_summary_figures_are_checked(inst, tmp_path, change, expected):
    report = check_travel(inst, write_plan(tmp_path, inst, VALID, **change))
    assert any(expected in f.message for f in report.findings), report.findings


def test_the_objective_is_recomputed_with_the_scorer(inst, tmp_path):
    total = objective(inst, VALID)
    report = check_travel(inst, write_plan(tmp_path, inst, VALID, objective=total + 5,
                                           best_bound=total + 5))
    assert any("objective" in f.message and "timetable scores" in f.message
               for f in report.findings)


@pytest.mark.parametrize(("content", "expected"), [
    ("teacher_id,day,site_id\nT01,1,P1\n", "missing column(s) period, class_id, subject"),
    ("", "is empty: no header row"),
    (",".join(TIMETABLE) + "\nT01,x,1,P1,1,music\n", "day 'x' is not a day from 1 to 5"),
    (",".join(TIMETABLE) + "\nT01,1,9,P1,1,music\n", "period '9' is not a period from 1 to 7"),
    (",".join(TIMETABLE) + "\nT99,1,1,P1,1,music\n", "teacher 'T99' is not in teachers.csv"),
    (",".join(TIMETABLE) + "\nT01,1,1,P1\n", "4 cells, the header has 6"),
])
def test_a_malformed_timetable_is_a_finding_not_a_traceback(inst, tmp_path, content, expected):
    plan = write_plan(tmp_path, inst, VALID)
    (plan / "travel_timetable.csv").write_text(content, encoding="utf-8-sig")
    report = check_travel(inst, plan)
    assert any(f.rule == "format" and expected in f.message for f in report.findings), \
        report.findings


def test_malformed_routes_and_summary_and_bad_bytes(inst, tmp_path):
    plan = write_plan(tmp_path, inst, VALID)
    (plan / "travel_routes.csv").write_text(",".join(ROUTES) + "\nT01,1,C1>ZZ>C1,x,1\n",
                                            encoding="utf-8")
    (plan / "travel_summary.json").write_text("{not json", encoding="utf-8")
    messages = [f.message for f in check_travel(inst, plan).findings]
    assert any("stop(s) 'ZZ' not in schools.csv" in m and "must be numbers" in m
               for m in messages)
    assert any("travel_summary.json is not valid UTF-8 JSON" in m for m in messages)
    (plan / "travel_timetable.csv").write_bytes(b"\xff\xfe\x00bad")
    (plan / "travel_routes.csv").unlink()
    messages = [f.message for f in check_travel(inst, plan).findings]
    assert any("travel_timetable.csv is not UTF-8" in m for m in messages)
    (plan / "travel_timetable.csv").unlink()
    assert [f.message for f in check_travel(inst, plan).findings] == [
        "travel_timetable.csv is missing"]


def test_tables_without_the_bom_are_a_format_finding(inst, tmp_path):
    """Contract section 2: tables come as UTF-8 with BOM, so that Excel opens Chinese."""
    plan = write_plan(tmp_path, inst, VALID)
    routes = plan / "travel_routes.csv"
    routes.write_text(routes.read_text(encoding="utf-8-sig"), encoding="utf-8")
    findings = check_travel(inst, plan).findings
    assert [(f.rule, "travel_routes.csv does not start with a UTF-8 byte order mark" in
             f.message) for f in findings] == [("format", True)]


def test_a_summary_without_the_contract_keys_is_named(inst, tmp_path):
    plan = write_plan(tmp_path, inst, VALID)
    (plan / "travel_summary.json").write_text(json.dumps({"status": "OPTIMAL"}),
                                              encoding="utf-8")
    report = check_travel(inst, plan)
    assert any("lacks key(s) objective, best_bound, gap, lessons, lessons_placed, total_km, "
               "solve_seconds" in f.message for f in report.findings)


def test_guarded_ids_are_read_back(tiny_records, tmp_path):
    """The writer quotes a cell starting with - or =; the checker reads the id behind it."""
    tiny_records["teachers"][0]["teacher_id"] = "-T01"
    tiny_records["lessons"][0]["teacher_id"] = "-T01"
    inst = instance_from_records(tiny_records)
    slots = [Slot("-T01", *[getattr(s, f) for f in TIMETABLE[1:]]) if s.teacher_id == "T01"
             else s for s in VALID]
    plan = write_plan(tmp_path, inst, slots)
    for name in ("travel_timetable.csv", "travel_routes.csv"):
        path = plan / name
        path.write_text(path.read_text(encoding="utf-8-sig").replace("-T01", "'-T01"),
                        encoding="utf-8-sig")
    assert check_travel(inst, plan).ok


def test_the_checker_does_not_import_ortools(tiny_records, tmp_path):
    county = tmp_path / "county"
    write_folder(tiny_records, county)
    inst = instance_from_records(tiny_records)
    plan = write_plan(tmp_path / "plan", inst, VALID)
    code = ("import sys\n"
            "from scheduler.data import load_instance\n"
            "from scheduler.check.travel import check_travel\n"
            f"report = check_travel(load_instance({str(county)!r}), {str(plan)!r})\n"
            "assert report.ok, report.findings\n"
            "assert 'ortools' not in sys.modules, 'ortools was imported'\n"
            "print('clean')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "clean" in done.stdout


def write_costs(folder: Path, rows: list[list[Any]]) -> None:
    with open(folder / "travel_costs.csv", "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["teacher_id", "days_per_week", "km_per_week", "term_days",
                         "term_km", "term_allowance"])
        writer.writerows(rows)


def test_travel_costs_are_recomputed_from_the_routes_and_the_term(inst, tmp_path):
    """The valid week's routes over 7–11 Sep 2026 (one school day each weekday)."""
    calendar = {"term_start": "2026-09-07", "term_end": "2026-09-11"}
    folder = write_plan(tmp_path, inst, VALID, calendar=calendar)
    per_teacher = defaultdict(lambda: [0, 0.0])
    for r in hand_routes(inst, VALID):
        per_teacher[r["teacher_id"]][0] += 1
        per_teacher[r["teacher_id"]][1] += r["km"]
    rows = [[tid, days, round(km, 3), days, round(km, 3), round(0.8 * km + 30 * days, 2)]
            for tid, (days, km) in sorted(per_teacher.items())]
    write_costs(folder, rows)
    assert check_travel(inst, folder).ok
    rows[0][5] += 1.0  # a yuan too many
    write_costs(folder, rows)
    messages = [f.message for f in check_travel(inst, folder).findings]
    assert any("term_allowance of teacher" in m for m in messages), messages
    write_costs(folder, rows[1:])
    messages = [f.message for f in check_travel(inst, folder).findings]
    assert any("has routes but no row" in m for m in messages), messages
    write_costs(folder, [r[:] for r in rows])
    folder = write_plan(tmp_path, inst, VALID, calendar=calendar, term_allowance=1.0)
    messages = [f.message for f in check_travel(inst, folder).findings]
    assert any("term_allowance is 1.0" in m for m in messages), messages


CHANGES = ("teacher_id", "day", "period", "site_id", "class_id", "subject", "change", "cause")
MOVED = [*VALID[:5], Slot("T03", 5, 3, "P1", "1", "pe"), VALID[6]]  # day 2's PE on day 5


def write_replan(folder: Path, inst: Any, changes: list[tuple], **summary: Any) -> Path:
    """A re-plan of VALID that moved T03's day-2 PE lesson to day 5: the previous
    timetable beside the plan, and `changes` as travel_changes.csv."""
    counts = {"slots": 1, "added": 1, "by_cause": {"objective": 1}}
    write_plan(folder, inst, MOVED, changed_from_baseline={**counts, **summary})
    for name, header, rows in (("travel_previous_timetable.csv", TIMETABLE,
                                [(s.teacher_id, s.day, s.period, s.site_id, s.class_id,
                                  s.subject) for s in VALID]),
                               ("travel_changes.csv", CHANGES, changes)):
        with open(folder / name, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
    return folder


OLD = ("T03", 2, 3, "P1", "1", "pe", "old", "objective")
NEW = ("T03", 5, 3, "P1", "1", "pe", "new", "objective")


def test_a_re_plan_lists_exactly_the_changes_between_the_timetables(inst, tmp_path):
    report = check_travel(inst, write_replan(tmp_path / "ok", inst, [OLD, NEW]))
    assert not rules_of(report) & {"baseline", "figures", "format"}, report.findings
    # a change left out, one that is none, a cause that is not true, counts that differ
    for name, changes, summary, rule, words in (
            ("missing", [OLD], {}, "baseline", "missing from travel_changes.csv"),
            ("extra", [OLD, NEW, ("T01", 1, 1, "P1", "1", "music", "old", "rule")], {},
             "baseline", "that are no change"),
            ("busy", [(*OLD[:7], "teacher_busy"), NEW], {"by_cause": {"teacher_busy": 1}},
             "baseline", "busy.csv does not say so"),
            ("gone", [(*OLD[:7], "teacher_gone"), NEW], {"by_cause": {"teacher_gone": 1}},
             "baseline", "is said gone"),
            ("counts", [OLD, NEW], {"slots": 2}, "figures", "changed_from_baseline.slots"),
            ("causes", [OLD, NEW], {"by_cause": {"rule": 1}}, "figures", "by_cause"),
            ("code", [(*OLD[:7], "flu"), NEW], {}, "format", "a cause of")):
        report = check_travel(inst, write_replan(tmp_path / name, inst, changes, **summary))
        found = [f.message for f in report.findings if f.rule == rule]
        assert any(words in m for m in found), (name, report.findings)

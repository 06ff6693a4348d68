"""`rotaplan plan`: rotation and timetable as one plan on the demo county, re-checked as a
pair; a pair whose coverage does not match is refused (issue 13)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.check.run import run_checks
from scheduler.cli import app
from scheduler.coplan import lesson_coverage
from scheduler.data import load_instance

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo-county"
runner = CliRunner()


@pytest.fixture(scope="module")
def joint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plan") / "demo"
    result = runner.invoke(app, ["plan", str(DEMO), "--out", str(out), "--time-limit", "16",
                                 "--workers", "1", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "every rule of the rotation and the timetable holds" in result.output
    return out


def moves(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_both_halves_and_the_overview_are_written(joint: Path) -> None:
    for name in ("rotation/rotation_plan.csv", "rotation/report.html",
                 "travel/travel_timetable.csv", "travel/timetables/index.html", "index.html"):
        assert (joint / name).is_file(), name
    page = (joint / "index.html").read_text(encoding="utf-8")
    assert 'href="rotation/report.html"' in page and 'href="travel/timetables/index.html"' in page


def test_the_overview_shows_the_traveling_pe_and_arts_teachers_counted(joint: Path) -> None:
    # the figure repeats the summary's travel_pe_arts: its schools and their sum
    summary = json.loads((joint / "rotation" / "rotation_summary.json").read_text("utf-8"))
    counted = summary["travel_pe_arts"]
    assert counted, "the demo county's rural sites get traveling PE and arts lessons"
    page = (joint / "index.html").read_text(encoding="utf-8")
    teachers = sum(r["teachers"] for r in counted)
    assert f"{teachers:.2f} teachers at {len(counted)} small rural school(s)" in page


def test_no_full_time_mover_goes_where_traveling_teachers_cover_the_need(joint: Path) -> None:
    inst = load_instance(DEMO)
    cover = lesson_coverage(inst)
    into = [m for m in moves(joint / "rotation" / "rotation_plan.csv")
            if (m["to_school_id"], m["subject"]) in cover]
    assert into == []
    summary = json.loads((joint / "rotation" / "rotation_summary.json").read_text("utf-8"))
    assert len(summary["travel_coverage"]) == len(cover)


def test_the_timetable_is_on_the_county_after_the_moves(joint: Path) -> None:
    inst = load_instance(DEMO)
    moved = {m["teacher_id"]: m["to_school_id"]
             for m in moves(joint / "rotation" / "rotation_plan.csv")}
    with (joint / "travel" / "travel_routes.csv").open(encoding="utf-8-sig") as fh:
        routes = list(csv.DictReader(fh))
    starts = {r["teacher_id"]: r["stops"].split(">")[0] for r in routes}
    travelling_movers = [t for t in starts if t in moved]
    assert all(starts[t] == moved[t] for t in travelling_movers)
    assert all(starts[t] == inst.teacher[t].school_id for t in starts if t not in moved)
    assert all(r.ok for r in run_checks(inst, joint).reports)


def test_the_checker_refuses_a_pair_whose_coverage_does_not_match(joint: Path,
                                                                  tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(joint, copy)
    path = copy / "rotation" / "rotation_summary.json"
    summary = json.loads(path.read_text("utf-8"))
    summary["travel_coverage"][0]["teachers"] += 0.5
    path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    reports = {r.plan: r for r in run_checks(load_instance(DEMO), copy).reports}
    found = [f.message for f in reports["plan"].findings]
    assert any("the rotation counts" in m and "the timetable places" in m for m in found), found
    again = tmp_path / "again"
    shutil.copytree(joint, again)
    (again / "rotation" / "rotation_summary.json").write_text(
        json.dumps({k: v for k, v in summary.items() if k != "travel_coverage"}),
        encoding="utf-8")
    reports = {r.plan: r for r in run_checks(load_instance(DEMO), again).reports}
    assert any("travel_coverage is missing" in f.message for f in reports["plan"].findings)


def test_the_checker_refuses_indicators_that_do_not_count_the_traveling_teachers(
        joint: Path, tmp_path: Path) -> None:
    """Three rural schools of the demo county get traveling PE and arts lessons: the
    summary's indicators count them (`travel_pe_arts`), the checker recomputes them from
    the written timetable, and refuses a summary that counts none, or other ones."""
    import shutil

    from scheduler import rules
    from scheduler.coplan import counting

    inst = load_instance(DEMO)
    summary = json.loads((joint / "rotation" / "rotation_summary.json").read_text("utf-8"))
    travel = rules.travel_pe_arts(counting(inst, lesson_coverage(inst)))
    assert len(travel) == 3
    assert summary["travel_pe_arts"] == [{"school_id": s, "teachers": float(x)}
                                         for s, x in sorted(travel.items())]
    moved = {m["teacher_id"]: m["to_school_id"]
             for m in moves(joint / "rotation" / "rotation_plan.csv")}
    # what `rotate` would say: the same moves, no traveling teacher counted
    plain = rules.county_cvs(rules.school_indicators(inst, rules.placement_after(inst, moved)))
    uncounted = [{"stage": r.stage, "indicator": r.indicator, "schools": r.schools,
                  "cv": r.cv, "limit": r.limit, "meets": r.meets} for r in plain.itertuples()]
    page = (joint / "rotation" / "report.html").read_text(encoding="utf-8")
    assert "music and art teachers at the 3 small rural schools" in page
    from openpyxl import load_workbook

    book = load_workbook(joint / "rotation" / "rotation_plan.xlsx", read_only=True)
    assert any(cell == "Traveling PE and arts teachers counted" for sheet in book.worksheets
               for row in sheet.iter_rows(max_row=3, values_only=True) for cell in row)
    other = [dict(summary["travel_pe_arts"][0], teachers=9.0), *summary["travel_pe_arts"][1:]]
    for n, change in enumerate(({"travel_pe_arts": []}, {"cv_after": uncounted},
                                {"travel_pe_arts": other})):
        copy = tmp_path / str(n)
        shutil.copytree(joint, copy)
        (copy / "rotation" / "rotation_summary.json").write_text(
            json.dumps(summary | change, ensure_ascii=False), encoding="utf-8")
        reports = {r.plan: r for r in run_checks(inst, copy).reports}
        found = [f for f in reports["rotation"].findings if f.rule == "indicators"]
        assert found, change
        assert reports["plan"].ok and reports["travel"].ok


def test_a_re_plan_after_an_illness_changes_only_the_sick_teachers_week(
        joint: Path, tmp_path: Path) -> None:
    """`plan --baseline`: a traveling teacher is off sick all week (busy.csv), so the
    rotation has nothing to change and the timetable moves only that teacher's slots."""
    import shutil

    slots = moves(joint / "travel" / "travel_timetable.csv")
    sick = max({s["teacher_id"] for s in slots},
               key=lambda t: sum(s["teacher_id"] == t for s in slots))
    county = tmp_path / "county"
    shutil.copytree(DEMO, county)
    with (county / "busy.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.writelines(f"{sick},{d},{p}\n" for d in range(1, 6) for p in range(1, 8))
    out = tmp_path / "again"
    result = runner.invoke(app, ["plan", str(county), "--out", str(out), "--time-limit", "16",
                                 "--workers", "1", "--lang", "en", "--baseline", str(joint)])
    assert result.exit_code == 0, result.output
    rotation = json.loads((out / "rotation" / "rotation_summary.json").read_text("utf-8"))
    travel = json.loads((out / "travel" / "travel_summary.json").read_text("utf-8"))
    assert rotation["changed_from_baseline"]["changes"] == 0
    changed = travel["changed_from_baseline"]
    mine = sum(s["teacher_id"] == sick for s in slots)
    assert changed["slots"] >= mine and changed["by_cause"].get("teacher_busy") == mine
    listed = moves(out / "travel" / "travel_changes.csv")
    assert {r["teacher_id"] for r in listed if r["change"] == "old" and
            r["cause"] == "teacher_busy"} == {sick}
    assert all(report.ok for report in run_checks(load_instance(county), out).reports)


def test_a_hub_the_separate_plans_miss(tmp_path: Path, cty) -> None:
    """Nobody may take the music lessons of P1 and P2 (tests/test_coplan.py): rotate then
    travel finds no timetable, `plan` sends the music teacher to the central school and
    the timetable places both rows with them."""
    from tests.test_coplan import hub_county

    county = hub_county(cty, tmp_path / "county")
    quick = ["--time-limit", "10", "--workers", "1", "--lang", "en"]
    rotated = runner.invoke(app, ["rotate", str(county), "--out", str(tmp_path / "r"), *quick])
    assert rotated.exit_code == 0, rotated.output
    assert moves(tmp_path / "r" / "rotation_plan.csv") == []  # nothing asks for a move
    alone = runner.invoke(app, ["travel", str(county), "--out", str(tmp_path / "t"), *quick])
    assert alone.exit_code == 1 and "P1/1 music" in alone.output

    out = tmp_path / "joint"
    result = runner.invoke(app, ["plan", str(county), "--out", str(out), *quick])
    assert result.exit_code == 0, result.output
    assert [(m["teacher_id"], m["to_school_id"]) for m in
            moves(out / "rotation" / "rotation_plan.csv")] == [("M", "CA")]
    slots = moves(out / "travel" / "travel_timetable.csv")
    assert {(s["teacher_id"], s["site_id"]) for s in slots} == {("M", "P1"), ("M", "P2")}
    summary = json.loads((out / "rotation" / "rotation_summary.json").read_text("utf-8"))
    assert summary["travel_hubs"] == [{"teacher_id": "M", "school_id": "CA", "lesson_rows": 2}]
    assert all(report.ok for report in run_checks(load_instance(county), out).reports)

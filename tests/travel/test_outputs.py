"""What `rotaplan travel` writes: the contract's tables exactly, the summary, all at once.

The tiny county (tests/conftest.py) with a hand-made week. Greedy ("one site a day"):
T01 music at P1 Mon and Wed period 1, art at V1 Tue and Thu period 2; T03 pe at P1 Mon,
Tue, Thu period 3: 5 trips C1>P1>C1 of 23 km and 2 trips C1>V1>C1 of 14 km = 143 km.
Better: T01 takes music at P1 period 1 and art at V1 period 5 on Mon and Wed, so each of
those days is C1>P1>V1>C1 = 11.5 + 8.128 (P1–V1 from the coordinates) + 7 = 26.628 km;
the week is 2 × 26.628 + 69 = 122.256 km (routes.csv rounds each to 3 decimals), 20.744
km (14.5%) below the greedy week.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.check.travel import check_travel
from scheduler.data.load import instance_from_records
from scheduler.errors import UsageError
from scheduler.report.files import write_travel_plan
from scheduler.solving import SolverSettings, SolveStats
from scheduler.travel import outputs
from scheduler.travel.outputs import coverage_frame, summary, timetable_frame
from scheduler.travel.result import Slot, TravelResult
from scheduler.travel.score import build_routes

GREEDY = [
    Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 3, 1, "P1", "1", "music"),
    Slot("T01", 2, 2, "V1", "3A", "art"), Slot("T01", 4, 2, "V1", "3A", "art"),
    Slot("T03", 1, 3, "P1", "1", "pe"), Slot("T03", 2, 3, "P1", "1", "pe"),
    Slot("T03", 4, 3, "P1", "1", "pe"),
]
BETTER = [
    Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 1, 5, "V1", "3A", "art"),
    Slot("T01", 3, 1, "P1", "1", "music"), Slot("T01", 3, 5, "V1", "3A", "art"),
    *GREEDY[4:],
]


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


def result(inst: Any, slots: list[Slot], status: str = "OPTIMAL", method: str = "cpsat",
           **kw: Any) -> TravelResult:
    routes = build_routes(inst, slots)
    km = sum(r.km for r in routes)
    try:
        from scheduler.travel.score import score
        objective = score(inst, slots)["total"]
    except ModuleNotFoundError:
        objective = km
    bound = objective if status == "OPTIMAL" else None
    return TravelResult(slots, routes, SolveStats(status, objective, bound, 0.25,
                                                  method=method), **kw)


def test_the_timetable_has_exactly_the_contract_columns_sorted(inst):
    df = timetable_frame(reversed(GREEDY))
    assert list(df.columns) == ["teacher_id", "day", "period", "site_id", "class_id",
                                "subject", "weeks"]  # weeks: data contract §5, T11
    assert list(df.itertuples(index=False, name=None)) == [
        (s.teacher_id, s.day, s.period, s.site_id, s.class_id, s.subject, "")
        for s in sorted(GREEDY)]


def test_coverage_counts_required_against_placed(inst):
    df = coverage_frame(inst, GREEDY[:-1])
    rows = {(r.site_id, r.subject): (r.periods_required, r.periods_placed, r.periods_missing)
            for r in df.itertuples()}
    assert rows == {("P1", "music"): (2, 2, 0), ("P1", "pe"): (3, 2, 1),
                    ("V1", "art"): (2, 2, 0)}


def test_the_summary_has_the_contract_keys_and_the_km_saving(inst):
    facts = summary(inst, result(inst, BETTER), baseline=result(inst, GREEDY, "FEASIBLE",
                                                                 "greedy"),
                    settings=SolverSettings(time_limit=5, workers=1, seed=3))
    for key in ("status", "objective", "best_bound", "gap", "lessons", "lessons_placed",
                "total_km", "solve_seconds"):
        assert key in facts
    assert facts["status"] == "OPTIMAL" and facts["gap"] == 0.0
    assert (facts["lessons"], facts["lessons_placed"]) == (3, 3)
    assert (facts["periods"], facts["periods_placed"], facts["teachers_used"]) == (7, 7, 2)
    assert facts["total_km"] == pytest.approx(122.256, abs=1e-6)
    assert facts["baseline_km"] == pytest.approx(143.0)
    assert facts["km_saving"] == pytest.approx(20.744, abs=1e-6)
    assert facts["km_saving_share"] == pytest.approx(0.1451, abs=1e-4)
    assert facts["settings"] == {"time_limit": 5, "workers": 1, "seed": 3, "params": {}}
    assert facts["policy"]["travel"]["max_sites_per_day"] == 2


def test_the_summary_says_whose_bound_it_is_and_where_it_was_lowered(inst):
    """Issue 16: a bound of the decomposed problem is not the county's; a part whose
    relaxation came out above its plan had its bound lowered, and the summary says so."""
    solved = result(inst, BETTER)
    solved.decomposition_exact = False
    solved.parts = [{"townships": ["C1"], "bound_clamped": True},
                    {"townships": ["C2"], "bound_clamped": False}]
    facts = summary(inst, solved)
    assert facts["decomposition_exact"] is False
    assert facts["bound_clamped_parts"] == 1
    assert [p["townships"] for p in facts["parts"]] == [["C1"], ["C2"]]


def test_a_feasible_plan_keeps_its_status_and_reports_no_gap_without_a_bound(inst):
    facts = summary(inst, result(inst, GREEDY, "FEASIBLE", "greedy"))
    assert facts["status"] == "FEASIBLE"
    assert facts["best_bound"] is None and facts["gap"] is None


def test_write_travel_plan_writes_everything_and_passes_the_checker(inst, tmp_path):
    out = tmp_path / "plan"
    facts = write_travel_plan(inst, result(inst, BETTER), out,
                              baseline=result(inst, GREEDY, "FEASIBLE", "greedy"), lang="en")
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"travel_timetable.csv", "travel_routes.csv", "travel_summary.json",
            "travel_coverage.csv", "travel_costs.csv", "travel.xlsx", "timetables/index.html",
            "timetables/teacher-T01.html", "timetables/teacher-T03.html",
            "timetables/site-P1.html", "timetables/site-V1.html",
            "calendars/teacher-T01.ics", "calendars/teacher-T03.ics",
            "maps/township-East.svg"} == names
    raw = (out / "travel_timetable.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfteacher_id,day,period,site_id,class_id,subject,weeks\n")
    routes = (out / "travel_routes.csv").read_text(encoding="utf-8-sig").splitlines()
    assert routes[0] == "teacher_id,day,stops,km,minutes"
    assert routes[1] == "T01,1,C1>P1>V1>C1,26.628,42.691"
    written = json.loads((out / "travel_summary.json").read_text(encoding="utf-8"))
    assert written["total_km"] == facts["total_km"]
    cal = written["calendar"]
    assert (cal["term_start"], cal["term_end"], cal["weeks"], cal["school_days"]) == (
        "2026-09-07", "2027-01-29", 21, 100)
    assert cal["makeup_days"] == {"2026-09-20": 2, "2026-10-10": 3}
    assert "2026-10-01" in cal["days_off"] and cal["source"].startswith("holidays ")
    costs = (out / "travel_costs.csv").read_text(encoding="utf-8-sig").splitlines()
    assert costs[0] == "teacher_id,days_per_week,km_per_week,term_days,term_km,term_allowance"
    assert written["term_allowance"] == facts["term_allowance"] > 0
    report = check_travel(inst, out)
    assert report.ok, report.findings
    assert not list(tmp_path.glob(".plan.*")), "temporary folders are cleaned up"


def test_an_existing_plan_is_refused_without_force_and_replaced_with_it(inst, tmp_path):
    out = tmp_path / "plan"
    out.mkdir()
    (out / "old.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UsageError, match="--force"):
        write_travel_plan(inst, result(inst, GREEDY), out)
    assert (out / "old.txt").is_file()
    write_travel_plan(inst, result(inst, GREEDY), out, force=True)
    assert not (out / "old.txt").exists()
    assert (out / "travel_timetable.csv").is_file()


def test_a_failure_half_way_leaves_nothing_behind(inst, tmp_path, monkeypatch):
    import scheduler.report.files as files

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files, "write_maps", broken)
    out = tmp_path / "plan"
    with pytest.raises(OSError, match="disk full"):
        write_travel_plan(inst, result(inst, GREEDY), out)
    assert list(tmp_path.iterdir()) == []


def test_a_partial_plan_lists_what_was_not_placed(inst, tmp_path):
    why = "no qualified teacher within reach"
    partial = result(inst, [s for s in GREEDY if s.subject != "art"], "FEASIBLE",
                     unplaced=[("V1", "3A", "art", why)])
    out = tmp_path / "plan"
    facts = write_travel_plan(inst, partial, out, partial=True)
    assert facts["partial"] is True
    assert (facts["lessons"], facts["lessons_placed"]) == (3, 2)
    assert facts["unplaced"] == [{"site_id": "V1", "class_id": "3A", "subject": "art",
                                  "reason": why}]
    text = (out / "travel_unplaced.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["site_id,class_id,subject,reason", f"V1,3A,art,{why}"]
    assert check_travel(inst, out, unplaced=[("V1", "3A", "art")]).ok


def test_totals_are_the_sum_of_the_km_as_written(inst):
    routes = [outputs.Route("T01", d, ("C1", "P1", "C1"), 1.0004, 1.0) for d in (1, 2, 3)]
    assert outputs._total_km(routes) == pytest.approx(3.0)


def test_cells_that_look_like_formulas_are_written_as_text(tiny_records, tmp_path):
    tiny_records["lessons"][2]["class_id"] = "=1+1"
    inst = instance_from_records(tiny_records)
    slots = [s if s.subject != "art" else Slot(s.teacher_id, s.day, s.period, "V1", "=1+1",
                                               "art") for s in GREEDY]
    out = tmp_path / "plan"
    write_travel_plan(inst, result(inst, slots), out)
    assert "'=1+1" in (out / "travel_timetable.csv").read_text(encoding="utf-8-sig")
    assert check_travel(inst, out).ok
    assert Path(out / "travel.xlsx").is_file()

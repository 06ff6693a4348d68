"""`rotaplan travel INSTANCE --out DIR`: options, exit codes, what is written and shown.

The solver is replaced here by a stand-in module that hands back the hand-made weeks of
tests/travel/test_outputs.py (greedy 143 km; better 122.256 km, 14.5% less), so these
tests pin the command's behaviour, not the model's. The last test runs the real solver
on the tiny county where this version has one.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.load import load_instance
from scheduler.data.write import write_folder
from scheduler.errors import NoPlanError
from scheduler.i18n import Note
from scheduler.solving import SolveStats
from scheduler.travel.result import Route, Slot, TravelResult
from scheduler.travel.score import build_routes

runner = CliRunner()
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


def objective(inst: Any, slots: list[Slot]) -> float:
    try:
        from scheduler.travel.score import score
    except ModuleNotFoundError:
        return sum(r.km for r in build_routes(inst, slots))
    return score(inst, slots)["total"]


class StandIn:
    """A `scheduler.travel.solve` module that records its calls and answers from a script."""

    def __init__(self, answers: dict[str, Any]):
        self.answers = answers
        self.calls: list[tuple[str, bool]] = []
        self.module = types.ModuleType("scheduler.travel.solve")
        self.module.solve_travel = self.solve_travel

    def solve_travel(self, inst: Any, settings: Any, method: str = "cpsat",
                     partial: bool = False, on_progress: Any = None) -> TravelResult:
        self.calls.append((method, partial))
        answer = self.answers[method]
        if isinstance(answer, Exception):
            raise answer
        slots, status, extra = answer
        total = objective(inst, slots)
        if on_progress is not None:
            on_progress(types.SimpleNamespace(elapsed=0.1, objective=total, bound=total))
        stats = SolveStats(status, total, total if status == "OPTIMAL" else None, 0.2,
                           method=method, workers=settings.workers, seed=settings.seed)
        routes = extra.get("routes", build_routes(inst, slots))
        return TravelResult(slots, routes, stats, unplaced=extra.get("unplaced", []))


@pytest.fixture
def county(tiny_records: dict, tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    write_folder(tiny_records, folder)
    return folder


@pytest.fixture
def solver(monkeypatch: pytest.MonkeyPatch) -> StandIn:
    stand_in = StandIn({"cpsat": (BETTER, "OPTIMAL", {}),
                         "greedy": (GREEDY, "FEASIBLE", {})})
    monkeypatch.setitem(sys.modules, "scheduler.travel.solve", stand_in.module)
    return stand_in


def travel(county: Path, out: Path, *args: str) -> Any:
    return runner.invoke(app, ["travel", str(county), "--out", str(out), *args])


def test_a_plan_is_written_compared_with_greedy_and_checked(county, solver, tmp_path):
    out = tmp_path / "plan"
    result = travel(county, out, "--workers", "1", "--seed", "4", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert solver.calls == [("cpsat", False), ("greedy", False)]
    for text in ("proven optimal", "122.3 km a week", "143.0 km by hand (14.5% saved)",
                 "3 of 3 (7 of 7 periods)", "independent check: every rule (T1–T12) holds"):
        assert text in result.output, text
    chinese = travel(county, tmp_path / "zh", "--lang", "zh")
    for text in ("已证明最优", "每周 122.3 公里", "人工排课每周 143.0 公里（少走 14.5%）",
                 "3 / 3 门课（7 / 7 课时）", "独立校验：每条规则（T1–T12）都满足",
                 "走教 cpsat"):
        assert text in chinese.output, text
    facts = json.loads((out / "travel_summary.json").read_text(encoding="utf-8"))
    assert facts["baseline_km"] == 143.0 and facts["km_saving"] == pytest.approx(20.744)
    assert facts["settings"]["workers"] == 1 and facts["settings"]["seed"] == 4
    for name in ("travel_timetable.csv", "travel_routes.csv", "travel_coverage.csv",
                 "travel.xlsx", "timetables/index.html", "calendars/teacher-T01.ics",
                 "maps/township-East.svg"):
        assert (out / name).is_file(), name


def test_no_compare_and_the_greedy_method_run_one_solve(county, solver, tmp_path):
    result = travel(county, tmp_path / "a", "--no-compare")
    assert result.exit_code == 0, result.output
    assert solver.calls == [("cpsat", False)]
    assert json.loads((tmp_path / "a" / "travel_summary.json").read_text())["baseline_km"] \
        is None
    solver.calls.clear()
    result = travel(county, tmp_path / "b", "--method", "greedy", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert solver.calls == [("greedy", False)]
    assert "feasible" in result.output and "saved" not in result.output


def test_an_existing_plan_is_refused_before_solving(county, solver, tmp_path):
    out = tmp_path / "plan"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    result = travel(county, out)
    assert result.exit_code == 2
    assert "--force" in result.output
    assert solver.calls == []
    assert travel(county, out, "--force").exit_code == 0
    assert not (out / "keep.txt").exists()


def test_no_timetable_exits_1_with_the_reasons_and_writes_nothing(county, solver, tmp_path):
    solver.answers["cpsat"] = NoPlanError(
        "no timetable covers every lesson",
        ["site P1 class 1 pe: no qualified teacher within reach"])
    out = tmp_path / "plan"
    result = travel(county, out)
    assert result.exit_code == 1
    assert "no timetable covers every lesson" in result.output
    assert "site P1 class 1 pe: no qualified teacher within reach" in result.output
    assert not out.exists()


def test_a_partial_plan_exits_0_and_lists_what_was_left_out(county, solver, tmp_path):
    left = [("V1", "3A", "art", "no qualified teacher within reach")]
    slots = [s for s in BETTER if s.subject != "art"]
    solver.answers["cpsat"] = (slots, "OPTIMAL", {"unplaced": left})
    music = [s for s in slots if s.subject == "music"]
    solver.answers["greedy"] = (music, "FEASIBLE",
                                {"unplaced": [*left, ("P1", "1", "pe", "caps too small")]})
    out = tmp_path / "plan"
    result = travel(county, out, "--partial", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert solver.calls == [("cpsat", True), ("greedy", True)]
    assert "1 lesson(s) could not be placed" in result.output
    assert "site V1 class 3A art: no qualified teacher within reach" in result.output
    assert "every rule (T1–T12) holds (for the lessons placed)" in result.output
    assert "46.0 km by hand, placing only 1 lesson(s)" in result.output
    assert (out / "travel_unplaced.csv").is_file()


def test_a_partial_plan_says_why_in_chinese_and_keeps_english_in_the_files(county, solver,
                                                                          tmp_path):
    why = Note.of("explain.travel.not_in_time")
    slots = [s for s in BETTER if s.subject != "art"]
    solver.answers["cpsat"] = (slots, "FEASIBLE", {"unplaced": [("V1", "3A", "art", why)]})
    out = tmp_path / "plan"
    result = travel(county, out, "--partial", "--no-compare", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "1 门课未能排入（另见 travel_unplaced.csv）：" in result.output
    assert "  - V1 校 3A 班 美术：在给定时间内未找到课表" in result.output
    csv = (out / "travel_unplaced.csv").read_text(encoding="utf-8")
    assert "no timetable found in the time given" in csv
    facts = json.loads((out / "travel_summary.json").read_text(encoding="utf-8"))
    assert facts["unplaced"][0]["reason"] == "no timetable found in the time given"
    assert "在给定时间内未找到课表" in (out / "timetables" / "index.html").read_text(
        encoding="utf-8")


def test_a_plan_that_breaks_a_rule_is_an_internal_error(county, solver, tmp_path):
    inst = load_instance(county)
    wrong = [Route(r.teacher_id, r.day, r.stops, r.km + 1, r.minutes)
             for r in build_routes(inst, BETTER)]
    solver.answers["cpsat"] = (BETTER, "OPTIMAL", {"routes": wrong})
    result = travel(county, tmp_path / "plan", "--no-compare")
    assert result.exit_code == 3
    assert "breaks" in result.output and "T9:" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "fr"], "--lang 应为 zh 或 en，实际为 'fr'"),  # said in the default language
    (["--method", "magic"], "--method must be one of cpsat, greedy"),
    (["--term-start", "2026-13-01"], "--term-start must be a date YYYY-MM-DD"),
    (["--term-end", "soon"], "--term-end must be a date YYYY-MM-DD"),
    (["--term-start", "2026-09-09", "--term-end", "2026-09-01"], "the term ends (2026-09-01)"),
    (["--time-limit", "0"], "--time-limit must be a positive number"),
    (["--workers", "0"], "--workers must be at least 1"),
])
def test_bad_options_exit_2_before_solving(county, solver, tmp_path, args, message):
    result = travel(county, tmp_path / "plan", "--lang", "en", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert solver.calls == []


def test_bad_input_exits_2(solver, tmp_path):
    result = travel(tmp_path / "nowhere", tmp_path / "plan", "--lang", "en")
    assert result.exit_code == 2
    assert "no such folder or file" in result.output
    chinese = travel(tmp_path / "nowhere", tmp_path / "plan", "--lang", "zh")
    assert chinese.exit_code == 2 and "找不到该文件夹或文件" in chinese.output


def test_term_dates_and_language_reach_the_published_files(county, solver, tmp_path):
    out = tmp_path / "plan"
    result = travel(county, out, "--term-start", "2026-09-09", "--term-end", "2026-11-13",
                    "--lang", "en", "--no-compare")
    assert result.exit_code == 0, result.output
    assert "term 2026-09-09 – 2026-11-13" in result.output
    cal = Calendar.from_ical((out / "calendars" / "teacher-T01.ics").read_bytes())
    series = [e for e in cal.walk("VEVENT") if "rrule" in e]
    starts = sorted(e.decoded("dtstart").date().isoformat() for e in series)
    assert starts == ["2026-09-09", "2026-09-09", "2026-09-14", "2026-09-14"]
    assert {e["rrule"]["UNTIL"][0].date().isoformat() for e in series} <= {
        "2026-11-09", "2026-11-11"}
    assert '<html lang="en">' in (out / "timetables" / "index.html").read_text()
    summary = json.loads((out / "travel_summary.json").read_text(encoding="utf-8"))
    assert summary["calendar"]["term_end"] == "2026-11-13"


def test_the_real_solver_plans_the_tiny_county(county, tmp_path):
    out = tmp_path / "plan"
    result = travel(county, out, "--time-limit", "10", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "独立校验：每条规则（T1–T12）都满足" in result.output
    facts = json.loads((out / "travel_summary.json").read_text(encoding="utf-8"))
    assert facts["lessons_placed"] == facts["lessons"] == 3
    assert facts["baseline_km"] is not None and facts["total_km"] <= facts["baseline_km"]


def test_no_timetable_is_explained_in_the_readers_language(tiny_records, tmp_path):
    # the real solver on the tiny county made impossible twice over: nobody in the county
    # teaches science (a new P1/1 row), and the only pe teacher, T03, may travel 2 periods
    # a week where P1/1 pe needs 3 (T6); counting refuses both before any search
    tiny_records["lessons"].append({"site_id": "P1", "class_id": "1", "subject": "science",
                                    "periods_per_week": 2})
    next(t for t in tiny_records["teachers"] if t["teacher_id"] == "T03")[
        "max_travel_periods"] = 2
    folder = tmp_path / "county"
    write_folder(tiny_records, folder)
    english = travel(folder, tmp_path / "en", "--lang", "en", "--workers", "1")
    assert english.exit_code == 1
    assert english.output.splitlines() == [
        "no plan: no timetable exists: 2 lesson row(s) cannot be placed",
        "  - P1/1 pe: the 1 pe teacher(s) within reach may travel at most 2 periods a week "
        "(max_travel_periods, and max_total_periods_* less home_periods), fewer than the "
        "row's 3 (T6)",
        "  - P1/1 science: no teacher in the county teaches science (as main or other "
        "subject); add one (T2)"]
    chinese = travel(folder, tmp_path / "zh", "--lang", "zh", "--workers", "1")
    assert chinese.exit_code == 1
    assert chinese.output.splitlines() == [
        "未得出方案： 不存在可行的走教课表：2 门课无法排入",
        "  - P1/1 体育：车程以内的 1 名体育教师每周最多走教 2 课时（max_travel_periods，"
        "以及 max_total_periods_* 减去本校课时 home_periods），少于该课每周的 3 课时（T6）",
        "  - P1/1 科学：全县没有教师教科学（主教或兼教学科均无）；请增加一名（T2）"]
    assert not (tmp_path / "en").exists() and not (tmp_path / "zh").exists()


def test_a_baseline_re_plan_changes_only_what_it_must(county, tiny_records, tmp_path):
    # the real solver: a plan, the same county re-planned on it (no change), then T03 (the
    # only PE teacher) busy all of one day that had a PE lesson: exactly that lesson moves
    first = tmp_path / "first"
    assert travel(county, first, "--time-limit", "10", "--workers", "1",
                  "--no-compare").exit_code == 0
    same = travel(county, tmp_path / "same", "--time-limit", "10", "--workers", "1",
                  "--no-compare", "--baseline", str(first), "--lang", "en")
    assert same.exit_code == 0, same.output
    assert "0 period(s) of the previous timetable changed" in same.output
    facts = json.loads((tmp_path / "same" / "travel_summary.json").read_text(encoding="utf-8"))
    assert facts["changed_from_baseline"]["slots"] == 0
    assert (tmp_path / "same" / "travel_timetable.csv").read_text(encoding="utf-8") == (
        first / "travel_timetable.csv").read_text(encoding="utf-8")
    rows = (first / "travel_timetable.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    pe = [r.split(",") for r in rows if r.split(",")[0] == "T03"]
    day = int(pe[0][1])
    tiny_records["busy"] += [{"owner_id": "T03", "day": day, "period": p} for p in range(1, 8)
                             if (day, p) != (1, 1)]  # T03 is busy then already
    ill = tmp_path / "ill"
    write_folder(tiny_records, ill)
    out = tmp_path / "replan"
    result = travel(ill, out, "--time-limit", "10", "--workers", "1", "--no-compare",
                    "--baseline", str(first))
    assert result.exit_code == 0, result.output
    assert "原课表中 1 节课有调整，新排 1 节课" in result.output
    assert "独立校验：每条规则（T1–T12）都满足" in result.output
    changes = (out / "travel_changes.csv").read_text(encoding="utf-8-sig").splitlines()
    assert changes[0] == "teacher_id,day,period,site_id,class_id,subject,change,cause"
    old = [c.split(",") for c in changes[1:] if c.split(",")[6] == "old"]
    assert [(c[0], int(c[1]), c[7]) for c in old] == [("T03", day, "teacher_busy")]
    facts = json.loads((out / "travel_summary.json").read_text(encoding="utf-8"))
    assert facts["changed_from_baseline"]["by_cause"]["teacher_busy"] == 1
    page = (out / "timetables" / "index.html").read_text(encoding="utf-8")
    assert "与原课表相比的调整" in page and "教师该时段另有安排" in page
    assert (out / "travel_previous_timetable.csv").is_file()


def test_a_baseline_needs_a_plan_folder_and_the_solver(county, solver, tmp_path):
    result = travel(county, tmp_path / "plan", "--baseline", str(tmp_path / "nowhere"),
                    "--lang", "en")
    assert result.exit_code == 2 and "travel_timetable.csv" in result.output
    result = travel(county, tmp_path / "plan", "--baseline", str(tmp_path),
                    "--method", "greedy")
    assert result.exit_code == 2 and "--baseline" in result.output
    assert solver.calls == []

"""`rotaplan simulate`: the demo county over two years with short solves, and the refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.load import load_instance
from scheduler.data.write import write_folder

DEMO = Path(__file__).resolve().parents[2] / "instances" / "demo-county"
runner = CliRunner()
QUICK = ["--workers", "1", "--time-limit", "5", "--seed", "0"]


@pytest.mark.skipif(not DEMO.is_dir(), reason="instances/demo-county not committed")
def test_two_years_on_the_demo_county(tmp_path: Path) -> None:
    out = tmp_path / "sim"
    r = runner.invoke(app, ["simulate", str(DEMO), "--years", "2", "--out", str(out), *QUICK])
    assert r.exit_code == 0, r.output
    assert "2027—2028学年" in r.output  # Chinese by default
    summary = json.loads((out / "simulation_summary.json").read_text(encoding="utf-8"))
    assert summary["years_done"] == 2 and summary["checks_ok"]
    assert summary["second_within_term"] == 0
    first, second = summary["years"]
    assert (first["year"], second["year"]) == (2026, 2027)
    # the demo's history: T00161, T00166 and T00260 end their exchanges in 2027
    assert first["came_home"] == 3
    # year 2 is planned on the rolled-over county: year 1's movers are on exchange there
    year2 = load_instance(out / "year-2" / "instance")
    assert year2.policy.year == 2027 and not year2.locks and not year2.preferences
    with (out / "year-1" / "rotation" / "rotation_plan.csv").open(encoding="utf-8-sig") as f:
        movers1 = {line.split(",")[0] for line in list(f)[1:]}
    assert movers1 and movers1 <= set(year2.on_exchange)
    with (out / "year-2" / "rotation" / "rotation_plan.csv").open(encoding="utf-8-sig") as f:
        movers2 = {line.split(",")[0] for line in list(f)[1:]}
    assert not movers1 & movers2
    for name in ("simulation.csv", "simulation.html", "simulation.svg", "simulation_cvs.svg"):
        assert (out / name).is_file()
    assert "交流轮岗多学年模拟" in (out / "simulation.html").read_text(encoding="utf-8")


def test_bad_options_and_an_existing_folder_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "sim"
    r = runner.invoke(app, ["simulate", str(DEMO), "--years", "0", "--out", str(out)])
    assert r.exit_code == 2 and not out.exists()
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    r = runner.invoke(app, ["simulate", str(DEMO), "--years", "1", "--out", str(out),
                            "--lang", "en", *QUICK])
    assert r.exit_code == 2 and "--force" in r.output
    assert (out / "keep.txt").read_text() == "mine"


def test_a_year_without_a_plan_keeps_the_years_before_and_exits_1(tmp_path: Path) -> None:
    # J1, the only junior school, has principal P with 5 years in post: 2026 plans (no
    # moves needed), in 2027 P is due (R12) with no school of its stage to go to.
    county = tmp_path / "county"
    write_folder({
        "schools": [{"school_id": sid, "name": sid, "kind": "urban", "stage": stage,
                     "lon": 117.0, "lat": 31.0, "students": 300}
                    for sid, stage in (("U1", "primary"), ("J1", "junior"))],
        "teachers": [{"teacher_id": "T1", "school_id": "U1", "subject": "math",
                      "birth_year": 1985},
                     {"teacher_id": "P", "school_id": "J1", "subject": "math",
                      "birth_year": 1975, "post": "principal", "years_in_post": 5}],
        "needs": [{"school_id": "U1", "subject": "math", "required": 1}],
    }, county, {"year": 2026})
    out = tmp_path / "sim"
    r = runner.invoke(app, ["simulate", str(county), "--years", "3", "--out", str(out),
                            "--lang", "en", *QUICK])
    assert r.exit_code == 1, r.output
    assert "stopped early: year 2 (2027)" in r.output
    summary = json.loads((out / "simulation_summary.json").read_text(encoding="utf-8"))
    assert summary["years_done"] == 1 and summary["stopped"].startswith("year 2")

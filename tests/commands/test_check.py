"""`rotaplan check INSTANCE --plan DIR`: exit 0 clean, 1 a broken rule, 2 unusable input."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.load import load_instance
from scheduler.data.write import write_folder
from scheduler.report.files import write_outputs
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.solving import SolveStats

POLICY = {"rotation": {"max_outflow_share": 0.34}}
runner = CliRunner()


@pytest.fixture
def county(tiny_records: dict, tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    write_folder(tiny_records, folder, POLICY)
    return folder


@pytest.fixture
def plan(county: Path, tmp_path: Path) -> Path:
    inst = load_instance(county)
    total = score(inst, {"T01": "V1"})["total"]
    result = RotationResult([Move("T01", "C1", "V1", 7.0)], SolveStats("OPTIMAL", total, total))
    out = tmp_path / "plan"
    write_outputs(build_outputs(inst, result), out)
    return out


def test_valid_plan_exits_0_with_recomputed_figures(county: Path, plan: Path) -> None:
    result = runner.invoke(app, ["check", str(county), "--plan", str(plan), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "rotation plan: every rule holds" in result.output
    assert "recomputed figures" in result.output
    assert "unmet_shortage_after" in result.output
    chinese = runner.invoke(app, ["check", str(county), "--plan", str(plan), "--lang", "zh"])
    assert "交流轮岗方案：每条规则都满足" in chinese.output
    assert "重新计算的指标" in chinese.output and "every rule" not in chinese.output


def test_broken_rule_exits_1_and_names_it(county: Path, plan: Path) -> None:
    csv = plan / "rotation_plan.csv"
    csv.write_text(csv.read_text(encoding="utf-8-sig").replace(",7.0,", ",9.5,"),
                   encoding="utf-8-sig")
    result = runner.invoke(app, ["check", str(county), "--plan", str(plan), "--lang", "en"])
    assert result.exit_code == 1
    assert "1 broken rule(s)" in result.output
    assert "R8: rotation_plan.csv row 2: distance_km of teacher T01 is 9.5" in result.output


def test_other_policy_is_named(county: Path, plan: Path, tmp_path: Path) -> None:
    policy = tmp_path / "strict.toml"
    policy.write_text("[rotation]\nmax_outflow_share = 0.34\nmax_distance_km = 5\n")
    result = runner.invoke(app, ["check", str(county), "--plan", str(plan),
                                 "--policy", str(policy)])
    assert result.exit_code == 1
    assert "R3: teacher T01" in result.output
    assert "policy: the plan was made under a different policy" in result.output


def test_malformed_plan_files_are_findings_not_tracebacks(county: Path, plan: Path) -> None:
    (plan / "rotation_plan.csv").write_bytes(b"\xff\xfe\x00garbage")
    (plan / "rotation_summary.json").write_text("{", encoding="utf-8")
    result = runner.invoke(app, ["check", str(county), "--plan", str(plan)])
    assert result.exit_code == 1
    assert "format: rotation_plan.csv is not UTF-8" in result.output
    assert "format: rotation_summary.json is not valid UTF-8 JSON" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("where", ["no-plan", "empty", "bad-instance"])
def test_unusable_input_exits_2(county: Path, plan: Path, tmp_path: Path, where: str) -> None:
    args = {"no-plan": [str(county), "--plan", str(tmp_path / "nowhere")],
            "empty": [str(county), "--plan", str(tmp_path)],
            "bad-instance": [str(tmp_path / "no-county"), "--plan", str(plan)]}[where]
    result = runner.invoke(app, ["check", *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output

"""`rotaplan validate`: exit 0 and an overview for a good county; exit 2, every problem as
`file, row N, column C: ...`, no traceback and no file written for a bad one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.write import write_folder, write_workbook

runner = CliRunner()


def snapshot(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_validate_a_good_county(tiny_records, tmp_path: Path) -> None:
    write_folder(tiny_records, tmp_path / "county", lang="zh")
    result = runner.invoke(app, ["validate", str(tmp_path / "county")])
    assert result.exit_code == 0, result.output
    assert "county" in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["folder", "xlsx"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_validate_a_bad_county_exits_2_and_names_the_cells(tiny_records, tmp_path: Path,
                                                           kind: str, lang: str) -> None:
    tiny_records["teachers"][2]["school_id"] = "X9"
    tiny_records["schools"][0]["students"] = "很多"
    path = tmp_path / ("county" if kind == "folder" else "county.xlsx")
    if kind == "folder":
        write_folder(tiny_records, path, lang="zh")
        files = ("schools.csv", "teachers.csv")
    else:
        write_workbook(tiny_records, path, lang="zh")
        files = ("county.xlsx[schools]", "county.xlsx[teachers]")
    before = snapshot(tmp_path)

    result = runner.invoke(app, ["validate", str(path), "--lang", lang])

    assert result.exit_code == 2
    expected = {
        "en": ["2 problem(s) in the input; nothing was written",
               f"{files[0]}, row 2, column 在校生数: expected a whole number ≥ 0, got '很多'",
               f"{files[1]}, row 4, column 学校代码: expected a school_id from schools, got 'X9'"],
        "zh": ["输入有 2 处问题，未写入任何文件",
               f"{files[0]}，第 2 行，“在校生数”列：应为不小于 0 的整数，实际为 '很多'",
               f"{files[1]}，第 4 行，“学校代码”列：应为 schools 表中已有的学校代码，实际为 'X9'"],
    }[lang]
    for line in expected:
        assert line in result.stderr, line
    assert "Traceback" not in result.output
    assert snapshot(tmp_path) == before


def test_validate_a_bad_policy_option(tiny_records, tmp_path: Path) -> None:
    write_folder(tiny_records, tmp_path / "county")
    (tmp_path / "p.toml").write_text("[travel]\nroad_factor = 0.5\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(tmp_path / "county"), "--policy",
                                 str(tmp_path / "p.toml"), "--lang", "en"])
    assert result.exit_code == 2
    assert "p.toml, row 2, column travel.road_factor: expected greater than or equal to 1" \
        in result.stderr


def test_validate_something_missing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nowhere"), "--lang", "en"])
    assert result.exit_code == 2
    assert "no such folder or file" in result.stderr
    chinese = runner.invoke(app, ["validate", str(tmp_path / "nowhere")], env={"LANG": ""})
    assert "找不到该文件夹或文件" in chinese.stderr and "no such" not in chinese.stderr
    assert "Traceback" not in result.output


def test_validate_a_province_slice_names_one_of_its_counties(tiny_records,
                                                            tmp_path: Path) -> None:
    """`generate --size xl` writes a folder of county folders: validate says which to
    pass, in the reader's language."""
    for name in ("county-01-s", "county-02-s"):
        write_folder(tiny_records, tmp_path / "slice" / name)
    english = runner.invoke(app, ["validate", str(tmp_path / "slice"), "--lang", "en"])
    assert english.exit_code == 2
    assert "holds 2 county folders (a province slice)" in english.stderr
    chinese = runner.invoke(app, ["validate", str(tmp_path / "slice")], env={"LANG": ""})
    assert chinese.exit_code == 2 and "包含 2 个县的文件夹（全省切片）" in chinese.stderr
    assert str(tmp_path / "slice" / "county-01-s") in chinese.stderr
    assert "expected one county" not in chinese.stderr


def test_validate_as_a_real_process(tiny_records, tmp_path: Path) -> None:
    """The installed entry point: stderr has the problem, no traceback, exit code 2."""
    tiny_records["busy"][0]["period"] = 99
    write_folder(tiny_records, tmp_path / "county")
    before = snapshot(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "scheduler", "validate",
                           str(tmp_path / "county")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120, env={**os.environ, "LC_ALL": "en_US.UTF-8"})
    assert proc.returncode == 2, proc.stderr
    assert "busy.csv, row 2, column period: expected a period number from 1" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert snapshot(tmp_path) == before

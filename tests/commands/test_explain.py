"""`rotaplan explain INSTANCE --plan DIR --teacher ID`: the explanation in Chinese (default)
and English, written to .md or .html on request, and the refusals (exit 2).

The county is tests/rotation/test_why.py's: M (music) and W (art) move from A to B, which
needs one of each; K stays though eligible; W wished for D first.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.write import write_folder

runner = CliRunner()
SOLVE = ["--time-limit", "10", "--workers", "1"]
SCHOOLS = {"A": {"at": (0, 0)}, "B": {"at": (10, 0)}, "C": {"at": (60, 0)},
           "D": {"at": (0, 10)}}
TEACHERS = {"M": {"school_id": "A", "subject": "music"},
            "W": {"school_id": "A", "subject": "art"},
            "K": {"school_id": "A"},
            "Y": {"school_id": "A", "years_at_school": 2}}
NEEDS = {("B", "music"): 1, ("B", "art"): 1}


@pytest.fixture(scope="module")
def planned(tmp_path_factory, cty) -> tuple[Path, Path]:
    """The county's folder and the plan `rotaplan rotate` wrote for it."""
    root = tmp_path_factory.mktemp("explain")
    county = root / "county"
    _write(cty, county, TEACHERS)
    out = root / "plan"
    result = runner.invoke(app, ["rotate", str(county), "--out", str(out), *SOLVE,
                                 "--no-compare"])
    assert result.exit_code == 0, result.output
    return county, out


def _write(cty, folder: Path, teachers: dict) -> None:
    records, policy = cty.county_records(SCHOOLS, teachers, needs=NEEDS,
                                         wishes={"W": ["D", "B"]})
    write_folder(records, folder, policy)


def explain(county: Path, plan: Path, teacher: str, *more: str):
    return runner.invoke(app, ["explain", str(county), "--plan", str(plan), "--teacher",
                               teacher, *SOLVE, *more])


def test_a_denied_wish_in_chinese_by_default(planned):
    county, plan = planned
    result = explain(county, plan, "W")
    assert result.exit_code == 0, result.output
    said = "".join(result.output.split())  # the terminal wraps long lines
    assert "W由AschoolA交流至BschoolB" in said
    assert "规则允许交流至DschoolD" in said
    # to D, W leaves B's art post unmet: 0 -> 1
    assert "假如该教师去第一志愿DschoolD" in said
    assert "BschoolB的美术缺口：0→1个岗位（+1）" in said
    for other in ("M", "K", "Y"):
        assert f"name {other}" not in result.output


def test_a_stayer_in_english_written_to_markdown_and_html(planned, tmp_path):
    county, plan = planned
    md, page = tmp_path / "k.md", tmp_path / "k.html"
    result = explain(county, plan, "K", "--lang", "en", "--out", str(md))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "K stays at A school A." in said
    assert "Eligible, but not needed" in said
    assert "3 movers instead of 2 movers" in said  # M, W written; M, W and K then
    assert md.read_text(encoding="utf-8").startswith("# Why K (name K) moves or stays")
    result = explain(county, plan, "Y", "--out", str(page))
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in text
    assert "不符合交流条件（R1）" in text and "name M" not in text


def test_a_plan_folder_with_rotation_inside(planned, tmp_path):
    county, plan = planned
    shutil.copytree(plan, tmp_path / "both" / "rotation")
    result = explain(county, tmp_path / "both", "M", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Unmet Music at B school B: 0 → 1 posts (+1)." in " ".join(result.output.split())


def test_an_unknown_teacher_is_refused_by_name(planned):
    county, plan = planned
    result = explain(county, plan, "NOBODY", "--lang", "en")
    assert result.exit_code == 2
    assert "NOBODY" in result.output


def test_a_plan_of_another_county_is_refused(planned, tmp_path, cty):
    _, plan = planned
    other = tmp_path / "other"
    _write(cty, other, {**TEACHERS, "M": {"school_id": "D", "subject": "music"}})
    result = explain(other, plan, "K", "--lang", "en")
    assert result.exit_code == 2
    assert "does not match this instance" in " ".join(result.output.split())


def test_a_folder_without_a_plan_and_a_bad_out_are_refused(planned, tmp_path):
    county, plan = planned
    result = explain(county, tmp_path, "K", "--lang", "en")
    assert result.exit_code == 2 and "rotation_plan.csv" in result.output
    result = explain(county, plan, "K", "--out", str(tmp_path / "k.pdf"))
    assert result.exit_code == 2 and not (tmp_path / "k.pdf").exists()


def test_an_out_file_in_a_missing_folder_is_refused(planned, tmp_path):
    county, plan = planned
    result = explain(county, plan, "K", "--out", str(tmp_path / "nowhere" / "k.md"))
    assert result.exit_code == 2 and not (tmp_path / "nowhere").exists()

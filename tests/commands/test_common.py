"""The solving commands' shared pieces: solver options checked once, the self-check's
outcome, and what they refuse said in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from scheduler.check.base import CheckReport, Finding
from scheduler.cli import app
from scheduler.commands.common import check_out_dir, confirm_check, solver_settings
from scheduler.data.write import write_folder
from scheduler.errors import UsageError
from scheduler.i18n import Note, catalog

runner = CliRunner()


def test_solver_settings_carry_the_options() -> None:
    settings = solver_settings(2.5, 3, 7)
    assert (settings.time_limit, settings.workers, settings.seed) == (2.5, 3, 7)


@pytest.mark.parametrize(("time_limit", "workers", "message"), [
    (0.0, 1, "--time-limit must be a positive number"),
    (float("nan"), 1, "--time-limit must be a positive number"),
    (1.0, 0, "--workers must be at least 1"),
])
def test_solver_settings_refuse_what_cannot_run(time_limit: float, workers: int,
                                                message: str) -> None:
    with pytest.raises(UsageError, match=message):
        solver_settings(time_limit, workers, 0)


def test_a_passed_check_prints_its_text(capsys: pytest.CaptureFixture[str]) -> None:
    confirm_check(CheckReport("rotation"), Path("out"), "all good")
    assert "all good" in capsys.readouterr().out


def test_a_failed_check_lists_the_rules_and_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    report = CheckReport("travel", [Finding("T3", "teacher X1 has 2 lessons")])
    with pytest.raises(typer.Exit) as exc:
        confirm_check(report, Path("out"), "all good")
    assert exc.value.exit_code == 3
    captured = capsys.readouterr()
    assert "all good" not in captured.out
    assert "breaks 1 rule(s)" in captured.err and "T3: teacher X1 has 2 lessons" in captured.err


def test_check_out_dir_says_why_out_is_refused_as_a_note(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    check_out_dir(out, force=False)  # not there yet: fine
    out.mkdir()
    (out / "keep.txt").write_text("x")
    check_out_dir(out, force=True)
    with pytest.raises(UsageError) as taken:
        check_out_dir(out, force=False)
    assert taken.value.headline == Note.of("usage.out_has_files", out=out)
    assert str(taken.value) == f"--out {out} already holds files; pass --force to replace them"
    with pytest.raises(UsageError) as a_file:
        check_out_dir(out / "keep.txt", force=True)
    said = catalog("zh").say(a_file.value.headline)
    assert said == f"--out {out / 'keep.txt'} 已存在，但不是文件夹"


@pytest.fixture
def county(tiny_records: dict, tmp_path: Path) -> Path:
    write_folder(tiny_records, tmp_path / "county")
    return tmp_path / "county"


# Refused before the instance is read or anything solved: exit 2, no traceback, nothing
# written; the Chinese and the English as the catalogs' [usage] table says them.
@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "错误： --out {out} 中已有文件；如需覆盖请加 --force"),
    ("en", "error: --out {out} already holds files; pass --force to replace them"),
])
def test_rotate_into_a_folder_that_holds_files_is_refused(county: Path, tmp_path: Path,
                                                         lang: str, said: str) -> None:
    out = tmp_path / "plan[old]"
    out.mkdir()
    (out / "keep.txt").write_text("previous plan")
    result = runner.invoke(app, ["rotate", str(county), "--out", str(out), "--lang", lang])
    assert result.exit_code == 2
    assert said.format(out=out) in result.output and "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize(("args", "said"), [
    (["--time-limit", "-1", "--lang", "zh"], "--time-limit 应为正的秒数，实际为 -1.0"),
    (["--time-limit", "-1", "--lang", "en"],
     "--time-limit must be a positive number of seconds, got -1.0"),
    (["--workers", "0", "--lang", "zh"], "--workers 至少为 1，实际为 0"),
    (["--method", "magic", "--lang", "zh"], "--method 应为 cpsat、greedy 之一，实际为 'magic'"),
    (["--published", "soon", "--lang", "zh"],
     "--published 应为 YYYY-MM-DD 格式的日期，实际为 'soon'"),
    # a wrong --lang is said in the default language, Chinese
    (["--lang", "fr"], "--lang 应为 zh 或 en，实际为 'fr'"),
])
def test_bad_options_are_refused_in_the_readers_language(county: Path, tmp_path: Path,
                                                         args: list[str], said: str) -> None:
    result = runner.invoke(app, ["rotate", str(county), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert said in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()

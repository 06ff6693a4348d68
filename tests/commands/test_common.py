"""The solving commands' shared pieces: solver options checked once, the self-check's outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from scheduler.check.base import CheckReport, Finding
from scheduler.commands.common import confirm_check, solver_settings
from scheduler.errors import UsageError


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

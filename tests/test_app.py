"""The command-line app itself: `rotaplan --help` lists every command of the contract's
§4 with its one-line purpose."""

from __future__ import annotations

from typer.testing import CliRunner

from scheduler.cli import app

COMMANDS = ("validate", "rotate", "travel", "check", "generate", "bench")


def test_help_lists_every_command_with_its_purpose_on_one_line():
    """A docstring wrapped in the source reads as one paragraph (markdown help), not as
    two lines cut where the source wrapped."""
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = {line.split()[1]: line for line in result.output.splitlines()
             if len(line.split()) > 1 and line.split()[1] in COMMANDS}
    assert set(lines) == set(COMMANDS)
    assert "report.html and the provisional list (publication.html)" in lines["rotate"]
    assert "routes, pages, calendars" in lines["travel"]

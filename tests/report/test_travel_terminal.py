"""The live solve display: progress lines and streamed figures, on a terminal and in a log."""

from __future__ import annotations

import io
import types

from rich.console import Console

from scheduler.report.travel_terminal import TravelProgress
from scheduler.solving import Note


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, width=100), buffer


def test_in_a_log_each_line_is_printed_and_figures_at_most_once_a_second():
    con, buffer = console(terminal=False)
    progress = TravelProgress(con, "travel", time_limit=10, lang="en")
    progress(Note.of("parts", parts=2))
    progress(types.SimpleNamespace(objective=120.0, bound=90.0, elapsed=0.1))
    progress(types.SimpleNamespace(objective=110.0, bound=100.0, elapsed=0.2))  # too soon
    progress(Note.of("part_placed", part="East", rows=12, teachers=3, status="OPTIMAL",
                     level="week routes", seconds="0.4"))
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].endswith("2 part(s) to solve")
    assert "incumbent 120  bound 90  gap 25.00%" in lines[1]
    assert lines[2].endswith("part East: 12 rows, 3 teachers: proven optimal (week routes) "
                             "after 0.4 s")
    assert (progress.objective, progress.bound) == (110.0, 100.0)


def test_solver_lines_in_chinese():
    con, buffer = console(terminal=False)
    progress = TravelProgress(con, "走教", time_limit=10, lang="zh")
    progress(Note.of("part_placed", part="S030", rows=106, teachers=9, status="FEASIBLE",
                     level="week routes", seconds="3.2"))
    line = buffer.getvalue()
    assert "部分 S030：106 门课，9 名教师：可行方案（未证明最优）（按周路线），用时 3.2 秒" \
        in line, line


def test_on_a_terminal_the_panel_holds_the_figures_and_the_last_lines():
    con, buffer = console(terminal=True)
    progress = TravelProgress(con, "travel", time_limit=10)
    for i in range(8):
        progress(f"line {i}")
    progress(types.SimpleNamespace(objective=50.0, bound=50.0))
    assert buffer.getvalue() == "", "on a terminal the live panel shows it, not print"
    con.print(progress)
    out = buffer.getvalue()
    assert "line 7" in out and "line 2" in out and "line 1" not in out
    assert "0.00%" in out and "/ 10 s" in out

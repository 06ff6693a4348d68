"""`rotaplan check INSTANCE --plan DIR`: re-check written plans against the rules, no solver.

Exit 0 when nothing is broken, 1 when a rule is, 2 when the instance or the plan folder
cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from scheduler.check.base import CheckReport
from scheduler.cli import InstanceArg, LockOpt, PolicyOpt, app, console, guarded


@app.command()
@guarded
def check(
    instance: InstanceArg,
    plan: Annotated[Path, typer.Option("--plan", help="The folder a plan was written to.")],
    policy: PolicyOpt = None,
    lock: LockOpt = None,
) -> None:
    """Re-check every plan found in --plan against the contract's rules, without the solver."""
    from scheduler.check.run import run_checks
    from scheduler.data import load_instance

    inst = load_instance(instance, policy, lock)
    run = run_checks(inst, plan)
    for report in run.reports:
        print_report(report)
    if not run.ok:
        raise typer.Exit(1)


def print_report(report: CheckReport) -> None:
    """The broken rules (rule id and message), then the figures recomputed from the plan."""
    if report.ok:
        console.print(f"[green]{report.plan} plan: every rule holds[/green]")
    else:
        console.print(f"[red]{report.plan} plan: {len(report.findings)} broken rule(s)[/red]")
        if console.is_terminal:
            table = Table(show_header=True, header_style="bold")
            table.add_column("rule")
            table.add_column("message", overflow="fold")
            for f in report.findings:
                table.add_row(f.rule, f.message)
            console.print(table)
        else:
            for f in report.findings:
                console.print(f"{f.rule}: {f.message}", markup=False, highlight=False,
                              soft_wrap=True)
    if report.figures:
        table = Table(title="recomputed figures", title_justify="left")
        table.add_column("figure")
        table.add_column("value", justify="right")
        for key, value in report.figures.items():
            if not isinstance(value, dict):
                table.add_row(key, _fmt(value))
        console.print(table)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.10g}"
    return str(value)

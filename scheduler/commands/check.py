"""`rotaplan check INSTANCE --plan DIR`: re-check written plans against the rules, no solver.

Exit 0 when nothing is broken, 1 when a rule is, 2 when the instance or the plan folder
cannot be used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from scheduler.app import InstanceArg, LangOpt, LockOpt, PolicyOpt, app, console, guarded
from scheduler.check.base import CheckReport
from scheduler.i18n import Catalog, catalog, resolve


@app.command()
@guarded
def check(
    instance: InstanceArg,
    plan: Annotated[Path, typer.Option("--plan", help="The folder a plan was written to.")],
    policy: PolicyOpt = None,
    lock: LockOpt = None,
    lang: LangOpt = None,
) -> None:
    """Re-check every plan found in --plan against the contract's rules, without the solver."""
    from scheduler.check.run import run_checks
    from scheduler.data import load_instance

    T = catalog(resolve(lang))
    inst = load_instance(instance, policy, lock)
    run = run_checks(inst, plan)
    for report in run.reports:
        print_report(report, T)
    if not run.ok:
        raise typer.Exit(1)


def print_report(report: CheckReport, T: Catalog) -> None:
    """The broken rules (rule id and message), then the figures recomputed from the plan
    (named as in the plan's summary JSON, which the data contract names)."""
    plan = T.code("plan", report.plan)
    if report.ok:
        console.print(f"[green]{T.t('check.ok', plan=plan)}[/green]")
    else:
        console.print(f"[red]{T.t('check.broken', plan=plan, n=len(report.findings))}[/red]")
        if console.is_terminal:
            table = Table(show_header=True, header_style="bold")
            table.add_column(T.t("check.rule"))
            table.add_column(T.t("check.message"), overflow="fold")
            for f in report.findings:
                table.add_row(f.rule, f.message)
            console.print(table)
        else:
            for f in report.findings:
                console.print(f"{f.rule}: {f.message}", markup=False, highlight=False,
                              soft_wrap=True)
    if report.figures:
        table = Table(title=T.t("check.figures"), title_justify="left")
        table.add_column(T.t("check.figure"))
        table.add_column(T.t("check.value"), justify="right")
        for key, value in report.figures.items():
            if not isinstance(value, dict):
                table.add_row(key, _fmt(value))
        console.print(table)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.10g}"
    return str(value)

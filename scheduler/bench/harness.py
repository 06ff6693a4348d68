"""A whole benchmark: plan the runs, warn about oversubscription, stream, report.

Runs are ordered seed by seed, so a benchmark stopped halfway still has every
(instance, setting) pair measured on the first seeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from scheduler.bench.executors import Executor, threads_of
from scheduler.bench.machine import oversubscription
from scheduler.bench.presets import Preset
from scheduler.bench.report import write_report
from scheduler.bench.results import ResultsWriter
from scheduler.bench.runner import RunSpec
from scheduler.bench.suites import Suite
from scheduler.errors import UsageError
from scheduler.i18n import Note, catalog

DEFAULT_TIME_LIMIT = 60.0


@dataclass
class Plan:
    """The runs to do, and the (instance, setting) pairs left out with why."""

    runs: list[RunSpec]
    skipped: list[str]


def plan_runs(suite: Suite, presets: Sequence[Preset], repeat: int,
              time_limit: float | None = None) -> Plan:
    """Every (instance, setting, seed); the time limit: command line, suite, preset, 60 s."""
    if repeat < 1:
        raise UsageError(Note.of("usage.at_least_one", option="--repeat"))
    if time_limit is not None and time_limit <= 0:
        raise UsageError(Note.of("usage.time_limit_positive"))
    runs, skipped = [], []
    for seed in range(repeat):
        for entry in suite.entries:
            for preset in presets:
                if entry.kind not in preset.kinds:
                    if seed == 0:
                        skipped.append(f"{preset.name} does not apply to {entry.name} "
                                       f"({entry.kind})")
                    continue
                limit = time_limit or suite.time_limit or preset.time_limit \
                    or DEFAULT_TIME_LIMIT
                runs.append(RunSpec(
                    run_id=f"{entry.name}/{preset.name}/{seed}", suite=suite.name,
                    instance=entry.name, group=entry.group, kind=entry.kind,
                    path=str(entry.path), policy=str(entry.policy) if entry.policy else None,
                    setting=preset.name, method=preset.method, seed=seed, time_limit=limit,
                    workers=preset.workers, log=preset.log, params=dict(preset.params),
                    options=dict(preset.options), best_known=entry.best_known))
    if not runs:
        raise UsageError(Note.of("usage.no_runs"))
    return Plan(runs, skipped)


def run_benchmark(plan: Plan, presets: Sequence[Preset], executor: Executor, out: Path, *,
                  suite: str, command: str, console: Console, err_console: Console,
                  lang: str = "en") -> pd.DataFrame:
    """Run the plan on `executor`, streaming to `out`; returns the settled results. The
    terminal lines are in `lang`; results.csv and report.md keep the contract's codes."""
    T = catalog(lang)
    threads = max(threads_of(spec) for spec in plan.runs)
    for warning in oversubscription(executor.threads_per_host(threads)):
        err_console.print(f"[yellow]{T.t('bench.warning')}[/yellow] {warning}")
    for note in plan.skipped:
        err_console.print(f"[dim]{T.t('bench.skipped')} {note}[/dim]")
    out.mkdir(parents=True, exist_ok=True)
    writer = ResultsWriter(out)
    columns = (TextColumn("[progress.description]{task.description}"), BarColumn(),
               MofNCompleteColumn(), TextColumn(T.t("bench.left")), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console) as progress:
            task = progress.add_task("benchmark", total=len(plan.runs), left=len(plan.runs))
            for done, outcome in enumerate(executor.run(plan.runs), start=1):
                row = writer.add(outcome)
                progress.update(task, advance=1, left=len(plan.runs) - done,
                                description=f"{row['run_id']}: "
                                            f"{T.code('status', row['status'])}")
    finally:
        writer.close()
    df = writer.settle()
    write_report(df, writer.points, out, suite=suite, presets=presets, command=command,
                 notes=plan.skipped)
    return df

"""`rotaplan bench`: solver settings and baselines side by side on a suite of instances."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from scheduler.app import LangOpt, app, console, err_console, guarded
from scheduler.errors import UsageError
from scheduler.i18n import Note


@app.command()
@guarded
def bench(
    suite: Annotated[str, typer.Option(help="Suite name (benchmarks/suites/NAME.toml) "
                                       "or a .toml file.")],
    settings: Annotated[str, typer.Option(help="Presets, comma-separated: names in "
                                          "benchmarks/settings/ or .toml files.")],
    out: Annotated[Path, typer.Option(help="Folder for results.csv, report.md, plots.")],
    repeat: Annotated[int, typer.Option(help="Seeds per (instance, setting): 0..N-1.")] = 1,
    time_limit: Annotated[float | None, typer.Option(
        help="Seconds per run; default: the suite's, else the preset's, else 60.")] = None,
    jobs: Annotated[int, typer.Option(help="Runs at once with the local executor.")] = 1,
    executor: Annotated[str, typer.Option(help="local (a process pool) or dask.")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address, tcp://HOST:PORT (with --executor dask).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files in --out.")] = False,
    lang: LangOpt = None,
) -> None:
    """Run every (instance, setting, seed) of a suite; write results.csv and report.md."""
    from scheduler.bench.executors import DaskExecutor, Executor, LocalExecutor
    from scheduler.bench.harness import plan_runs, run_benchmark
    from scheduler.bench.presets import load_presets
    from scheduler.bench.suites import load_suite
    from scheduler.commands.common import check_out_dir
    from scheduler.i18n import catalog, resolve

    lang = resolve(lang)
    T = catalog(lang)
    if executor not in ("local", "dask"):
        raise UsageError(Note.of("usage.either", option="--executor", first="local", second="dask",
                                 value=executor))
    if executor == "dask" and not scheduler:
        raise UsageError(Note.of("usage.dask_scheduler", executor="dask", address="tcp://HOST:PORT"))
    if executor == "local" and scheduler:
        raise UsageError(Note.of("usage.scheduler_alone", executor="dask"))
    check_out_dir(out, force)
    loaded = load_suite(suite)
    presets = load_presets(settings)
    if not presets:
        raise UsageError(Note.of("usage.no_preset"))
    plan = plan_runs(loaded, presets, repeat, time_limit)
    pool: Executor = DaskExecutor(scheduler) if executor == "dask" else LocalExecutor(jobs)
    command = "rotaplan " + shlex.join(sys.argv[1:])
    try:
        df = run_benchmark(plan, presets, pool, out, suite=loaded.name, command=command,
                           console=console, err_console=err_console, lang=lang)
    except KeyboardInterrupt:
        err_console.print(T.t("bench.interrupted", results=out / "results.csv"), markup=False,
                          soft_wrap=True)
        raise typer.Exit(130) from None
    finally:
        pool.close()
    failed = int((df["status"] == "ERROR").sum())
    console.print(T.t("bench.wrote", results=out / "results.csv", runs=len(df),
                      report=out / "report.md")
                  + (T.t("bench.failed", failed=failed) if failed else ""), markup=False,
                  soft_wrap=True)

"""`rotaplan rotate INSTANCE --out DIR`: the yearly rotation plan, its report and its check.

The output folder is refused before any solving if it holds files and --force is not
given. Ctrl-C during the solve stops the search; the best plan found so far is written,
marked FEASIBLE (never OPTIMAL), or, with none, the command exits 1. The written plan is
re-read by the independent checker before the command reports success.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scheduler.app import (
    InstanceArg,
    LangOpt,
    LockOpt,
    PolicyOpt,
    TemplatesOpt,
    app,
    console,
    guarded,
)
from scheduler.commands.common import (
    ForceOpt,
    OutOpt,
    ParamOpt,
    PublishedOpt,
    SeedOpt,
    TimeLimitOpt,
    WorkersOpt,
    check_out_dir,
    confirm_check,
    parse_date,
    solver_settings,
)
from scheduler.errors import NoPlanError, UsageError
from scheduler.i18n import Items, Note

if TYPE_CHECKING:
    from scheduler.data.instance import Instance
    from scheduler.rotation.changes import Previous
    from scheduler.rotation.result import RotationResult
    from scheduler.solving import Note, SolverSettings

METHODS = ("cpsat", "greedy")
BaselineOpt = Annotated[Path | None, typer.Option(
    "--baseline", help="A previous rotation plan (a rotate folder, or a plan folder's "
                       "rotation/): keep its moves unless changing one is worth more than "
                       "rotation.change_penalty; lists the changes.")]


@app.command()
@guarded
def rotate(
    instance: InstanceArg,
    out: OutOpt,
    time_limit: TimeLimitOpt = 60.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
    param: ParamOpt = None,
    policy: PolicyOpt = None,
    lock: LockOpt = None,
    method: Annotated[str, typer.Option(help="cpsat (optimise) or greedy (what HR does by "
                                             "hand).")] = "cpsat",
    force: ForceOpt = False,
    compare: Annotated[bool, typer.Option("--compare/--no-compare",
                                          help="Also run the greedy baseline for the "
                                               "report's \"by hand\" column.")] = True,
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    published: PublishedOpt = None,
    baseline: BaselineOpt = None,
) -> None:
    """Plan the year's teacher rotation (交流轮岗) and write it with report.html and the
    provisional list (publication.html)."""
    from scheduler.data import load_instance
    from scheduler.i18n import catalog, resolve
    from scheduler.report.files import write_outputs
    from scheduler.report.pages import environment
    from scheduler.report.rotation_terminal import pinned_warning, summary_table
    from scheduler.rotation.changes import CHANGES_CSV, PREVIOUS_CSV, read_previous
    from scheduler.rotation.outputs import build_outputs

    if method not in METHODS:
        raise UsageError(Note.of("usage.one_of", option="--method", choices=Items.of(METHODS),
                                 value=method))
    if baseline is not None and method != "cpsat":
        raise UsageError(Note.of("usage.baseline_method", method="cpsat"))
    settings = solver_settings(time_limit, workers, seed, param)
    published_on = parse_date("--published", published)
    lang = resolve(lang)
    environment(templates)  # a bad --templates folder is refused before solving
    check_out_dir(out, force)
    previous = read_previous(baseline) if baseline is not None else None
    inst = load_instance(instance, policy, lock)

    result = solve_with_progress(inst, settings, method, lang, previous)
    by_hand = greedy_baseline(inst, settings) if compare and method != "greedy" else None
    outputs = build_outputs(inst, result, by_hand, previous=previous)
    write_outputs(outputs, out, force=force, lang=lang, templates=templates,
                  published=published_on)
    console.print(summary_table(outputs, lang))
    warning = pinned_warning(outputs, lang)
    if warning:
        console.print(warning, style="red", markup=False, highlight=False, soft_wrap=True)
    files = ("rotation_plan.csv, rotation_plan.xlsx, rotation_summary.json, report.html, "
             "publication.html")
    if previous is not None:
        files += f", {CHANGES_CSV}, {PREVIOUS_CSV}"
        console.print(catalog(lang).t("replan.terminal", file=CHANGES_CSV,
                                      n=outputs.summary["changed_from_baseline"]["changes"]),
                      markup=False, highlight=False, soft_wrap=True)
    console.print(catalog(lang).t("terminal.wrote", out=out, files=files),
                  markup=False, highlight=False, soft_wrap=True)
    self_check(inst, out, lang)


def solve_with_progress(inst: Instance, settings: SolverSettings, method: str,
                        lang: str = "zh", previous: Previous | None = None) -> RotationResult:
    """Solve with the live display; an interrupt that escapes the solver means no plan.
    With `previous`, a minimal-change re-plan of that plan (`rotation/replan.py`)."""
    from scheduler.i18n import catalog
    from scheduler.report.rotation_terminal import SolveProgress
    from scheduler.rotation.explain import say
    from scheduler.rotation.solve import solve_rotation

    label = f"{catalog(lang).t('terminal.rotation_label')} {method}"
    progress = SolveProgress(console, label=label, time_limit=settings.time_limit, lang=lang)
    try:
        with python_sigint(), progress.shown():
            return solve_rotation(inst, settings, method=method, on_progress=progress,
                                  previous=previous)
    except KeyboardInterrupt:
        raise NoPlanError(say("interrupted"), [say("interrupted_hint")]) from None


def greedy_baseline(inst: Instance, settings: SolverSettings) -> RotationResult | str | Note:
    """The greedy plan for the "by hand" column, or why there is none (a sentence, said in
    the report's language; `str()` in rotation_summary.json)."""
    from scheduler.rotation.explain import say
    from scheduler.rotation.solve import solve_rotation

    try:
        with python_sigint():
            return solve_rotation(inst, settings, method="greedy")
    except NoPlanError as exc:
        return exc.headline
    except KeyboardInterrupt:
        return say("greedy_interrupted")


@contextlib.contextmanager
def python_sigint() -> Iterator[None]:
    """Give Ctrl-C back to Python after a solve.

    CP-SAT catches SIGINT while it searches (it stops and returns its best plan) and
    leaves the signal at the system default afterwards, so a later Ctrl-C would kill the
    process without cleaning up; the handler from before the solve is put back.
    """
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else None
    try:
        yield
    finally:
        if main and previous is not None:
            signal.signal(signal.SIGINT, previous)


def self_check(inst: Instance, out: Path, lang: str = "zh") -> None:
    """Re-read the written plan with the independent checker; a broken rule is a bug."""
    from scheduler.check.rotation import check_rotation
    from scheduler.i18n import catalog

    confirm_check(check_rotation(inst, out), out,
                  f"[green]{catalog(lang).t('terminal.check_rotation')}[/green]")

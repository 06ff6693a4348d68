"""What the solving commands (rotate, travel) share: their solver options and the self-check.

Both take the same --out, --time-limit, --workers, --seed and --force, check them the same
way, and end by re-reading the written plan with the independent checker; a plan that
fails it is a bug, reported as one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from scheduler.app import console, err_console
from scheduler.errors import UsageError
from scheduler.i18n import Note

if TYPE_CHECKING:
    from scheduler.check.base import CheckReport
    from scheduler.solving import SolverSettings

OutOpt = Annotated[Path, typer.Option("--out", help="Folder to write the plan into.")]
TimeLimitOpt = Annotated[float, typer.Option("--time-limit", help="Seconds the solver may run.")]
WorkersOpt = Annotated[int, typer.Option(help="Solver threads.")]
SeedOpt = Annotated[int, typer.Option(help="Solver random seed.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace a plan in --out.")]
ParamOpt = Annotated[list[str] | None, typer.Option(
    "--param", help="A CP-SAT parameter NAME=VALUE, repeatable (e.g. interleave_search=true).")]


def check_out_dir(out: Path, force: bool) -> None:
    """Refuse, before any work is done, to replace a plan in --out without --force, in the
    reader's language: `io.output.check_out_dir` decides (it guards every folder written,
    and scheduler.io stands below the catalogs, so it words it in English only)."""
    from scheduler.io import output

    try:
        output.check_out_dir(out, force)
    except UsageError:
        raise UsageError(Note.of("usage.out_has_files", out=out) if out.is_dir()
                         else Note.of("usage.out_not_folder", out=out)) from None


def solver_settings(time_limit: float, workers: int, seed: int,
                    params: list[str] | None = None) -> SolverSettings:
    """The settings of --time-limit, --workers, --seed and --param; UsageError when they
    cannot run (an unknown parameter name is refused when the solver sets it)."""
    from scheduler.cpsat_params import parse_params
    from scheduler.solving import SolverSettings

    if not time_limit > 0:
        raise UsageError(Note.of("usage.time_limit", limit=time_limit))
    if workers < 1:
        raise UsageError(Note.of("usage.workers", workers=workers))
    return SolverSettings(time_limit=time_limit, workers=workers, seed=seed,
                          params=parse_params(params))


def confirm_check(report: CheckReport, out: Path, ok_text: str) -> None:
    """Print `ok_text` when the written plan passed; else list what it breaks and exit 3."""
    if report.ok:
        console.print(ok_text)
        return
    err_console.print(f"[red]internal error:[/red] the plan written to {out} breaks "
                      f"{len(report.findings)} rule(s) of the independent check; please "
                      "report it:", highlight=False)
    for f in report.findings:
        err_console.print(f"  {f.rule}: {f.message}", markup=False, highlight=False)
    raise typer.Exit(3)


TermStartOpt = Annotated[str | None, typer.Option(
    "--term-start", help="First day of term, YYYY-MM-DD; default: travel.term_start, else "
                         "the first Monday of September of policy.year.")]
TermEndOpt = Annotated[str | None, typer.Option(
    "--term-end", help="Last day of term, YYYY-MM-DD; default: travel.term_end, else the "
                       "Friday before the Spring Festival holiday.")]


PublishedOpt = Annotated[str | None, typer.Option(
    "--published", help="Date the provisional list (publication.html) is posted, YYYY-MM-DD; "
                        "its notice period of publication.days working days starts there "
                        "(default: today).")]


def parse_date(option: str, text: str | None) -> dt.date | None:
    """A --term-start/--term-end date, or None when not given."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(Note.of("usage.date", option=option, text=text)) from None

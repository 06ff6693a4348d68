"""`rotaplan simulate INSTANCE --years N --out DIR`: plan, roll over and plan again, N years.

DIR/year-K/instance is the county the year was planned on, DIR/year-K/rotation its plan
as `rotate` writes it (each re-checked by the independent checker), and DIR holds the
report: simulation_summary.json, simulation.csv, simulation.html and two SVG charts. DIR
is written all at once. A year without a plan ends the simulation: the years before it
are written and the command exits 1; a plan that fails the check, or a second move within
a term, is a bug: written, reported, exit 3.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from scheduler.app import (
    InstanceArg,
    LangOpt,
    PolicyOpt,
    TemplatesOpt,
    app,
    console,
    err_console,
    guarded,
)
from scheduler.commands.common import (
    ForceOpt,
    OutOpt,
    ParamOpt,
    SeedOpt,
    TimeLimitOpt,
    WorkersOpt,
    check_out_dir,
    solver_settings,
)
from scheduler.errors import NoPlanError, UsageError
from scheduler.i18n import Note

if TYPE_CHECKING:
    from scheduler.i18n import Catalog
    from scheduler.simulate import YearFigures

MAX_YEARS = 30


@app.command()
@guarded
def simulate(
    instance: InstanceArg,
    out: OutOpt,
    years: Annotated[int, typer.Option("--years", help="School years to plan in a row.")] = 3,
    time_limit: TimeLimitOpt = 60.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
    param: ParamOpt = None,
    policy: PolicyOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Plan the rotation year after year (rollover in between) and report the cycle."""
    from scheduler.commands.rotate import python_sigint
    from scheduler.data import load_instance
    from scheduler.i18n import catalog, resolve
    from scheduler.io.output import atomic_dir
    from scheduler.report.pages import environment
    from scheduler.report.simulation import write_simulation_report
    from scheduler.simulate import simulate as run

    if not 1 <= years <= MAX_YEARS:
        raise UsageError(Note.of("usage.years", most=MAX_YEARS, years=years))
    settings = solver_settings(time_limit, workers, seed, param)
    lang = resolve(lang)
    T = catalog(lang)
    environment(templates)
    check_out_dir(out, force)
    inst = load_instance(instance, policy)
    with atomic_dir(out, force) as tmp:
        sim = run(inst, years, tmp, settings, lang, on_year=lambda y: _print_year(y, T),
                  guard=python_sigint)
        summary = sim.summary(settings)
        files = write_simulation_report(summary, tmp, lang, templates)
    dirs = f"year-1 … year-{len(sim.years)}" if sim.years else "-"
    console.print(T.t("simulate.wrote", out=out, dirs=dirs, files=", ".join(files)),
                  markup=False, highlight=False, soft_wrap=True)
    for y in sim.years:
        if y.check_findings:
            err_console.print(T.t("simulate.broken", year=y.year, n=len(y.check_findings)),
                              markup=False, highlight=False)
            for finding in y.check_findings:
                err_console.print(f"  {finding}", markup=False, highlight=False)
    within = summary["second_within_term"]
    if within:
        err_console.print(T.t("simulate.within_error", n=within), markup=False)
    if not sim.ok:
        raise typer.Exit(3)
    if sim.stopped:
        raise NoPlanError(T.t("simulate.stopped", reason=T.say(sim.stopped)),
                          sim.stopped_reasons)


def _print_year(y: YearFigures, T: Catalog) -> None:
    console.print(T.t("simulate.year_line", year=T.school_year(y.year), movers=y.movers,
                      required=y.movers_required, across=len(y.second_across_terms),
                      within=len(y.second_within_term), home=y.came_home, stayed=y.stayed_on,
                      before=f"{y.unmet_shortage_before:g}",
                      after=f"{y.unmet_shortage_after:g}",
                      cvs=T.t("simulate.cvs_ok" if y.cvs_within_limits else "simulate.cvs_over"),
                      check=T.t("simulate.check_ok_word" if not y.check_findings
                                else "simulate.check_bad_word")),
                  markup=False, highlight=False, soft_wrap=True)

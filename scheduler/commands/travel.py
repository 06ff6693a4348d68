"""`rotaplan travel INSTANCE --out DIR`: traveling-teacher timetables, routes and what schools get.

The output folder is refused before any solving if it holds files and --force is not
given. The chosen method solves with a live display; unless --no-compare, the greedy
"one site a day" timetable a central school draws by hand is solved too, for the km
comparison. Everything is written at once (contract §2 plus workbook, pages, calendars,
maps) and re-read by the independent checker before the command reports success.

With --baseline OLD_DIR the timetable is a minimal-change re-plan of the one written in
OLD_DIR (`scheduler.travel.previous`): every slot still valid stays unless changing it is
worth more than `rotation.change_penalty`; travel_changes.csv lists each change and its
cause, and a copy of the old timetable goes with the plan for `rotaplan check`.

Exit codes: 0 a plan was written (with --partial also when some lessons could not be
placed: they are listed on screen, in travel_unplaced.csv and in the summary); 1 no
timetable exists or none was found in time; 2 bad input or command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

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
    TermEndOpt,
    TermStartOpt,
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
    from scheduler.solving import SolverSettings
    from scheduler.travel.result import Slot, TravelResult

METHODS = ("cpsat", "greedy")
UNPLACED_SHOWN = 50


@app.command()
@guarded
def travel(
    instance: InstanceArg,
    out: OutOpt,
    time_limit: TimeLimitOpt = 60.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
    param: ParamOpt = None,
    policy: PolicyOpt = None,
    method: Annotated[str, typer.Option(help="cpsat (optimise) or greedy (one site a day, "
                                             "as drawn by hand).")] = "cpsat",
    partial: Annotated[bool, typer.Option("--partial", help="Place what can be placed and "
                                                            "list the rest.")] = False,
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    term_start: TermStartOpt = None,
    term_end: TermEndOpt = None,
    force: ForceOpt = False,
    compare: Annotated[bool, typer.Option("--compare/--no-compare",
                                          help="Also run the greedy baseline for the km "
                                               "comparison.")] = True,
    previous_dir: Annotated[Path | None, typer.Option(
        "--baseline", help="A written travel plan (or a plan folder with travel/): re-plan "
                           "it with as few slot changes as possible.")] = None,
) -> None:
    """Plan the week of traveling teachers (走教) and write timetables, routes, pages, calendars."""
    from scheduler.data import load_instance
    from scheduler.i18n import catalog, resolve
    from scheduler.report.files import write_travel_plan
    from scheduler.report.pages import environment
    from scheduler.term import school_term

    if method not in METHODS:
        raise UsageError(Note.of("usage.one_of", option="--method", choices=Items.of(METHODS),
                                 value=method))
    if previous_dir is not None and method != "cpsat":
        raise UsageError(Note.of("usage.baseline_solver", method="cpsat"))
    lang = resolve(lang)
    environment(templates)  # a bad --templates folder is refused before solving
    settings = solver_settings(time_limit, workers, seed, param)
    start = parse_date("--term-start", term_start)
    end = parse_date("--term-end", term_end)
    check_out_dir(out, force)
    inst = load_instance(instance, policy)
    previous = None
    if previous_dir is not None:
        from scheduler.travel.previous import read_previous

        previous = read_previous(previous_dir)
    term = school_term(inst, start, end)
    if term.end < term.start:
        raise UsageError(Note.of("usage.term_order", end=term.end, start=term.start))

    result = solve_with_progress(inst, settings, method, partial, lang, previous)
    baseline, baseline_note = (result, None) if method == "greedy" else (None, None)
    if compare and method != "greedy":
        got = greedy_baseline(inst, settings, partial)
        baseline, baseline_note = (None, got) if isinstance(got, Note) else (got, None)
    facts = write_travel_plan(inst, result, out, force=force, baseline=baseline,
                              settings=settings, partial=partial, lang=lang, term=term,
                              templates=templates)
    console.print(summary_table(facts, baseline_note, lang))
    if result.previous is not None:
        changed = facts["changed_from_baseline"]
        console.print(catalog(lang).t("travel.changes_note", slots=changed["slots"],
                                      added=changed["added"],
                                      penalty=f"{inst.policy.rotation.change_penalty:g}"),
                      markup=False, highlight=False, soft_wrap=True)
    console.print(catalog(lang).t(
        "terminal.term", start=term.start, end=term.end, days=len(term.days),
        off=len(term.days_off), makeup=sum(d.makeup for d in term.days), source=term.source),
        highlight=False, soft_wrap=True)
    console.print(catalog(lang).t("terminal.wrote", out=out, files=(
        "travel_timetable.csv, travel_routes.csv, travel_summary.json, travel_costs.csv, "
        "travel_coverage.csv, travel.xlsx, timetables/, calendars/, maps/"
        + (", travel_changes.csv" if result.previous is not None else ""))),
        markup=False, highlight=False, soft_wrap=True)
    if result.unplaced:
        print_unplaced(result.unplaced, lang)
    self_check(inst, out, result, lang)


def solve_with_progress(inst: Instance, settings: SolverSettings, method: str, partial: bool,
                        lang: str = "zh", previous: list[Slot] | None = None) -> TravelResult:
    """Solve with the live display (a minimal-change re-plan of `previous` where given); an
    interrupt that escapes the solver means no plan."""
    from scheduler.i18n import catalog
    from scheduler.report.travel_terminal import TravelProgress
    from scheduler.travel.previous import replan
    from scheduler.travel.solve import solve_travel

    label = f"{catalog(lang).t('terminal.travel_label')} {method}"
    progress = TravelProgress(console, label=label, time_limit=settings.time_limit, lang=lang)
    try:
        with progress.shown():
            if previous is not None:
                return replan(inst, previous, settings, partial=partial)
            return solve_travel(inst, settings, method=method, partial=partial,
                                on_progress=progress)
    except KeyboardInterrupt:
        raise NoPlanError(say("interrupted"), [say("interrupted_hint")]) from None


def greedy_baseline(inst: Instance, settings: SolverSettings, partial: bool
                    ) -> TravelResult | Note:
    """The hand-drawn (greedy) timetable for the km comparison, or why there is none."""
    from scheduler.travel.solve import solve_travel

    try:
        return solve_travel(inst, settings, method="greedy", partial=partial)
    except NoPlanError as exc:
        return say("no_greedy", headline=exc.headline)
    except KeyboardInterrupt:
        return say("greedy_interrupted")


def summary_table(facts: dict[str, Any], baseline_note: str | Note | None = None,
                  lang: str = "zh") -> Table:
    """Status, objective, bound, gap, km against the greedy timetable, lessons, allowance,
    time, in the reader's language."""
    from scheduler.i18n import catalog

    T = catalog(lang)
    table = Table(title=T.t("terminal.travel_title"), title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column()
    status = facts["status"]
    colour = "green" if status == "OPTIMAL" else "yellow"
    stopped = facts["stats"].get("stopped_by")
    table.add_row(T.t("summary.status"), f"[{colour}]{T.code('status', status)}[/{colour}]"
                  + (f"（{T.code('stopped', stopped)}）" if stopped else ""))
    table.add_row(T.t("terminal.objective"), _g(facts["objective"]))
    table.add_row(T.t("terminal.bound"), _g(facts["best_bound"]))
    table.add_row(T.t("summary.gap"), "–" if facts["gap"] is None else f"{facts['gap']:.2%}")
    if facts.get("decomposition_exact") is False and facts.get("parts_bound") is not None:
        table.add_row(T.t("terminal.parts_bound"), T.t(
            "terminal.parts_bound_value", bound=_g(facts["parts_bound"]),
            gap=f"{facts['parts_gap']:.2%}"))
    table.add_row(T.t("summary.total_km"), T.t("terminal.route_km", km=f"{facts['total_km']:.1f}",
                                               days=facts["route_days"]))
    if facts.get("baseline_km") is not None and facts["baseline_method"] != facts["method"]:
        text = T.t("terminal.greedy_km", km=f"{facts['baseline_km']:.1f}")
        share, placed = facts["km_saving_share"], facts["baseline_lessons_placed"]
        if placed < facts["lessons_placed"]:
            text += T.t("terminal.placing_only", placed=placed)
        elif share is not None:
            text += (T.t("terminal.saved", share=f"{share:.1%}") if share >= 0
                     else T.t("terminal.more", share=f"{-share:.1%}"))
        table.add_row(T.t("summary.baseline_km"), text)
    elif baseline_note:
        table.add_row(T.t("summary.baseline_km"), T.say(baseline_note))
    placed_colour = "green" if facts["lessons_placed"] == facts["lessons"] else "red"
    table.add_row(T.t("summary.lessons_placed"), T.t(
        "terminal.lessons", placed=f"[{placed_colour}]{facts['lessons_placed']}[/{placed_colour}]",
        lessons=facts["lessons"], periods_placed=facts["periods_placed"],
        periods=facts["periods"]))
    table.add_row(T.t("summary.teachers_used"), str(facts["teachers_used"]))
    if facts.get("term_allowance") is not None:
        table.add_row(T.t("summary.term_allowance"),
                      T.t("terminal.allowance", yuan=f"{facts['term_allowance']:,.2f}"))
    st = facts["stats"]
    table.add_row(T.t("summary.solve_seconds"), T.t(
        "terminal.time", solve=f"{st['solve_seconds']:.2f}", build=f"{st['build_seconds']:.2f}",
        method=T.code("method", st["method"]), workers=st["workers"], seed=st["seed"]))
    return table


def print_unplaced(unplaced: list[tuple[str, str, str, str | Note]], lang: str = "zh") -> None:
    """The lessons a --partial plan left out, and why (ids only), in the reader's language."""
    from scheduler.i18n import catalog

    T = catalog(lang)
    err_console.print(f"[yellow]{T.note(say('unplaced_head', n=len(unplaced)))}[/yellow]")
    for site, cls, subject, why in unplaced[:UNPLACED_SHOWN]:
        err_console.print("  - " + T.note(say("unplaced_line", site=site, class_key=cls,
                                              subject=subject, why=why)),
                          markup=False, highlight=False)
    if len(unplaced) > UNPLACED_SHOWN:
        err_console.print("  " + T.note(say("unplaced_more", n=len(unplaced) - UNPLACED_SHOWN)))


def say(key: str, **fields: Any) -> Note:
    """A sentence of the catalogs' `[explain.travel]` table (see scheduler/travel/explain.py)."""
    return Note.of("explain.travel." + key, **fields)


def self_check(inst: Instance, out: Path, result: TravelResult, lang: str = "zh") -> None:
    """Re-read the written plan with the independent checker; a broken rule is a bug."""
    from scheduler.check.travel import check_travel
    from scheduler.i18n import catalog

    T = catalog(lang)
    report = check_travel(inst, out, unplaced=[u[:3] for u in result.unplaced])
    confirm_check(report, out, f"[green]{T.t('terminal.check_travel')}[/green]"
                  + (T.t("terminal.check_partial") if result.unplaced else ""))


def _g(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.10g}"
    return str(x)

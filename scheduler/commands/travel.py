"""`rotaplan travel INSTANCE --out DIR`: traveling-teacher timetables, routes and what schools get.

The output folder is refused before any solving if it holds files and --force is not
given. The chosen method solves with a live display; unless --no-compare, the greedy
"one site a day" timetable a central school draws by hand is solved too, for the km
comparison. Everything is written at once (contract §2 plus workbook, pages, calendars,
maps) and re-read by the independent checker before the command reports success.

Exit codes: 0 a plan was written (with --partial also when some lessons could not be
placed: they are listed on screen, in travel_unplaced.csv and in the summary); 1 no
timetable exists or none was found in time; 2 bad input or command line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from scheduler.cli import InstanceArg, PolicyOpt, app, console, err_console, guarded
from scheduler.commands.common import (
    ForceOpt,
    OutOpt,
    ParamOpt,
    SeedOpt,
    TimeLimitOpt,
    WorkersOpt,
    confirm_check,
    solver_settings,
)
from scheduler.errors import NoPlanError, UsageError

if TYPE_CHECKING:
    from scheduler.data.instance import Instance
    from scheduler.solving import SolverSettings
    from scheduler.travel.result import TravelResult

METHODS = ("cpsat", "greedy")
LANGS = ("zh", "en")
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
    lang: Annotated[str, typer.Option(help="Language of pages, grids and calendars: zh or "
                                           "en.")] = "zh",
    term_start: Annotated[str | None, typer.Option(
        "--term-start", help="First day of term, YYYY-MM-DD; default: travel.term_start, "
                             "else the first Monday of September of policy.year.")] = None,
    term_end: Annotated[str | None, typer.Option(
        "--term-end", help="Last day of term, YYYY-MM-DD; default: travel.term_end, else "
                           "the Friday before the Spring Festival holiday.")] = None,
    force: ForceOpt = False,
    compare: Annotated[bool, typer.Option("--compare/--no-compare",
                                          help="Also run the greedy baseline for the km "
                                               "comparison.")] = True,
) -> None:
    """Plan the week of traveling teachers (走教) and write timetables, routes, pages, calendars."""
    from scheduler.data import load_instance
    from scheduler.io.output import check_out_dir
    from scheduler.term import school_term
    from scheduler.travel.outputs import write_travel_plan

    if method not in METHODS:
        raise UsageError(f"--method must be one of {', '.join(METHODS)}, got {method!r}")
    if lang not in LANGS:
        raise UsageError(f"--lang must be zh or en, got {lang!r}")
    settings = solver_settings(time_limit, workers, seed, param)
    start = parse_date("--term-start", term_start)
    end = parse_date("--term-end", term_end)
    check_out_dir(out, force)
    inst = load_instance(instance, policy)
    term = school_term(inst, start, end)
    if term.end < term.start:
        raise UsageError(f"the term ends ({term.end}) before it starts ({term.start})")

    result = solve_with_progress(inst, settings, method, partial)
    baseline, baseline_note = (result, None) if method == "greedy" else (None, None)
    if compare and method != "greedy":
        got = greedy_baseline(inst, settings, partial)
        baseline, baseline_note = (None, got) if isinstance(got, str) else (got, None)
    facts = write_travel_plan(inst, result, out, force=force, baseline=baseline,
                              settings=settings, partial=partial, lang=lang, term=term)
    console.print(summary_table(facts, baseline_note))
    console.print(f"term {term.start} – {term.end}: {len(term.days)} school days "
                  f"({len(term.days_off)} weekdays off, "
                  f"{sum(d.makeup for d in term.days)} make-up days; {term.source})",
                  highlight=False)
    console.print(f"wrote {out}/ (travel_timetable.csv, travel_routes.csv, "
                  "travel_summary.json, travel_costs.csv, travel_coverage.csv, travel.xlsx, "
                  "timetables/, "
                  "calendars/, maps/)", markup=False, highlight=False)
    if result.unplaced:
        print_unplaced(result.unplaced)
    self_check(inst, out, result)


def parse_date(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} must be a date YYYY-MM-DD, got {text!r}") from None


def solve_with_progress(inst: Instance, settings: SolverSettings, method: str, partial: bool
                        ) -> TravelResult:
    """Solve with the live display; an interrupt that escapes the solver means no plan."""
    from scheduler.report.travel_terminal import TravelProgress
    from scheduler.travel.solve import solve_travel

    progress = TravelProgress(console, label=f"走教 travel {method}",
                              time_limit=settings.time_limit)
    try:
        with progress.shown():
            return solve_travel(inst, settings, method=method, partial=partial,
                                on_progress=progress)
    except KeyboardInterrupt:
        raise NoPlanError("interrupted before any timetable was found; nothing was written",
                          ["run again with a longer --time-limit, or let it run"]) from None


def greedy_baseline(inst: Instance, settings: SolverSettings, partial: bool
                    ) -> TravelResult | str:
    """The hand-drawn (greedy) timetable for the km comparison, or why there is none."""
    from scheduler.travel.solve import solve_travel

    try:
        return solve_travel(inst, settings, method="greedy", partial=partial)
    except NoPlanError as exc:
        return f"no greedy timetable: {exc.headline}"
    except KeyboardInterrupt:
        return "the greedy baseline was interrupted"


def summary_table(facts: dict[str, Any], baseline_note: str | None = None) -> Table:
    """Status, objective, bound, gap, km against the greedy timetable, lessons, time."""
    table = Table(title="走教课表 Traveling-teacher timetable", title_justify="left",
                  show_header=False)
    table.add_column(style="bold")
    table.add_column()
    status = facts["status"]
    colour = "green" if status == "OPTIMAL" else "yellow"
    stopped = facts["stats"].get("stopped_by")
    table.add_row("status", f"[{colour}]{status}[/{colour}]"
                            + (f" (stopped by {stopped})" if stopped else ""))
    table.add_row("objective", _g(facts["objective"]))
    table.add_row("best bound", _g(facts["best_bound"]))
    table.add_row("gap", "–" if facts["gap"] is None else f"{facts['gap']:.2%}")
    table.add_row("route km", f"{facts['total_km']:.1f} km a week on {facts['route_days']} "
                              "teacher-day(s)")
    if facts.get("baseline_km") is not None and facts["baseline_method"] != facts["method"]:
        text = f"{facts['baseline_km']:.1f} km by hand"
        share, placed = facts["km_saving_share"], facts["baseline_lessons_placed"]
        if placed < facts["lessons_placed"]:
            text += f", placing only {placed} lesson(s)"
        elif share is not None:
            text += f" ({share:.1%} saved)" if share >= 0 else f" ({-share:.1%} more here)"
        table.add_row("greedy km", text)
    elif baseline_note:
        table.add_row("greedy km", baseline_note)
    placed_colour = "green" if facts["lessons_placed"] == facts["lessons"] else "red"
    table.add_row("lessons placed",
                  f"[{placed_colour}]{facts['lessons_placed']}[/{placed_colour}] of "
                  f"{facts['lessons']} ({facts['periods_placed']} of {facts['periods']} "
                  f"periods)")
    table.add_row("teachers used", str(facts["teachers_used"]))
    st = facts["stats"]
    table.add_row("time", f"{st['solve_seconds']:.2f} s solve, {st['build_seconds']:.2f} s "
                          f"build ({st['method']}, {st['workers']} worker(s), seed {st['seed']})")
    return table


def print_unplaced(unplaced: list[tuple[str, str, str, str]]) -> None:
    """The lessons a --partial plan left out, and why (ids only)."""
    err_console.print(f"[yellow]{len(unplaced)} lesson(s) could not be placed[/yellow] "
                      "(also in travel_unplaced.csv):")
    for site, cls, subject, why in unplaced[:UNPLACED_SHOWN]:
        err_console.print(f"  - site {site} class {cls} {subject}: {why}", markup=False,
                          highlight=False)
    if len(unplaced) > UNPLACED_SHOWN:
        err_console.print(f"  ... and {len(unplaced) - UNPLACED_SHOWN} more")


def self_check(inst: Instance, out: Path, result: TravelResult) -> None:
    """Re-read the written plan with the independent checker; a broken rule is a bug."""
    from scheduler.check.travel import check_travel

    report = check_travel(inst, out, unplaced=[u[:3] for u in result.unplaced])
    confirm_check(report, out, "[green]independent check: T1–T9 hold[/green]"
                  + (" (for the lessons placed)" if result.unplaced else ""))


def _g(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.10g}"
    return str(x)

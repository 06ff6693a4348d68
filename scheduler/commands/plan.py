"""`rotaplan plan INSTANCE --out DIR`: the rotation and the traveling-teacher timetable as
one plan (data contract §5, `scheduler.coplan`).

The rotation counts what traveling teachers cover (lessons.csv, all placed by the
timetable) as teachers at those sites, so it sends no full-time teacher where 走教
already serves, and counts the traveling PE and arts teachers in the 优质均衡 indicators
of the small rural schools they serve (`rules.travel_counts_at`); the timetable is then
built on the county after the moves. DIR/rotation
and DIR/travel hold what `rotate` and `travel` write, DIR/index.html links them; the
folder is written all at once, and `rotaplan check` re-checks the pair.
"""

from __future__ import annotations

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
    TermEndOpt,
    TermStartOpt,
    TimeLimitOpt,
    WorkersOpt,
    check_out_dir,
    confirm_check,
    parse_date,
    solver_settings,
)
from scheduler.errors import UsageError
from scheduler.i18n import Note

if TYPE_CHECKING:
    from scheduler.data.instance import Instance
    from scheduler.rotation.result import RotationResult
    from scheduler.solving import SolverSettings
    from scheduler.travel.result import TravelResult


@app.command()
@guarded
def plan(
    instance: InstanceArg,
    out: OutOpt,
    time_limit: TimeLimitOpt = 120.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
    param: ParamOpt = None,
    policy: PolicyOpt = None,
    lock: LockOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
    term_start: TermStartOpt = None,
    term_end: TermEndOpt = None,
    published: PublishedOpt = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="A plan folder written before (rotation/ and travel/): re-plan "
                           "both with as few changes as possible.")] = None,
) -> None:
    """Plan the rotation (交流轮岗) and the traveling teachers (走教) together; with
    --baseline, a minimal-change re-plan of both halves of an earlier plan."""
    from scheduler.commands import rotate as rotate_command
    from scheduler.commands import travel as travel_command
    from scheduler.data import load_instance
    from scheduler.i18n import catalog, resolve
    from scheduler.io.output import atomic_dir
    from scheduler.joint import joint_outputs, solve_joint
    from scheduler.report.files import write_outputs, write_travel_plan
    from scheduler.report.pages import environment
    from scheduler.report.plan_html import render_plan_index
    from scheduler.report.rotation_terminal import summary_table
    from scheduler.rotation.changes import read_previous
    from scheduler.term import school_term
    from scheduler.travel.previous import read_previous as read_timetable

    settings = solver_settings(time_limit, workers, seed, param)
    lang = resolve(lang)
    T = catalog(lang)
    environment(templates)  # a bad --templates folder is refused before solving
    start, end = parse_date("--term-start", term_start), parse_date("--term-end", term_end)
    published_on = parse_date("--published", published)
    check_out_dir(out, force)
    moves = read_previous(baseline) if baseline is not None else None
    slots = read_timetable(baseline) if baseline is not None else None
    inst = load_instance(instance, policy, lock)
    term = school_term(inst, start, end)
    if term.end < term.start:
        raise UsageError(Note.of("usage.term_order", end=term.end, start=term.start))

    def rotate(county: Instance, first: SolverSettings) -> RotationResult:
        return rotate_command.solve_with_progress(county, first, "cpsat", lang, moves)

    def travel(county: Instance, rest: SolverSettings) -> TravelResult:
        return travel_command.solve_with_progress(county, rest, "cpsat", False, lang, slots)

    pair = solve_joint(inst, settings, rotate, travel)
    outputs = joint_outputs(pair, rotate_command.greedy_baseline(pair.counted,
                                                                 pair.rotation_settings), moves)
    with atomic_dir(out, force) as tmp:
        write_outputs(outputs, tmp / "rotation", lang=lang, templates=templates,
                      published=published_on)
        facts = write_travel_plan(pair.after, pair.timetable, tmp / "travel",
                                  settings=pair.travel_settings, lang=lang, term=term,
                                  templates=templates)
        (tmp / "index.html").write_text(
            render_plan_index(inst, outputs, facts, pair.cover, lang, templates), encoding="utf-8")
    console.print(summary_table(outputs, lang))
    console.print(travel_command.summary_table(facts, None, lang))
    console.print(T.t("plan.coverage", needs=len(pair.cover),
                      teachers=f"{sum(pair.cover.values()):.2f}"), markup=False, soft_wrap=True)
    travel = outputs.summary.get("travel_pe_arts")  # as the overview page says it
    if travel:
        console.print(T.t("plan.pe_arts", schools=len(travel),
                          teachers=f"{sum(r['teachers'] for r in travel):.2f}"),
                      markup=False, soft_wrap=True)
    if pair.hubs_dropped:
        console.print(T.t("plan.hubs_dropped", n=pair.hubs_dropped), markup=False,
                      soft_wrap=True)
    if pair.hubs:
        console.print(T.t("plan.hubs", n=len(pair.hubs),
                          rows=sum(len(h.rows) for h in pair.hubs)),
                      markup=False, soft_wrap=True)
    if moves is not None:
        console.print(T.t("plan.changes", moves=outputs.summary["changed_from_baseline"]["changes"],
                          slots=facts["changed_from_baseline"]["slots"]),
                      markup=False, highlight=False, soft_wrap=True)
    console.print(T.t("terminal.wrote", out=out, files="rotation/, travel/, index.html"),
                  markup=False, highlight=False, soft_wrap=True)
    self_check(inst, out, lang)


def self_check(inst: Instance, out: Path, lang: str) -> None:
    """Re-read the pair with the independent checker; a broken rule is a bug."""
    from scheduler.check.run import run_checks
    from scheduler.i18n import catalog

    for report in run_checks(inst, out).reports:
        if not report.ok:
            confirm_check(report, out, "")  # lists what it breaks and exits 3
    console.print(f"[green]{catalog(lang).t('plan.check')}[/green]")

"""`rotaplan objections INSTANCE --plan DIR --file objections.csv --out NEW_DIR`: grant what
can be granted of the objections to a provisional plan, and re-plan with as few changes
as possible.

Each request (stay / to / not_to) is judged in file order (`rotation/objections.py`);
the granted ones become locks of a minimal-change re-plan of DIR's plan, written to
NEW_DIR as `rotate --baseline` writes it, with objections_result.csv (every request,
granted or not, and why not) and a section of report.html. A bad objections file is
refused (exit 2, file, row and column named) before anything is solved or written.
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
    SeedOpt,
    TimeLimitOpt,
    WorkersOpt,
    check_out_dir,
    solver_settings,
)

if TYPE_CHECKING:
    from scheduler.i18n import Catalog
    from scheduler.rotation.objections import Verdict


@app.command()
@guarded
def objections(
    instance: InstanceArg,
    plan: Annotated[Path, typer.Option("--plan", help="The provisional plan's folder (a "
                                                      "rotate folder, or a plan folder).")],
    file: Annotated[Path, typer.Option("--file", help="objections.csv: teacher_id, request "
                                                      "(stay/to/not_to), school_id, reason.")],
    out: OutOpt,
    time_limit: TimeLimitOpt = 60.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
    param: ParamOpt = None,
    policy: PolicyOpt = None,
    lock: LockOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    templates: TemplatesOpt = None,
) -> None:
    """Judge objections (异议) to a plan and re-plan with the granted ones, changing little."""
    from scheduler.commands.rotate import self_check, solve_with_progress
    from scheduler.data import load_instance
    from scheduler.data.load import load_objections
    from scheduler.i18n import catalog, resolve
    from scheduler.report.files import write_outputs
    from scheduler.report.pages import environment
    from scheduler.report.rotation_terminal import summary_table
    from scheduler.rotation.changes import read_previous
    from scheduler.rotation.objections import (
        RESULT_CSV,
        as_lock,
        judge,
        result_frame,
        with_locks,
    )
    from scheduler.rotation.outputs import build_outputs

    settings = solver_settings(time_limit, workers, seed, param)
    lang = resolve(lang)
    T = catalog(lang)
    environment(templates)
    check_out_dir(out, force)
    previous = read_previous(plan)
    inst = load_instance(instance, policy, lock)
    rows = load_objections(file, inst)

    verdicts = judge(inst, rows, settings.workers, settings.seed)
    granted = [as_lock(v.objection) for v in verdicts if v.granted]
    locked = with_locks(inst, granted)
    result = solve_with_progress(locked, settings, "cpsat", lang, previous)
    outputs = build_outputs(locked, result, None, previous=previous)
    outputs.objections = result_frame(verdicts, [why_text(T, v) for v in verdicts])
    outputs.summary["objections"] = {"received": len(verdicts), "granted": len(granted),
                                     "file": str(file)}
    write_outputs(outputs, out, force=force, lang=lang, templates=templates)
    console.print(summary_table(outputs, lang))
    console.print(T.t("objections.terminal", n=len(verdicts), granted=len(granted),
                      file=RESULT_CSV), markup=False, highlight=False, soft_wrap=True)
    console.print(T.t("replan.terminal", n=outputs.summary["changed_from_baseline"]["changes"],
                      file="rotation_changes.csv"), markup=False, highlight=False,
                  soft_wrap=True)
    self_check(locked, out, lang)


def why_text(T: Catalog, verdict: Verdict) -> str:
    """Why a request was not granted, in the reader's language ("" when it was)."""
    from scheduler.rotation.objections import UNDECIDED

    if verdict.granted:
        return ""
    reasons = T.t("lists.semi").join(T.t("objections.undecided") if r == UNDECIDED
                                     else T.say(r) for r in verdict.reasons)
    if verdict.alone:
        return T.t("objections.alone") + reasons
    rows = ", ".join(str(r) for r in verdict.conflicts)
    return T.t("objections.conflict", rows=rows) + reasons

"""`rotaplan explain INSTANCE --plan DIR --teacher ID`: why one teacher moves or stays in a
written rotation plan, why this school and not the first wish, and what would have
changed the answer (a counterfactual solve; `scheduler.rotation.why`).

DIR is a `rotate` output folder, or a `plan` folder (its rotation/ is explained on the
county `plan` solved: needs lowered by the traveling teachers' coverage, traveling
teachers kept at home). The written plan must pass the independent check on this
instance (the same teachers, schools and policy), else the command exits 2: an
explanation of a plan made for another county would be wrong in every sentence.
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
    app,
    console,
    err_console,
    guarded,
)
from scheduler.commands.common import ParamOpt, SeedOpt, TimeLimitOpt, WorkersOpt, solver_settings
from scheduler.errors import UsageError
from scheduler.i18n import Items, Note

if TYPE_CHECKING:
    from scheduler.data.instance import Instance

PLAN_CSV, SUMMARY_JSON, ROTATION = "rotation_plan.csv", "rotation_summary.json", "rotation"
FORMATS = (".md", ".html", ".htm")
FINDINGS_SHOWN = 3


@app.command()
@guarded
def explain(
    instance: InstanceArg,
    plan: Annotated[Path, typer.Option("--plan", help="A rotate output folder, or a plan "
                                                      "folder (with rotation/).")],
    teacher: Annotated[str, typer.Option("--teacher", help="The teacher_id to explain.")],
    time_limit: TimeLimitOpt = 60.0,
    workers: WorkersOpt = 2,
    seed: SeedOpt = 0,
    param: ParamOpt = None,
    policy: PolicyOpt = None,
    lock: LockOpt = None,
    lang: LangOpt = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Also write the explanation to this .md or .html file.")] = None,
) -> None:
    """Explain why a teacher moves or stays, and what would have changed it."""
    from scheduler.data import load_instance
    from scheduler.i18n import catalog, resolve
    from scheduler.rotation.why import explain_teacher, markdown, page, render

    settings = solver_settings(time_limit, workers, seed, param)
    lang = resolve(lang)
    if out is not None and (out.suffix.lower() not in FORMATS or out.is_dir()
                            or not out.parent.is_dir()):
        raise UsageError(Note.of("usage.explain_out", out=out))
    folder, joint = plan_folder(plan)
    inst = load_instance(instance, policy, lock)
    if teacher not in inst.teacher:
        raise UsageError(Note.of("usage.explain_teacher", teacher=teacher, instance=instance))
    county_locks = frozenset((lk.teacher_id, str(lk.action), lk.school_id) for lk in inst.locks)
    explained = written_on(inst, folder, joint)
    moves, reasons, serves, status = read_written(explained, folder)
    err_console.print(catalog(lang).t("why.solving", seconds=f"{time_limit:g}"),
                      markup=False, highlight=False)
    ex = explain_teacher(explained, moves, teacher, settings, reasons=reasons, serves=serves,
                         plan_status=status, county_locks=county_locks)
    blocks = render(ex, catalog(lang))
    text = markdown(blocks)
    console.print(text, markup=False, highlight=False, soft_wrap=True)
    if out is not None:
        content = text if out.suffix.lower() == ".md" else page(blocks, catalog(lang))
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(out)


def plan_folder(plan: Path) -> tuple[Path, bool]:
    """The folder holding rotation_plan.csv, and whether it is a joint plan's rotation/."""
    if (plan / PLAN_CSV).is_file():
        return plan, False
    if (plan / ROTATION / PLAN_CSV).is_file():
        return plan / ROTATION, True
    raise UsageError(Note.of("usage.explain_no_plan", plan=plan, file=PLAN_CSV, inner=ROTATION))


def written_on(inst: Instance, folder: Path, joint: bool) -> Instance:
    """The county the written plan was solved on, once the independent check confirms the
    plan belongs to it (UsageError naming what differs)."""
    from scheduler.check.rotation import check_rotation
    from scheduler.coplan import counting, hubs_stay, lesson_coverage

    solved = counting(inst, lesson_coverage(inst)) if joint else inst
    report = check_rotation(solved, folder)
    if not report.ok:
        findings = Items.of((f"{f.rule}: {f.message}" for f in report.findings), "semi",
                            shown=FINDINGS_SHOWN)
        raise UsageError(Note.of("usage.plan_mismatch", folder=folder, findings=findings))
    return hubs_stay(solved) if joint else solved


def read_written(inst: Instance, folder: Path
                 ) -> tuple[dict[str, str], dict[str, str], dict[str, str], str | None]:
    """The written moves, each mover's `reasons` and `serves` cells, and the plan's status."""
    from scheduler.check.base import read_summary, unguard
    from scheduler.check.rotation import parse_moves, read_plan

    rows, _ = read_plan(folder / PLAN_CSV)
    plan = parse_moves(inst, rows or [], [])
    cells = {unguard(r["teacher_id"]): r.cells for r in rows or []}
    reasons = {tid: unguard(cells[tid].get("reasons", "")) for tid in plan.moves}
    serves = {tid: unguard(cells[tid].get("serves", "")) for tid in plan.moves}
    summary, _ = read_summary(folder / SUMMARY_JSON, ())
    status = summary.get("status") if summary else None
    return plan.moves, reasons, serves, status if isinstance(status, str) else None

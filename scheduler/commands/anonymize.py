"""`rotaplan anonymize`: a copy of a county that researchers can share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from scheduler.app import InstanceArg, LangOpt, PolicyOpt, app, console, guarded


@app.command()
@guarded
def anonymize(
    instance: InstanceArg,
    out: Annotated[Path, typer.Option(help="Folder for the anonymized copy.")],
    seed: Annotated[int, typer.Option(help="Seed of the id order, row order and coordinate "
                                           "jitter.")] = 0,
    jitter_km: Annotated[float, typer.Option(help="Largest coordinate shift, km.")] = 1.0,
    coarsen: Annotated[bool, typer.Option(
        "--coarsen", help="Birth year and years (at the school, rural, in post) to the middle "
                          "of five-year bands, keeping every rule's result.")] = False,
    policy: PolicyOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files in --out.")] = False,
    lang: LangOpt = None,
) -> None:
    """Replace ids in random order, drop names, jitter coordinates, shuffle rows; keep the
    road distances; report how many teachers the remaining columns single out."""
    from scheduler.anonymize import K, anonymize_to
    from scheduler.commands.common import check_out_dir
    from scheduler.data import load_instance
    from scheduler.i18n import catalog, resolve

    T = catalog(resolve(lang))
    check_out_dir(out, force)
    inst = load_instance(instance, policy)
    report = anonymize_to(inst, out, seed=seed, jitter_km=jitter_km, force=force,
                          coarsen=coarsen)
    quiet = {"markup": False, "highlight": False, "soft_wrap": True}
    console.print(T.t("anonymize.wrote", out=out, schools=len(inst.schools),
                      teachers=report.teachers), **quiet)
    table = Table(title=T.t("anonymize.title", k=K, teachers=report.teachers),
                  title_justify="left")
    table.add_column(T.t("anonymize.columns"))
    table.add_column(T.t("anonymize.before"), justify="right")
    table.add_column(T.t("anonymize.after"), justify="right")
    for columns, before, after in report.singled_out:
        table.add_row(T.t("anonymize.sep").join(T.t(f"anonymize.{c}") for c in columns),
                      str(before), str(after))
    console.print(table)
    if coarsen:
        console.print(T.t("anonymize.rules", n=report.rules_changed), **quiet)
    else:
        console.print(T.t("anonymize.hint"), **quiet)

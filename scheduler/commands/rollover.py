"""`rotaplan rollover INSTANCE --plan DIR --out NEXT`: next year's instance (contract §5).

DIR is a `rotate` folder or a `plan` folder (its rotation/). NEXT is a CSV folder, or one
.xlsx workbook where NEXT ends in .xlsx; it is written all at once, loaded back before it
replaces anything, and refused without --force where it exists. A plan that does not fit
the instance exits 2 with nothing written. What rolls and what is dropped:
`scheduler.rollover`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.app import InstanceArg, LangOpt, PolicyOpt, app, console, guarded
from scheduler.commands.common import ForceOpt, check_out_dir


@app.command()
@guarded
def rollover(
    instance: InstanceArg,
    plan: Annotated[Path, typer.Option("--plan", help="The folder the year's rotation plan "
                                                     "was written to (rotate or plan).")],
    out: Annotated[Path, typer.Option("--out", help="Next year's instance: a folder, or an "
                                                    ".xlsx workbook where it ends in .xlsx.")],
    policy: PolicyOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
) -> None:
    """Next year's instance: movers at their new schools, exchanges ending come home."""
    from scheduler.data import load_instance
    from scheduler.i18n import catalog, resolve
    from scheduler.rollover import header_lang, read_moves, roll_over, write_next

    T = catalog(resolve(lang))
    if out.suffix.lower() != ".xlsx":
        check_out_dir(out, force)
    inst = load_instance(instance, policy)
    moves = read_moves(inst, plan)
    result = roll_over(inst, moves)
    write_next(result, out, force=force, lang=header_lang(inst))
    s = result.summary()
    console.print(T.t("rollover.done", year=T.school_year(s["year"]), out=out), markup=False,
                  highlight=False, soft_wrap=True)
    console.print(T.t("rollover.figures", movers=s["movers"], leaders=s["leaders_moved"],
                      home=s["came_home"], stayed=s["stayed_on"], retired=s["retired"],
                      rural=s["rural_years_added"]), markup=False, highlight=False,
                  soft_wrap=True)
    d = s["dropped"]
    console.print(T.t("rollover.dropped", locks=d["locks"], preferences=d["preferences"],
                      calendar=d["calendar"], pins=d["lesson_pins"], busy=d["busy"]),
                  markup=False, highlight=False, soft_wrap=True)

"""`rotaplan anonymize`: a copy of a county that researchers can share."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli import InstanceArg, PolicyOpt, app, console, guarded


@app.command()
@guarded
def anonymize(
    instance: InstanceArg,
    out: Annotated[Path, typer.Option(help="Folder for the anonymized copy.")],
    seed: Annotated[int, typer.Option(help="Seed of the coordinate jitter.")] = 0,
    jitter_km: Annotated[float, typer.Option(help="Largest coordinate shift, km.")] = 1.0,
    policy: PolicyOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace files in --out.")] = False,
) -> None:
    """Replace ids consistently, drop names, jitter coordinates; keep the road distances."""
    from scheduler.anonymize import anonymize_to
    from scheduler.data import load_instance
    from scheduler.io.output import check_out_dir

    check_out_dir(out, force)
    inst = load_instance(instance, policy)
    anonymize_to(inst, out, seed=seed, jitter_km=jitter_km, force=force)
    console.print(f"wrote {out} ({len(inst.schools)} schools, {len(inst.teachers)} teachers)")

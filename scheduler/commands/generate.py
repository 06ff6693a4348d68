"""`rotaplan generate`: a synthetic county that looks like a real one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.app import app, console, guarded
from scheduler.errors import UsageError
from scheduler.i18n import Items, Note


@app.command()
@guarded
def generate(
    size: Annotated[str, typer.Option(help="s, m, l or xl (a province slice of counties).")],
    out: Annotated[Path, typer.Option(help="Folder to write the county into.")],
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files.")] = 0,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write one .xlsx workbook.")] = False,
    lang: Annotated[str, typer.Option(help="Header language: en or zh.")] = "en",
    force: Annotated[bool, typer.Option("--force", help="Replace files in --out.")] = False,
) -> None:
    """Write a synthetic county that looks like a real one."""
    from scheduler.commands.common import check_out_dir
    from scheduler.generate import SIZES, generate_to

    if size not in SIZES:
        raise UsageError(Note.of("usage.one_of", option="--size", choices=Items.of(SIZES),
                                 value=size))
    if lang not in ("en", "zh"):
        raise UsageError(Note.of("usage.either", option="--lang", first="en", second="zh",
                                 value=lang))
    check_out_dir(out, force)
    written = generate_to(out, size=size, seed=seed, xlsx=xlsx, lang=lang, force=force)
    console.print(f"wrote {written}")

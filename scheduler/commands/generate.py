"""`rotaplan generate`: a synthetic county that looks like a real one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.app import app, console, guarded
from scheduler.errors import UsageError


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
    from scheduler.generate import SIZES, generate_to

    if size not in SIZES:
        raise UsageError(f"--size must be one of {', '.join(SIZES)}, got {size!r}")
    if lang not in ("en", "zh"):
        raise UsageError(f"--lang must be en or zh, got {lang!r}")
    written = generate_to(out, size=size, seed=seed, xlsx=xlsx, lang=lang, force=force)
    console.print(f"wrote {written}")

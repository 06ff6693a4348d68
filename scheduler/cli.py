"""The `rotaplan` command line.

Exit codes (data contract §2): 0 a plan was written; 1 no plan exists or none was found
in time; 2 the input or the command line is wrong, and nothing was written. No
traceback reaches a user unless ROTAPLAN_DEBUG=1 is set.
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from scheduler.errors import InputError, NoPlanError, UsageError

app = typer.Typer(
    name="rotaplan",
    help="Teacher rotation (交流轮岗) and traveling-teacher (走教) plans for a county.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)
MAX_PROBLEMS_SHOWN = 100

InstanceArg = Annotated[Path, typer.Argument(help="A folder of CSV files or an .xlsx workbook.")]
PolicyOpt = Annotated[Path | None, typer.Option("--policy", help="A policy.toml whose keys "
                                                "override the instance's policy.")]
LangOpt = Annotated[str | None, typer.Option(
    "--lang", help="Language of pages, workbooks, calendars and the summary: zh or en "
                   "(default: the locale's; zh where it is Chinese or unset).")]
TemplatesOpt = Annotated[Path | None, typer.Option(
    "--templates", help="A folder of page templates (e.g. letterhead.html) used before the "
                        "packaged ones.")]
LockOpt = Annotated[Path | None, typer.Option("--lock", help="A locks.csv (teacher_id, action, "
                                              "school_id) used in place of the instance's.")]


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the project's errors into messages and exit codes."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            print_problems(exc)
            raise typer.Exit(exc.exit_code) from None
        except UsageError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(exc.exit_code) from None
        except NoPlanError as exc:
            err_console.print(f"[red]no plan:[/red] {exc.headline}")
            for reason in exc.reasons:
                err_console.print(f"  - {reason}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print("[yellow]interrupted[/yellow]; nothing was written")
            raise typer.Exit(130) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if os.environ.get("ROTAPLAN_DEBUG"):
                raise
            err_console.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc}\n"
                              "Please report it; ROTAPLAN_DEBUG=1 shows the traceback.")
            raise typer.Exit(3) from None

    return wrapper


def print_problems(exc: InputError) -> None:
    """A table on a terminal; one plain `file, row N, column C: message` line otherwise."""
    problems = exc.problems
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    if err_console.is_terminal:
        table = Table(title=f"{len(problems)} problem(s) in the input; nothing was written",
                      title_justify="left")
        for col in ("file", "row", "column", "problem"):
            table.add_column(col, overflow="fold")
        for p in shown:
            table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "", p.message)
        err_console.print(table)
    else:
        print(f"{len(problems)} problem(s) in the input; nothing was written", file=sys.stderr)
        for p in shown:
            print(p, file=sys.stderr)
    if more > 0:
        print(f"... and {more} more", file=sys.stderr)


@app.command()
@guarded
def validate(instance: InstanceArg, policy: PolicyOpt = None) -> None:
    """Load and check an instance; print what the county holds."""
    from scheduler.data import load_instance
    from scheduler.report.overview import print_overview

    start = time.perf_counter()
    inst = load_instance(instance, policy)
    print_overview(inst, console, seconds=time.perf_counter() - start)


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




# Commands in their own modules register themselves on `app` when imported.
from scheduler.commands import register_all  # noqa: E402

register_all()

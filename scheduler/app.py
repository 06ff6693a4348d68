"""The `rotaplan` app: its console, shared options and the error handling every command
wears (`@guarded`); the commands live in scheduler/commands/, one module each.

Exit codes (data contract §2): 0 a plan was written; 1 no plan exists or none was found
in time; 2 the input or the command line is wrong, and nothing was written. No
traceback reaches a user unless ROTAPLAN_DEBUG=1 is set.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from scheduler.errors import InputError, NoPlanError, UsageError

if TYPE_CHECKING:
    from scheduler.i18n import Catalog

app = typer.Typer(
    name="rotaplan",
    help="Teacher rotation (交流轮岗) and traveling-teacher (走教) plans for a county.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # a docstring's wrapped lines are one paragraph
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
    """Turn the project's errors into messages and exit codes, in the command's language."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            print_problems(exc, messages(kwargs.get("lang")))
            raise typer.Exit(exc.exit_code) from None
        except UsageError as exc:
            T = messages(kwargs.get("lang"))
            err_console.print(f"[red]{T.t('input.error')}[/red] {escape(T.say(exc.headline))}",
                              soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except NoPlanError as exc:
            T = messages(kwargs.get("lang"))
            err_console.print(f"[red]{T.t('input.no_plan')}[/red] {escape(T.say(exc.headline))}",
                              soft_wrap=True)
            for reason in exc.reasons:
                err_console.print(f"  - {escape(T.say(reason))}", soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            err_console.print(f"[yellow]{messages(kwargs.get('lang')).t('input.interrupted')}"
                              "[/yellow]")
            raise typer.Exit(130) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if os.environ.get("ROTAPLAN_DEBUG"):
                raise
            T = messages(kwargs.get("lang"))
            err_console.print(f"[red]{T.t('input.internal')}[/red] {type(exc).__name__}: "
                              f"{exc}\n{T.t('input.report')}")
            raise typer.Exit(3) from None

    return wrapper


def messages(lang: Any) -> Catalog:
    """The catalog of the command's --lang, else the locale's (a wrong --lang: the default,
    since the message is then about that very option)."""
    from scheduler.i18n import DEFAULT, catalog, resolve

    try:
        return catalog(resolve(lang if isinstance(lang, str) else None))
    except UsageError:
        return catalog(DEFAULT)


def print_problems(exc: InputError, T: Catalog) -> None:
    """A table on a terminal; one plain `file, row N, column C: message` line otherwise."""
    problems = exc.problems
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    title = T.t("input.title", n=len(problems))
    if err_console.is_terminal:
        table = Table(title=title, title_justify="left")
        for key in ("input.file", "input.row_head", "input.column_head", "input.problem"):
            table.add_column(T.t(key), overflow="fold")
        for p in shown:
            table.add_row(p.file, "" if p.row is None else str(p.row), p.column or "",
                          T.problem(p))
        err_console.print(table)
    else:
        print(title, file=sys.stderr)
        for p in shown:
            print(T.t("input.line", where=T.where(p), problem=T.problem(p)), file=sys.stderr)
    if more > 0:
        print(T.t("input.more", n=more), file=sys.stderr)

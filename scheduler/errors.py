"""Errors that reach a user as a message and an exit code, never as a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scheduler.i18n import Note


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as a person would look for it.

    `message` is the English sentence; `key` and `fields`, where given, name it in the
    catalogs (`[problems]` of scheduler/i18n) so that the command line can say it in the
    reader's language.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    key: str = field(default="", compare=False)
    fields: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def where(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


class InputError(Exception):
    """The input is wrong (exit code 2). Carries every problem found, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        shown = "; ".join(map(str, self.problems[:5]))
        more = f" (+{len(self.problems) - 5} more)" if len(self.problems) > 5 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the input: {shown}{more}")


def _problem_order(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.row if p.row is not None else -1, p.column or "", p.message)


class UsageError(Exception):
    """The command line asks for something that cannot be done (exit code 2).

    The headline is plain text or a `Note` (`[usage]` of scheduler/i18n), which the
    command line says in its reader's language; `str()` of the error is the English.
    """

    exit_code = 2

    def __init__(self, headline: str | Note):
        self.headline = headline
        super().__init__(str(headline))


class NoPlanError(Exception):
    """No plan exists or none was found in the time given (exit code 1).

    `reasons` are sentences a person can act on. The headline and each reason are plain
    text or a `Note`, which a display says in its reader's language
    (`Catalog.say`); `str()` of either, and of the error, is the English.
    """

    exit_code = 1

    def __init__(self, headline: str | Note, reasons: Sequence[str | Note] | None = None):
        self.headline = headline
        self.reasons = list(reasons or [])
        super().__init__(str(headline))

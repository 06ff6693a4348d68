"""Output folders written all at once, and tables that Excel opens safely.

A plan is written into a temporary folder beside `--out` and renamed into place, so a
crash or Ctrl-C leaves either the previous plan or the new one, never a mixture.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from scheduler.errors import UsageError

# OWASP CSV injection: cells starting with these may run as formulas in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """Text that a spreadsheet shows as text: a leading formula character gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def check_out_dir(out: Path, force: bool) -> None:
    """Refuse, before any work is done, to replace an existing plan without --force."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not force:
        raise UsageError(f"--out {out} already holds files; pass --force to replace them")


@contextlib.contextmanager
def atomic_dir(out: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary folder; on success it replaces `out` in one rename."""
    out = Path(out)
    check_out_dir(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    tmp.chmod(0o777 & ~_umask())  # mkdtemp makes 0700; a plan is for others to read
    try:
        yield tmp
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "plan")
            os.replace(tmp, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """UTF-8 with BOM, so Excel in a Chinese locale shows Chinese text; formula-safe."""
    df.map(safe_text).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")


def write_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table; text cells are stored as text, so none runs as a formula."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, df in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        sheet.append([str(c) for c in df.columns])
        for record in df.itertuples(index=False):
            sheet.append([_xlsx_value(v) for v in record])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        for i, col in enumerate(df.columns, start=1):
            width = max([len(str(col))] + [len(str(v)) for v in df[col].head(200)])
            sheet.column_dimensions[get_column_letter(i)].width = min(40, max(8, width + 2))
        sheet.freeze_panes = "A2"
    book.save(path)


def _xlsx_value(value: Any) -> Any:
    """A cell value openpyxl accepts: NaN empty, numpy scalars plain, no control characters."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value

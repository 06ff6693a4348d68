"""What a county office gets on paper and in Excel: every page printed, every workbook read.

    python benchmarks/outputs.py PLAN_DIR [PLAN_DIR ...] --out benchmarks/results/outputs-m

PLAN_DIR is what `rotaplan rotate` or `rotaplan travel` wrote. Every `.html` page is
printed to PDF with headless Chromium (A4, as the page's @page rule says) and its pages
counted with poppler's `pdfinfo`; every workbook is opened with openpyxl and every cell
read: how many, how many hold JSON, which rows are taller than the default (fitted),
which sheets have a print area. Writes `pages.csv` and `workbooks.csv` to --out and
prints the totals. Needs chromium and poppler-utils (apt-get install chromium
poppler-utils); not part of the test suite, which prints the largest pages only.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer")


def pdf_pages(browser: str, page: Path, pdf: Path, profile: Path) -> int:
    subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}",
                    page.as_uri()], capture_output=True, timeout=120, check=False)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return -1  # not printed


def is_json(text: str) -> bool:
    if not text.strip().startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def workbook_rows(path: Path) -> list[dict[str, object]]:
    book = load_workbook(path)
    rows = []
    for sheet in book.worksheets:
        cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
        fitted = sum(1 for d in sheet.row_dimensions.values() if d.height)
        rows.append({"workbook": path.name, "sheet": sheet.title, "cells": len(cells),
                     "json_cells": sum(isinstance(c.value, str) and is_json(c.value)
                                       for c in cells),
                     "rows_with_height": fitted, "print_area": bool(sheet.print_area),
                     "header": " | ".join(str(c.value) for c in next(sheet.iter_rows(
                         min_row=1, max_row=1)) if c.value is not None)[:80]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or shutil.which("pdfinfo") is None:
        raise SystemExit("needs chromium and pdfinfo (apt-get install chromium poppler-utils)")
    args.out.mkdir(parents=True, exist_ok=True)
    pages, books = [], []
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        for plan in args.plans:
            for page in sorted(plan.rglob("*.html")):
                count = pdf_pages(browser, page, Path(tmp) / "page.pdf", profile)
                pages.append({"plan": plan.name, "page": str(page.relative_to(plan)),
                              "printed_pages": count})
            for book in sorted(plan.rglob("*.xlsx")):
                books.extend({"plan": plan.name, **row} for row in workbook_rows(book))
    for name, rows in (("pages.csv", pages), ("workbooks.csv", books)):
        if rows:
            with (args.out / name).open("w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
    by_count = Counter(r["printed_pages"] for r in pages)
    print(f"{len(pages)} pages printed: {dict(sorted(by_count.items()))} (printed pages: "
          f"how many HTML pages)")
    for r in pages:
        if r["printed_pages"] != 1:
            print(f"  {r['plan']}/{r['page']}: {r['printed_pages']} printed pages")
    print(f"{len(books)} sheets, {sum(r['cells'] for r in books)} cells read, "
          f"{sum(r['json_cells'] for r in books)} holding JSON, "
          f"{sum(not r['print_area'] for r in books)} sheets without a print area")


if __name__ == "__main__":
    main()

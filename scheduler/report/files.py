"""Every output of a plan written at once: the contract's files from the plan's frames
(`scheduler.rotation.outputs`, `scheduler.travel.outputs`) and the pages, workbooks,
calendars and maps of this package, into one folder, all of them or none."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.data.instance import Instance
from scheduler.io.output import atomic_dir, write_csv
from scheduler.report.publication import PUBLICATION_HTML, render_publication
from scheduler.report.rotation_html import render_rotation_report
from scheduler.report.rotation_xlsx import write_rotation_workbook
from scheduler.report.travel_html import write_site
from scheduler.report.travel_ics import write_calendars
from scheduler.report.travel_svg import write_maps
from scheduler.report.travel_xlsx import write_travel_workbook
from scheduler.rotation import changes as rotation_changes
from scheduler.rotation.outputs import (
    PLAN_CSV,
    PLAN_XLSX,
    REPORT_HTML,
    SUMMARY_JSON,
    RotationOutputs,
)
from scheduler.solving import SolverSettings
from scheduler.term import Term, school_term
from scheduler.travel import changes as travel_changes
from scheduler.travel.costs import YUAN_DECIMALS, costs_frame
from scheduler.travel.outputs import (
    COSTS_CSV,
    UNPLACED_COLUMNS,
    changes_frame,
    coverage_frame,
    routes_frame,
    summary,
    term_facts,
    timetable_frame,
)
from scheduler.travel.result import TravelResult


def write_outputs(outputs: RotationOutputs, out: Path, force: bool = False, lang: str = "zh",
                  templates: Path | None = None, published: dt.date | None = None) -> Path:
    """Write the plan's files into `out`, all of them or none (a re-plan adds its changes
    and the previous plan's moves, `rotaplan objections` its verdicts); the workbook and
    the pages in `lang`, the pages from `templates` where given (`report.pages`); the
    provisional list's notice period starts on `published` (default today)."""
    html = render_rotation_report(outputs, lang, templates)
    notice = render_publication(outputs, lang, templates, published)
    with atomic_dir(Path(out), force=force) as tmp:
        write_csv(outputs.plan, tmp / PLAN_CSV)
        write_rotation_workbook(outputs, tmp / PLAN_XLSX, lang)
        (tmp / SUMMARY_JSON).write_text(
            json.dumps(outputs.summary, ensure_ascii=False, indent=2, allow_nan=False) + "\n",
            encoding="utf-8")
        (tmp / REPORT_HTML).write_text(html, encoding="utf-8")
        (tmp / PUBLICATION_HTML).write_text(notice, encoding="utf-8")
        if outputs.changes is not None and outputs.previous is not None:
            write_csv(outputs.changes, tmp / rotation_changes.CHANGES_CSV)
            write_csv(outputs.previous, tmp / rotation_changes.PREVIOUS_CSV)
        if outputs.objections is not None:
            write_csv(outputs.objections, tmp / rotation_changes.OBJECTIONS_CSV)
    return Path(out)


def write_travel_plan(inst: Instance, result: TravelResult, out: Path, *, force: bool = False,
                      baseline: TravelResult | None = None,
                      settings: SolverSettings | None = None, partial: bool = False,
                      lang: str = "zh", term: Term | None = None,
                      templates: Path | None = None) -> dict[str, Any]:
    """Write every travel output into `out` in one go; returns the summary written.

    `term` (the calendars' dates and the allowance's days) defaults to the policy's
    (`scheduler.term.school_term`).
    """
    term = term or school_term(inst)
    facts = summary(inst, result, baseline=baseline, settings=settings, partial=partial)
    costs = costs_frame(inst, result.routes, term, result.slots)
    facts["term_allowance"] = round(float(costs["term_allowance"].sum()), YUAN_DECIMALS)
    facts["calendar"] = term_facts(term)
    timetable = timetable_frame(result.slots)
    routes = routes_frame(result.routes)
    coverage = coverage_frame(inst, result.slots)
    with atomic_dir(out, force) as tmp:
        write_csv(timetable, tmp / "travel_timetable.csv")
        write_csv(routes, tmp / "travel_routes.csv")
        write_csv(coverage, tmp / "travel_coverage.csv")
        write_csv(costs, tmp / COSTS_CSV)
        if result.unplaced:
            write_csv(pd.DataFrame([(*u[:3], str(u[3])) for u in result.unplaced],
                                   columns=list(UNPLACED_COLUMNS)),
                      tmp / "travel_unplaced.csv")
        if result.previous is not None:  # a re-plan: what `rotaplan check` compares
            write_csv(timetable_frame(result.previous.slots), tmp / travel_changes.PREVIOUS_CSV)
            write_csv(changes_frame(result.previous.changes), tmp / travel_changes.CHANGES_CSV)
        (tmp / "travel_summary.json").write_text(
            json.dumps(facts, ensure_ascii=False, indent=2, default=str) + "\n",
            encoding="utf-8")
        write_travel_workbook(inst, result, tmp / "travel.xlsx", facts, lang=lang,
                              coverage=coverage, costs=costs)
        write_site(inst, result, tmp / "timetables", facts, lang=lang, term=term, costs=costs,
                   templates=templates)
        write_calendars(inst, result.slots, tmp / "calendars", term, lang=lang)
        write_maps(inst, result, tmp / "maps", lang=lang)
    return facts

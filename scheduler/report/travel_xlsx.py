"""travel.xlsx: the week as tables (names beside codes), the allowance, then one printable
grid per teacher and per site, each on a tab named after the teacher or the school.

Built with `report.workbook`: reader's-language headers with the CSV code in each
header's comment, wrapped and bordered cells whose rows fit their lessons, print areas
and A4 landscape set; no JSON anywhere.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.data.instance import Instance
from scheduler.i18n import Catalog, catalog
from scheduler.report.travel_grid import bell, cell_text, grids, school_name, teacher_name
from scheduler.report.workbook import Column, Grid, Table, write_workbook
from scheduler.travel.result import TravelResult

SUMMARY = ("lessons", "lessons_placed", "periods", "periods_placed", "teachers_used",
           "sites_served", "route_days", "total_km", "total_minutes", "baseline_km",
           "km_saving", "term_allowance", "solve_seconds")


def write_travel_workbook(inst: Instance, result: TravelResult, path: Path,
                          facts: dict[str, Any], lang: str = "zh",
                          coverage: pd.DataFrame | None = None,
                          costs: pd.DataFrame | None = None) -> None:
    """Write the workbook to `path`."""
    T = catalog(lang)
    county = inst.county_name
    head = f"{county} {T.school_year(inst.policy.year)}"

    def table(key: str, codes: list[str], rows: list[list[Any]],
              headers: list[str] | None = None) -> Table:
        heads = headers or [T.t(f"columns.{c}") for c in codes]
        return Table(T.t(f"sheets.{key}"), f"{head} · {T.t(f'sheets.{key}')}",
                     [Column(c, h) for c, h in zip(codes, heads, strict=True)], rows)

    sheets: list[Table | Grid] = [table("summary", ["item", "value"],
                                        _summary_rows(T, facts, county))]
    sheets.append(table(
        "timetable", ["teacher_id", "teacher", "day", "period", "time", "site_id", "site_name",
                      "class_id", "subject", "weeks"],
        [[s.teacher_id, _name(inst, s.teacher_id), T.code("day", s.day), s.period,
          bell(inst, s.period, s.site_id), s.site_id, school_name(inst, s.site_id), s.class_id,
          T.code("subject", s.subject), T.code("weeks", s.weeks)]
         for s in sorted(result.slots)]))
    sheets.append(table(
        "routes", ["teacher_id", "teacher", "day", "stops", "km", "minutes"],
        [[r.teacher_id, _name(inst, r.teacher_id), T.code("day", r.day),
          " → ".join(school_name(inst, x) for x in r.stops), round(r.km, 1),
          round(r.minutes)] for r in sorted(result.routes, key=lambda r: (r.teacher_id, r.day))]))
    if coverage is not None:
        sheets.append(table(
            "coverage", ["site_id", "site_name", "subject", "classes", "periods_required",
                         "periods_placed", "periods_missing"],
            [[r.site_id, r.site_name, T.code("subject", r.subject), r.classes,
              r.periods_required, r.periods_placed, r.periods_missing]
             for r in coverage.itertuples()]))
    if costs is not None:
        from scheduler.travel.costs import township_costs

        sheets.append(table(
            "costs", ["teacher_id", "teacher", "home", "days_per_week", "km_per_week",
                      "term_days", "term_km", "term_allowance"],
            [[r.teacher_id, _name(inst, r.teacher_id),
              school_name(inst, inst.teacher[r.teacher_id].school_id), r.days_per_week,
              r.km_per_week, r.term_days, r.term_km, r.term_allowance]
             for r in costs.itertuples()]))
        towns = township_costs(inst, costs)
        sheets.append(table(
            "costs_township", ["central_school_id", "central_school_name", "teachers",
                               "km_per_week", "term_days", "term_km", "term_allowance"],
            [list(r)[1:] for r in towns.itertuples()]))
    if result.unplaced:
        sheets.append(table("unplaced", ["site_id", "site_name", "class_id", "subject", "reason"],
                            [[site, school_name(inst, site), cls, T.code("subject", sub),
                              T.say(why)] for site, cls, sub, why in result.unplaced]))
    days = [T.code("day", d) for d in range(1, inst.policy.travel.days + 1)]
    periods = [f"{p}\n{bell(inst, p)}" for p in range(1, inst.policy.travel.periods + 1)]
    routes: dict[str, float] = defaultdict(float)
    for r in result.routes:
        routes[r.teacher_id] += r.km
    for tid, cells in sorted(grids(result.slots, "teacher").items()):
        title = (f"{T.t('travel.title')} · {teacher_name(inst, tid)} · "
                 f"{T.t('travel.week_km')} {routes[tid]:.1f}")
        sheets.append(Grid(_name(inst, tid), title, T.t("travel.period"), days, periods,
                           {k: cell_text(inst, v, "teacher", lang) for k, v in cells.items()}))
    by_site = grids(result.slots, "site")
    for sid in sorted({le.site_id for le in inst.lessons} | set(by_site)):
        title = f"{T.t('travel.title')} · {school_name(inst, sid)}"
        here = [f"{p}\n{bell(inst, p, sid)}" for p in range(1, inst.policy.travel.periods + 1)]
        sheets.append(Grid(school_name(inst, sid), title, T.t("travel.period"), days, here,
                           {k: cell_text(inst, v, "site", lang)
                            for k, v in by_site.get(sid, {}).items()}))
    write_workbook(path, sheets)


def _name(inst: Instance, teacher_id: str) -> str:
    t = inst.teacher.get(teacher_id)
    return t.name if t and t.name else teacher_id


def _summary_rows(T: Catalog, facts: dict[str, Any], county: str) -> list[list[Any]]:
    cal = facts.get("calendar") or {}
    gap = facts.get("gap")
    rows: list[list[Any]] = [
        [T.t("summary.county"), county],
        [T.t("summary.status"), T.code("status", facts.get("status"))],
        [T.t("summary.gap"), "–" if gap is None else f"{gap:.2%}"],
        [T.t("summary.term"), f"{cal.get('term_start', '')} — {cal.get('term_end', '')}"],
        [T.t("summary.school_days"), cal.get("school_days")],
    ]
    rows += [[T.t(f"summary.{k}"), facts[k]] for k in SUMMARY if facts.get(k) is not None]
    return rows

"""The static site schools are handed: `timetables/index.html`, one page per teacher and site.

Pages come from `templates/travel_*.html` (Jinja2, autoescaped) in the reader's language
and stand alone: inline CSS, no scripts, nothing fetched, so they open from a USB stick
or a county intranet. Each teacher and site page prints on one A4 landscape page: the
grid's print font is chosen here from the rows the page holds (`print_points`), and the
site's coverage is a class × subject matrix rather than a row per lesson. File names come
from ids (`file_stem`), never from names. Each lesson in a grid carries `data-*`
attributes (day, period, site, class, subject, teacher) so that tools and tests can read
the pages back without scraping the prose.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pandas as pd

from scheduler.data.instance import Instance
from scheduler.i18n import Catalog, catalog
from scheduler.report.pages import link, num, render
from scheduler.report.travel_grid import (
    bell,
    file_stem,
    grids,
    own_bell,
    school_name,
    teacher_name,
)
from scheduler.report.workbook import display_width
from scheduler.term import Term
from scheduler.travel.result import Route, Slot, TravelResult, weekly_periods, whole

PAGE_POINTS = 520.0  # printable height of A4 landscape with 8 mm margins, less slack
PAGE_MM = 281.0  # printable width of A4 landscape with 8 mm margins
DAY_SHARE = 0.9  # the grid's width left to the days (the period column has the rest)
CELL_PADDING_MM = 4.0
EM_MM = 0.3528  # one point in mm: a CJK character is one em wide, a Latin one about half
LINE_FACTOR = 1.2  # a line's height in points per point of font size (incl. borders)
FIXED_LINES = 9.0  # letterhead, title, meta, headings, notes, the term line
MAX_POINTS, MIN_POINTS = 9.5, 5.0


def print_points(texts: list[list[list[str]]], other_lines: float, days: int) -> float:
    """The largest print font size (in half points) at which the page fits one A4 page:
    `texts[p][d]` are the lesson texts of period p, day d, each wrapping in its column;
    `other_lines` are the page's lines outside the grid."""
    pt = MAX_POINTS
    while pt > MIN_POINTS:
        if _lines(texts, pt, days) + other_lines + FIXED_LINES <= PAGE_POINTS / (
                pt * LINE_FACTOR):
            break
        pt -= 0.5
    return pt


def _lines(texts: list[list[list[str]]], pt: float, days: int) -> float:
    """Text lines the grid takes at `pt` points: each period row as tall as its tallest
    cell (at least the period number and its bell), plus the header."""
    column_mm = PAGE_MM * DAY_SHARE / max(1, days) - CELL_PADDING_MM
    per_line = max(1.0, column_mm / (pt * EM_MM / 2))  # half-width characters a line
    total = 1.5
    for row in texts:
        total += max([2, *(sum(math.ceil(display_width(x) / per_line) for x in cell)
                           for cell in row)])
    return total


def _grid_rows(inst: Instance, cells: dict[tuple[int, int], list[Slot]], by: str,
               T: Catalog, site: str | None = None
               ) -> tuple[list[dict[str, Any]], list[list[list[str]]]]:
    """The grid's rows for the template, and each cell's lesson texts as printed; the
    bells are the site's own on a site page, the primary ones on a teacher's (a lesson at
    a site ringing other bells shows its own time)."""
    t = inst.policy.travel
    rows, texts = [], []
    for p in range(1, t.periods + 1):
        row_cells, row_texts = [], []
        for d in range(1, t.days + 1):
            lessons = [_lesson(inst, s, by, T) for s in cells.get((d, p), [])]
            row_cells.append({"day": d, "lessons": lessons})
            row_texts.append([f"{x['label']} {x['text']}" for x in lessons])
        rows.append({"period": p, "bell": bell(inst, p, site), "cells": row_cells})
        texts.append(row_texts)
    return rows, texts


def _lesson(inst: Instance, s: Slot, by: str, T: Catalog) -> dict[str, Any]:
    cls = f"{T.t('travel.class')} {s.class_id}"
    if by == "teacher":
        at = own_bell(inst, s)
        text = f"{school_name(inst, s.site_id)} · {cls}" + (f" · {at}" if at else "")
    else:  # the name alone: the ids are in the coverage note under the grid
        t = inst.teacher.get(s.teacher_id)
        text = f"{cls} · {t.name if t and t.name else s.teacher_id}"
    if s.weeks:  # T11: every second week
        text += f" · {T.code('weeks', s.weeks)}"
    return {"day": s.day, "period": s.period, "site": s.site_id, "class_id": s.class_id,
            "subject": s.subject, "teacher": s.teacher_id, "label": T.code("subject", s.subject),
            "text": text}


def _days(inst: Instance, T: Catalog) -> list[str]:
    return [T.code("day", d) for d in range(1, inst.policy.travel.days + 1)]


def _route_line(inst: Instance, r: Route) -> str:
    """The stops by name, a stop repeated in a row shown once (a day that starts at home)."""
    stops = [s for i, s in enumerate(r.stops) if i == 0 or s != r.stops[i - 1]]
    return " → ".join(school_name(inst, s) for s in stops)


def term_line(T: Catalog, term: Term | None) -> str:
    if term is None:
        return ""
    return T.t("travel.term", start=term.start.isoformat(), end=term.end.isoformat(),
               days=len(term.days), weeks=term.weeks, off=len(term.days_off),
               makeup=sum(d.makeup for d in term.days))


def teacher_page(inst: Instance, teacher_id: str, slots: list[Slot], routes: list[Route],
                 lang: str = "zh", *, term: Term | None = None,
                 cost: Any | None = None, templates: Path | None = None) -> str:
    """One teacher's week: the grid, each day's route with km and minutes, the allowance."""
    T = catalog(lang)
    t = inst.teacher.get(teacher_id)
    title = f"{T.t('travel.title')} · {teacher_name(inst, teacher_id)}"
    subjects = sorted({s.subject for s in slots})
    sep = "、" if lang == "zh" else ", "
    meta = " · ".join([
        f"{T.t('travel.home')}：{school_name(inst, t.school_id) if t else '-'}",
        f"{T.t('travel.subjects')}：{sep.join(T.code('subject', x) for x in subjects)}",
        f"{T.t('travel.periods')}：{weekly_periods(slots)}",
        f"{T.t('travel.week_km')}：{sum(r.km for r in routes):,.1f}"])
    rows, texts = _grid_rows(inst, grids(slots, "teacher").get(teacher_id, {}), "teacher", T)
    route_rows = [[T.code("day", r.day), _route_line(inst, r), f"{r.km:.1f}", f"{r.minutes:.0f}"]
                  for r in sorted(routes, key=lambda r: r.day)]
    allowance = ""
    if cost is not None:
        allowance = (f"{T.t('travel.allowance')}：{T.t('travel.term_days')} {cost.term_days}，"
                     f"{T.t('travel.term_km')} {num(cost.term_km, 1)}，"
                     f"{T.t('travel.term_allowance')} {num(cost.term_allowance)}")
    pt = print_points(texts, len(route_rows) + 2, inst.policy.travel.days)
    return render("travel_teacher.html", templates, T=T, title=title, county=inst.county_name,
                  meta=meta, days=_days(inst, T), rows=rows, routes=route_rows,
                  route_headers=[T.t("travel.day"), T.t("travel.stops"), T.t("travel.km"),
                                 T.t("travel.minutes")],
                  allowance=allowance, term=term_line(T, term), print_pt=pt)


def site_page(inst: Instance, site_id: str, slots: list[Slot], lang: str = "zh", *,
              term: Term | None = None, templates: Path | None = None) -> str:
    """One school's week of visiting teachers, then what each class gets against its plan."""
    T = catalog(lang)
    name = school_name(inst, site_id)
    title = f"{T.t('travel.title')} · {name}"
    placed: Counter[tuple[str, str]] = Counter()
    for s in slots:
        placed[s.class_id, s.subject] += s.periods
    lessons = [x for x in inst.lessons if x.site_id == site_id]
    subjects = sorted({le.subject for le in lessons} | {s.subject for s in slots})
    classes = sorted({le.class_id for le in lessons} | {s.class_id for s in slots})
    required = {(le.class_id, le.subject): le.periods_per_week for le in lessons}
    matrix = []
    for c in classes:
        row: list[Any] = [c]
        for sub in subjects:
            need, got = required.get((c, sub), 0), placed[(c, sub)]
            row.append("" if not need and not got else f"{whole(got)}/{whole(need)}")
        matrix.append(row)
    teachers: dict[str, set[str]] = defaultdict(set)
    for s in slots:
        teachers[s.subject].add(s.teacher_id)
    sep = "、" if lang == "zh" else ", "
    who = "；".join(
        f"{T.code('subject', sub)}：{sep.join(teacher_name(inst, x) for x in sorted(ids))}"
        for sub, ids in sorted(teachers.items()))
    sc = inst.school.get(site_id)
    meta = " · ".join([
        f"{T.t('columns.school_id')}：{site_id}",
        f"{T.t('travel.township')}：{sc.township if sc and sc.township else '-'}",
        f"{T.t('travel.periods')}：{weekly_periods(slots)}"])
    rows, texts = _grid_rows(inst, grids(slots, "site").get(site_id, {}), "site", T, site_id)
    pt = print_points(texts, len(matrix) + 1 + math.ceil(display_width(who) / 180),
                      inst.policy.travel.days)
    coverage = {"headers": [T.t("travel.class"), *(T.code("subject", x) for x in subjects)],
                "rows": matrix, "numeric": tuple(range(1, len(subjects) + 1))}
    return render("travel_site.html", templates, T=T, title=title, county=inst.county_name,
                  meta=meta, days=_days(inst, T), rows=rows, coverage=coverage,
                  teachers=who, term=term_line(T, term), print_pt=pt)


def index_page(inst: Instance, result: TravelResult, facts: dict[str, Any],
               map_files: dict[str, str], lang: str = "zh", *, term: Term | None = None,
               costs: pd.DataFrame | None = None, templates: Path | None = None) -> str:
    """The overview: solve figures, allowance by township, links to every page and map."""
    from scheduler.travel.costs import township_costs

    T = catalog(lang)
    gap = facts.get("gap")
    figures = [
        [T.t("travel.status"), T.code("status", facts.get("status"))],
        [T.t("travel.gap"), "–" if gap is None else f"{gap:.2%}"],
        [T.t("travel.lessons_placed"), f"{facts.get('lessons_placed')} / {facts.get('lessons')}"],
        [T.t("travel.total_km"), f"{facts.get('total_km', 0):,.1f}"],
    ]
    if facts.get("baseline_km") is not None:
        figures.append([T.t("travel.baseline_km"), f"{facts['baseline_km']:,.1f}"])
    if facts.get("term_allowance") is not None:
        figures.append([T.t("summary.term_allowance"), num(facts["term_allowance"])])
    by_teacher: dict[str, list[Slot]] = defaultdict(list)
    by_site: dict[str, list[Slot]] = defaultdict(list)
    for s in result.slots:
        by_teacher[s.teacher_id].append(s)
        by_site[s.site_id].append(s)
    km: Counter[str] = Counter()
    for r in result.routes:
        km[r.teacher_id] += r.km
    pay = {} if costs is None else costs.set_index("teacher_id")["term_allowance"].to_dict()
    sep = "、" if lang == "zh" else ", "
    teacher_rows = []
    for tid in sorted(by_teacher):
        t = inst.teacher.get(tid)
        subjects = sorted({s.subject for s in by_teacher[tid]})
        teacher_rows.append([link(f"{file_stem('teacher', tid)}.html", teacher_name(inst, tid)),
                             school_name(inst, t.school_id) if t else "-",
                             sep.join(T.code("subject", x) for x in subjects),
                             weekly_periods(by_teacher[tid]), f"{km[tid]:,.1f}",
                             num(pay.get(tid))])
    required: Counter[str] = Counter()  # 0.5 for a biweekly row (T11)
    for le in inst.lessons:
        required[le.site_id] += le.periods_per_week
    site_rows = [[link(f"{file_stem('site', sid)}.html", school_name(inst, sid)),
                  inst.school[sid].township or "-" if sid in inst.school else "-",
                  whole(required[sid]), weekly_periods(by_site[sid])]
                 for sid in sorted(set(required) | set(by_site))]
    town_rows: list[list[Any]] = []
    if costs is not None and not costs.empty:
        towns = township_costs(inst, costs)
        town_rows = [[r.central_school_name, r.teachers, num(r.km_per_week, 1),
                      num(r.term_days), num(r.term_km, 1), num(r.term_allowance)]
                     for r in towns.itertuples()]
        town_rows.append([T.t("travel.county_total"), int(towns["teachers"].sum()),
                          num(towns["km_per_week"].sum(), 1), num(int(towns["term_days"].sum())),
                          num(towns["term_km"].sum(), 1), num(towns["term_allowance"].sum())])
    pay_rates = inst.policy.travel.allowance
    unplaced = [[school_name(inst, site), cls, T.code("subject", sub), T.say(why)]
                for site, cls, sub, why in result.unplaced]
    return render(
        "travel_index.html", templates, T=T, county=inst.county_name, changes=_changes(T, result),
        title=f"{inst.county_name} {T.school_year(inst.policy.year)} {T.t('travel.title')}",
        term=term_line(T, term), figures=figures,
        rates=T.t("travel.allowance_rates", per_km=num(pay_rates.per_km),
                  per_day=num(pay_rates.per_day)),
        townships={"headers": [T.t("travel.central_school"), T.t("columns.teachers"),
                               T.t("travel.week_km"), T.t("travel.term_days"),
                               T.t("travel.term_km"), T.t("travel.term_allowance")],
                   "rows": town_rows, "numeric": (1, 2, 3, 4, 5)},
        teachers={"headers": [T.t("travel.teacher"), T.t("travel.home"), T.t("travel.subjects"),
                              T.t("travel.periods"), T.t("travel.week_km"),
                              T.t("travel.term_allowance")],
                  "rows": teacher_rows, "numeric": (3, 4, 5)},
        sites={"headers": [T.t("travel.site"), T.t("travel.township"), T.t("travel.required"),
                           T.t("travel.placed")], "rows": site_rows, "numeric": (2, 3)},
        maps=[(town, f"../maps/{f}") for town, f in sorted(map_files.items())],
        unplaced={"headers": [T.t("travel.site"), T.t("travel.class"), T.t("travel.subject"),
                              T.t("travel.reason")], "rows": unplaced})


def _changes(T: Catalog, result: TravelResult) -> dict[str, Any] | None:
    """A re-plan's changes against the previous timetable (ids only), or None."""
    if result.previous is None:
        return None
    found = result.previous.changes
    old = Counter(c.cause for c in found if c.change == "old")
    figures = result.previous.figures
    return {"note": T.t("travel.changes_note", slots=sum(old.values()),
                        added=sum(c.change == "new" for c in found),
                        penalty=f"{figures.get('change_penalty', 0):g}"),
            "causes": {"headers": [T.t("travel.cause"), T.t("travel.slots")],
                       "rows": [[T.code("cause", c), n] for c, n in sorted(old.items())],
                       "numeric": (1,)},
            "list": {"headers": [T.t("travel.teacher"), T.t("travel.day"),
                                 T.t("travel.period"), T.t("travel.site"), T.t("travel.class"),
                                 T.t("travel.subject"), T.t("travel.change"),
                                 T.t("travel.cause")],
                     "rows": [[c.slot.teacher_id, T.code("day", c.slot.day), c.slot.period,
                               c.slot.site_id, c.slot.class_id,
                               T.code("subject", c.slot.subject), T.code("change", c.change),
                               T.code("cause", c.cause)] for c in found]}}


def write_site(inst: Instance, result: TravelResult, folder: Path, facts: dict[str, Any],
               lang: str = "zh", *, term: Term | None = None, costs: pd.DataFrame | None = None,
               templates: Path | None = None) -> list[Path]:
    """index.html plus one page per teacher with lessons and per site with lessons or needs."""
    from scheduler.report.travel_svg import map_files

    folder.mkdir(parents=True, exist_ok=True)
    by_teacher: dict[str, list[Slot]] = defaultdict(list)
    by_site: dict[str, list[Slot]] = defaultdict(list)
    for s in result.slots:
        by_teacher[s.teacher_id].append(s)
        by_site[s.site_id].append(s)
    routes: dict[str, list[Route]] = defaultdict(list)
    for r in result.routes:
        routes[r.teacher_id].append(r)
    cost_of = {} if costs is None else {r.teacher_id: r for r in costs.itertuples()}
    written = []
    for tid, slots in sorted(by_teacher.items()):
        path = folder / f"{file_stem('teacher', tid)}.html"
        path.write_text(teacher_page(inst, tid, slots, routes[tid], lang, term=term,
                                     cost=cost_of.get(tid), templates=templates),
                        encoding="utf-8")
        written.append(path)
    for sid in sorted({le.site_id for le in inst.lessons} | set(by_site)):
        path = folder / f"{file_stem('site', sid)}.html"
        path.write_text(site_page(inst, sid, by_site[sid], lang, term=term,
                                  templates=templates), encoding="utf-8")
        written.append(path)
    index = folder / "index.html"
    index.write_text(index_page(inst, result, facts, map_files(inst, result), lang, term=term,
                                costs=costs, templates=templates), encoding="utf-8")
    return [index, *written]

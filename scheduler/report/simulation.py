"""The report of `rotaplan simulate`: one row per simulated year as CSV, a page and two
line charts (SVG, drawn here as travel_svg.py draws its maps: no library, nothing from the
internet), all from the summary JSON, so every figure on the page is one a tool can read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from scheduler.i18n import Catalog, catalog
from scheduler.io.output import write_csv
from scheduler.report.pages import num, render

SUMMARY_JSON = "simulation_summary.json"
YEARS_CSV = "simulation.csv"
PAGE_HTML = "simulation.html"
FLOWS_SVG = "simulation.svg"
CVS_SVG = "simulation_cvs.svg"
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
DASHES = ("", "6 3")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 800, 340, 60, 40, 40, 40
GRID_LINES = 4
LEGEND_ROW = 18
FLOW_SERIES = ("movers", "second_across_terms", "came_home", "stayed_on",
               "unmet_shortage_after")


def cv_key(cv: Mapping[str, Any]) -> str:
    return f"cv_{cv['stage']}_{cv['indicator']}"


def year_frame(summary: Mapping[str, Any]) -> pd.DataFrame:
    """simulation.csv: per year the counts, the shortage, each CV and whether all are within
    their limits, and the solve's status, gap and the check."""
    rows = []
    for y in summary["years"]:
        row = {k: y[k] for k in ("year", "status", "movers", "movers_required",
                                 "backbone_movers", "principals_moved")}
        row["second_within_term"] = len(y["second_within_term"])
        row["second_across_terms"] = len(y["second_across_terms"])
        row |= {k: y[k] for k in ("came_home", "stayed_on", "retired",
                                  "unmet_shortage_before", "unmet_shortage_after")}
        row |= {cv_key(c): c["cv"] for c in y["cvs"]}
        row |= {k: y[k] for k in ("cvs_within_limits", "check_ok", "objective", "best_bound",
                                  "gap", "solve_seconds")}
        rows.append(row)
    return pd.DataFrame(rows)


def _nice_step(value: float) -> float:
    """The y axis' grid step: 1, 2, 2.5 or 5 times a power of ten, at least `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def line_chart(title: str, years: Sequence[int], series: Sequence[tuple[str, Sequence[Any]]],
               limits: Sequence[tuple[str, float]] = (), decimals: int = 0) -> str:
    """A standalone SVG: one line per series over the years (a None value leaves a gap),
    dashed horizontal lines for `limits`, a legend below."""
    values = [float(v) for _, vs in series for v in vs if v is not None]
    step = _nice_step(max(values + [v for _, v in limits] + [0.0]) / GRID_LINES)
    top = step * GRID_LINES
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    height = HEIGHT + LEGEND_ROW * (len(series) + len(limits)) + 10

    def x(i: int) -> float:
        return LEFT + (plot_w * i / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="12">',
             f"<title>{escape(title)}</title>",
             f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
             f'<text x="{LEFT}" y="24" font-size="16">{escape(title)}</text>']
    for line in range(GRID_LINES + 1):
        v = step * line
        parts.append(f'<line x1="{LEFT}" y1="{y(v):.1f}" x2="{WIDTH - RIGHT}" y2="{y(v):.1f}" '
                     f'stroke="#dddddd"/><text x="{LEFT - 6}" y="{y(v) + 4:.1f}" '
                     f'text-anchor="end">{round(v, 6):g}</text>')
    for i, year in enumerate(years):
        parts.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
                     f"{year}</text>")
    legend_y = HEIGHT + 4
    for j, (label, limit) in enumerate(limits):
        parts.append(f'<line class="limit" x1="{LEFT}" y1="{y(limit):.1f}" x2="{WIDTH - RIGHT}" '
                     f'y2="{y(limit):.1f}" stroke="#a61b1b" stroke-dasharray="4 4"/>')
        parts.append(_legend(legend_y + LEGEND_ROW * j, "#a61b1b", "4 4",
                             f"{label} {limit:g}"))
    legend_y += LEGEND_ROW * len(limits)
    for j, (label, vs) in enumerate(series):
        colour, dash = PALETTE[j % len(PALETTE)], DASHES[(j // len(PALETTE)) % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(i, float(v)) for i, v in enumerate(vs) if v is not None]
        coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in points)
        parts.append(f'<polyline class="series" points="{coords}" fill="none" '
                     f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        for i, v in points:
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                         f"<title>{escape(label)} {years[i]}: {v:.{decimals}f}</title></circle>")
        parts.append(_legend(legend_y + LEGEND_ROW * j, colour, dash, label))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _legend(y: float, colour: str, dash: str, label: str) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{LEFT}" y1="{y + 6}" x2="{LEFT + 30}" y2="{y + 6}" stroke="{colour}" '
            f'stroke-width="3"{dash_attr}/><text class="legend" x="{LEFT + 38}" y="{y + 10}">'
            f"{escape(label)}</text>")


def flows_svg(summary: Mapping[str, Any], T: Catalog) -> str:
    years = [y["year"] for y in summary["years"]]
    series = [(T.t(f"simulate.{key}"),
               [len(y[key]) if isinstance(y[key], list) else y[key] for y in summary["years"]])
              for key in FLOW_SERIES]
    return line_chart(T.t("simulate.chart_flows"), years, series)


def cvs_svg(summary: Mapping[str, Any], T: Catalog) -> str:
    years = [y["year"] for y in summary["years"]]
    first = summary["years"][0]["cvs"] if summary["years"] else []
    series = [(_cv_label(c, T), [next((d["cv"] for d in y["cvs"] if cv_key(d) == cv_key(c)),
                                      None) for y in summary["years"]]) for c in first]
    limits = sorted({(T.t("simulate.limit", stage=T.code("stage", c["stage"])), c["limit"])
                     for c in first}, key=lambda item: item[1])
    return line_chart(T.t("simulate.chart_cvs"), years, series, limits, decimals=2)


def _cv_label(cv: Mapping[str, Any], T: Catalog) -> str:
    return f"{T.code('stage', cv['stage'])} {T.code('indicator', cv['indicator'])}"


def render_simulation_html(summary: Mapping[str, Any], lang: str = "zh",
                           templates: Path | None = None) -> str:
    """The page: the run, a table per year, the two charts, the CVs per year."""
    T = catalog(lang)
    keys = ("year", "movers", "movers_required", "second_within_term",
            "second_across_terms", "came_home", "stayed_on", "retired",
            "unmet_shortage_before", "unmet_shortage_after", "cvs_within_limits", "check_ok",
            "status")
    headers = [T.t(f"simulate.{k}") for k in keys]
    rows = []
    for y in summary["years"]:
        row = []
        for k in keys:
            v = y[k]
            if isinstance(v, list):
                v = len(v)
            if k == "year":
                v = T.school_year(v)
            elif isinstance(v, bool):
                v = T.code("yes", v)
            elif k == "status":
                v = T.code("status", v)
            else:
                v = num(v, 1)
            row.append(v)
        rows.append(row)
    first = summary["years"][0]["cvs"] if summary["years"] else []
    cv_headers = [T.t("simulate.year"), *(_cv_label(c, T) for c in first)]
    cv_rows = [[T.school_year(y["year"]),
                *(f"{num(c['cv'], 3)} / {c['limit']:g}" + (" ✗" if c["meets"] is False else "")
                  for c in y["cvs"])] for y in summary["years"]]
    second = [(T.school_year(y["year"]), ", ".join(y["second_across_terms"]))
              for y in summary["years"] if y["second_across_terms"]]
    run = T.t("simulate.run", years=summary["years_done"], asked=summary["years_asked"],
              seconds=f"{summary['wall_seconds']:.1f}", limit=summary["time_limit_per_year"],
              workers=summary["workers"], seed=summary["seed"])
    return render("simulation.html", templates, T=T, county=summary["county"],
                  title=T.t("simulate.title", county=summary["county"]), run=run,
                  stopped=summary["stopped"],
                  stopped_reasons=summary.get("stopped_reasons", []),
                  years_table={"headers": headers, "rows": rows,
                               "numeric": tuple(range(1, 10))},
                  cvs={"headers": cv_headers, "rows": cv_rows,
                       "numeric": tuple(range(1, len(cv_headers)))},
                  second=second, flows=Markup(flows_svg(summary, T)),
                  cvs_chart=Markup(cvs_svg(summary, T)))


def write_simulation_report(summary: Mapping[str, Any], folder: Path, lang: str = "zh",
                            templates: Path | None = None) -> list[str]:
    """The summary JSON, the per-year CSV, the page and its two charts, into `folder`."""
    T = catalog(lang)
    (folder / SUMMARY_JSON).write_text(
        json.dumps(summary, ensure_ascii=False, indent=2, allow_nan=False, default=str) + "\n",
        encoding="utf-8")
    write_csv(year_frame(summary), folder / YEARS_CSV)
    (folder / FLOWS_SVG).write_text(flows_svg(summary, T), encoding="utf-8")
    (folder / CVS_SVG).write_text(cvs_svg(summary, T), encoding="utf-8")
    (folder / PAGE_HTML).write_text(render_simulation_html(summary, lang, templates),
                                    encoding="utf-8")
    return [SUMMARY_JSON, YEARS_CSV, PAGE_HTML, FLOWS_SVG, CVS_SVG]

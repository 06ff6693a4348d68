"""`rotaplan validate`: what a county instance holds, as data and as rich tables."""

from __future__ import annotations

import math
from collections import Counter

import pandas as pd
from rich.console import Console
from rich.table import Table

from scheduler import rules
from scheduler.data.instance import Instance
from scheduler.data.schema import SchoolKind, Stage
from scheduler.i18n import Catalog, catalog


def overview(inst: Instance) -> dict:
    """The county's figures: plain data, so tests and JSON can use them too."""
    eligible = [t for t in inst.teachers if rules.eligible(t, inst)]
    before = rules.placement_before(inst)
    township_of = {sc.school_id: sc.township or "-" for sc in inst.schools}
    lessons = Counter()
    periods = Counter()
    for le in inst.lessons:
        lessons[township_of[le.site_id]] += 1
        periods[township_of[le.site_id]] += le.periods_per_week
    travellers = Counter(township_of[t.school_id] for t in inst.teachers if t.can_travel)
    townships = sorted(set(lessons) | set(travellers))
    return {
        "name": inst.county_name,
        "schools": {(str(k), str(s)): n for (k, s), n in
                    Counter((sc.kind, sc.stage) for sc in inst.schools).items()},
        "students": sum(sc.students for sc in inst.schools),
        "teachers": len(inst.teachers),
        "eligible": len(eligible),
        "eligible_backbone": sum(t.is_backbone for t in eligible),
        "backbone": sum(t.is_backbone for t in inst.teachers),
        "min_movers": rules.required_movers(inst),
        "shortage_by_subject": rules.shortage_by_subject(inst, before),
        "travel": [{"township": tw, "lessons": lessons[tw], "periods": periods[tw],
                    "teachers": travellers[tw]} for tw in townships],
        "cvs": rules.county_cvs(rules.school_indicators(inst, before)),
    }


def print_overview(inst: Instance, console: Console, seconds: float | None = None,
                   lang: str = "zh") -> None:
    """The county's figures as tables, in the reader's language."""
    T = catalog(lang)
    data = overview(inst)
    head = T.t("overview.head", county=data["name"])
    if seconds is not None:
        head += T.t("overview.loaded", seconds=f"{seconds:.2f}")
    console.print(head, markup=False)

    kinds = Table(title=T.t("overview.schools"))
    kinds.add_column(T.t("overview.kind"))
    stages = [str(s) for s in Stage]
    for st in stages:
        kinds.add_column(T.code("stage", st), justify="right")
    kinds.add_column(T.t("overview.total"), justify="right")
    for kind in SchoolKind:
        counts = [data["schools"].get((str(kind), st), 0) for st in stages]
        kinds.add_row(T.code("kind", kind), *map(str, counts), str(sum(counts)))
    console.print(kinds)

    people = Table(title=T.t("overview.teachers"))
    people.add_column(T.t("overview.figure"))
    people.add_column(T.t("overview.value"), justify="right")
    for key in ("students", "teachers", "backbone", "eligible", "eligible_backbone",
                "min_movers"):
        people.add_row(T.t(f"overview.{key}"), f"{data[key]:,}")
    console.print(people)

    short = Table(title=T.t("overview.shortage"))
    short.add_column(T.t("overview.subject"))
    short.add_column(T.t("overview.gap"), justify="right")
    for subject, gap in data["shortage_by_subject"].items():
        short.add_row(T.code("subject", subject), _num(gap))
    short.add_row(T.t("overview.total"), _num(sum(data["shortage_by_subject"].values())),
                  style="bold")
    console.print(short)

    if data["travel"]:
        travel = Table(title=T.t("overview.travel"))
        for key in ("township", "lessons_col", "periods_col", "travellers_col"):
            travel.add_column(T.t(f"overview.{key}"),
                              justify="left" if key == "township" else "right")
        for row in data["travel"]:
            travel.add_row(row["township"], str(row["lessons"]), str(row["periods"]),
                           str(row["teachers"]))
        console.print(travel)

    console.print(cv_table(data["cvs"], T))
    for note in inst.notes:
        console.print(f"[yellow]{T.t('overview.note')}[/yellow] {note}", highlight=False)


def cv_table(cvs: pd.DataFrame, T: Catalog) -> Table:
    """County CVs against their limits (0.50 primary, 0.45 junior)."""
    table = Table(title=T.t("overview.cvs"))
    for key in ("stage", "indicator", "schools", "mean", "cv", "limit"):
        table.add_column(T.t(f"overview.cv_{key}"),
                         justify="left" if key in ("stage", "indicator") else "right")
    for _, row in cvs.iterrows():
        table.add_row(T.code("stage", row["stage"]), T.code("indicator", row["indicator"]),
                      str(row["schools"]), _num(row["mean_per100"]), _cv(row["cv"], row["limit"]),
                      f"{row['limit']:.2f}")
    return table


def _cv(cv: float, limit: float) -> str:
    if cv is None or math.isnan(cv):
        return "n/a"
    colour = "green" if cv <= limit else "red"
    return f"[{colour}]{cv:.3f}[/{colour}]"


def _num(x: float) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"

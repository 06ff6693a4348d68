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
        "name": inst.name,
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


def print_overview(inst: Instance, console: Console, seconds: float | None = None) -> None:
    data = overview(inst)
    head = f"[bold]{data['name']}[/bold] 县域概况"
    if seconds is not None:
        head += f"  (loaded and validated in {seconds:.2f} s)"
    console.print(head)

    kinds = Table(title="学校 Schools by kind and stage")
    kinds.add_column("类型 kind")
    stages = [str(s) for s in Stage]
    for st in stages:
        kinds.add_column(st, justify="right")
    kinds.add_column("total", justify="right")
    for kind in SchoolKind:
        counts = [data["schools"].get((str(kind), st), 0) for st in stages]
        kinds.add_row(str(kind), *map(str, counts), str(sum(counts)))
    console.print(kinds)

    people = Table(title="教师 Teachers")
    people.add_column("figure")
    people.add_column("value", justify="right")
    for label, value in [
        ("在校生 students", data["students"]),
        ("教师 teachers", data["teachers"]),
        ("骨干 backbone (county+)", data["backbone"]),
        ("可交流 eligible (R1)", data["eligible"]),
        ("可交流骨干 eligible backbone", data["eligible_backbone"]),
        ("最少交流人数 movers required (R2)", data["min_movers"]),
    ]:
        people.add_row(label, f"{value:,}")
    console.print(people)

    short = Table(title="缺编 Shortage by subject (posts unfilled)")
    short.add_column("subject")
    short.add_column("shortage", justify="right")
    for subject, gap in data["shortage_by_subject"].items():
        short.add_row(subject, _num(gap))
    short.add_row("[bold]total", _num(sum(data["shortage_by_subject"].values())))
    console.print(short)

    if data["travel"]:
        travel = Table(title="走教 Traveling lessons and teachers per township")
        for col in ("township", "lesson rows", "periods/week", "traveling teachers"):
            travel.add_column(col, justify="left" if col == "township" else "right")
        for row in data["travel"]:
            travel.add_row(row["township"], str(row["lessons"]), str(row["periods"]),
                           str(row["teachers"]))
        console.print(travel)

    console.print(cv_table(data["cvs"], "优质均衡 Teacher indicators per 100 students"))
    for note in inst.notes:
        console.print(f"[yellow]note:[/yellow] {note}")


def cv_table(cvs: pd.DataFrame, title: str, after: pd.DataFrame | None = None) -> Table:
    """County CVs against the 0.50 / 0.45 limits; with `after`, before and after side by side."""
    table = Table(title=title)
    for col in ("stage", "indicator", "schools", "mean/100", "CV", "limit"):
        table.add_column(col, justify="left" if col in ("stage", "indicator") else "right")
    if after is not None:
        table.add_column("CV after", justify="right")
    for i, row in cvs.iterrows():
        cells = [row["stage"], row["indicator"], str(row["schools"]),
                 _num(row["mean_per100"]), _cv(row["cv"], row["limit"]), f"{row['limit']:.2f}"]
        if after is not None:
            cells.append(_cv(after.loc[i, "cv"], row["limit"]))
        table.add_row(*cells)
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

"""Everything `rotaplan travel` writes, all at once: contract tables, workbook, pages, calendars.

The contract's three files (`travel_timetable.csv`, `travel_routes.csv`,
`travel_summary.json`) are what other tools and `rotaplan check` read; the rest is what
schools and teachers are handed: `travel_coverage.csv`, `travel.xlsx`, `timetables/`,
`calendars/` and `maps/`. Everything goes through `atomic_dir`, so a failure half way
leaves the previous plan (or nothing), never a mixture.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from scheduler.data.instance import Instance
from scheduler.solving import SolverSettings
from scheduler.term import Term
from scheduler.travel.changes import CHANGE_COLUMNS, counts
from scheduler.travel.result import Change, Route, Slot, TravelResult, weekly_periods, whole

TIMETABLE_COLUMNS = ("teacher_id", "day", "period", "site_id", "class_id", "subject", "weeks")
ROUTE_COLUMNS = ("teacher_id", "day", "stops", "km", "minutes")
COVERAGE_COLUMNS = ("site_id", "site_name", "subject", "classes", "periods_required",
                    "periods_placed", "periods_missing")
UNPLACED_COLUMNS = ("site_id", "class_id", "subject", "reason")
KM_DECIMALS = 3
COSTS_CSV = "travel_costs.csv"


def timetable_frame(slots: Iterable[Slot]) -> pd.DataFrame:
    """travel_timetable.csv: exactly the contract's columns, one row per lesson period
    (`weeks`: odd or even for a biweekly row, T11; blank every week)."""
    rows = [(s.teacher_id, s.day, s.period, s.site_id, s.class_id, s.subject, s.weeks)
            for s in sorted(slots)]
    return pd.DataFrame(rows, columns=list(TIMETABLE_COLUMNS))


def changes_frame(changes: Iterable[Change]) -> pd.DataFrame:
    """travel_changes.csv: each slot of the previous timetable this one does not keep
    (`change` old) and each slot it adds (new), with its cause."""
    rows = [(c.slot.teacher_id, c.slot.day, c.slot.period, c.slot.site_id, c.slot.class_id,
             c.slot.subject, c.change, c.cause) for c in changes]
    return pd.DataFrame(rows, columns=list(CHANGE_COLUMNS))


def routes_frame(routes: Iterable[Route]) -> pd.DataFrame:
    """travel_routes.csv: stops joined by `>`; km and minutes rounded as written."""
    rows = [(r.teacher_id, r.day, ">".join(r.stops), round(r.km, KM_DECIMALS),
             round(r.minutes, KM_DECIMALS))
            for r in sorted(routes, key=lambda r: (r.teacher_id, r.day))]
    return pd.DataFrame(rows, columns=list(ROUTE_COLUMNS))


def coverage_frame(inst: Instance, slots: Iterable[Slot]) -> pd.DataFrame:
    """For every site and subject: periods lessons.csv requires against periods placed."""
    placed: Counter[tuple[str, str]] = Counter()
    for s in slots:
        placed[(s.site_id, s.subject)] += s.periods
    required: Counter[tuple[str, str]] = Counter()  # float counts: 0.5 for T11 rows
    classes: Counter[tuple[str, str]] = Counter()
    for le in inst.lessons:
        required[(le.site_id, le.subject)] += le.periods_per_week
        classes[(le.site_id, le.subject)] += 1
    rows = []
    for site, subject in sorted(set(required) | set(placed)):
        need, got = required[(site, subject)], placed[(site, subject)]
        rows.append((site, inst.school[site].name if site in inst.school else "", subject,
                     classes[(site, subject)], whole(need), whole(got), whole(max(0, need - got))))
    return pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS))


def lessons_placed(inst: Instance, slots: Iterable[Slot]) -> int:
    """Lesson rows that received all their weekly periods (T1 satisfied for that row)."""
    got: Counter[tuple[str, str, str]] = Counter()
    for s in slots:
        got[(s.site_id, s.class_id, s.subject)] += s.periods
    return sum(got[(le.site_id, le.class_id, le.subject)] == le.periods_per_week
               for le in inst.lessons)


def summary(inst: Instance, result: TravelResult, *, baseline: TravelResult | None = None,
            settings: SolverSettings | None = None, partial: bool = False) -> dict[str, Any]:
    """travel_summary.json: the contract's keys first, then what a reader asks next."""
    stats = result.stats
    km = _total_km(result.routes)
    out: dict[str, Any] = {
        "status": stats.status,
        "objective": stats.objective,
        "best_bound": stats.best_bound,
        "gap": stats.gap,
        "lessons": len(inst.lessons),
        "lessons_placed": lessons_placed(inst, result.slots),
        "total_km": km,
        "solve_seconds": round(stats.solve_seconds, 3),
        "periods": whole(sum(le.periods_per_week for le in inst.lessons)),
        "periods_placed": weekly_periods(result.slots),
        "teachers_used": len({s.teacher_id for s in result.slots}),
        "sites_served": len({s.site_id for s in result.slots}),
        "route_days": len(result.routes),
        "total_minutes": round(sum(r.minutes for r in result.routes), 1),
        "method": stats.method,
        "partial": partial,
        # the parts' bound holds for the county only when no lesson had a teacher outside
        # its part; otherwise `best_bound` is the county's LP bound (`county_bound`)
        "decomposition_exact": result.decomposition_exact,
        "parts_bound": result.parts_bound,
        "parts_gap": result.parts_gap,
        "county_bound": result.county_bound or None,
        "bound_clamped_parts": sum(bool(p.get("bound_clamped")) for p in result.parts),
        "parts": result.parts,
        "unplaced": [dict(zip(UNPLACED_COLUMNS, (*u[:3], str(u[3])), strict=True))
                     for u in result.unplaced],
        "terms": dict(result.terms),
        "baseline_method": None,
        "baseline_km": None,
        "km_saving": None,
        "km_saving_share": None,
        "stats": stats.as_dict(),
        "settings": _settings(settings, stats),
        "policy": inst.policy.model_dump(mode="json"),
    }
    if result.previous is not None:
        out["changed_from_baseline"] = {**counts(result.previous.changes),
                                        "replan": dict(result.previous.figures)}
    if baseline is not None:
        base_km = _total_km(baseline.routes)
        out.update(baseline_method=baseline.stats.method, baseline_km=base_km,
                   km_saving=round(base_km - km, KM_DECIMALS),
                   km_saving_share=round((base_km - km) / base_km, 4) if base_km else None,
                   baseline_lessons_placed=lessons_placed(inst, baseline.slots))
    return out


def _total_km(routes: Iterable[Route]) -> float:
    """The sum of the km as routes.csv writes them, so the checker's sum matches exactly."""
    return round(sum(round(r.km, KM_DECIMALS) for r in routes), KM_DECIMALS)


def _settings(settings: SolverSettings | None, stats: Any) -> dict[str, Any]:
    if settings is None:
        return {"time_limit": stats.time_limit, "workers": stats.workers, "seed": stats.seed}
    return {"time_limit": settings.time_limit, "workers": settings.workers,
            "seed": settings.seed, "params": dict(settings.params)}


def term_facts(term: Term) -> dict[str, Any]:
    """The summary's `calendar` block: which dates the timetable and allowance count."""
    return {"term_start": term.start.isoformat(), "term_end": term.end.isoformat(),
            "weeks": term.weeks, "school_days": len(term.days),
            "days_off": {d.isoformat(): name for d, name in sorted(term.days_off.items())},
            "makeup_days": {d.date.isoformat(): d.weekday for d in term.days if d.makeup},
            "source": term.source, "timezone": "Asia/Shanghai"}

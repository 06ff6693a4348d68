"""Re-check a written traveling-teacher plan against the contract, rule by rule, without a solver.

Reads `travel_timetable.csv`, `travel_routes.csv` and `travel_summary.json` as an outside
tool would (the contract's column names are spelt out here, not imported from the writer,
so a writer that drifts is caught), checks T1–T9 of data-contract.md §3 and T10–T12 of
§5 literally, one function per rule, and recomputes the summary's figures (km from the
roads, the objective with `scheduler.travel.score.score` where that module exists).
Findings name teacher, site, class, day and period by id, never a teacher's name. A
malformed file becomes a `format` finding with the file and row, never a traceback.

Readings where the contract leaves room, stated once:
- "sites a day" (T5) counts every distinct site of the day's lessons, the teacher's own
  school included when it teaches there;
- "traveling periods" (T6) are the periods taught away from the teacher's own school;
- T4 compares each pair of lessons that follow each other in a teacher's day, each site
  on its own bells (junior and nine-year sites on the `_junior` keys, §5), and wants
  every lesson in a period its site rings;
- T10 counts the same traveling periods as T6, with a blank `home_periods` as 0;
- T12 takes a school's township to be its `central_school_id`, or itself where blank;
- T9 wants a route for every teacher-day with a lesson away from home (a day spent
  wholly at home may have one, and then it must be right), stops starting and ending at
  home and, with repeats in a row merged, equal to home + the lesson sites by period +
  home; km and minutes are the road figures along those stops within 0.01.

This module must not import ortools, directly or through what it imports.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from scheduler.check.base import (
    REL_TOLERANCE,
    CheckReport,
    Finding,
    Row,
    check_bound,
    check_policy,
    check_status,
    close,
    is_number,
    list_ids,
    not_a_number,
    read_contract_csv,
    read_summary,
    unguard,
)
from scheduler.data.instance import Instance
from scheduler.term import school_term
from scheduler.travel.costs import costs_frame
from scheduler.travel.result import Route, Slot
from scheduler.travel.score import score

TIMETABLE_CSV = "travel_timetable.csv"
ROUTES_CSV = "travel_routes.csv"
SUMMARY_JSON = "travel_summary.json"
# The contract's words (§2), on purpose not the writer's constants.
TIMETABLE_COLUMNS = ("teacher_id", "day", "period", "site_id", "class_id", "subject")
WEEKS = ("", "odd", "even")  # the optional `weeks` column (T11, §5)
ROUTE_COLUMNS = ("teacher_id", "day", "stops", "km", "minutes")
SUMMARY_KEYS = ("status", "objective", "best_bound", "gap", "lessons", "lessons_placed",
                "total_km", "solve_seconds")
COSTS_CSV = "travel_costs.csv"  # data contract §5: optional for plans written before it
COST_COLUMNS = ("teacher_id", "days_per_week", "km_per_week", "term_days", "term_km",
                "term_allowance")
# A minimal-change re-plan (`travel --baseline`): the previous timetable kept with the plan,
# and the changes against it with their causes.
PREVIOUS_CSV = "travel_previous_timetable.csv"
CHANGES_CSV = "travel_changes.csv"
CHANGE_COLUMNS = ("teacher_id", "day", "period", "site_id", "class_id", "subject", "change",
                  "cause")
CAUSES = ("teacher_gone", "teacher_busy", "lesson_changed", "rule", "objective")
TOLERANCE = 0.01  # km and minutes as written
YUAN_TOLERANCE = 0.01


@dataclass(frozen=True)
class RouteRow:
    """One row of travel_routes.csv as read; `row` counts as a spreadsheet does."""

    row: int
    teacher_id: str
    day: int
    stops: tuple[str, ...]
    km: float
    minutes: float


@dataclass
class Plan:
    """The timetable rows that name known teachers and sites in the week, and the routes."""

    slots: list[Slot] = field(default_factory=list)
    routes: list[RouteRow] = field(default_factory=list)
    routes_read: bool = False
    unplaced: frozenset[tuple[str, str, str]] = frozenset()


def check_travel(inst: Instance, plan_dir: Path,
                 unplaced: Iterable[tuple[str, str, str]] = ()) -> CheckReport:
    """Every broken rule of the travel plan in `plan_dir`, and the figures recomputed.

    `unplaced` names (site, class, subject) lesson rows that a `--partial` plan declares
    it left out: T1 then expects none of their periods instead of all. `rotaplan check`
    passes nothing, so a partial plan is reported as breaking T1, which it does.
    """
    plan_dir = Path(plan_dir)
    report = CheckReport(plan="travel")
    plan = Plan(unplaced=frozenset(unplaced))
    table, problems = read_table(plan_dir / TIMETABLE_CSV, TIMETABLE_COLUMNS)
    report.findings.extend(problems)
    if table is None:
        return report
    plan.slots = parse_slots(inst, table, report.findings)
    routes, problems = read_table(plan_dir / ROUTES_CSV, ROUTE_COLUMNS)
    report.findings.extend(problems)
    if routes is not None:
        plan.routes = parse_routes(inst, routes, report.findings)
        plan.routes_read = True
    for rule in RULES:
        report.findings.extend(rule(inst, plan))
    report.figures = recompute(inst, plan)
    summary, problems = read_summary(plan_dir / SUMMARY_JSON, SUMMARY_KEYS)
    report.findings.extend(problems)
    if summary is not None:
        report.findings.extend(check_summary(inst, summary, report.figures))
    if (plan_dir / COSTS_CSV).is_file() and plan.routes_read:
        report.findings.extend(check_costs(inst, plan, plan_dir / COSTS_CSV, summary))
    if (plan_dir / PREVIOUS_CSV).is_file():
        report.findings.extend(check_changes(inst, plan_dir, table, summary))
    return report


# --- reading -------------------------------------------------------------------------


def read_table(path: Path, columns: tuple[str, ...]
               ) -> tuple[list[Row] | None, list[Finding]]:
    """(row number, cells) of a contract CSV with formula guards taken off, or None."""
    rows, findings = read_contract_csv(path, columns, require_bom=True)
    if rows is None:
        return None, findings
    return [(n, {h: unguard(c) for h, c in cells.items()}) for n, cells in rows], findings


def _int(text: str, low: int, high: int) -> int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    if not value.is_integer() or not low <= value <= high:
        return None
    return int(value)


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_slots(inst: Instance, rows: list[tuple[int, dict[str, str]]],
                findings: list[Finding]) -> list[Slot]:
    """Rows with a known teacher and site, a day and a period of the policy's week."""
    t = inst.policy.travel
    slots = []
    for number, c in rows:
        where = f"{TIMETABLE_CSV} row {number}"
        day = _int(c["day"], 1, t.days)
        period = _int(c["period"], 1, t.periods)
        wrong = []
        if c["teacher_id"] not in inst.teacher:
            wrong.append(f"teacher {c['teacher_id']!r} is not in teachers.csv")
        if c["site_id"] not in inst.school:
            wrong.append(f"site {c['site_id']!r} is not in schools.csv")
        if not c["class_id"] or not c["subject"]:
            wrong.append("class_id and subject must not be blank")
        if day is None:
            wrong.append(f"day {c['day']!r} is not a day from 1 to {t.days} (travel.days)")
        if period is None:
            wrong.append(f"period {c['period']!r} is not a period from 1 to {t.periods}")
        weeks = c.get("weeks", "")
        if weeks not in WEEKS:
            wrong.append(f"weeks {weeks!r} is not odd, even or blank")
        if wrong:
            findings.append(Finding("format", f"{where}: {'; '.join(wrong)}; row skipped"))
            continue
        slots.append(Slot(c["teacher_id"], day, period, c["site_id"], c["class_id"],
                          c["subject"], weeks))
    return slots


def parse_routes(inst: Instance, rows: list[tuple[int, dict[str, str]]],
                 findings: list[Finding]) -> list[RouteRow]:
    """Rows with a known teacher, a day of the week, known stops and numeric km/minutes."""
    days = inst.policy.travel.days
    routes = []
    for number, c in rows:
        where = f"{ROUTES_CSV} row {number}"
        day = _int(c["day"], 1, days)
        km, minutes = _float(c["km"]), _float(c["minutes"])
        stops = tuple(unguard(s.strip()) for s in c["stops"].split(">"))
        wrong = []
        if c["teacher_id"] not in inst.teacher:
            wrong.append(f"teacher {c['teacher_id']!r} is not in teachers.csv")
        if day is None:
            wrong.append(f"day {c['day']!r} is not a day from 1 to {days}")
        unknown = [s for s in stops if s not in inst.school]
        if unknown:
            wrong.append(f"stop(s) {', '.join(map(repr, unknown))} not in schools.csv")
        if km is None or minutes is None:
            wrong.append(f"km {c['km']!r} and minutes {c['minutes']!r} must be numbers")
        if wrong:
            findings.append(Finding("format", f"{where}: {'; '.join(wrong)}; row skipped"))
            continue
        routes.append(RouteRow(number, c["teacher_id"], day, stops, km, minutes))
    return routes


# --- T1–T9: one function per rule ----------------------------------------------------


def _lesson_key(s: Slot) -> tuple[str, str, str]:
    return (s.site_id, s.class_id, s.subject)


def _lesson_name(key: tuple[str, str, str]) -> str:
    site, cls, subject = key
    return f"site {site} class {cls} {subject}"


def _where(s: Slot) -> str:
    return f"day {s.day} period {s.period}"


def _lessons(inst: Instance) -> dict[tuple[str, str, str], Any]:
    return {(le.site_id, le.class_id, le.subject): le for le in inst.lessons}


def t1_periods(inst: Instance, plan: Plan) -> list[Finding]:
    """T1: every lesson row gets exactly periods_per_week periods (none if declared unplaced);
    a row in odd or even weeks only gives half a period a week (T11)."""
    got: Counter[tuple[str, str, str]] = Counter()
    for s in plan.slots:
        got[_lesson_key(s)] += s.periods
    lessons = _lessons(inst)
    out = []
    for key, le in lessons.items():
        if key in plan.unplaced:
            if got[key]:
                out.append(Finding("T1", f"{_lesson_name(key)}: {got[key]:g} period(s) placed, "
                                         "but the plan lists it as not placed"))
        elif got[key] != le.periods_per_week:
            out.append(Finding("T1", f"{_lesson_name(key)}: {got[key]:g} period(s) placed, "
                                     f"lessons.csv asks for {le.periods_per_week:g}"))
    for key in sorted(set(got) - set(lessons)):
        out.append(Finding("T1", f"{_lesson_name(key)}: {got[key]:g} period(s) placed, but "
                                 "lessons.csv has no such row"))
    return out


def t2_teacher(inst: Instance, plan: Plan) -> list[Finding]:
    """T2: one teacher per lesson row all week; qualified; can_travel or serving there; pin."""
    teachers: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s in plan.slots:
        teachers[_lesson_key(s)].add(s.teacher_id)
    lessons = _lessons(inst)
    out = []
    for key, tids in sorted(teachers.items()):
        name = _lesson_name(key)
        if len(tids) > 1:
            out.append(Finding("T2", f"{name} is taught by {len(tids)} teachers "
                                     f"({list_ids(sorted(tids))}); one teacher teaches it all "
                                     "week"))
        site, _, subject = key
        for tid in sorted(tids):
            t = inst.teacher[tid]
            if not t.teaches(subject):
                others = ", ".join(t.other_subjects) or "none"
                out.append(Finding("T2", f"{name}: teacher {tid} does not teach {subject} "
                                         f"(main {t.subject}, other {others})"))
            if not t.can_travel and t.school_id != site:
                out.append(Finding("T2", f"{name}: teacher {tid} serves at {t.school_id}, not "
                                         f"{site}, and may not travel (can_travel is false)"))
            pinned = lessons[key].teacher_id if key in lessons else None
            if pinned is not None and tid != pinned:
                out.append(Finding("T2", f"{name} is pinned to teacher {pinned} in lessons.csv "
                                         f"but taught by {tid}"))
    return out


def t3_clashes(inst: Instance, plan: Plan) -> list[Finding]:
    """T3: no teacher and no class in two places at once; busy slots respected."""
    out = []
    by_teacher: dict[tuple[str, int, int], list[Slot]] = defaultdict(list)
    by_class: dict[tuple[str, str, int, int], list[Slot]] = defaultdict(list)
    for s in plan.slots:
        by_teacher[(s.teacher_id, s.day, s.period)].append(s)
        by_class[(s.site_id, s.class_id, s.day, s.period)].append(s)
    for (tid, day, period), slots in sorted(by_teacher.items()):
        if len(slots) > 1 and not _alternate(slots):
            what = "; ".join(f"site {s.site_id} class {s.class_id} {s.subject}" for s in slots)
            out.append(Finding("T3", f"teacher {tid} has {len(slots)} lessons on day {day} "
                                     f"period {period}: {what}"))
    for (site, cls, day, period), slots in sorted(by_class.items()):
        if len(slots) > 1 and not _alternate(slots):
            what = "; ".join(f"{s.subject} with teacher {s.teacher_id}" for s in slots)
            out.append(Finding("T3", f"site {site} class {cls} has {len(slots)} lessons on day "
                                     f"{day} period {period}: {what}"))
    busy = {(b.owner_id, b.day, b.period) for b in inst.busy}
    for s in sorted(plan.slots):
        if (s.teacher_id, s.day, s.period) in busy:
            out.append(Finding("T3", f"teacher {s.teacher_id} is busy on {_where(s)} (busy.csv) "
                                     f"but teaches site {s.site_id} class {s.class_id} "
                                     f"{s.subject}"))
        if (f"{s.site_id}/{s.class_id}", s.day, s.period) in busy:
            out.append(Finding("T3", f"site {s.site_id} class {s.class_id} is busy on "
                                     f"{_where(s)} (busy.csv) but has {s.subject} with teacher "
                                     f"{s.teacher_id}"))
    return out


def _alternate(slots: list[Slot]) -> bool:
    """T11: two rows in one slot share it only as one odd and one even."""
    return len(slots) == 2 and sorted(s.weeks for s in slots) == ["even", "odd"]


def t11_every_second_week(inst: Instance, plan: Plan) -> list[Finding]:
    """T11: a 0.5 row's timetable rows carry weeks = odd or even; a weekly row's none."""
    lessons = _lessons(inst)
    out = []
    for s in sorted(plan.slots):
        le = lessons.get(_lesson_key(s))
        if le is None:
            continue  # T1 names it
        if le.periods_per_week == 0.5 and not s.weeks:
            out.append(Finding("T11", f"{_lesson_name(_lesson_key(s))} on {_where(s)}: "
                                      "lessons.csv asks for 0.5 periods a week, but the row's "
                                      "weeks is blank (expected odd or even)"))
        elif le.periods_per_week != 0.5 and s.weeks:
            out.append(Finding("T11", f"{_lesson_name(_lesson_key(s))} on {_where(s)}: "
                                      f"weeks is {s.weeks}, but lessons.csv asks for "
                                      f"{le.periods_per_week:g} periods every week"))
    return out


def _days(plan: Plan) -> dict[tuple[str, int], list[Slot]]:
    """Each teacher's day, lessons in period order."""
    out: dict[tuple[str, int], list[Slot]] = defaultdict(list)
    for s in sorted(plan.slots, key=lambda s: (s.teacher_id, s.day, s.period, s.site_id)):
        out[(s.teacher_id, s.day)].append(s)
    return out


def _junior(inst: Instance, school_id: str) -> bool:
    """§5: junior and nine-year schools ring the junior bells and carry the junior total."""
    return str(inst.school[school_id].stage) in ("junior", "nine_year")


def _bells(inst: Instance, site: str) -> tuple[list[int], int]:
    """A site's period starts (minutes after midnight) and period length (§5: junior and
    nine-year sites ring the `_junior` keys)."""
    travel = inst.policy.travel
    junior = _junior(inst, site)
    starts = travel.period_starts_junior if junior else travel.period_starts
    minutes = travel.period_minutes_junior if junior else travel.period_minutes
    return [int(t[:2]) * 60 + int(t[3:]) for t in starts], minutes


def t4_travel_gap(inst: Instance, plan: Plan) -> list[Finding]:
    """T4: between consecutive lessons at different sites the road minutes fit in the gap
    between the end of the first (its site's bells) and the start of the second (its)."""
    out = []
    for s in plan.slots:
        starts, _ = _bells(inst, s.site_id)
        if s.period > len(starts):
            out.append(Finding("T4", f"{_where(s)}: {s.site_id} rings {len(starts)} periods "
                                     f"a day, not {s.period}"))
    for (tid, day), slots in sorted(_days(plan).items()):
        for a, b in pairwise(slots):
            if a.site_id == b.site_id or a.period == b.period:
                continue  # the same period is T3's clash
            (starts_a, length_a), (starts_b, _) = _bells(inst, a.site_id), _bells(inst, b.site_id)
            if a.period > len(starts_a) or b.period > len(starts_b):
                continue  # reported above
            minutes = inst.road_minutes(a.site_id, b.site_id)
            gap = starts_b[b.period - 1] - (starts_a[a.period - 1] + length_a)
            if math.isnan(minutes):
                out.append(Finding("T4", f"teacher {tid} day {day}: no travel time is known "
                                         f"from {a.site_id} (period {a.period}) to {b.site_id} "
                                         f"(period {b.period})"))
            elif minutes > gap + 1e-9:
                out.append(Finding("T4", f"teacher {tid} day {day}: {a.site_id} period "
                                         f"{a.period} to {b.site_id} period {b.period} takes "
                                         f"{minutes:.1f} min but the gap is {gap} min"))
    return out


def t5_sites_per_day(inst: Instance, plan: Plan) -> list[Finding]:
    """T5: at most max_sites_per_day different sites per teacher per day."""
    limit = inst.policy.travel.max_sites_per_day
    out = []
    for (tid, day), slots in sorted(_days(plan).items()):
        sites = list(dict.fromkeys(s.site_id for s in slots))
        if len(sites) > limit:
            out.append(Finding("T5", f"teacher {tid} day {day} teaches at {len(sites)} sites "
                                     f"({list_ids(sites)}); at most {limit} "
                                     "(travel.max_sites_per_day)"))
    return out


def _away(inst: Instance, plan: Plan) -> Counter[str]:
    """Each teacher's weekly traveling periods: away from its school, halves for T11 rows."""
    away: Counter[str] = Counter()
    for s in plan.slots:
        if s.site_id != inst.teacher[s.teacher_id].school_id:
            away[s.teacher_id] += s.periods
    return away


def t6_weekly_cap(inst: Instance, plan: Plan) -> list[Finding]:
    """T6: periods away from the teacher's school ≤ max_travel_periods (policy default)."""
    away = _away(inst, plan)
    out = []
    for tid, n in sorted(away.items()):
        t = inst.teacher[tid]
        cap = (t.max_travel_periods if t.max_travel_periods is not None
               else inst.policy.travel.max_travel_periods)
        source = ("teachers.csv max_travel_periods" if t.max_travel_periods is not None
                  else "travel.max_travel_periods")
        if n > cap:
            out.append(Finding("T6", f"teacher {tid} travels for {n:g} periods a week; the cap "
                                     f"is {cap} ({source})"))
    return out


def t7_once_a_day(inst: Instance, plan: Plan) -> list[Finding]:
    """T7: a class has a subject at most once a day, or ceil(periods / days) with more."""
    days = inst.policy.travel.days
    per_day = Counter((*_lesson_key(s), s.day) for s in plan.slots)
    lessons = _lessons(inst)
    out = []
    for (site, cls, subject, day), n in sorted(per_day.items()):
        le = lessons.get((site, cls, subject))
        if le is None:
            continue  # T1 names rows that lessons.csv lacks
        allowed = 1 if le.periods_per_week <= days else math.ceil(le.periods_per_week / days)
        if n > allowed:
            out.append(Finding("T7", f"site {site} class {cls} has {subject} {n} times on day "
                                     f"{day}; at most {allowed} ({le.periods_per_week} "
                                     f"period(s) over {days} days)"))
    return out


def t8_reach(inst: Instance, plan: Plan) -> list[Finding]:
    """T8: every site a teacher serves is within max_one_way_minutes of its school."""
    limit = inst.policy.travel.max_one_way_minutes
    out = []
    for tid, site in sorted({(s.teacher_id, s.site_id) for s in plan.slots}):
        home = inst.teacher[tid].school_id
        if site == home:
            continue
        minutes = inst.road_minutes(home, site)
        if math.isnan(minutes):
            out.append(Finding("T8", f"teacher {tid}: no travel time is known from {home} to "
                                     f"site {site}"))
        elif minutes > limit + 1e-9:
            out.append(Finding("T8", f"teacher {tid}: site {site} is {minutes:.1f} min from "
                                     f"{home}; at most {limit:g} (travel.max_one_way_minutes)"))
    return out


def t10_total_load(inst: Instance, plan: Plan) -> list[Finding]:
    """T10: home_periods + weekly traveling periods ≤ the stage's max_total_periods_* (the
    teacher's own school's stage; nine-year counts as junior)."""
    travel = inst.policy.travel
    away = _away(inst, plan)
    out = []
    for tid, n in sorted(away.items()):
        t = inst.teacher[tid]
        junior = _junior(inst, t.school_id)
        key = "max_total_periods_junior" if junior else "max_total_periods_primary"
        limit = getattr(travel, key)
        home = t.home_periods or 0
        if home + n > limit:
            out.append(Finding("T10", f"teacher {tid} teaches {home} periods at home and "
                                      f"travels for {n:g}: {home + n:g} a week, more than "
                                      f"{limit} (travel.{key})"))
    return out


def t12_scope(inst: Instance, plan: Plan) -> list[Finding]:
    """T12: with travel.scope district or township, a site is served only by teachers of
    schools of its district_id or of its township."""
    scope = inst.policy.travel.scope
    if scope == "county":
        return []

    def area(school_id: str) -> str:
        sc = inst.school[school_id]
        if scope == "district":
            return sc.district_id or ""
        return sc.central_school_id or sc.school_id

    out = []
    for tid, site in sorted({(s.teacher_id, s.site_id) for s in plan.slots}):
        home = inst.teacher[tid].school_id
        if site != home and area(home) != area(site):
            out.append(Finding("T12", f"teacher {tid} of {home} ({scope} {area(home) or '-'}) "
                                      f"serves site {site} ({scope} {area(site) or '-'}); "
                                      f"travel.scope = {scope!r}"))
    return out


def _merged(stops: Iterable[str]) -> list[str]:
    out: list[str] = []
    for s in stops:
        if not out or out[-1] != s:
            out.append(s)
    return out


def t9_routes(inst: Instance, plan: Plan) -> list[Finding]:
    """T9: routes start and end at home, visit the sites in lesson order, true km/minutes."""
    if not plan.routes_read:
        return []  # the missing or unreadable file is already a format finding
    days = _days(plan)
    out = []
    seen: dict[tuple[str, int], int] = {}
    for r in plan.routes:
        key = (r.teacher_id, r.day)
        where = f"{ROUTES_CSV} row {r.row}: teacher {r.teacher_id} day {r.day}"
        if key in seen:
            out.append(Finding("T9", f"{where}: a second route (first on row {seen[key]})"))
            continue
        seen[key] = r.row
        home = inst.teacher[r.teacher_id].school_id
        slots = days.get(key)
        if not slots:
            out.append(Finding("T9", f"{where}: a route on a day without lessons"))
            continue
        expected = _merged([home, *(s.site_id for s in slots), home])
        if r.stops[0] != home or r.stops[-1] != home:
            out.append(Finding("T9", f"{where}: the route {'>'.join(r.stops)} must start and "
                                     f"end at the teacher's school {home}"))
        elif _merged(r.stops) != expected:
            out.append(Finding("T9", f"{where}: the route {'>'.join(r.stops)} does not follow "
                                     f"the lessons, which give {'>'.join(expected)}"))
        legs = list(pairwise(r.stops))
        for label, value, true in (
                ("km", r.km, sum(inst.road_km(a, b) for a, b in legs)),
                ("minutes", r.minutes, sum(inst.road_minutes(a, b) for a, b in legs))):
            if math.isnan(true):
                out.append(Finding("T9", f"{where}: no road {label} is known along "
                                         f"{'>'.join(r.stops)}"))
            elif abs(value - true) > TOLERANCE + 1e-9:
                out.append(Finding("T9", f"{where}: {label} is {value:g} but the road along "
                                         f"{'>'.join(r.stops)} is {true:.3f}"))
    for (tid, day), slots in sorted(days.items()):
        home = inst.teacher[tid].school_id
        if (tid, day) not in seen and any(s.site_id != home for s in slots):
            sites = ">".join(_merged([home, *(s.site_id for s in slots), home]))
            out.append(Finding("T9", f"teacher {tid} day {day} teaches away from {home} but "
                                     f"{ROUTES_CSV} has no route for it (expected {sites})"))
    return out


RULES: tuple[Callable[[Instance, Plan], list[Finding]], ...] = (
    t1_periods, t2_teacher, t3_clashes, t4_travel_gap, t5_sites_per_day, t6_weekly_cap,
    t7_once_a_day, t8_reach, t9_routes, t10_total_load, t11_every_second_week, t12_scope,
)


# --- the reported figures ------------------------------------------------------------


def recompute(inst: Instance, plan: Plan) -> dict[str, Any]:
    """The true figures of the timetable, as the summary should report them."""
    got: Counter[tuple[str, str, str]] = Counter()
    for s in plan.slots:
        got[_lesson_key(s)] += s.periods
    figures: dict[str, Any] = {
        "lessons": len(inst.lessons),
        "lessons_placed": sum(got[(le.site_id, le.class_id, le.subject)] == le.periods_per_week
                              for le in inst.lessons),
        "periods": sum(le.periods_per_week for le in inst.lessons),
        "periods_placed": sum(s.periods for s in plan.slots),
        "teachers_used": len({s.teacher_id for s in plan.slots}),
        "total_km": round(sum(r.km for r in plan.routes), 3),
    }
    terms = dict(score(inst, plan.slots))
    figures["objective"] = terms["total"]
    figures["objective_terms"] = terms
    return figures


def check_summary(inst: Instance, summary: Mapping[str, Any],
                  true: Mapping[str, Any]) -> list[Finding]:
    """The counts and km against the plan; status, objective, bound and gap for consistency."""
    out = []
    for key, tolerance in (("lessons", 0), ("lessons_placed", 0), ("periods", 0),
                           ("periods_placed", 0), ("teachers_used", 0),
                           ("total_km", TOLERANCE)):
        if key not in summary:
            continue  # the contract's keys were checked when reading; the rest are extras
        value = summary[key]
        if not is_number(value):
            out.append(Finding("format", f"{SUMMARY_JSON}: {key} is {value!r}, not a number"))
        elif abs(value - true[key]) > tolerance + 1e-9:
            out.append(Finding("figures", f"{SUMMARY_JSON}: {key} is {value:g} but the plan "
                                          f"gives {true[key]:g}"))
    out.extend(_check_objective(summary, true.get("objective")))
    out.extend(check_policy(inst, summary, "travel."))
    return out


Change = tuple[str, int, int, str, str, str]


def _change_key(cells: Mapping[str, str]) -> Change | None:
    """(teacher, day, period, site, class, subject) of a row, or None when malformed."""
    day, period = _int(cells["day"], 1, 7), _int(cells["period"], 1, 99)
    if day is None or period is None or not all(cells[c] for c in TIMETABLE_COLUMNS):
        return None
    return (cells["teacher_id"], day, period, cells["site_id"], cells["class_id"],
            cells["subject"])


def check_changes(inst: Instance, plan_dir: Path, table: list[Row],
                  summary: Mapping[str, Any] | None) -> list[Finding]:
    """A re-plan: travel_changes.csv lists exactly the slots of the previous timetable
    that this one does not keep (old) and the slots it adds (new), each once, with a
    known cause; a teacher said gone is not in teachers.csv, one said busy is busy then;
    the summary's `changed_from_baseline` counts them. Slots compare without `weeks`."""
    previous, out = read_table(plan_dir / PREVIOUS_CSV, TIMETABLE_COLUMNS)
    listed, problems = read_table(plan_dir / CHANGES_CSV, CHANGE_COLUMNS)
    out.extend(problems)
    if previous is None or listed is None:
        return out
    before = {k for _n, cells in previous if (k := _change_key(cells))}
    after = {k for _n, cells in table if (k := _change_key(cells))}
    want = {("old", k) for k in before - after} | {("new", k) for k in after - before}
    busy = {(b.owner_id, b.day, b.period) for b in inst.busy}
    got: Counter[tuple[str, Change]] = Counter()
    old_causes: Counter[str] = Counter()
    for n, cells in listed:
        k, change, cause = _change_key(cells), cells["change"], cells["cause"]
        if k is None or change not in ("old", "new") or cause not in CAUSES:
            out.append(Finding("format", f"{CHANGES_CSV} row {n}: expected a slot, change "
                                         f"old or new and a cause of {', '.join(CAUSES)}"))
            continue
        got[change, k] += 1
        old_causes[cause] += change == "old"
        if cause == "teacher_gone" and change == "old" and k[0] in inst.teacher:
            out.append(Finding("baseline", f"{CHANGES_CSV} row {n}: teacher {k[0]} is said "
                                           "gone but is in teachers.csv"))
        if cause == "teacher_busy" and change == "old" and k[:3] not in busy:
            out.append(Finding("baseline", f"{CHANGES_CSV} row {n}: teacher {k[0]} is said "
                                           f"busy on day {k[1]} period {k[2]} but busy.csv "
                                           "does not say so"))
    between = f"between {PREVIOUS_CSV} and {TIMETABLE_CSV}"
    for what, keys in ((f"change(s) {between} missing from {CHANGES_CSV}", want - set(got)),
                       (f"row(s) of {CHANGES_CSV} that are no change {between}",
                        set(got) - want)):
        if keys:
            shown = [f"{c} {'/'.join(map(str, k))}" for c, k in sorted(keys)]
            out.append(Finding("baseline", f"{len(keys)} {what}: {list_ids(shown)}"))
    twice = sorted(k for k, n in got.items() if n > 1)
    if twice:
        out.append(Finding("baseline", f"{CHANGES_CSV} lists {len(twice)} change(s) more than "
                                       "once"))
    changed = (summary or {}).get("changed_from_baseline")
    if not isinstance(changed, Mapping):
        return [*out, Finding("format", f"{SUMMARY_JSON} lacks changed_from_baseline")]
    true = {"slots": len(before - after), "added": len(after - before)}
    for name, value in true.items():
        if changed.get(name) != value:
            out.append(Finding("figures", f"{SUMMARY_JSON}: changed_from_baseline.{name} is "
                                          f"{changed.get(name)!r} but the timetables give "
                                          f"{value}"))
    by_cause = changed.get("by_cause")
    if not isinstance(by_cause, Mapping) or any(
            by_cause.get(c, 0) != old_causes[c] for c in CAUSES):
        out.append(Finding("figures", f"{SUMMARY_JSON}: changed_from_baseline.by_cause is "
                                      f"{by_cause!r} but {CHANGES_CSV} gives "
                                      f"{dict(old_causes)}"))
    return out


def check_costs(inst: Instance, plan: Plan, path: Path,
                summary: Mapping[str, Any] | None) -> list[Finding]:
    """travel_costs.csv against the routes and the term (the summary's dates where it gives
    them, else the policy's), per teacher, and the summary's `term_allowance`."""
    table, out = read_table(path, COST_COLUMNS)
    if table is None:
        return out
    dates = (summary or {}).get("calendar") or {}
    try:
        start, end = (dt.date.fromisoformat(dates[k]) if dates.get(k) else None
                      for k in ("term_start", "term_end"))
    except (TypeError, ValueError):
        return [*out, Finding("format", f"{SUMMARY_JSON}: calendar term_start/term_end are "
                                        "not dates YYYY-MM-DD")]
    term = school_term(inst, start, end)
    routes = [Route(r.teacher_id, r.day, r.stops, r.km, r.minutes) for r in plan.routes]
    true = {r.teacher_id: r for r in costs_frame(inst, routes, term, plan.slots).itertuples()}
    seen = set()
    for n, cells in table:
        tid = cells["teacher_id"]
        seen.add(tid)
        if tid not in true:
            out.append(Finding("figures", f"{COSTS_CSV} row {n}: teacher {tid} has no route"))
            continue
        for key in COST_COLUMNS[1:]:
            value = _float(cells[key])
            want = getattr(true[tid], key)
            if value is None or abs(value - want) > YUAN_TOLERANCE + 1e-9:
                out.append(Finding("figures", f"{COSTS_CSV} row {n}: {key} of teacher {tid} is "
                                              f"{cells[key]!r} but the routes and term give "
                                              f"{want:g}"))
    for tid in sorted(set(true) - seen):
        out.append(Finding("figures", f"{COSTS_CSV}: teacher {tid} has routes but no row"))
    total = round(sum(r.term_allowance for r in true.values()), 2)
    given = (summary or {}).get("term_allowance")
    if given is not None and (not is_number(given) or abs(given - total) > YUAN_TOLERANCE):
        out.append(Finding("figures", f"{SUMMARY_JSON}: term_allowance is {given!r} but the "
                                      f"routes and term give {total:g}"))
    return out


def _check_objective(summary: Mapping[str, Any], true_objective: float | None
                     ) -> list[Finding]:
    status = summary.get("status")
    objective, bound, gap = (summary.get(k) for k in ("objective", "best_bound", "gap"))
    out = check_status(summary, SUMMARY_JSON)
    wrong = not_a_number(summary, SUMMARY_JSON)
    if wrong is not None:
        return [*out, wrong]
    if objective is None:
        if status == "OPTIMAL":
            out.append(Finding("figures", f"{SUMMARY_JSON}: OPTIMAL without an objective"))
        return out
    if true_objective is not None and not close(objective, true_objective):
        out.append(Finding("figures", f"{SUMMARY_JSON}: objective is {objective:.10g} but the "
                                      f"timetable scores {true_objective:.10g}"))
    out.extend(check_bound(summary, SUMMARY_JSON))
    if bound is None:
        return out
    expected_gap = abs(objective - bound) / max(1.0, abs(objective))
    if gap is None or abs(gap - expected_gap) > REL_TOLERANCE:
        out.append(Finding("figures", f"{SUMMARY_JSON}: gap is {gap!r} but |objective − bound| "
                                      f"/ max(1, |objective|) is {expected_gap:.6g}"))
    if status == "OPTIMAL" and not close(bound, objective):
        out.append(Finding("figures", f"{SUMMARY_JSON}: status OPTIMAL but the bound "
                                      f"{bound:.10g} differs from the objective "
                                      f"{objective:.10g}"))
    return out

"""Re-check a written rotation plan against the contract, rule by rule, without the solver.

Reads `rotation_plan.csv` and `rotation_summary.json` as an outside tool would (the
contract's column names are spelt out here, not imported from the writer, so a writer
that drifts is caught), then checks R1–R8 of data-contract.md §3 and R9–R12 and the locks
(L) of §5 literally, and every reported figure against a recomputation from the instance
with `scheduler.rules` and `score`. Findings name teacher and school ids, never teachers'
names.

This module must not import ortools, directly or through what it imports.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler import rules
from scheduler.check.base import (
    REL_TOLERANCE,
    CheckReport,
    Finding,
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
from scheduler.data.models import School, Teacher
from scheduler.data.schema import LockAction, Post
from scheduler.errors import UsageError
from scheduler.rotation.changes import (
    CHANGE_COLUMNS,
    CHANGES_CSV,
    OBJECTIONS_CSV,
    PREVIOUS_CSV,
    Previous,
    differences,
    read_moves,
)
from scheduler.rotation.fairness import Audit, RuleTest, audit
from scheduler.rotation.score import score
from scheduler.solving import lexicographic_gap

PLAN_CSV = "rotation_plan.csv"
SUMMARY_JSON = "rotation_summary.json"
# The contract's words (§2), on purpose not the writer's constant.
CONTRACT_COLUMNS = ("teacher_id", "name", "subject", "backbone", "from_school_id",
                    "to_school_id", "distance_km", "reasons")
# §5 columns: optional, so a plan written before them stays readable; checked where given.
OPTIONAL_COLUMNS = ("post", "from_name", "to_name", "term_end_year")
SUMMARY_KEYS = ("status", "objective", "best_bound", "gap", "eligible", "movers",
                "backbone_movers", "unmet_shortage_before", "unmet_shortage_after",
                "solve_seconds")
KM_TOLERANCE = 0.01
OBJECTION_COLUMNS = ("teacher_id", "request", "school_id", "granted")


@dataclass(frozen=True)
class PlanRow:
    """One data row of rotation_plan.csv; `row` counts as a spreadsheet does (header = 1)."""

    row: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


@dataclass
class Plan:
    """The rows as written, and the moves they make (teacher_id -> to_school_id).

    `moves` keeps the first row of each known teacher going to a known school other than
    the one the teacher serves at; every other row is an R8 finding.
    """

    rows: list[PlanRow]
    moves: dict[str, str] = field(default_factory=dict)
    row_of: dict[str, int] = field(default_factory=dict)


def check_rotation(inst: Instance, plan_dir: Path) -> CheckReport:
    """Every broken rule of the plan in `plan_dir`, and the figures recomputed."""
    plan_dir = Path(plan_dir)
    report = CheckReport(plan="rotation")
    rows, problems = read_plan(plan_dir / PLAN_CSV)
    report.findings.extend(problems)
    summary, problems = read_summary(plan_dir / SUMMARY_JSON, SUMMARY_KEYS)
    report.findings.extend(problems)
    if rows is None:
        return report
    plan = parse_moves(inst, rows, report.findings)
    broken = [f for rule in RULES for f in rule(inst, plan)]
    report.findings.extend(broken)
    report.figures = recompute(inst, plan.moves)
    # the audit judges changes to a plan that keeps the rules; a broken plan is wrong anyway
    fair = None if broken or report.findings else audit(inst, plan.moves, checker_rules(inst))
    if fair is not None:
        report.findings.extend(swap_findings(fair))
        report.figures |= {"swap_pairs": len(fair.swap_pairs), "envy_cases": len(fair.envy),
                           "fairness": fair.record()}
    if summary is not None:
        report.findings.extend(check_summary(inst, summary, report.figures))
        report.findings.extend(check_indicators(inst, summary, plan.moves))
        if fair is not None:
            report.findings.extend(check_fairness(summary, fair))
    if (plan_dir / CHANGES_CSV).is_file() or (summary or {}).get("changed_from_baseline"):
        report.findings.extend(check_changes(inst, plan_dir, plan.moves, summary or {}))
    if (plan_dir / OBJECTIONS_CSV).is_file():
        report.findings.extend(check_objections(plan_dir, plan.moves, inst))
    return report


def check_objections(plan_dir: Path, moves: Mapping[str, str], inst: Instance
                     ) -> list[Finding]:
    """`rotaplan objections`: every request objections_result.csv calls granted holds in
    the plan (stay: no move; to: moves there; not_to: does not go there)."""
    rows, out = read_contract_csv(plan_dir / OBJECTIONS_CSV, OBJECTION_COLUMNS,
                                  require_bom=True)
    for number, cells in rows or []:
        if cells["granted"] != "True":
            continue
        tid, request, school = (unguard(cells[k]) for k in ("teacher_id", "request",
                                                              "school_id"))
        to = moves.get(tid)
        broken = {"stay": to is not None, "to": to != school,
                  "not_to": to == school}.get(request)
        if broken is None or tid not in inst.teacher:
            out.append(Finding("objections", f"{OBJECTIONS_CSV} row {number}: request "
                                             f"{request!r} of teacher {tid!r} is not one the "
                                             "contract knows"))
        elif broken:
            out.append(Finding("objections", f"{OBJECTIONS_CSV} row {number}: teacher {tid}'s "
                                             f"request {request} {school} is granted but the "
                                             f"plan {'moves it to ' + to if to else 'keeps it'}"))
    return out


def check_changes(inst: Instance, plan_dir: Path, moves: Mapping[str, str],
                  summary: Mapping[str, Any]) -> list[Finding]:
    """A re-plan (`--baseline`): rotation_changes.csv lists exactly the teachers whose
    assignment differs between previous_plan.csv (the previous plan's moves, copied) and
    this plan, each once with both schools right, and the summary counts them."""
    try:
        previous = Previous(PREVIOUS_CSV, read_moves(plan_dir / PREVIOUS_CSV))
    except UsageError as exc:
        return [Finding("changes", f"{PREVIOUS_CSV}: the previous plan cannot be read "
                                   f"({exc})")]
    rows, out = read_contract_csv(plan_dir / CHANGES_CSV, CHANGE_COLUMNS, require_bom=True)
    if rows is None:
        return out
    true = differences(inst, previous, moves)
    listed: dict[str, int] = {}
    for number, cells in rows:
        tid = unguard(cells["teacher_id"])
        where = f"{CHANGES_CSV} row {number}"
        if tid in listed:
            out.append(Finding("changes", f"{where}: teacher {tid} is listed again (first "
                                          f"at row {listed[tid]})"))
            continue
        listed[tid] = number
        if tid not in true:
            out.append(Finding("changes", f"{where}: teacher {tid} is listed but serves "
                                          "where the previous plan put it"))
            continue
        old, new = true[tid]
        given = (unguard(cells["old_to_school_id"]), unguard(cells["new_to_school_id"]))
        if given != (old, new):
            out.append(Finding("changes", f"{where}: teacher {tid} goes from "
                                          f"{given[0] or 'staying'} to {given[1] or 'staying'}"
                                          f" by the list, but from {old or 'staying'} to "
                                          f"{new or 'staying'} by the two plans"))
        gone = tid not in inst.teacher
        if (cells["cause"] == "teacher_gone") != gone:
            out.append(Finding("changes", f"{where}: cause {cells['cause']!r} but teacher "
                                          f"{tid} is {'not ' if not gone else ''}gone from "
                                          "teachers.csv"))
    missing = [tid for tid in true if tid not in listed]
    if missing:
        out.append(Finding("changes", f"{CHANGES_CSV} leaves out changed teacher(s) "
                                      f"{list_ids(missing)}"))
    counted = summary.get("changed_from_baseline")
    n = counted.get("changes") if isinstance(counted, dict) else None
    if counted is not None and n != len(true):
        out.append(Finding("changes", f"{SUMMARY_JSON}: changed_from_baseline counts {n!r} "
                                      f"changes but the two plans differ for {len(true)}"))
    return out


# --- reading -------------------------------------------------------------------------


def read_plan(path: Path) -> tuple[list[PlanRow] | None, list[Finding]]:
    """The plan's rows, or None when the file cannot be read as the contract's table."""
    rows, findings = read_contract_csv(path, CONTRACT_COLUMNS, require_bom=True)
    return (None if rows is None else [PlanRow(n, cells) for n, cells in rows]), findings


def same_text(cell: str, expected: str) -> bool:
    return cell == expected or unguard(cell) == expected


def _known(cell: str, table: Mapping[str, Any]) -> str | None:
    for key in (cell, unguard(cell)):
        if key in table:
            return key
    return None


# --- R8: the rows themselves ---------------------------------------------------------


def parse_moves(inst: Instance, rows: list[PlanRow], findings: list[Finding]) -> Plan:
    """R8 row by row (ids exist, one row per teacher, from is where the teacher serves,
    to is elsewhere, distance and the teacher's columns are true); returns the moves."""
    plan = Plan(rows)
    for r in rows:
        where = f"{PLAN_CSV} row {r.row}"
        tid = _known(r["teacher_id"], inst.teacher)
        if tid is None:
            findings.append(Finding("R8", f"{where}: teacher {unguard(r['teacher_id'])!r} is "
                                          "not in teachers.csv"))
            continue
        if tid in plan.row_of:
            findings.append(Finding("R8", f"{where}: teacher {tid} already moves on row "
                                          f"{plan.row_of[tid]}: one move per teacher"))
            continue
        plan.row_of[tid] = r.row
        t = inst.teacher[tid]
        frm = _known(r["from_school_id"], inst.school)
        if frm != t.school_id:
            findings.append(Finding("R8", f"{where}: from_school_id is "
                                          f"{unguard(r['from_school_id'])!r} but teacher {tid} "
                                          f"serves at {t.school_id}"))
        for column, true in (("name", t.name), ("subject", t.subject),
                             ("backbone", str(t.backbone))):
            if not same_text(r[column], true):
                shown = "" if column == "name" else f" ({r[column]!r}, teachers.csv: {true!r})"
                findings.append(Finding("R8", f"{where}: the {column} of teacher {tid} differs "
                                              f"from teachers.csv{shown}"))
        post = r.cells.get("post")
        if post is not None and (post or str(Post.TEACHER)) != str(t.post):
            findings.append(Finding("R8", f"{where}: the post of teacher {tid} differs from "
                                          f"teachers.csv ({post!r}, teachers.csv: "
                                          f"{str(t.post)!r})"))
        findings.extend(_term_end(inst, where, tid, r.cells.get("term_end_year")))
        to = _known(r["to_school_id"], inst.school)
        findings.extend(_school_names(inst, where, r, t.school_id, to))
        if to is None:
            findings.append(Finding("R8", f"{where}: to_school_id "
                                          f"{unguard(r['to_school_id'])!r} is not in "
                                          "schools.csv"))
            continue
        if to == t.school_id:
            findings.append(Finding("R8", f"{where}: teacher {tid} 'moves' to {to}, the school "
                                          "it already serves at"))
            continue
        plan.moves[tid] = to
        findings.extend(_distance_reported(inst, where, tid, t.school_id, to, r["distance_km"]))
    return plan


def _school_names(inst: Instance, where: str, r: PlanRow, frm: str, to: str | None
                  ) -> list[Finding]:
    """from_name and to_name, where the plan has them, are the schools' names in schools.csv
    (a name is the school's, not a person's: it may be shown)."""
    out = []
    for column, school in (("from_name", frm), ("to_name", to)):
        cell = r.cells.get(column)
        if cell is None or school is None:
            continue
        true = inst.school[school].name
        if not same_text(cell, true):
            out.append(Finding("R8", f"{where}: {column} is {cell!r} but school {school} is "
                                     f"{true!r} in schools.csv"))
    return out


def _term_end(inst: Instance, where: str, tid: str, cell: str | None) -> list[Finding]:
    """An exchange starting in `year` ends in year + term_years, as history.csv's end_year
    (the first school year the teacher is no longer on it)."""
    if cell is None:
        return []
    true = inst.policy.year + inst.policy.rotation.term_years
    try:
        ok = float(cell) == true
    except ValueError:
        ok = False
    if ok:
        return []
    return [Finding("R8", f"{where}: term_end_year of teacher {tid} is {cell!r} but an "
                          f"exchange from {inst.policy.year} ends in {true} (year + "
                          f"term_years {inst.policy.rotation.term_years})")]


def _distance_reported(inst: Instance, where: str, tid: str, frm: str, to: str,
                       cell: str) -> list[Finding]:
    try:
        reported = float(cell)
    except ValueError:
        return [Finding("R8", f"{where}: distance_km {cell!r} of teacher {tid} is not a "
                              "number")]
    true = inst.road_km(frm, to)
    if math.isnan(true) or not math.isfinite(reported):
        return [] if math.isnan(true) else [
            Finding("R8", f"{where}: distance_km of teacher {tid} is {cell!r}")]
    if abs(reported - true) > KM_TOLERANCE + 1e-9:
        return [Finding("R8", f"{where}: distance_km of teacher {tid} is {reported:g} but the "
                              f"road from {frm} to {to} is {true:.2f} km")]
    return []


# --- R1–R7: one function per rule --------------------------------------------------------


def teacher_moves(inst: Instance, plan: Plan) -> dict[str, str]:
    """The moves of teachers in the teachers' pool (post teacher): R1 and R2 judge these;
    principals and vice principals rotate under R12."""
    return {tid: to for tid, to in plan.moves.items() if not inst.teacher[tid].is_leader}


def leader_moves(inst: Instance, plan: Plan) -> dict[str, str]:
    """The moves of principals and vice principals (R12)."""
    return {tid: to for tid, to in plan.moves.items() if inst.teacher[tid].is_leader}


def r1_eligible(inst: Instance, plan: Plan) -> list[Finding]:
    """R1 (with R11, which also keeps a teacher from the pool): only eligible teachers
    move. Leaders are judged by R12 instead."""
    policy = inst.policy
    out = []
    for tid in teacher_moves(inst, plan):
        t = inst.teacher[tid]
        reason = rules.ineligible_reason(t, inst)
        if reason is None:
            continue
        if reason == "exempt":
            why = "is exempt from rotation (exempt column is filled)"
        elif reason == "near_retirement":
            why = (f"retires in {rules.retirement_year(t, policy)}, within "
                   f"{policy.rotation.exempt_years_to_retirement} years of {policy.year}")
        elif reason == "on_exchange":
            why = f"is on {_exchange(inst, tid)} (R11)"
        else:
            why = (f"has {t.years_at_school} year(s) at the school, fewer than "
                   f"{policy.rotation.eligible_years_at_school}, and is not a volunteer")
        out.append(Finding("R1", f"teacher {tid} (row {plan.row_of[tid]}) moves but {why}"))
    return out


def _exchange(inst: Instance, tid: str) -> str:
    h = inst.on_exchange[tid]
    return (f"an exchange under way from {h.from_school_id} to {h.to_school_id} "
            f"({h.start_year}–{h.end_year})")


def r2_quotas(inst: Instance, plan: Plan) -> list[Finding]:
    """R2: movers ≥ ceil(share × the quota base's eligible teachers); backbone movers ≥
    ceil(share × movers). Both count teachers only: leaders' moves are R12's."""
    policy = inst.policy
    moves = teacher_moves(inst, plan)
    base = rules.quota_base(inst)
    movers = len(moves)
    need = rules.required_movers(inst)
    out = []
    if movers < need:
        which = ("eligible" if policy.rotation.quota_base == "all"
                 else "eligible at urban and town schools that are not weak")
        out.append(Finding("R2", f"{movers} teacher(s) move; at least {need} must "
                                 f"(ceil({policy.rotation.min_share_of_eligible:g} × {base} "
                                 f"{which}))"))
    backbone = sum(inst.teacher[tid].is_backbone for tid in moves)
    need_bb = rules.min_backbone_movers(movers, policy)
    if backbone < need_bb:
        out.append(Finding("R2", f"{backbone} backbone teacher(s) (county level and above) "
                                 f"move; at least {need_bb} must (ceil("
                                 f"{policy.rotation.min_backbone_share:g} × {movers} movers))"))
    return out


def r3_distance(inst: Instance, plan: Plan) -> list[Finding]:
    """R3: road km between the two schools ≤ max_distance_km."""
    limit = inst.policy.rotation.max_distance_km
    out = []
    for tid, to in plan.moves.items():
        frm = inst.teacher[tid].school_id
        km = inst.road_km(frm, to)
        if math.isnan(km):
            out.append(Finding("R3", f"teacher {tid}: no road distance is known from {frm} to "
                                     f"{to}, so the {limit:g} km limit cannot be shown to hold"))
        elif km > limit + 1e-9:
            out.append(Finding("R3", f"teacher {tid}: {frm} to {to} is {km:.2f} km, over the "
                                     f"{limit:g} km limit"))
    return out


def r4_sending_cap(inst: Instance, plan: Plan) -> list[Finding]:
    """R4: a school sends at most floor(max_outflow_share × its staff before the plan)."""
    sent: dict[str, list[str]] = defaultdict(list)
    for tid in plan.moves:
        sent[inst.teacher[tid].school_id].append(tid)
    out = []
    for school, tids in sorted(sent.items()):
        cap = rules.max_outflow(inst.staff[school], inst.policy)
        if len(tids) > cap:
            out.append(Finding("R4", f"school {school} sends {len(tids)} teacher(s) "
                                     f"({list_ids(tids)}); its cap is {cap} (floor("
                                     f"{inst.policy.rotation.max_outflow_share:g} × "
                                     f"{inst.staff[school]} staff))"))
    return out


def r5_subject_floor(inst: Instance, plan: Plan) -> list[Finding]:
    """R5: no school loses its last teacher of a subject it requires (required ≥ 1)."""
    before = inst.main_subject_count
    after = rules.main_subject_counts(inst, rules.placement_after(inst, plan.moves))
    out = []
    for (school, subject), required in sorted(inst.required.items()):
        if required >= 1 and before[(school, subject)] >= 1 and after[(school, subject)] == 0:
            leaving = [tid for tid in plan.moves if inst.teacher[tid].school_id == school
                       and inst.teacher[tid].subject == subject]
            out.append(Finding("R5", f"school {school} requires {required:g} {subject} "
                                     f"teacher(s) and is left with none (moving away: "
                                     f"{list_ids(leaving)})"))
    return out


def r6_scope(inst: Instance, plan: Plan) -> list[Finding]:
    """R6: with scope group (district), a teacher whose school has one stays inside it."""
    scope = inst.policy.rotation.scope
    if scope == "county":
        return []
    attr = "group_id" if scope == "group" else "district_id"
    out = []
    for tid, to in plan.moves.items():
        home = getattr(inst.school[inst.teacher[tid].school_id], attr)
        there = getattr(inst.school[to], attr)
        if home is not None and there != home:
            out.append(Finding("R6", f"teacher {tid} leaves {scope} {home} for {to} "
                                     f"({scope} {there or 'none'}); the policy's scope is "
                                     f"{scope}"))
    return out


def r7_senior_title(inst: Instance, plan: Plan) -> list[Finding]:
    """R7: a senior-title candidate who moves goes to a rural, teaching-point or weak school."""
    out = []
    for tid, to in plan.moves.items():
        if rules.senior_title_candidate(inst.teacher[tid]) and not inst.school[to].receiving:
            sc = inst.school[to]
            out.append(Finding("R7", f"teacher {tid} seeks a senior title without a year at a "
                                     f"rural or weak school, but goes to {to} ({sc.kind}, not "
                                     "weak)"))
    return out


# --- R9–R12 and L (data contract §5) --------------------------------------------------------


def r9_headcount(inst: Instance, plan: Plan) -> list[Finding]:
    """R9: no school ends the plan with more teachers (leaders included) than it may have."""
    limits = rules.headcount_limits(inst)
    after = Counter(rules.placement_after(inst, plan.moves).values())
    mode = inst.policy.rotation.headcount
    out = []
    for school, limit in sorted(limits.items()):
        if after[school] <= limit:
            continue
        sc = inst.school[school]
        why = (f"its {limit} posts" if mode == "posts" and sc.posts is not None else
               f"its {inst.staff[school]} staff before the plan plus its unmet shortage")
        arriving = [tid for tid, to in plan.moves.items() if to == school]
        out.append(Finding("R9", f"school {school} ends the plan with {after[school]} teachers, "
                                 f"over its limit of {limit} ({why}; headcount = {mode!r}); "
                                 f"arriving: {list_ids(arriving) or 'nobody'}"))
    return out


def r10_direction(inst: Instance, plan: Plan) -> list[Finding]:
    """R10: unless backbone_upward, a backbone teacher of a rural, teaching-point or weak
    school does not leave it for an urban or town school that is not weak."""
    out = []
    for tid, to in plan.moves.items():
        t = inst.teacher[tid]
        src, dest = inst.school[t.school_id], inst.school[to]
        if rules.upward(t, src, dest, inst.policy):
            out.append(Finding("R10", f"backbone teacher {tid} ({t.backbone}) leaves "
                                      f"{src.school_id} ({_kind(src)}) for {to} ({_kind(dest)}); "
                                      "backbone_upward is false"))
    return out


def _kind(school: School) -> str:
    return f"{school.kind}, weak" if school.weak else f"{school.kind}, not weak"


def r11_exchange(inst: Instance, plan: Plan) -> list[Finding]:
    """R11: a teacher (or leader) on an exchange that has not ended does not move again."""
    return [Finding("R11", f"teacher {tid} (row {plan.row_of[tid]}) moves but is on "
                           f"{_exchange(inst, tid)}")
            for tid in plan.moves if tid in inst.on_exchange]


def r12_leaders(inst: Instance, plan: Plan) -> list[Finding]:
    """R12: every due leader moves, and besides them only leaders not due who may (not
    exempt, near retirement or away: a swap or a chain that makes room), each to the same
    post within its stage group; afterwards no school has two principals, and none has
    lost both its principal and a vice principal."""
    moves = leader_moves(inst, plan)
    due = {t.teacher_id for t in rules.leaders_to_move(inst)}
    may = due | {t.teacher_id for t in rules.leaders_not_due(inst)}
    limit = inst.policy.rotation.principal_max_years
    out = []
    for tid in sorted(due - moves.keys()):
        t = inst.teacher[tid]
        out.append(Finding("R12", f"{t.post} {tid} of {t.school_id} has {t.years_in_post} "
                                  f"year(s) in post (limit {limit}) and must move, but stays"))
    for tid in sorted(moves.keys() - may):
        t = inst.teacher[tid]
        out.append(Finding("R12", f"{t.post} {tid} of {t.school_id} moves but may not: "
                                  f"{_why_not(inst, t)}"))
    for tid, to in moves.items():
        t = inst.teacher[tid]
        src, dest = inst.school[t.school_id], inst.school[to]
        if not rules.same_stage_group(src, dest):
            out.append(Finding("R12", f"{t.post} {tid} moves from {src.school_id} ({src.stage}) "
                                      f"to {to} ({dest.stage}), another stage group"))
    after = rules.placement_after(inst, plan.moves)
    principals: dict[str, list[str]] = defaultdict(list)
    for t in inst.teachers:
        if t.post == Post.PRINCIPAL:
            principals[after[t.teacher_id]].append(t.teacher_id)
    for school, tids in sorted(principals.items()):
        if len(tids) > 1:
            out.append(Finding("R12", f"school {school} ends the plan with {len(tids)} "
                                      f"principals ({list_ids(sorted(tids))}); at most one"))
    leaving: dict[str, set[Post]] = defaultdict(set)
    for tid in moves:
        leaving[inst.teacher[tid].school_id].add(inst.teacher[tid].post)
    for school, posts in sorted(leaving.items()):
        if {Post.PRINCIPAL, Post.VICE_PRINCIPAL} <= posts:
            gone = [tid for tid in moves if inst.teacher[tid].school_id == school]
            out.append(Finding("R12", f"school {school} loses both its principal and a vice "
                                      f"principal ({list_ids(sorted(gone))}); the vice principal "
                                      "waits a year"))
    return out


def _why_not(inst: Instance, t: Teacher) -> str:
    """Why a leader may not move this year (R1, R11, R12)."""
    policy = inst.policy
    if t.exempt.strip():
        return "exempt from rotation (exempt column is filled)"
    if rules.near_retirement(t, policy):
        return f"retires in {rules.retirement_year(t, policy)}, near retirement"
    if t.teacher_id in inst.on_exchange:
        return f"on {_exchange(inst, t.teacher_id)}"
    return "the principal of the same school is due too, so the vice principal waits a year"


def l_locks(inst: Instance, plan: Plan) -> list[Finding]:
    """L: locks.csv is hard: stay, move, to a school, not to a school."""
    out = []
    for lock in inst.locks:
        tid, school = lock.teacher_id, lock.school_id
        to = plan.moves.get(tid)
        if lock.action == LockAction.STAY and to is not None:
            why = f"must stay but moves to {to}"
        elif lock.action == LockAction.MOVE and to is None:
            why = "must move but stays"
        elif lock.action == LockAction.TO and to != school:
            why = f"must move to {school} but {'stays' if to is None else f'goes to {to}'}"
        elif lock.action == LockAction.NOT_TO and to == school:
            why = f"must not move to {school} but does"
        else:
            continue
        out.append(Finding("L", f"teacher {tid} {why} (locks.csv: {lock.action}"
                                f"{'' if school is None else ' ' + school})"))
    return out


RULES: tuple[Callable[[Instance, Plan], list[Finding]], ...] = (
    r1_eligible, r2_quotas, r3_distance, r4_sending_cap, r5_subject_floor, r6_scope,
    r7_senior_title, r9_headcount, r10_direction, r11_exchange, r12_leaders, l_locks,
)


# --- fairness: zero swap pairs, and the audit's figures ---------------------------------


def checker_rules(inst: Instance) -> RuleTest:
    """The audit's rule test from this module's rule functions: the first rule a changed
    plan breaks (the whole plan checked), so that the checker audits with the solver's
    definition (`scheduler.rotation.fairness`) and its own rule book."""

    def test(old: Mapping[str, str], new: Mapping[str, str]) -> str | None:
        del old  # every rule is checked on the whole plan
        plan = Plan(rows=[], moves=dict(new), row_of={tid: 0 for tid in new})
        for rule in RULES:
            found = rule(inst, plan)
            if found:
                return found[0].rule
        return None

    return test


def swap_findings(fair: Audit) -> list[Finding]:
    """A swap pair is a dominated plan: two movers would both rather have the other's school
    and the exchange keeps every rule and every objective level (rotaplan fixes these)."""
    return [Finding("fairness", f"teachers {p.a} (to {p.a_to}) and {p.b} (to {p.b_to}) would "
                                "both rather have the other's school, and swapping keeps "
                                "every rule and makes no objective level worse")
            for p in fair.swap_pairs]


def check_fairness(summary: Mapping[str, Any], fair: Audit) -> list[Finding]:
    """The summary's `fairness` block (where given) is the audit of the plan as written:
    wishes by rank, swap pairs, blocked mutual wishes and envy cases, by ids."""
    given = summary.get("fairness")
    if given is None:
        return []
    true = fair.record()
    if not isinstance(given, dict):
        return [Finding("format", f"{SUMMARY_JSON}: fairness is not an object")]
    out = []
    for key in ("priority", "teachers_with_wishes", "movers_with_wishes", "stayers_with_wishes",
                "wish_ranks", "swap_pairs_count", "envy_count", "envy_unexplained"):
        if given.get(key) != true[key]:
            out.append(Finding("figures", f"{SUMMARY_JSON}: fairness.{key} is "
                                          f"{given.get(key)!r} but the plan gives {true[key]!r}"))
    for key, ids in (("swap_pairs", _pair_ids), ("mutual_wishes_blocked", _pair_ids),
                     ("envy", _envy_ids)):
        try:
            same = ids(given.get(key)) == ids(true[key])
        except (TypeError, KeyError, AttributeError):
            same = False
        if not same:
            out.append(Finding("figures", f"{SUMMARY_JSON}: fairness.{key} lists other "
                                          f"cases than the plan has ({len(true[key])})"))
    return out


def _pair_ids(records: list[dict[str, Any]]) -> set[tuple[str, ...]]:
    return {tuple(r["teacher_ids"]) + tuple(r["schools"]) for r in records}


def _envy_ids(records: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {(r["teacher_id"], r["envied"], r["school"], r["costs"]) for r in records}


# --- the reported figures ----------------------------------------------------------------


def recompute(inst: Instance, moves: Mapping[str, str]) -> dict[str, Any]:
    """The true figures of the moves, as the summary should report them."""
    policy = inst.policy
    before = rules.placement_before(inst)
    after = rules.placement_after(inst, moves)
    eligible = sum(rules.eligible(t, inst) for t in inst.teachers)
    terms = dict(score(inst, moves))
    km = [inst.road_km(before[tid], to) for tid, to in moves.items()]
    teachers = [tid for tid in moves if not inst.teacher[tid].is_leader]
    required = rules.required_movers(inst)
    return {
        "eligible": eligible,
        "required_movers": required,
        "movers_required": required,
        "movers": len(teachers),
        "backbone_movers": sum(inst.teacher[tid].is_backbone for tid in teachers),
        "required_backbone_movers": rules.min_backbone_movers(len(teachers), policy),
        "principals_moved": len(moves) - len(teachers),
        "headcount_rule": policy.rotation.headcount,
        "unmet_shortage_before": rules.total_shortage(inst, before),
        "unmet_shortage_after": rules.total_shortage(inst, after),
        "total_distance_km": round(sum(km), 2),
        "objective": terms["total"],
        "objective_terms": terms,
    }


def check_summary(inst: Instance, summary: Mapping[str, Any],
                  true: Mapping[str, Any]) -> list[Finding]:
    """R8 for the counts and shortages; status, objective, bound and gap for consistency."""
    out = []
    rule = summary.get("headcount_rule")
    if rule is not None and rule != true["headcount_rule"]:
        out.append(Finding("policy", f"{SUMMARY_JSON}: headcount_rule is {rule!r} but the policy "
                                     f"has {true['headcount_rule']!r} (R9)"))
    for key in ("eligible", "movers", "backbone_movers", "unmet_shortage_before",
                "unmet_shortage_after", "required_movers", "required_backbone_movers",
                "movers_required", "principals_moved"):
        if key not in summary:
            continue  # the contract's keys were checked when reading; the rest are extras
        value = summary[key]
        if not is_number(value):
            out.append(Finding("format", f"{SUMMARY_JSON}: {key} is {value!r}, not a number"))
        elif not close(value, true[key]):
            out.append(Finding("R8", f"{SUMMARY_JSON}: {key} is {value:g} but the plan gives "
                                     f"{true[key]:g}"))
    out.extend(_check_objective(summary, true["objective"]))
    out.extend(_check_levels(summary, true["objective_terms"]))
    out.extend(check_policy(inst, summary))
    return out


def check_indicators(inst: Instance, summary: Mapping[str, Any],
                     moves: Mapping[str, str]) -> list[Finding]:
    """The 优质均衡 figures the summary reports (`cv_before`, `cv_after`, `standards`,
    `travel_pe_arts`), where given, are the ones the plan gives, recomputed with
    `scheduler.rules`: on a joint plan's folder `inst` counts the written timetable's
    traveling PE and arts teachers (`check/coplan.py`), so a summary that counts none, or
    other ones, is refused."""
    travel = {s: float(x) for s, x in rules.travel_pe_arts(inst).items()}
    out = _check_travel_pe_arts(summary.get("travel_pe_arts", []), travel)
    ind = {when: rules.school_indicators(inst, placement) for when, placement in
           (("before", rules.placement_before(inst)),
            ("after", rules.placement_after(inst, moves)))}
    for when, frame in ind.items():
        true = {(r.stage, r.indicator): r for r in rules.county_cvs(frame).itertuples()}
        for item in summary.get(f"cv_{when}") or []:
            row = true.get((item.get("stage"), item.get("indicator"))) \
                if isinstance(item, dict) else None
            if row is None:
                out.append(Finding("format", f"{SUMMARY_JSON}: cv_{when} entry {item!r} is "
                                             "not a stage group and indicator"))
                continue
            cv = item.get("cv")
            same = (cv is None and math.isnan(row.cv)) or (
                is_number(cv) and not math.isnan(row.cv) and close(cv, row.cv))
            if not same or item.get("meets") != row.meets:
                out.append(Finding("indicators", f"{SUMMARY_JSON}: cv_{when} {row.stage} "
                                                 f"{row.indicator} is {cv!r} (meets "
                                                 f"{item.get('meets')!r}) but the plan gives "
                                                 f"{row.cv:.6g} (meets {row.meets!r})"))
    met = {when: {(r.stage, r.indicator): int(r.meeting)
                  for r in rules.standards_met(frame).itertuples()}
           for when, frame in ind.items()}
    for item in summary.get("standards") or []:
        key = (item.get("stage"), item.get("indicator")) if isinstance(item, dict) else None
        if key not in met["before"]:
            out.append(Finding("format", f"{SUMMARY_JSON}: standards entry {item!r} is not a "
                                         "stage group and indicator"))
            continue
        for when in ("before", "after"):
            said = item.get(f"meeting_{when}")
            if said != met[when][key]:
                out.append(Finding("indicators", f"{SUMMARY_JSON}: standards {key[0]} {key[1]}:"
                                                 f" meeting_{when} is {said!r} but "
                                                 f"{met[when][key]} schools meet the standard"))
    return out


def _check_travel_pe_arts(given: object, travel: Mapping[str, float]) -> list[Finding]:
    """The traveling PE and arts teachers the summary counts, school by school."""
    said: dict[str, float] = {}
    try:
        for item in given or []:  # type: ignore[attr-defined]
            said[str(item["school_id"])] = float(item["teachers"])
    except (KeyError, TypeError, ValueError):
        return [Finding("format", f"{SUMMARY_JSON}: travel_pe_arts is not a list of "
                                  "school_id, teachers")]
    return [Finding("indicators", f"{SUMMARY_JSON}: school {s}: the indicators count "
                                  f"{said.get(s, 0.0):g} traveling PE and arts teachers, the "
                                  f"timetable gives {travel.get(s, 0.0):g}")
            for s in sorted(set(said) | set(travel))
            if not math.isclose(said.get(s, 0.0), travel.get(s, 0.0), abs_tol=1e-6)]


def _check_objective(summary: Mapping[str, Any], true_objective: float) -> list[Finding]:
    status = summary.get("status")
    objective, bound, gap = (summary.get(k) for k in ("objective", "best_bound", "gap"))
    out = check_status(summary, SUMMARY_JSON)
    wrong = not_a_number(summary, SUMMARY_JSON)
    if wrong is not None:
        return [*out, wrong]
    if objective is None:
        return [*out, Finding("figures", f"{SUMMARY_JSON}: a plan was written without its "
                                         "objective")]
    if not close(objective, true_objective):
        out.append(Finding("figures", f"{SUMMARY_JSON}: objective is {objective:.10g} but the "
                                      f"plan scores {true_objective:.10g}"))
    out.extend(check_bound(summary, SUMMARY_JSON))
    if bound is None:
        return out
    levels = summary.get("levels")
    if isinstance(levels, list) and levels:
        expected_gap, rule = lexicographic_gap(levels), "the first open level's gap"
    else:
        expected_gap = abs(objective - bound) / max(1.0, abs(objective))
        rule = "|objective − bound| / max(1, |objective|)"
    if gap is None or abs(gap - expected_gap) > REL_TOLERANCE:
        out.append(Finding("figures", f"{SUMMARY_JSON}: gap is {gap!r} but {rule} is "
                                      f"{expected_gap:.6g}"))
    if status == "OPTIMAL" and (not close(bound, objective) or (gap or 0) > REL_TOLERANCE):
        out.append(Finding("figures", f"{SUMMARY_JSON}: status OPTIMAL but the bound "
                                      f"{bound:.10g} differs from the objective "
                                      f"{objective:.10g} (gap {gap!r})"))
    return out


def _check_levels(summary: Mapping[str, Any], terms: Mapping[str, float]) -> list[Finding]:
    """Each reported level is the plan's true value, its bound below it, its gap honest."""
    levels = summary.get("levels")
    if levels is None:
        return []
    if not isinstance(levels, list) or not all(
            isinstance(lv, dict) and {"level", "value", "bound", "gap", "proven"} <= lv.keys()
            and all(is_number(lv[k]) for k in ("value", "bound", "gap")) for lv in levels):
        return [Finding("format", f"{SUMMARY_JSON}: levels is not a list of "
                                  "{level, value, bound, gap, proven}")]
    out = []
    for lv in levels:
        name, value, bound = lv["level"], lv["value"], lv["bound"]
        if name not in terms:
            out.append(Finding("figures", f"{SUMMARY_JSON}: unknown objective level {name!r}"))
            continue
        if not close(value, terms[name]):
            out.append(Finding("figures", f"{SUMMARY_JSON}: level {name} is {value:g} but the "
                                          f"plan scores {terms[name]:g}"))
        if bound > value + REL_TOLERANCE * max(1.0, abs(value)):
            out.append(Finding("figures", f"{SUMMARY_JSON}: level {name}'s bound {bound:g} is "
                                          f"above its value {value:g}"))
        if lv["proven"] != close(bound, value) or (
                not lv["proven"] and summary.get("status") == "OPTIMAL"):
            out.append(Finding("figures", f"{SUMMARY_JSON}: level {name} is marked "
                                          f"{'proven' if lv['proven'] else 'open'} with value "
                                          f"{value:g} and bound {bound:g} under status "
                                          f"{summary.get('status')}"))
    return out

"""Why one teacher moves or stays in a written plan, why this school and not the first
wish, and what would have changed the answer (`rotaplan explain`, issue 14).

The reasons are the rules and levels themselves: who may not move (R1, R11, R12, a
county's lock), what a move is for (its `reasons` and `serves` cells in
rotation_plan.csv), which filter bars the first wish (R3, R6, R7, R10, R12, L; R9 as the
written plan fills the school). What would have changed the answer is not a template
but a counterfactual solve: the same county with the teacher locked to the alternative
(stay, move, or to the first wish; rule L, `constraints/rotation/locks.py`), compared
level by level, in the levels' order, with the written plan's values recomputed from its
moves (`outputs.plan_figures`, `score`). The first level that differs decides between
the two plans; its status (OPTIMAL, or FEASIBLE with its gap) says whether that is proven.

An explanation names other teachers by id only, never by name or birth year: it is
shown to the teacher it explains.
"""

from __future__ import annotations

import dataclasses
import html
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import constraints.rotation as families
from constraints.rotation import distance, scope
from scheduler import rules
from scheduler.core import rotation_levels as lv
from scheduler.data.instance import Instance
from scheduler.data.models import Lock, Teacher
from scheduler.data.schema import LockAction
from scheduler.errors import NoPlanError, UsageError
from scheduler.i18n import Catalog, Note
from scheduler.rotation.arcs import FILTER_FAMILIES
from scheduler.rotation.explain import HEADLINE
from scheduler.rotation.outputs import PlanFigures, plan_figures
from scheduler.rotation.problem import Group, Problem, build_problem
from scheduler.rotation.result import level_table
from scheduler.rotation.serves import QUOTA
from scheduler.rotation.solve import solve_rotation
from scheduler.solving import SolverSettings

STAY, MOVE, TO = str(LockAction.STAY), str(LockAction.MOVE), str(LockAction.TO)
NO_PLAN, NOT_FOUND = "NO_PLAN", "NOT_FOUND"  # an alternative's status when it has no plan
TOLERANCE = 1e-6
MOST_NAMED = 5  # other teachers' ids a sentence lists before "and N more"
# the filters a wish school can fail, in the order they are said: the arcs' own, but the
# locks, which `_barred` says for the county's locks only
WISH_FILTERS = tuple(f for f in FILTER_FAMILIES if f is not families.locks)
Plan = tuple[dict[str, str], PlanFigures]  # moves (teacher -> destination), their figures


@dataclass(frozen=True)
class Line:
    """One sentence: a key of the catalogs' [why] table and its fields. Fields named
    `level`, `subject`, `post`, `scope`, `status` and `reasons` hold codes, said in words
    when the line is rendered."""

    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LevelChange:
    """One objective level in the written plan and in the alternative, in the level's
    own reader's unit (posts, teachers, km, ...); `cells` are the unmet posts that differ,
    (school, subject, written, alternative), for the two shortage levels."""

    level: str
    written: float
    other: float
    cells: tuple[tuple[str, str, float, float], ...] = ()


@dataclass
class Alternative:
    """The counterfactual: the county solved again with the teacher locked to `action`."""

    action: str  # stay, move or to
    school_id: str | None  # for `to`
    status: str  # OPTIMAL, FEASIBLE, NO_PLAN (proven: none exists), NOT_FOUND (in time)
    seconds: float
    gap: float | None = None
    open_level: str | None = None  # the first level not proven, for FEASIBLE
    proven: frozenset[str] = frozenset()  # levels proven optimal (all above them too)
    destination: str | None = None  # where the teacher goes in the alternative
    changes: list[LevelChange] = field(default_factory=list)
    no_plan: list[str | Note] = field(default_factory=list)  # why none exists (explain.py)
    dropped_locks: bool = False  # the teacher's own locks were replaced by this one
    also_move: list[tuple[str, str]] = field(default_factory=list)  # others, by id
    no_longer: list[str] = field(default_factory=list)  # others who move in the written plan

    @property
    def decisive(self) -> LevelChange | None:
        """The first level that differs: it decides between the two plans."""
        return self.changes[0] if self.changes else None


@dataclass
class Explanation:
    """Everything said about one teacher, as sentences to render in a language."""

    teacher_id: str
    name: str
    home: str
    destination: str | None  # None: stays
    plan_status: str | None  # the written plan's status (rotation_summary.json)
    why: list[Line]
    wishes: list[tuple[int, str]]
    why_school: list[Line]
    alternatives: list[Alternative]
    notes: list[Line] = field(default_factory=list)
    school_names: Mapping[str, str] = field(default_factory=dict)

    def shown(self, sid: str | None) -> str:
        """A school as shown: its id and name (a school's name is not personal)."""
        return f"{sid} {self.school_names.get(sid, '')}".strip() if sid else ""


def explain_teacher(inst: Instance, moves: Mapping[str, str], teacher_id: str,
                    settings: SolverSettings, *, reasons: Mapping[str, str] | None = None,
                    serves: Mapping[str, str] | None = None, plan_status: str | None = None,
                    county_locks: frozenset[tuple[str, str, str | None]] | None = None
                    ) -> Explanation:
    """Explain `teacher_id`'s place in the written plan `moves` (teacher -> destination,
    movers only) of `inst`. `reasons` and `serves` are the plan's cells of those columns;
    `county_locks` the (teacher, action, school) of the locks the county set, where `inst`
    adds others (a joint plan keeps traveling teachers at home); None: all are the county's.
    Runs one or two counterfactual solves under `settings`."""
    t = inst.teacher.get(teacher_id)
    if t is None:
        raise UsageError(Note.of("usage.no_teacher", teacher=teacher_id))
    prob = build_problem(inst)
    group = next((g for g in prob.groups if teacher_id in g.teacher_ids), None)
    dest = moves.get(teacher_id)
    mine = inst.locks_of.get(teacher_id, [])
    ours = [lk for lk in mine if county_locks is None
            or (lk.teacher_id, str(lk.action), lk.school_id) in county_locks]
    hub = len(ours) < len(mine)
    why = _why_moves(inst, t, ours, moves, reasons or {}, serves or {}) \
        if dest else _why_stays(inst, prob, t, group, ours, hub, moves)
    wishes = sorted((p.rank, p.school_id) for p in inst.preferences
                    if p.teacher_id == teacher_id)
    first = wishes[0][1] if wishes else None
    why_school, wish_open = _why_school(inst, prob, t, group, dest, wishes, moves, ours)
    written = (dict(moves), plan_figures(inst, moves))
    todo: list[tuple[str, str | None]] = []
    notes: list[Line] = []
    if group is None:
        notes.append(Line("no_alternative_rules"))
    elif group.leader:
        notes.append(Line("no_alternative_leader"))
    else:
        todo.append((STAY, None) if dest else (MOVE, None))
        if wish_open and first != dest:
            todo.append((TO, first))
    alternatives: list[Alternative] = []
    for action, school in todo:
        if action == TO and alternatives and alternatives[0].destination == school:
            continue  # the move lock's plan already takes the teacher there
        alternatives.append(_alternative(inst, teacher_id, action, school, settings, written))
    return Explanation(teacher_id, t.name, t.school_id, dest, plan_status, why, wishes,
                       why_school, alternatives, notes,
                       {sc.school_id: sc.name for sc in inst.schools})


# --- why the teacher moves or stays ------------------------------------------------------


def _why_moves(inst: Instance, t: Teacher, ours: list[Lock], moves: Mapping[str, str],
               reasons: Mapping[str, str], serves: Mapping[str, str]) -> list[Line]:
    tid = t.teacher_id
    pol = inst.policy.rotation
    out = []
    for lk in ours:
        if lk.action == LockAction.MOVE:
            out.append(Line("moves_lock"))
        elif lk.action == LockAction.TO:
            out.append(Line("moves_lock_to", {"school": _school(inst, lk.school_id)}))
    if t.is_leader:
        out.append(Line("moves_leader", {"post": str(t.post), "years": t.years_in_post,
                                         "max": pol.principal_max_years}))
    if reasons.get(tid):
        out.append(Line("moves_reasons", {"reasons": reasons[tid]}))
    served = serves.get(tid, "")
    if served in lv.LEVELS:
        out.append(Line("moves_serves", {"level": served}))
    elif served == QUOTA:
        movers = sum(not inst.teacher[k].is_leader for k in moves)
        out.append(Line("moves_quota", {"required": rules.required_movers(inst),
                                        "movers": movers}))
    return out


def _why_stays(inst: Instance, prob: Problem, t: Teacher, group: Group | None,
               ours: list[Lock], hub: bool, moves: Mapping[str, str]) -> list[Line]:
    if group is None:
        return [_not_eligible(inst, t)]
    if any(lk.action == LockAction.STAY for lk in ours):
        return [Line("stays_lock")]
    if hub:
        return [Line("stays_travel")]
    movers = sum(not inst.teacher[k].is_leader for k in moves)
    return [Line("stays_not_needed", {"required": prob.min_movers, "movers": movers})]


def _not_eligible(inst: Instance, t: Teacher) -> Line:
    """The rule that keeps a teacher without a group from moving (R1, R11, R12)."""
    pol = inst.policy.rotation
    if t.exempt.strip():
        return Line("stays_exempt", {"exempt": t.exempt.strip()})
    if rules.near_retirement(t, inst.policy):
        return Line("stays_retirement", {"year": rules.retirement_year(t, inst.policy),
                                         "years": pol.exempt_years_to_retirement})
    if t.teacher_id in inst.on_exchange:
        h = inst.on_exchange[t.teacher_id]
        return Line("stays_exchange", {"school": _school(inst, h.from_school_id),
                                       "end": h.end_year})
    if t.is_leader and t.years_in_post < pol.principal_max_years:
        return Line("stays_leader", {"post": str(t.post), "years": t.years_in_post,
                                     "max": pol.principal_max_years})
    if t.is_leader:
        return Line("stays_vice")
    return Line("stays_years", {"years": t.years_at_school,
                                "min": pol.eligible_years_at_school})


# --- why this school -------------------------------------------------------------------


def _why_school(inst: Instance, prob: Problem, t: Teacher, group: Group | None,
                dest: str | None, wishes: list[tuple[int, str]], moves: Mapping[str, str],
                ours: list[Lock]) -> tuple[list[Line], bool]:
    """Sentences about the first wish, and whether the rules (and the county's own locks,
    `ours`) leave it open to the teacher."""
    if not wishes:
        return [Line("no_wishes")], False
    rank_of = {s: r for r, s in wishes}
    first = wishes[0][1]
    if dest == first:
        return [Line("wish_granted", {"school": _school(inst, first)})], False
    out = []
    if dest in rank_of:
        out.append(Line("wish_rank", {"rank": rank_of[dest], "school": _school(inst, dest)}))
    if group is None:
        return [*out, Line("wish_moot")], False
    if first == t.school_id:
        return [*out, Line("wish_home")], False
    barred = _barred(inst, prob, group, first, ours)
    out += barred
    open_ = not barred
    limit = prob.limits.get(first)
    if open_ and limit is not None:
        after = rules.placement_after(inst, moves)
        filled = sum(after[k.teacher_id] == first for k in inst.teachers)
        if filled >= limit:
            out.append(Line("wish_full", {"school": _school(inst, first), "limit": limit,
                                          "teachers": filled}))
    if open_:
        out.append(Line("wish_open", {"school": _school(inst, first)}))
    return out, open_


def _barred(inst: Instance, prob: Problem, g: Group, school: str, ours: list[Lock]
            ) -> list[Line]:
    """One sentence per filter (R3, R6, R7, R10, R12, and the county's locks `ours`) that
    bars `school` to the group (a teacher alone)."""
    d = inst.school_index[school]
    shown = _school(inst, school)
    out = []
    for fam in WISH_FILTERS:
        if fam.allowed(prob, g)[d]:
            continue
        if fam is distance:
            km = inst.road_km(g.school_id, school)
            out.append(Line("barred_R3_road", {"school": shown}) if math.isnan(km) else
                       Line("barred_R3", {"school": shown, "km": round(km, 1),
                                          "max": inst.policy.rotation.max_distance_km}))
        elif fam is scope:
            out.append(Line("barred_R6", {"school": shown,
                                          "scope": inst.policy.rotation.scope}))
        else:
            out.append(Line(f"barred_{fam.RULE}", {"school": shown}))
    if not families.locks.allowed(prob, g)[d]:
        for lk in ours:
            if lk.action == LockAction.STAY:
                out.append(Line("barred_L_stay", {"school": shown}))
            elif lk.action == LockAction.NOT_TO and lk.school_id == school:
                out.append(Line("barred_L_not_to", {"school": shown}))
            elif lk.action == LockAction.TO and lk.school_id != school:
                out.append(Line("barred_L_to", {"school": shown,
                                                "to": _school(inst, lk.school_id)}))
    return out


# --- the counterfactual ------------------------------------------------------------------


def _alternative(inst: Instance, tid: str, action: str, school: str | None,
                 settings: SolverSettings, written: Plan) -> Alternative:
    """Solve the county with `tid` locked to `action` (in place of the teacher's own
    locks) and compare it with the written plan level by level."""
    own = [lk for lk in inst.locks if lk.teacher_id == tid]
    lock = Lock(teacher_id=tid, action=LockAction(action), school_id=school)
    other = dataclasses.replace(inst, locks=[*(lk for lk in inst.locks if lk.teacher_id != tid),
                                             lock])
    began = time.perf_counter()
    try:
        result = solve_rotation(other, settings)
    except NoPlanError as exc:  # proved infeasible (explain.py's headline), or a time-out
        status = NO_PLAN if _key(exc.headline) == HEADLINE.key else NOT_FOUND
        return Alternative(action, school, status, time.perf_counter() - began,
                           no_plan=list(exc.reasons), dropped_locks=bool(own))
    seconds = time.perf_counter() - began
    placement = result.placement
    other_plan = (placement, plan_figures(inst, placement))
    table = level_table(result, result.terms) if result.stages else []
    open_level = next((row["level"] for row in table if not row["proven"]), None)
    before = written[0]
    return Alternative(
        action, school, result.stats.status, seconds, gap=result.stats.gap,
        open_level=open_level, proven=frozenset(row["level"] for row in table if row["proven"]),
        destination=placement.get(tid),
        changes=level_changes(inst, written, other_plan), dropped_locks=bool(own),
        also_move=sorted((k, d) for k, d in placement.items() if k != tid and before.get(k) != d),
        no_longer=sorted(k for k in before if k != tid and k not in placement))


def level_changes(inst: Instance, written: Plan, other: Plan) -> list[LevelChange]:
    """The levels (switched on) where two plans differ, most important first, each in its
    reader's unit; the shortage levels with the (school, subject) gaps that differ."""
    w = lv.weights(inst.policy)
    out = []
    for level in lv.LEVELS:
        if not w.on(level) or _same(written[1].terms[level], other[1].terms[level]):
            continue
        a, b = _measure(inst, level, written[1]), _measure(inst, level, other[1])
        cells: tuple[tuple[str, str, float, float], ...] = ()
        if level in ("shortage", "shortage_place"):
            cells = _cells(inst, written[0], other[0])
        out.append(LevelChange(level, a, b, cells))
    return out


def _measure(inst: Instance, level: str, fig: PlanFigures) -> float:
    """A level in its reader's unit: unmet posts, km, CV limits broken, else the level's
    own count (teachers, moves, wish ranks, balance units)."""
    if level in ("shortage", "shortage_place"):
        return round(fig.unmet_shortage_after, 9)
    if level == "distance":
        return round(sum(fig.distances_km), 2)
    if level == "cv_limits":
        return float(sum(r.meets is False for r in fig.cvs_after.itertuples()))
    if level == "movers":
        return float(fig.movers + fig.principals_moved)
    return fig.terms[level] / lv.weights(inst.policy).level[level]


def _cells(inst: Instance, written: Mapping[str, str], other: Mapping[str, str]
           ) -> tuple[tuple[str, str, float, float], ...]:
    """Unmet posts per (school, subject) where the two plans differ."""
    a = rules.shortages(inst, rules.placement_after(inst, written))
    b = rules.shortages(inst, rules.placement_after(inst, other))
    keys = sorted(set(a) | set(b))
    return tuple((s, j, round(a.get((s, j), 0.0), 9), round(b.get((s, j), 0.0), 9))
                 for s, j in keys if not _same(a.get((s, j), 0.0), b.get((s, j), 0.0)))


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def _school(inst: Instance, sid: str | None) -> str:
    """A school as shown: its id and name (a school's name is not personal)."""
    if sid is None:
        return ""
    return f"{sid} {inst.school[sid].name}".strip()


# --- rendering ----------------------------------------------------------------------------

Block = tuple[str, str]  # (kind, text): kind "h1", "h2", "p" or "li"
CODED = {"level": "level", "post": "post", "scope": "scope", "status": "status"}


def render(ex: Explanation, T: Catalog) -> list[Block]:
    """The explanation as headed paragraphs and list items in `T`'s language."""
    out: list[Block] = [("h1", T.t("why.title", teacher=ex.teacher_id, name=ex.name))]
    if ex.destination:
        out.append(("p", T.t("why.summary_moves", teacher=ex.teacher_id,
                             home=ex.shown(ex.home), school=ex.shown(ex.destination))))
    else:
        out.append(("p", T.t("why.summary_stays", teacher=ex.teacher_id,
                             home=ex.shown(ex.home))))
    if ex.plan_status:
        out.append(("p", T.t("why.plan_status", status=T.code("status", ex.plan_status))))
    out.append(("h2", T.t("why.h_moves" if ex.destination else "why.h_stays",
                          teacher=ex.teacher_id)))
    out += [("li", say(T, line)) for line in ex.why]
    out.append(("h2", T.t("why.h_school")))
    if ex.wishes:
        sep = T.t("why.sep")
        out.append(("li", T.t("why.wishes", wishes=sep.join(
            T.t("why.wish", rank=r, school=ex.shown(s)) for r, s in ex.wishes))))
    out += [("li", say(T, line)) for line in ex.why_school]
    out.append(("h2", T.t("why.h_alternatives")))
    out += [("p", say(T, line)) for line in ex.notes]
    for alt in ex.alternatives:
        out += _render_alternative(ex, alt, T)
    return out


def _render_alternative(ex: Explanation, alt: Alternative, T: Catalog) -> list[Block]:
    head = {STAY: T.t("why.alt_stay", home=ex.shown(ex.home)),
            MOVE: T.t("why.alt_move"),
            TO: T.t("why.alt_to", school=ex.shown(alt.school_id))}[alt.action]
    out: list[Block] = [("p", head)]
    if alt.dropped_locks:
        out.append(("li", T.t("why.alt_dropped_locks")))
    seconds = f"{alt.seconds:.1f}"
    if alt.status == NO_PLAN:
        out.append(("li", T.t("why.alt_no_plan")))
        return out + [("li", T.say(reason)) for reason in alt.no_plan]
    if alt.status == NOT_FOUND:
        return [*out, ("li", T.t("why.alt_not_found", seconds=seconds))]
    first = alt.decisive
    if alt.status == "OPTIMAL":
        out.append(("li", T.t("why.alt_optimal", seconds=seconds)))
    elif first is not None and first.level in alt.proven:
        # the levels down to the decisive one are proven: the comparison there holds
        out.append(("li", T.t("why.alt_feasible_decided", seconds=seconds,
                              gap=f"{100 * (alt.gap or 0.0):.1f}",
                              level=T.code("level", alt.open_level or "total"),
                              decisive=T.code("level", first.level))))
    else:
        out.append(("li", T.t("why.alt_feasible", seconds=seconds,
                              gap=f"{100 * (alt.gap or 0.0):.1f}",
                              level=T.code("level", alt.open_level or "total"))))
    if ex.plan_status and ex.plan_status != "OPTIMAL":
        out.append(("li", T.t("why.alt_written_feasible")))
    if alt.action == MOVE and alt.destination:
        out.append(("li", T.t("why.alt_destination", school=ex.shown(alt.destination))))
    if alt.also_move:
        out.append(("li", T.t("why.alt_also_move", n=len(alt.also_move), teachers=_ids(
            T, [T.t("why.arrow", teacher=k, school=d) for k, d in alt.also_move]))))
    if alt.no_longer:
        out.append(("li", T.t("why.alt_no_longer", n=len(alt.no_longer),
                              teachers=_ids(T, alt.no_longer))))
    if first is None:
        return [*out, ("li", T.t("why.alt_same_lock" if alt.dropped_locks else "why.alt_same"))]
    worse = first.other > first.written
    out.append(("li", T.t("why.alt_decisive_worse" if worse else "why.alt_decisive_better",
                          level=T.code("level", first.level),
                          written=_measure_text(T, first.level, first.written),
                          other=_measure_text(T, first.level, first.other))))
    cells_shown = False
    for change in alt.changes:
        if change is not first:
            out.append(("li", T.t("why.alt_change", level=T.code("level", change.level),
                                  written=_measure_text(T, change.level, change.written),
                                  other=_measure_text(T, change.level, change.other))))
        if change.cells and not cells_shown:  # both shortage levels count the same gaps
            cells_shown = True
            out += [("li", T.t("why.alt_cell", school=ex.shown(school),
                               subject=T.code("subject", subject), written=_num(a),
                               other=_num(b), diff=_signed(b - a)))
                    for school, subject, a, b in change.cells]
    return out


def say(T: Catalog, line: Line) -> str:
    """One sentence in `T`'s language, its codes in words."""
    fields = dict(line.fields)
    for name, group in CODED.items():
        if name in fields:
            fields[name] = T.code(group, fields[name])
    if "reasons" in fields:
        fields["reasons"] = T.reasons(fields["reasons"])
    for name, value in fields.items():
        if isinstance(value, float):
            fields[name] = _num(value)
    return T.t(f"why.{line.key}", **fields)


def _ids(T: Catalog, items: list[str]) -> str:
    """At most MOST_NAMED items, then how many more."""
    shown = T.t("why.sep").join(items[:MOST_NAMED])
    more = len(items) - MOST_NAMED
    return shown + (T.t("why.more", n=more) if more > 0 else "")


def _measure_text(T: Catalog, level: str, value: float) -> str:
    return T.t(f"why.measure.{level}", value=_num(value))


def _num(x: float) -> str:
    return f"{round(x, 2):g}"


def _signed(x: float) -> str:
    return f"{round(x, 2):+g}"


def markdown(blocks: list[Block]) -> str:
    """The blocks as Markdown."""
    prefix = {"h1": "# ", "h2": "\n## ", "p": "\n", "li": "- "}
    return "\n".join(prefix[kind] + text for kind, text in blocks) + "\n"


def page(blocks: list[Block], T: Catalog) -> str:
    """The blocks as a standalone HTML page (every text escaped)."""
    body, in_list = [], False
    for kind, text in blocks:
        if (kind == "li") != in_list:
            body.append("<ul>" if kind == "li" else "</ul>")
            in_list = kind == "li"
        body.append(f"<{kind}>{html.escape(text)}</{kind}>")
    if in_list:
        body.append("</ul>")
    title = next((text for kind, text in blocks if kind == "h1"), "")
    return (f'<!DOCTYPE html>\n<html lang="{T.t("text.html_lang")}">\n<head>'
            f'<meta charset="utf-8"><title>{html.escape(title)}</title></head>\n<body>\n'
            + "\n".join(body) + "\n</body>\n</html>\n")


def _key(text: str | Note) -> str:
    """A headline's catalog key ("" for plain text)."""
    return text.key if isinstance(text, Note) else ""

"""A re-plan against a previous rotation plan (`--baseline`): reading that plan, and the
changes between it and the new one, each with its cause.

A teacher's *assignment* is where the teacher serves after the plan: the destination of
a move, or the own school. A change is a teacher whose assignment differs between the
two plans (a stayer who now moves, a mover who now stays, or a mover sent elsewhere),
plus every mover of the previous plan who is no longer in teachers.csv.

Causes, in the order they are decided:
- `teacher_gone`: the previous mover is not in teachers.csv any more;
- `not_eligible`: the previous mover may not move now (R1, R11, a leader not due);
- `arc_forbidden`: the previous move is not allowed any more (`detail` names the rule:
  R3, R6, R7, R10, R12, or `schools` when the school is gone);
- `lock`: a lock (L) asks for the change;
- `objective`: putting this one teacher back as before makes a level worse (`detail`:
  the first such level, of those that may justify a change, `JUSTIFYING`);
- `rule`: a hard rule needs it (`detail`: R12 for a due leader, else R2, R4, R5 or R9 as
  the first one that the teacher put back would break, else `R2`).

No ortools here: the checker reads the same definitions.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from scheduler import rules
from scheduler.data.instance import Instance
from scheduler.data.schema import LockAction
from scheduler.errors import UsageError
from scheduler.i18n import Items, Note
from scheduler.io.output import FORMULA_PREFIXES
from scheduler.rotation.score import score

PLAN_CSV = "rotation_plan.csv"
PREVIOUS_CSV = "previous_plan.csv"  # the previous plan's moves, copied into the new folder
CHANGES_CSV = "rotation_changes.csv"
OBJECTIONS_CSV = "objections_result.csv"  # `rotaplan objections`: every request judged
PREVIOUS_COLUMNS = ("teacher_id", "from_school_id", "to_school_id")
CHANGE_COLUMNS = ("teacher_id", "old_to_school_id", "new_to_school_id", "cause", "detail")
# The levels a change may be made for (above `movers`: what justifies a move at all).
JUSTIFYING = ("shortage", "senior_title", "cv_limits", "standards")
CAUSES = ("teacher_gone", "not_eligible", "arc_forbidden", "lock", "objective", "rule")


@dataclass(frozen=True)
class Previous:
    """The moves of a previous plan: teacher_id -> (from_school_id, to_school_id)."""

    source: str  # where it was read from, as given
    moves: Mapping[str, tuple[str, str]]

    def assignment(self, inst: Instance) -> dict[str, str]:
        """teacher_id -> destination for the previous movers whose teacher and school are
        still in the instance and whose destination is not where they serve now (those
        are stayers)."""
        return {tid: to for tid, (_, to) in self.moves.items()
                if tid in inst.teacher and to in inst.school
                and to != inst.teacher[tid].school_id}

    def lost(self, inst: Instance) -> int:
        """Previous moves that cannot be kept for want of their teacher or their school."""
        return sum(tid not in inst.teacher or to not in inst.school
                   for tid, (_, to) in self.moves.items())


@dataclass(frozen=True)
class Change:
    """One teacher whose assignment differs; blank school: stays (stayed)."""

    teacher_id: str
    old_to: str
    new_to: str
    cause: str
    detail: str = ""


def plan_file(plan_dir: Path) -> Path:
    """The rotation_plan.csv of a `rotate` folder, or of a `plan` folder's rotation/."""
    plan_dir = Path(plan_dir)
    for candidate in (plan_dir / PLAN_CSV, plan_dir / "rotation" / PLAN_CSV):
        if candidate.is_file():
            return candidate
    raise UsageError(Note.of("usage.no_rotation_plan", folder=plan_dir, file=PLAN_CSV,
                             inner=plan_dir / "rotation"))


def read_previous(plan_dir: Path) -> Previous:
    """The moves of the plan written in `plan_dir` (UsageError when there is none or it
    is not the contract's table)."""
    path = plan_file(plan_dir)
    return Previous(str(plan_dir), read_moves(path))


def read_moves(path: Path) -> dict[str, tuple[str, str]]:
    """teacher_id -> (from, to) of a rotation_plan.csv or previous_plan.csv."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        table = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(Note.of("usage.plan_unreadable", path=path, error=exc)) from None
    header = [h.strip() for h in table[0]] if table else []
    missing = [c for c in PREVIOUS_COLUMNS if c not in header]
    if missing:
        raise UsageError(Note.of("usage.plan_columns", path=path, columns=Items.of(missing)))
    index = [header.index(c) for c in PREVIOUS_COLUMNS]
    out: dict[str, tuple[str, str]] = {}
    for number, row in enumerate(table[1:], start=2):
        if len(row) != len(header):
            raise UsageError(Note.of("usage.plan_cells", path=path, row=number,
                                     cells=len(row), header=len(header)))
        tid, frm, to = (_unguard(row[i].strip()) for i in index)
        out[tid] = (frm, to)
    return out


def _unguard(cell: str) -> str:
    if cell.startswith("'") and cell[1:].startswith(FORMULA_PREFIXES):
        return cell[1:]
    return cell


def differences(inst: Instance, previous: Previous, moves: Mapping[str, str]
                ) -> dict[str, tuple[str, str]]:
    """teacher_id -> (old destination, new destination), "" for staying, for every teacher
    whose assignment differs (previous movers no longer in the instance included)."""
    out: dict[str, tuple[str, str]] = {}
    for tid, (_, old) in previous.moves.items():
        if tid not in inst.teacher:
            out[tid] = (old, "")
    old_of = {tid: to for tid, (_, to) in previous.moves.items() if tid in inst.teacher}
    for tid in sorted(set(old_of) | set(moves)):
        if tid not in inst.teacher:
            continue
        home = inst.teacher[tid].school_id
        old, new = old_of.get(tid, home), moves.get(tid, home)
        if old != new:
            out[tid] = ("" if old == home else old, "" if new == home else new)
    return dict(sorted(out.items()))


def explain_changes(inst: Instance, previous: Previous, moves: Mapping[str, str],
                    forbidden: Mapping[str, str] | None = None) -> list[Change]:
    """Every change with its cause (module docstring). `forbidden` maps a previous mover
    whose move the hard rules no longer allow to the rule (from the solver's arcs)."""
    forbidden = forbidden or {}
    moves = {tid: to for tid, to in moves.items() if to != inst.teacher[tid].school_id}
    whole = score(inst, moves) if moves or previous.moves else {}
    out = []
    for tid, (old, new) in differences(inst, previous, moves).items():
        out.append(Change(tid, old, new, *_cause(inst, tid, old, moves, whole, forbidden)))
    return out


def _cause(inst: Instance, tid: str, old: str, moves: Mapping[str, str],
           whole: Mapping[str, float], forbidden: Mapping[str, str]) -> tuple[str, str]:
    t = inst.teacher.get(tid)
    if t is None:
        return "teacher_gone", ""
    if old and old not in inst.school:
        return "arc_forbidden", "schools"
    if old and not (rules.eligible(t, inst)
                    or any(lead.teacher_id == tid for lead in rules.leaders_to_move(inst))):
        return "not_eligible", rules.ineligible_reason(t, inst) or ""
    if _locked(inst, tid, old, moves.get(tid, "")):
        return "lock", "L"
    if old and tid in forbidden:
        return "arc_forbidden", forbidden[tid]
    back = {k: v for k, v in moves.items() if k != tid}
    if old:
        back[tid] = old
    reverted = score(inst, back)
    for level in JUSTIFYING:
        if reverted[level] > whole[level]:
            return "objective", level
    return "rule", _rule_broken(inst, tid, back)


def _locked(inst: Instance, tid: str, old: str, new: str) -> bool:
    """A lock that the previous assignment breaks."""
    for lock in inst.locks_of.get(tid, ()):
        if ((lock.action == LockAction.STAY and old)
                or (lock.action == LockAction.MOVE and not old)
                or (lock.action == LockAction.TO and old != lock.school_id)
                or (lock.action == LockAction.NOT_TO and old == lock.school_id)):
            return True
    return False


def _rule_broken(inst: Instance, tid: str, back: Mapping[str, str]) -> str:
    """The hard rule the teacher put back would break (R12, R4, R9, R5), else R2."""
    t = inst.teacher[tid]
    if t.is_leader and rules.leader_due(t, inst):
        return "R12"
    sent = Counter(inst.teacher[k].school_id for k in back)
    if any(n > rules.max_outflow(inst.staff[s], inst.policy) for s, n in sent.items()):
        return "R4"
    limits = rules.headcount_limits(inst)
    after = rules.placement_after(inst, back)
    if any(n > limits[s] for s, n in Counter(after.values()).items() if s in limits):
        return "R9"
    counts = rules.main_subject_counts(inst, after)
    before = inst.main_subject_count
    if any(req >= 1 and before[key] >= 1 and counts[key] == 0
           for key, req in inst.required.items()):
        return "R5"
    return "R2"


def by_cause(changes: list[Change]) -> dict[str, int]:
    """How many changes each cause explains (`objective:<level>`, `rule:<rule>` split)."""
    counts: Counter[str] = Counter()
    for c in changes:
        counts[f"{c.cause}:{c.detail}" if c.cause in ("objective", "rule") else c.cause] += 1
    return dict(sorted(counts.items()))

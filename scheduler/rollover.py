"""Next year's instance from this year's and its rotation plan (data contract §5, rollover).

The plan is for school year `year`: its movers serve that year at their new school. The
instance of `year` + 1 is then the county as it stands when that year is planned:

- movers are at their new school with `years_at_school` 0, their exchange in history.csv
  (`start_year` = year, `end_year` = year + `term_years`); a principal or vice principal
  moved under R12 takes the post at the new school for good: the exchange is recorded
  with `stays_on` true, `years_in_post` 0;
- exchanges that end (`end_year` = year + 1) come home to `from_school_id`
  (`years_at_school` 0 there) unless `stays_on`, in which case the teacher stays at
  `to_school_id` and the exchange is closed (it is no longer under way);
- everyone else: `years_at_school` + 1, and leaders' `years_in_post` + 1;
- `rural_years` + 1 for everyone who served the year at a rural school, a teaching point
  or a weak school (where the plan put them);
- teachers who retire by 1 September of year + 1 (R1's retirement date) leave the pool,
  with their exchanges, their busy slots and their pins on lessons;
- locks, preferences and the calendar are one year's: dropped (a new year's locks and
  wishes come from the county); a policy `travel.term_start`/`term_end` date is blanked
  so that the new year's default term applies; needs, lessons, distances and busy slots
  carry over as they are (the county edits them where they changed);
- a mover's `volunteer` flag is cleared (the wish was granted).

Birth-year eligibility (R1's near-retirement exemption) follows from `year` + 1.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler import rules
from scheduler.check.base import unguard
from scheduler.check.rotation import PLAN_CSV, read_plan
from scheduler.data import schema
from scheduler.data.instance import Instance
from scheduler.data.load import MODELS, load_instance
from scheduler.data.read import read_csv, read_workbook
from scheduler.data.write import Records, write_folder, write_workbook
from scheduler.errors import InputError, Problem, UsageError
from scheduler.i18n import Note
from scheduler.io.output import atomic_dir, check_out_dir

ROTATION_SUBDIR = "rotation"  # where `rotaplan plan` writes its rotation half
RETIRE_BY_MONTH = 9  # retired by 1 September of the new year: no longer serving
SUMMARY_JSON = "rollover.json"


@dataclass
class Rollover:
    """Next year's instance as records and policy, and what rolled, by teacher id."""

    year: int
    records: Records
    policy: dict[str, Any]
    movers: list[str] = field(default_factory=list)
    leaders_moved: list[str] = field(default_factory=list)
    came_home: list[str] = field(default_factory=list)
    stayed_on: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    rural_year: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Counts only (ids are in the instance itself): for rollover.json and the terminal."""
        return {"year": self.year, "movers": len(self.movers),
                "leaders_moved": len(self.leaders_moved), "came_home": len(self.came_home),
                "stayed_on": len(self.stayed_on), "retired": len(self.retired),
                "rural_years_added": len(self.rural_year), "dropped": dict(self.dropped)}


# --- the plan ----------------------------------------------------------------------------


def plan_file(plan_dir: Path) -> Path:
    """rotation_plan.csv of a `rotate` folder, or of a `plan` folder's rotation/."""
    plan_dir = Path(plan_dir)
    for candidate in (plan_dir / PLAN_CSV, plan_dir / ROTATION_SUBDIR / PLAN_CSV):
        if candidate.is_file():
            return candidate
    raise UsageError(Note.of("usage.no_rotation_plan", folder=plan_dir, file=PLAN_CSV,
                             inner=f"{ROTATION_SUBDIR}/"))


def read_moves(inst: Instance, plan_dir: Path) -> dict[str, str]:
    """The plan's moves (teacher_id -> to_school_id), read as the checker reads them.

    A plan that does not fit the instance (unknown teacher or school, a teacher not at
    the plan's from_school_id, two rows for one teacher, a move of a teacher on an
    exchange under way) is an InputError naming file, row and column.
    """
    path = plan_file(plan_dir)
    source = str(path)
    rows, findings = read_plan(path)
    if rows is None:
        raise InputError([Problem(source, None, None, f.message) for f in findings])
    problems: list[Problem] = []
    moves: dict[str, str] = {}
    first_row: dict[str, int] = {}

    def bad(row: int, column: str, message: str, key: str, **fields: Any) -> None:
        problems.append(Problem(source, row, column, message, key,
                                tuple((k, str(v)) for k, v in fields.items())))

    for r in rows:
        tid, frm, to = (unguard(r[c]) for c in ("teacher_id", "from_school_id",
                                                 "to_school_id"))
        t = inst.teacher.get(tid)
        if t is None:
            bad(r.row, "teacher_id", f"expected a teacher_id of teachers.csv, got {tid!r}",
                "plan_teacher", got=tid)
            continue
        if tid in first_row:
            bad(r.row, "teacher_id", f"expected one row per teacher; {tid} already moves on "
                f"row {first_row[tid]}", "plan_twice", teacher=tid, first=first_row[tid])
            continue
        first_row[tid] = r.row
        if frm != t.school_id:
            bad(r.row, "from_school_id", f"expected {t.school_id}, where teacher {tid} serves "
                f"in teachers.csv, got {frm!r}", "plan_from", school=t.school_id,
                teacher=tid, got=frm)
        if to not in inst.school or to == t.school_id:
            bad(r.row, "to_school_id", "expected a school_id of schools.csv other than the "
                f"teacher's own, got {to!r}", "plan_to", got=to)
        h = inst.on_exchange.get(tid)
        if h is not None:
            bad(r.row, "teacher_id", f"teacher {tid} is on an exchange until {h.end_year} "
                "(history.csv) and may not move (R11)", "plan_exchange", teacher=tid,
                end=h.end_year)
        moves[tid] = to
    if problems:
        raise InputError(problems)
    return moves


# --- rolling over ------------------------------------------------------------------------


def _rows(models: list[Any]) -> list[dict[str, Any]]:
    """Rows as the writers take them, every field filled (see `_prune`)."""
    return [m.model_dump() for m in models]


def _prune(records: Records) -> Records:
    """Leave out the files without rows and the columns where every row holds the field's
    default, so NEXT has the columns the county uses and no more."""
    out = {}
    for stem, rows in records.items():
        if not rows:
            continue
        fields = MODELS[stem].model_fields
        idle = {name for name, info in fields.items()
                if not info.is_required() and all(row.get(name, info.default) == info.default
                                                  for row in rows)}
        out[stem] = [{k: v for k, v in row.items() if k not in idle} for row in rows]
    return out


def retires(inst: Instance, tid: str, year: int) -> bool:
    """Retired by 1 September of `year` (R1's retirement date, under the policy's rule)."""
    when = rules.retirement_month(inst.teacher[tid], inst.policy)
    return when is not None and when <= (year, RETIRE_BY_MONTH)


def roll_over(inst: Instance, moves: Mapping[str, str]) -> Rollover:
    """Next year's records and policy from `inst` and its plan's `moves` (see the module)."""
    year = inst.policy.year
    term = inst.policy.rotation.term_years
    served = rules.placement_after(inst, moves)  # where everyone served the year
    out = Rollover(year=year + 1, records={}, policy=_next_policy(inst))
    retired = {t.teacher_id for t in inst.teachers if retires(inst, t.teacher_id, year + 1)}
    out.retired = sorted(retired)

    history = _rows([h for h in inst.history if h.teacher_id not in retired])
    for tid, to in sorted(moves.items()):
        if tid in retired:
            continue
        leader = inst.teacher[tid].is_leader
        (out.leaders_moved if leader else out.movers).append(tid)
        history.append({"teacher_id": tid, "from_school_id": inst.teacher[tid].school_id,
                        "to_school_id": to, "start_year": year, "end_year": year + term,
                        "stays_on": leader})
    home: dict[str, str] = {}
    for h in history:
        ends = h["start_year"] <= year and h["end_year"] == year + 1
        if not ends or h["teacher_id"] in retired:
            continue
        if h.get("stays_on"):
            if h["teacher_id"] not in moves:  # a leader moved this year is counted above
                out.stayed_on.append(h["teacher_id"])
        else:
            home[h["teacher_id"]] = h["from_school_id"]
    out.came_home = sorted(home)

    teachers = []
    for row in _rows(inst.teachers):
        tid = row["teacher_id"]
        if tid in retired:
            continue
        t = inst.teacher[tid]
        if inst.school[served[tid]].receiving:
            row["rural_years"] = t.rural_years + 1
            out.rural_year.append(tid)
        changed = tid in moves or tid in home
        row["school_id"] = home.get(tid, served[tid])
        row["years_at_school"] = 0 if changed else t.years_at_school + 1
        if t.is_leader:
            row["years_in_post"] = 0 if changed else t.years_in_post + 1
        if tid in moves:
            row["volunteer"] = False
        teachers.append(row)
    out.records["teachers"] = teachers
    out.records["history"] = history
    out.records["schools"] = _rows(inst.schools)
    for stem in ("needs", "distances"):
        out.records[stem] = _rows(getattr(inst, stem))
    out.records["lessons"] = [{k: v for k, v in row.items()
                               if not (k == "teacher_id" and v in retired)}
                              for row in _rows(inst.lessons)]
    out.records["busy"] = [row for row in _rows(inst.busy) if row["owner_id"] not in retired]
    out.dropped = {"locks": len(inst.locks), "preferences": len(inst.preferences),
                   "calendar": len(inst.calendar),
                   "lesson_pins": sum(1 for x in inst.lessons if x.teacher_id in retired),
                   "busy": len(inst.busy) - len(out.records["busy"])}
    out.records = _prune(out.records)
    return out


def _next_policy(inst: Instance) -> dict[str, Any]:
    """The policy in force (instance and --policy), one year on; term dates blanked."""
    policy = inst.policy.model_dump(mode="json", exclude_defaults=True)
    policy["year"] = inst.policy.year + 1
    travel = policy.get("travel", {})
    for key in ("term_start", "term_end"):
        travel.pop(key, None)
    if "travel" in policy and not travel:
        del policy["travel"]
    return {"year": policy.pop("year"), **policy}


# --- writing -----------------------------------------------------------------------------


def header_lang(inst: Instance) -> str:
    """zh where the instance's teachers table has Chinese headers, so NEXT looks the same."""
    path = inst.path
    try:
        if path is None:
            return "en"
        if path.is_dir():
            header = read_csv(path / "teachers.csv").header
        else:
            header = read_workbook(path)["teachers"].header
    except (InputError, OSError, KeyError):
        return "en"
    chinese = sum(1 for h in header if re.search(r"[\u4e00-\u9fff]", h))
    return "zh" if chinese * 2 > len(header) else "en"


def write_next(rollover: Rollover, out: Path, force: bool = False, lang: str = "en") -> Path:
    """Write NEXT all at once (see `write_instance`), with rollover.json in a folder."""
    return write_instance(rollover.records, rollover.policy, out, force, lang,
                          summary=rollover.summary())


def snapshot(inst: Instance) -> tuple[Records, dict[str, Any]]:
    """The instance as loaded (with any --policy merged), every file, to be written as it is."""
    records = _prune({spec.stem: _rows(getattr(inst, spec.stem)) for spec in schema.FILES})
    policy = inst.policy.model_dump(mode="json", exclude_defaults=True)
    policy.pop("year", None)
    return records, {"year": inst.policy.year, **policy}


def write_instance(records: Records, policy: dict[str, Any], out: Path, force: bool = False,
                   lang: str = "en", summary: dict[str, Any] | None = None) -> Path:
    """An instance written all at once: an .xlsx workbook where `out` ends in .xlsx, else a
    CSV folder (with `summary` as rollover.json); headers in `lang`. What is written is
    loaded back before it replaces anything, so an instance that would not load is never
    left behind."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        if out.exists() and not force:
            raise UsageError(Note.of("usage.out_file_exists", out=out))
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp_dir = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        try:
            tmp = tmp_dir / out.name
            write_workbook(records, tmp, policy, lang=lang)
            load_instance(tmp)
            os.replace(tmp, out)
        finally:
            shutil.rmtree(tmp_dir, ignore_errors=True)
        return out
    check_out_dir(out, force)
    with atomic_dir(out, force) as tmp:
        write_folder(records, tmp, policy, lang=lang)
        if summary is not None:
            (tmp / SUMMARY_JSON).write_text(json.dumps(summary, indent=2) + "\n",
                                            encoding="utf-8")
        load_instance(tmp)
    return out

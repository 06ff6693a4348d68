"""A re-plan's changes against the previous timetable: travel_changes.csv and the summary's
`changed_from_baseline` (`scheduler.travel.previous` makes the re-plan). No solver here.

Slots compare without their T11 `weeks` (a biweekly row's weeks follow lessons.csv).
Causes: teacher_gone (not in teachers.csv), teacher_busy (busy.csv then), lesson_changed
(the lesson row is gone or has other periods), rule (a rule T1-T12 refuses the slot
now), objective (moved by the re-plan: to make room for lessons that had to move, or
for a gain worth more than `change_penalty`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from scheduler.travel.data import TravelData
from scheduler.travel.result import Change, Slot

CAUSES = ("teacher_gone", "teacher_busy", "lesson_changed", "rule", "objective")
PREVIOUS_CSV = "travel_previous_timetable.csv"  # the copy `rotaplan check` re-reads
CHANGES_CSV = "travel_changes.csv"
CHANGE_COLUMNS = ("teacher_id", "day", "period", "site_id", "class_id", "subject", "change",
                  "cause")

Key = tuple[str, int, int, str, str, str]


def key(s: Slot) -> Key:
    """A slot without its T11 `weeks`: what a change compares (weeks follow lessons.csv)."""
    return (s.teacher_id, s.day, s.period, s.site_id, s.class_id, s.subject)


def changes(data: TravelData, previous: Iterable[Slot], slots: Iterable[Slot],
            dropped: dict[Key, str] | None = None) -> list[Change]:
    """Every slot of `previous` not in `slots` ("old", with the cause it was dropped for,
    else that of a dropped slot of its lesson row, which moves with it (T2), else
    "objective": moved by the re-plan for a gain or to make room) and every slot added
    ("new", with the cause of a changed slot of the same lesson row, else lesson_changed
    for a row that has more periods than before, else objective)."""
    dropped = dropped or {}
    row_cause: dict[tuple[str, ...], str] = {}
    for k, cause in sorted(dropped.items()):
        row_cause.setdefault(k[3:], cause)
    before = {key(s) for s in previous}
    after = {key(s) for s in slots}
    out = []
    causes: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for k in sorted(before - after):
        cause = dropped.get(k) or row_cause.get(k[3:], "objective")
        out.append(Change(Slot(*k), "old", cause))
        causes[k[3:]].append(cause)
    had = Counter(k[3:] for k in before)
    periods = {(r.site, r.class_id, r.subject): r.periods for r in data.rows}
    for k in sorted(after - before):
        row = k[3:]
        cause = (causes[row].pop(0) if causes[row] else
                 "lesson_changed" if had[row] < periods.get(row, 0) else "objective")
        out.append(Change(Slot(*k), "new", cause))
    return out


def counts(found: Iterable[Change]) -> dict[str, Any]:
    """The summary's `changed_from_baseline`: slots of the previous timetable changed
    (moved or dropped), slots added, and the changed slots by cause."""
    found = list(found)
    old = Counter(c.cause for c in found if c.change == "old")
    return {"slots": sum(old.values()), "added": sum(1 for c in found if c.change == "new"),
            "by_cause": {cause: old[cause] for cause in CAUSES}}

"""A re-plan's changes (`scheduler.travel.changes`), on the county of test_previous.py."""

from __future__ import annotations

from scheduler.travel.changes import CAUSES, changes, counts
from scheduler.travel.data import TravelData
from scheduler.travel.result import Slot
from tests.travel.test_previous import PREVIOUS, town


def test_changes_pair_added_slots_with_the_causes_of_their_row(county):
    inst = town(county)
    moved = Slot("T1", 3, 2, "A", "1", "music")
    found = changes(TravelData(inst), PREVIOUS, [moved, *PREVIOUS[1:]],
                    {("T1", 1, 1, "A", "1", "music"): "teacher_busy"})
    assert [(c.slot, c.change, c.cause) for c in found] == [
        (PREVIOUS[0], "old", "teacher_busy"), (moved, "new", "teacher_busy")]
    # a valid slot the re-plan moved anyway is an objective gain
    found = changes(TravelData(inst), PREVIOUS, [moved, *PREVIOUS[1:]])
    assert {c.cause for c in found} == {"objective"}
    assert counts(found) == {"slots": 1, "added": 1,
                             "by_cause": {**dict.fromkeys(CAUSES, 0), "objective": 1}}


def test_a_valid_slot_moves_with_its_row_and_a_longer_row_adds_lesson_changed(county):
    # T1's day-1 slot is dropped (teacher_busy) and T2 takes the row: T1's valid day-2
    # slot moves with it (T2: one teacher a row), so it carries the row's cause
    inst = town(county)
    taken = [Slot("T2", 1, 2, "A", "1", "music"), Slot("T2", 3, 2, "A", "1", "music")]
    found = changes(TravelData(inst), PREVIOUS, [*taken, *PREVIOUS[2:]],
                    {("T1", 1, 1, "A", "1", "music"): "teacher_busy"})
    assert {c.cause for c in found} == {"teacher_busy"} and len(found) == 4
    # a row with no slot before: its new slots are lesson_changed
    found = changes(TravelData(inst), PREVIOUS[:2] + PREVIOUS[3:], PREVIOUS)
    assert [(c.change, c.cause) for c in found] == [("new", "lesson_changed")]

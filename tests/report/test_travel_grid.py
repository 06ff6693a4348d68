"""Shared pieces of the published outputs: bell times, grids and safe file names."""

from __future__ import annotations

import re

from scheduler.data.load import instance_from_records
from scheduler.report.travel_grid import bell, file_stem, grids
from scheduler.travel.result import Slot


def test_bell_times_follow_the_policy(tiny_records):
    inst = instance_from_records(tiny_records)
    assert bell(inst, 1) == "08:00–08:40"
    assert bell(inst, 5) == "14:00–14:40"
    tiny_records["busy"] = []
    inst = instance_from_records(tiny_records, {"travel": {"period_starts": ["07:55", "09:00"],
                                                           "period_minutes": 45}})
    assert bell(inst, 1) == "07:55–08:40"


def test_grids_group_lessons_by_owner_and_slot():
    a = Slot("T01", 1, 1, "P1", "1", "music")
    b = Slot("T02", 1, 1, "P1", "2", "art")
    assert grids([a, b], "site") == {"P1": {(1, 1): [a, b]}}
    assert grids([a, b], "teacher") == {"T01": {(1, 1): [a]}, "T02": {(1, 1): [b]}}


def test_file_stems_are_safe_and_distinct():
    assert file_stem("teacher", "T01") == "teacher-T01"
    odd = ["张三", "../etc/passwd", "CON", "a b", "a_b", "A/B", "x" * 100]
    stems = [file_stem("teacher", key) for key in odd]
    assert len(set(stems)) == len(stems)
    for stem in stems:
        assert re.fullmatch(r"teacher-[A-Za-z0-9_-]+", stem), stem
        assert len(stem) <= 80

"""The scorer: routes and every objective term from the timetable alone, without ortools.

Teacher T at C: day 1 music at A (period 1) then B (period 3); day 2 music at A again.
Roads: C-A 10 km/12 min, C-B 10 km/15 min, A-B 4 km/6 min. Routes: C>A>B>C = 24 km,
33 min; C>A>C = 20 km, 24 min. Terms: km 44, road days 2, loads 3² = 9, spread: row A/1
has days 1 and 2 (adjacent) = 1. Total = 44 + 0.5 × 2 + 0.01 × 9 + 0.1 × 1 = 45.19.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from scheduler.travel.result import Slot
from scheduler.travel.score import build_routes, score

SLOTS = [Slot("T", 1, 1, "A", "1", "music"), Slot("T", 1, 3, "B", "1", "music"),
         Slot("T", 2, 1, "A", "1", "music")]


@pytest.fixture
def inst(county):
    return county({"C": None, "A": "C", "B": "C"},
                  [{"teacher_id": "T", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": "1", "subject": "music", "periods_per_week": 2},
                   {"site_id": "B", "class_id": "1", "subject": "music", "periods_per_week": 1}],
                  {("C", "A"): (10, 12), ("C", "B"): (10, 15), ("A", "B"): (4, 6)})


def test_routes(inst):
    routes = build_routes(inst, SLOTS)
    assert [(r.day, r.stops, r.km, r.minutes) for r in routes] == [
        (1, ("C", "A", "B", "C"), 24, 33), (2, ("C", "A", "C"), 20, 24)]


def test_terms_and_total(inst):
    got = score(inst, SLOTS)
    assert got == pytest.approx({"km": 44, "road_days": 2, "loads": 9, "spread": 1,
                                 "unplaced": 0, "total": 45.19})


def test_unplaced_periods_count(inst):
    assert score(inst, SLOTS[:2])["unplaced"] == 1


def test_no_ortools_import():
    code = ("import sys; import scheduler.travel.score, scheduler.travel.data; "
            "sys.exit(1 if any(m.startswith('ortools') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

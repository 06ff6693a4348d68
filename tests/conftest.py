"""Shared fixtures: one tiny, valid county that every test can copy and bend.

`tiny_records` is a fixture returning a fresh records dict (stem -> rows of field -> value)
for `scheduler.data.load.instance_from_records` and `scheduler.data.write.write_folder` /
`write_workbook`. It is small on purpose and stable: tests elsewhere rely on its ids.

The county: central primary C1 (town, 400 pupils) manages village primary V1 and teaching
point P1 (30 pupils, so left out of the CVs); J1 is an urban junior school. Every file of
the contract has at least one row; every school has coordinates.

`cty` is tests/rotation/county.py, the rotation tests' tiny-county builder, for the
rotation and constraint-family tests alike.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

Records = dict[str, list[dict[str, Any]]]

_TINY: Records = {
    "schools": [
        {"school_id": "C1", "name": "Central primary", "township": "East", "kind": "town",
         "stage": "primary", "group_id": "G1", "district_id": "D1", "lon": 117.00,
         "lat": 31.00, "students": 400, "classes": 12, "weak": False},
        {"school_id": "V1", "name": "Village primary", "township": "East", "kind": "rural",
         "stage": "primary", "district_id": "D1", "central_school_id": "C1", "lon": 117.05,
         "lat": 31.02, "students": 120, "classes": 6, "weak": True},
        {"school_id": "P1", "name": "Hill teaching point", "township": "East",
         "kind": "teaching_point", "stage": "primary", "district_id": "D1",
         "central_school_id": "C1", "lon": 117.08, "lat": 30.97, "students": 30, "classes": 2},
        {"school_id": "J1", "name": "County junior", "township": "Seat", "kind": "urban",
         "stage": "junior", "group_id": "G1", "lon": 116.90, "lat": 31.10, "students": 600,
         "classes": 15},
    ],
    "teachers": [
        {"teacher_id": "T01", "name": "Teacher one", "school_id": "C1", "subject": "music",
         "other_subjects": ["art"], "backbone": "county", "years_at_school": 8,
         "rural_years": 0, "birth_year": 1985, "gender": "F", "can_travel": True,
         "degree": "bachelor"},
        {"teacher_id": "T02", "name": "Teacher two", "school_id": "C1", "subject": "chinese",
         "backbone": "none", "years_at_school": 3, "birth_year": 1990, "gender": "M",
         "seeks_senior_title": True, "volunteer": True, "degree": "associate"},
        {"teacher_id": "T03", "name": "Teacher three", "school_id": "C1", "subject": "pe",
         "years_at_school": 12, "birth_year": 1968, "gender": "M", "can_travel": True,
         "max_travel_periods": 8},
        {"teacher_id": "T04", "name": "Teacher four", "school_id": "V1", "subject": "math",
         "years_at_school": 7, "rural_years": 7, "birth_year": 1980, "gender": "F"},
        {"teacher_id": "T05", "name": "Teacher five", "school_id": "P1", "subject": "chinese",
         "other_subjects": ["math", "moral"], "years_at_school": 2, "birth_year": 1995},
        {"teacher_id": "T06", "name": "Teacher six", "school_id": "J1", "subject": "english",
         "backbone": "city", "years_at_school": 9, "birth_year": 1978, "gender": "M",
         "exempt": "secondment", "degree": "master"},
    ],
    "needs": [
        {"school_id": "V1", "subject": "music", "required": 1},
        {"school_id": "V1", "subject": "math", "required": 1},
        {"school_id": "P1", "subject": "art", "required": 0.5},
        {"school_id": "J1", "subject": "english", "required": 2},
    ],
    "lessons": [
        {"site_id": "P1", "class_id": "1", "subject": "music", "periods_per_week": 2,
         "teacher_id": "T01"},
        {"site_id": "P1", "class_id": "1", "subject": "pe", "periods_per_week": 3},
        {"site_id": "V1", "class_id": "3A", "subject": "art", "periods_per_week": 2},
    ],
    "distances": [
        {"from_id": "C1", "to_id": "P1", "km": 11.5, "minutes": 20},
        {"from_id": "C1", "to_id": "V1", "km": 7.0},
    ],
    "busy": [
        {"owner_id": "T03", "day": 1, "period": 1},
        {"owner_id": "P1/1", "day": 5, "period": 7},
    ],
    "preferences": [
        {"teacher_id": "T04", "rank": 1, "school_id": "C1"},
        {"teacher_id": "T04", "rank": 2, "school_id": "J1"},
    ],
}


def build_tiny_records() -> Records:
    """A fresh deep copy of the tiny county's rows (safe to mutate)."""
    return copy.deepcopy(_TINY)


@pytest.fixture
def tiny_records() -> Records:
    """A fresh, valid records dict for `instance_from_records` and the writers."""
    return build_tiny_records()


def load_county() -> ModuleType:
    """tests/rotation/county.py, imported by path (the tests are not a package)."""
    name = "rotation_test_county"
    if name not in sys.modules:
        path = Path(__file__).parent / "rotation" / "county.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def cty() -> ModuleType:
    """`county(...)`, `solve(...)`, `broken_rules(...)`, `moves_of(...)`."""
    return load_county()

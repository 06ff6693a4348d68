"""Tiny traveling-teacher counties built by hand, and a way to check a plan like `check`.

`county(...)` builds an Instance through the loader: schools by id (with the central
school each site belongs to), teachers, lesson rows, busy slots and every road given
explicitly (km, minutes), so hand-derived optima do not depend on coordinates. The
default week is small: 2 days of 3 periods, 08:00, 08:50, 10:00, 40 minutes each, so the
gaps are 10 min (1-2), 30 min (2-3) and 80 min (1-3).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scheduler.check.travel import check_travel
from scheduler.data.instance import Instance
from scheduler.data.load import instance_from_records
from scheduler.solving import SolverSettings
from scheduler.travel.result import TravelResult

SMALL_WEEK = {"days": 2, "period_starts": ["08:00", "08:50", "10:00"], "period_minutes": 40}


def build_county(schools: dict[str, str | None], teachers: list[dict[str, Any]],
                 lessons: list[dict[str, Any]], roads: dict[tuple[str, str], tuple[float, float]],
                 busy: list[tuple[str, int, int]] = (), travel: dict[str, Any] | None = None,
                 school_fields: dict[str, dict[str, Any]] | None = None) -> Instance:
    """`schools`: id -> central school id (None for a central school). `roads`: (a, b) ->
    (km, minutes) for every pair a route may use; coordinates are far apart on purpose.
    `school_fields`: id -> columns to set on that school (stage, district_id...)."""
    records = {
        "schools": [{"school_id": sid, "name": f"school {sid}", "kind": "rural" if central
                     else "town", "stage": "primary", "central_school_id": central,
                     "lon": 100 + 2 * i, "lat": 30, "students": 50,
                     **(school_fields or {}).get(sid, {})}
                    for i, (sid, central) in enumerate(schools.items())],
        "teachers": [{"name": "", "can_travel": True, **t} for t in teachers],
        "lessons": lessons,
        "distances": [{"from_id": a, "to_id": b, "km": km, "minutes": minutes}
                      for (a, b), (km, minutes) in roads.items()],
        "busy": [{"owner_id": o, "day": d, "period": p} for o, d, p in busy],
    }
    return instance_from_records(records, {"travel": {**SMALL_WEEK, **(travel or {})}})


def write_and_check(inst: Instance, result: TravelResult, out: Path,
                    partial: bool = False) -> list[str]:
    """The contract's three files written from `result`, then the independent checker."""
    from scheduler.io.output import write_csv
    from scheduler.travel.outputs import routes_frame, summary, timetable_frame

    out.mkdir(parents=True, exist_ok=True)
    write_csv(timetable_frame(result.slots), out / "travel_timetable.csv")
    write_csv(routes_frame(result.routes), out / "travel_routes.csv")
    facts = summary(inst, result, partial=partial)
    (out / "travel_summary.json").write_text(json.dumps(facts, default=str), encoding="utf-8")
    unplaced = [(s, c, subj) for s, c, subj, _why in result.unplaced]
    report = check_travel(inst, out, unplaced=unplaced)
    return [f"{f.rule}: {f.message}" for f in report.findings]


@pytest.fixture
def county():
    return build_county


@pytest.fixture
def exact() -> SolverSettings:
    """One worker and a fixed seed: the same answer every run."""
    return SolverSettings(time_limit=20, workers=1, seed=0)


@pytest.fixture
def findings(tmp_path: Path):
    """What the checker finds in a result, written to a fresh folder each call."""
    calls = iter(range(1_000_000))

    def run(inst: Instance, result: TravelResult, partial: bool = False) -> list[str]:
        return write_and_check(inst, result, tmp_path / f"plan-{next(calls)}", partial)
    return run


@pytest.fixture
def checked(findings):
    def run(inst: Instance, result: TravelResult, partial: bool = False) -> None:
        assert findings(inst, result, partial) == []
    return run

"""scheduler/simulate.py: years chained through the written plans, on a hand-built county.

The county (year 2026, term_years 3, no quotas, no headcount limit): urban primary U1 with
music teachers M1 and M2 (8 years there, eligible); rural primaries R1 and R2 each need one
music teacher; R1 has none, R2 has X, on an exchange from U1 that ends in 2027. Year 2026:
one of M1, M2 moves to R1 (fewest movers: nobody else); X comes home at the rollover.
Year 2027: R2 is short; the first mover is on its exchange, X new at U1: the other of M1,
M2 moves to R2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scheduler.data.load import instance_from_records
from scheduler.simulate import second_moves, simulate
from scheduler.solving import SolverSettings

SETTINGS = SolverSettings(time_limit=10, workers=1, seed=0)
POLICY = {"year": 2026, "rotation": {"min_share_of_eligible": 0.0, "min_backbone_share": 0.0,
                                     "max_outflow_share": 1.0, "headcount": "free"}}


def records(principal_years: int | None = None) -> dict[str, list[dict[str, Any]]]:
    schools = [{"school_id": sid, "name": f"school {sid}", "kind": kind, "stage": stage,
                "lon": 117.0 + 0.05 * i, "lat": 31.0, "students": 300}
               for i, (sid, kind, stage) in enumerate([("U1", "urban", "primary"),
                                                       ("R1", "rural", "primary"),
                                                       ("R2", "rural", "primary"),
                                                       ("J1", "urban", "junior")])]
    teachers = [{"teacher_id": tid, "name": f"name {tid}", "school_id": at,
                 "subject": subject, "years_at_school": years, "birth_year": 1985}
                for tid, at, subject, years in [
                    ("M1", "U1", "music", 8), ("M2", "U1", "music", 8),
                    ("C1", "U1", "chinese", 2), ("C2", "R1", "chinese", 2),
                    ("C3", "R2", "chinese", 2), ("X", "R2", "music", 2),
                    ("C4", "J1", "chinese", 2)]]
    if principal_years is not None:
        # the only junior school's principal: due (R12) once years_in_post reaches 6, and
        # then no school of its stage group to go to
        teachers.append({"teacher_id": "P", "school_id": "J1", "subject": "math",
                         "years_at_school": 9, "birth_year": 1975, "post": "principal",
                         "years_in_post": principal_years})
    return {"schools": schools, "teachers": teachers,
            "needs": [{"school_id": s, "subject": "music", "required": 1}
                      for s in ("R1", "R2")],
            "history": [{"teacher_id": "X", "from_school_id": "U1", "to_school_id": "R2",
                         "start_year": 2024, "end_year": 2027},
                        {"teacher_id": "C1", "from_school_id": "U1", "to_school_id": "R1",
                         "start_year": 2019, "end_year": 2022}]}


def test_second_moves_within_and_across_terms() -> None:
    inst = instance_from_records(records(), POLICY)
    # X is on an exchange under way (2024-2027): within a term; C1's ended in 2022
    assert second_moves(inst, {"X": "U1", "C1": "R2", "M1": "R1"}) == (["X"], ["C1"])


def test_two_years_chain_through_the_written_plans(tmp_path: Path) -> None:
    inst = instance_from_records(records(), POLICY)
    seen = []
    sim = simulate(inst, 2, tmp_path, SETTINGS, lang="en", on_year=seen.append)
    assert [y.year for y in sim.years] == [2026, 2027] and seen == sim.years
    first, second = sim.years
    assert (first.movers, second.movers) == (1, 1)
    assert (first.came_home, second.came_home) == (1, 0)  # X, at the end of 2026
    assert first.unmet_shortage_before == 1 and first.unmet_shortage_after == 0
    assert second.unmet_shortage_before == 1 and second.unmet_shortage_after == 0
    assert not first.second_within_term and not second.second_within_term
    assert sim.ok and not sim.stopped
    for k in (1, 2):
        assert (tmp_path / f"year-{k}" / "instance" / "teachers.csv").is_file()
        assert (tmp_path / f"year-{k}" / "rotation" / "rotation_plan.csv").is_file()
    assert not (tmp_path / "year-3").exists()
    summary = sim.summary(SETTINGS)
    assert summary["years_done"] == 2 and summary["second_within_term"] == 0
    assert summary["checks_ok"] and len(summary["years"][0]["cvs"]) == 6


def test_a_year_without_a_plan_stops_the_simulation(tmp_path: Path) -> None:
    # P reaches 6 years in post in 2027 and must move, but J1 is the only junior school
    inst = instance_from_records(records(principal_years=5), POLICY)
    sim = simulate(inst, 3, tmp_path, SETTINGS, lang="en")
    assert [y.year for y in sim.years] == [2026]
    assert str(sim.stopped).startswith("year 2 (2027)")
    assert (tmp_path / "year-2" / "instance").is_dir()
    assert not (tmp_path / "year-2" / "rotation").exists()


def test_one_year_writes_no_next_instance(tmp_path: Path) -> None:
    sim = simulate(instance_from_records(records(), POLICY), 1, tmp_path, SETTINGS)
    assert len(sim.years) == 1 and sorted(p.name for p in tmp_path.iterdir()) == ["year-1"]

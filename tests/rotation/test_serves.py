"""serves: the first objective level a move serves, else the hard rule that requires it.

Plans are written by hand (no solver). County: A, an urban primary of 100 pupils with two
music teachers, two county backbone teachers and others; B, a rural primary of 100 pupils
that needs a music teacher and has no backbone teacher; C, an urban primary. No teacher's
degree is known, so the per-school standards judge backbone and PE/arts only.
"""

from __future__ import annotations

import dataclasses
import random
import time
from typing import Any

import pytest

from scheduler import rules
from scheduler.core import rotation_levels as lv
from scheduler.data.instance import Instance
from scheduler.data.load import instance_from_records
from scheduler.data.models import Lock
from scheduler.generate import generate_records
from scheduler.rotation.score import score
from scheduler.rotation.serves import SKIPPED, Undo, hard_rule, serves

TEACHER = {"subject": "chinese", "years_at_school": 8, "birth_year": 1985}
POLICY = {"year": 2026, "rotation": {"min_share_of_eligible": 0.0, "min_backbone_share": 0.0,
                                     "max_outflow_share": 1.0}}


def county(**extra: dict[str, Any]) -> Instance:
    """The county of the module docstring; `extra` adds or overrides teachers by id."""
    schools = [
        {"school_id": "A", "name": "Town A", "kind": "urban", "stage": "primary",
         "students": 100, "lon": 117.0, "lat": 31.0},
        {"school_id": "B", "name": "Village B", "kind": "rural", "stage": "primary",
         "students": 100, "lon": 117.05, "lat": 31.0},
        {"school_id": "C", "name": "Town C", "kind": "urban", "stage": "primary",
         "students": 100, "lon": 117.0, "lat": 31.05},
    ]
    teachers = {
        "M1": {"school_id": "A", "subject": "music"},
        "M2": {"school_id": "A", "subject": "music"},
        "K1": {"school_id": "A", "backbone": "county"},
        "K2": {"school_id": "A", "backbone": "county"},
        "T1": {"school_id": "A"},
        "T2": {"school_id": "A"},
        "B1": {"school_id": "B"},
        "C1": {"school_id": "C"},
        **extra,
    }
    records = {
        "schools": schools,
        "teachers": [{"teacher_id": tid, "name": tid, "backbone": "none", **TEACHER, **spec}
                     for tid, spec in teachers.items()],
        "needs": [{"school_id": "B", "subject": "music", "required": 1}],
    }
    return instance_from_records(records, POLICY)


def reference(inst: Instance, plan: dict[str, str]) -> dict[str, str]:
    """serves by its definition: one full `score` per undone move; R12 for a leader not
    due, who moves only to make room for a due one."""
    whole = score(inst, plan)
    not_due = {t.teacher_id for t in rules.leaders_not_due(inst)}
    out = {}
    for tid in plan:
        if tid in not_due:
            out[tid] = "R12"
            continue
        without = score(inst, {k: v for k, v in plan.items() if k != tid})
        out[tid] = next((level for level in lv.LEVELS
                         if level != SKIPPED and without[level] > whole[level]),
                        None) or hard_rule(inst, tid)
    return out


def test_a_move_that_fills_a_gap_serves_shortage_the_first_level() -> None:
    # Without the move B also falls below its PE/arts standard (ceil(0.9) = 1): the first
    # level that gets worse is the one served.
    inst = county()
    with_move, without = score(inst, {"M1": "B"}), score(inst, {})
    assert without["shortage"] > with_move["shortage"]
    assert without["standards"] > with_move["standards"]
    assert serves(inst, {"M1": "B"}) == {"M1": "shortage"}


def test_a_backbone_teacher_to_a_school_below_standard_serves_standards() -> None:
    # B (100 pupils) needs ceil(1.0 × 100 / 100) = 1 backbone teacher and has none; A keeps
    # one of its two.
    assert serves(county(), {"K1": "B"}) == {"K1": "standards"}


def test_a_senior_title_candidate_to_a_rural_school_serves_senior_title() -> None:
    inst = county(S1={"school_id": "A", "seeks_senior_title": True})
    assert serves(inst, {"S1": "B"}) == {"S1": "senior_title"}


def test_a_due_principal_serves_r12() -> None:
    inst = county(P1={"school_id": "A", "post": "principal", "years_in_post": 7})
    assert [t.teacher_id for t in rules.leaders_to_move(inst)] == ["P1"]
    assert serves(inst, {"P1": "C"}) == {"P1": "R12"}


def test_a_principal_not_due_who_makes_room_serves_r12() -> None:
    # P2 (A, 2 years in post, music) gives its post to P1 (C, due) and goes to B, which
    # lacks music: undoing P2's move alone reopens that gap, but P2 moves for R12.
    inst = county(P1={"school_id": "C", "post": "principal", "years_in_post": 7},
                  P2={"school_id": "A", "post": "principal", "years_in_post": 2,
                      "subject": "music"})
    plan = {"P1": "A", "P2": "B"}
    assert score(inst, {"P1": "A"})["shortage"] > score(inst, plan)["shortage"]
    assert serves(inst, plan) == {"P1": "R12", "P2": "R12"}


def test_a_locked_move_serves_l_and_the_rest_r2() -> None:
    inst = county()
    inst = dataclasses.replace(inst, locks=[Lock(teacher_id="T1", action="to", school_id="C"),
                                            Lock(teacher_id="T2", action="not_to",
                                                 school_id="B")])
    assert serves(inst, {"T1": "C", "T2": "C", "B1": "B"}) == {"T1": "L", "T2": "R2"}


def generated(seed: int, size: str = "m") -> tuple[Instance, dict[str, str]]:
    """A generated county with a few due principals, and 300 moves drawn at random (rules
    aside: `score` counts any plan), wishes and senior-title candidates among them."""
    records, policy = generate_records(size, seed)
    for row in records["teachers"][::97]:
        row.update(post="principal", years_in_post=9, exempt="", birth_year=1980)
    inst = instance_from_records(records, policy)
    rng = random.Random(seed)
    wishers = {p.teacher_id for p in inst.preferences}
    pool = [t for t in inst.teachers if rules.eligible(t, inst) or t.is_leader]
    chosen = rng.sample(pool, 300 - 20) + [t for t in pool if t.teacher_id in wishers][:20]
    ids = [sc.school_id for sc in inst.schools]
    plan = {t.teacher_id: rng.choice([s for s in ids if s != t.school_id]) for t in chosen}
    return inst, plan


@pytest.fixture(scope="module")
def county_m() -> tuple[Instance, dict[str, str]]:
    return generated(seed=5)


def test_undo_equals_score_move_by_move(county_m: tuple[Instance, dict[str, str]]) -> None:
    inst, plan = county_m
    undo = Undo(inst, plan)
    whole = score(inst, plan)
    assert undo.values() == {level: whole[level] for level in Undo.LEVELS}
    assert set(Undo.LEVELS) >= set(lv.LEVELS) - {SKIPPED}, "a level serves.py cannot undo"
    for tid in list(plan)[:40]:
        without = score(inst, {k: v for k, v in plan.items() if k != tid})
        assert {level: undo.without(level, tid) for level in Undo.LEVELS} == \
            {level: without[level] for level in Undo.LEVELS}, tid


def test_serves_equals_its_definition_on_a_generated_county(
        county_m: tuple[Instance, dict[str, str]]) -> None:
    inst, plan = county_m
    sample = dict(list(plan.items())[:50])
    got = serves(inst, sample)
    assert got == reference(inst, sample)
    assert {"shortage", "R2"} <= set(got.values())


def test_serves_is_fast(county_m: tuple[Instance, dict[str, str]]) -> None:
    inst, plan = county_m
    start = time.perf_counter()
    serves(inst, plan)
    assert time.perf_counter() - start < 2.0  # ~0.05 s measured; score per move: ~5 s

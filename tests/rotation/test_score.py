"""score: the objective recomputed teacher by teacher (the tiny county of tests/conftest)."""

from __future__ import annotations

import math

import pytest

from scheduler.data.load import instance_from_records
from scheduler.rotation.score import score


@pytest.fixture
def tiny(tiny_records):
    # caps at 100 %, so that the moves below keep R4 (the totals compare feasible plans)
    return instance_from_records(tiny_records, {"year": 2026,
                                                "rotation": {"max_outflow_share": 1.0}})


def test_the_shortage_of_the_tiny_county_by_hand(tiny):
    # Q = 10 (P1 needs 0.5 art). The default shortage subjects (data contract §5, the
    # Jiangsu list) have music and art, not english. Level 1 weighs by subject only:
    # V1 lacks 1 music: 10 × 2 = 20; P1 lacks 0.5 art: 5 × 2 = 10; J1 lacks 1 of 2
    # english: 10 × 1 = 10; 40 in all. The place level weighs by subject × school too:
    # V1 rural (× 2, weak as well, counted once) 40, P1 teaching point (× 3) 30, J1 urban
    # (× 1) 10; 80 in all.
    before = score(tiny, {})
    assert (before["shortage"], before["shortage_place"]) == (40, 80)
    assert (before["same_scope"], before["distance"], before["preferences"]) == (0, 0, 0)
    assert before["movers"] == 0
    # T01 (music, C1) to V1: music filled (C1 requires none, so no gap opens there); C1
    # and V1 share district D1; 7.0 km.
    after = score(tiny, {"T01": "V1"})
    assert (after["shortage"], after["shortage_place"]) == (20, 40)
    assert (after["same_scope"], after["distance"], after["movers"]) == (0, 70, 1)
    assert after["total"] < before["total"]


def test_a_move_to_the_own_school_is_no_move(tiny):
    assert score(tiny, {"T01": "C1"}) == score(tiny, {})


def test_wishes_count_for_movers_only(tiny):
    # T04 wishes C1 (rank 1) then J1 (rank 2); worst rank 2 elsewhere.
    assert score(tiny, {"T04": "C1"})["preferences"] == 0
    assert score(tiny, {"T04": "J1"})["preferences"] == 1
    assert score(tiny, {"T04": "P1"})["preferences"] == 2


def test_an_unknown_id_is_refused(tiny):
    with pytest.raises(ValueError, match="T99"):
        score(tiny, {"T99": "C1"})


def test_an_unknown_road_makes_distance_and_total_nan(tiny, monkeypatch):
    monkeypatch.setattr(type(tiny), "road_km", lambda self, a, b: math.nan)
    terms = score(tiny, {"T01": "V1"})
    assert math.isnan(terms["distance"]) and math.isnan(terms["total"])

"""What every method reads: T7 daily limits, candidates and their refusals, weights."""

from __future__ import annotations

import pytest

from scheduler.errors import InputError
from scheduler.travel.data import TravelData, per_day_limit, township


def test_per_day_limit():
    assert [per_day_limit(p, 5) for p in (1, 5, 6, 10, 11)] == [1, 1, 2, 2, 3]


def test_candidates_and_refusals(county):
    inst = county({"C": None, "D": None, "A": "C"},
                  [{"teacher_id": "near", "school_id": "C", "subject": "art"},
                   {"teacher_id": "far", "school_id": "D", "subject": "art"},
                   {"teacher_id": "home", "school_id": "A", "subject": "pe",
                    "other_subjects": "art", "can_travel": False},
                   {"teacher_id": "stay", "school_id": "C", "subject": "art",
                    "can_travel": False},
                   {"teacher_id": "capped", "school_id": "C", "subject": "art",
                    "max_travel_periods": 1},
                   {"teacher_id": "music", "school_id": "C", "subject": "music"}],
                  [{"site_id": "A", "class_id": "1", "subject": "art", "periods_per_week": 2}],
                  {("C", "A"): (5, 10), ("D", "A"): (60, 90), ("C", "D"): (60, 90)})
    data = TravelData(inst)
    row = data.rows[0]
    assert data.candidates[0] == ("home", "near")  # nearest first: 0 km, then 5 km
    assert {t: data.refusal(row, t) for t in ("far", "stay", "capped", "music")} == {
        "far": "T8", "stay": "T2", "capped": "T6", "music": "qualified"}
    assert township(inst, "A") == "C" and township(inst, "D") == "D"


def test_unknown_weight_is_an_input_error(county):
    inst = county({"C": None}, [{"teacher_id": "T", "school_id": "C", "subject": "art"}], [],
                  {}, travel={"weights": {"kms": 1.0}})
    with pytest.raises(InputError) as err:
        TravelData(inst)
    assert "kms" in str(err.value)

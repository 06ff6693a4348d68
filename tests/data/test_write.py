"""The writers produce what the loader reads back; the policy survives as TOML and as rows."""

from __future__ import annotations

import tomllib

from scheduler.data.policy import from_sheet
from scheduler.data.read import RawTable
from scheduler.data.schema import Gender
from scheduler.data.write import cell, frames, policy_rows, policy_toml

POLICY = {"year": 2027, "rotation": {"scope": "district", "max_distance_km": 25.5,
                                     "shortage_subjects": ["music", "pe"],
                                     "weights": {"shortage": 8.0, "distance": 0.5}},
          "travel": {"days": 5, "period_starts": ["08:00", "09:00"], "speed_kmh": 35.0}}


def test_policy_toml_parses_back_to_the_same_dict() -> None:
    assert tomllib.loads(policy_toml(POLICY)) == POLICY


def test_policy_rows_parse_back_through_the_sheet_reader() -> None:
    rows = policy_rows(POLICY)
    assert ("rotation.weights.distance", "0.5") in rows
    table = RawTable("b.xlsx[policy]", ["key", "value"],
                     [(i + 2, [k, v]) for i, (k, v) in enumerate(rows)])
    assert from_sheet(table)[0] == POLICY


def test_cell_writes_values_as_people_type_them() -> None:
    assert cell(None) == ""
    assert (cell(True), cell(False, "zh"), cell(True, "zh")) == ("true", "否", "是")
    assert cell(("music", "art")) == "music;art"
    assert cell(Gender.F) == "F"
    assert cell(3.5) == 3.5


def test_frames_use_the_contract_order_and_language(tiny_records) -> None:
    zh = frames(tiny_records, "zh")
    assert list(zh["schools"].columns[:3]) == ["学校代码", "学校名称", "乡镇"]
    en = frames({"needs": [{"required": 1, "subject": "art", "school_id": "S"}]})
    assert list(en) == ["needs"]
    assert list(en["needs"].columns) == ["school_id", "subject", "required"]

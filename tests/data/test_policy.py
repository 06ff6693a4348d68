"""Policy layers: defaults, the instance's policy, then --policy; each key blamed on the file
and line that set it last."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.data.policy import (
    build_policy,
    from_sheet,
    merge,
    read_toml,
    read_toml_layer,
    toml_key_lines,
)
from scheduler.data.read import RawTable
from scheduler.errors import InputError


def test_merge_changes_only_the_keys_named() -> None:
    base = {"year": 2026, "rotation": {"scope": "group", "max_distance_km": 40.0,
                                       "weights": {"a": 1.0, "b": 2.0}}}
    over = {"rotation": {"max_distance_km": 10.0, "weights": {"b": 5.0}}}
    assert merge(base, over) == {"year": 2026, "rotation": {
        "scope": "group", "max_distance_km": 10.0, "weights": {"a": 1.0, "b": 5.0}}}
    assert base["rotation"]["max_distance_km"] == 40.0  # inputs untouched


def test_lists_are_replaced_not_merged() -> None:
    merged = merge({"rotation": {"shortage_subjects": ["music", "art"]}},
                   {"rotation": {"shortage_subjects": ["pe"]}})
    assert merged["rotation"]["shortage_subjects"] == ["pe"]


def test_later_layer_wins_and_a_bad_value_it_overrides_is_forgiven() -> None:
    layers = [("policy.toml", {"rotation": {"max_outflow_share": 2.0}}, {}),
              ("strict.toml", {"rotation": {"max_outflow_share": 0.1}}, {})]
    assert build_policy(layers).rotation.max_outflow_share == 0.1


def test_bad_value_is_blamed_on_the_layer_that_set_it() -> None:
    layers = [("policy.toml", {"rotation": {"scope": "county"}}, {"rotation.scope": 4}),
              ("strict.toml", {"rotation": {"scope": "province"}}, {"rotation.scope": 2})]
    with pytest.raises(InputError) as err:
        build_policy(layers)
    (p,) = err.value.problems
    assert (p.file, p.row, p.column) == ("strict.toml", 2, "rotation.scope")
    assert "got 'province'" in p.message


def test_bad_list_item_is_blamed_on_the_list() -> None:
    layers = [("p.toml", {"rotation": {"shortage_subjects": ["music", "dance"]}},
               {"rotation.shortage_subjects": 7})]
    with pytest.raises(InputError) as err:
        build_policy(layers)
    (p,) = err.value.problems
    assert (p.file, p.row, p.column) == ("p.toml", 7, "rotation.shortage_subjects")
    assert p.message.startswith("unknown subject")


@pytest.mark.parametrize(("data", "column", "fragment"), [
    ({"yeer": 2026}, "yeer",
     "unknown policy key; expected one of year, county_name, rotation, travel, publication"),
    ({"travel": {"speed": 3}}, "travel.speed", "expected one of days, period_starts"),
    ({"rotation": 3}, "rotation", "expected a valid dictionary"),
    ({"rotation": {"max_distance_km": float("nan")}}, "rotation.max_distance_km",
     "expected a finite number"),
    ({"travel": {"days": 8}}, "travel.days", "expected less than or equal to 7, got 8"),
    ({"travel": {"period_minutes": 60}}, "travel.period_minutes",
     "60 minutes makes period 1 overlap period 2 (starts 08:00 and 08:50)"),
    ({"rotation": {"weights": {"shortage": "high"}}}, "rotation.weights.shortage",
     "expected a valid number"),
])
def test_bad_policy_keys_and_values(data: dict, column: str, fragment: str) -> None:
    with pytest.raises(InputError) as err:
        build_policy([("policy.toml", data, {})])
    problems = [(p.file, p.column) for p in err.value.problems]
    assert ("policy.toml", column) in problems
    assert any(fragment in p.message for p in err.value.problems), err.value.problems


def test_toml_key_lines() -> None:
    text = ('year = 2027  # the plan year\n\n[rotation]\nmax_distance_km = 30\n'
            '"scope" = "group"\n\n[rotation.weights]\nshortage = 4\n[travel]\n'
            'period_starts = [\n  "08:00",\n]\n')
    assert toml_key_lines(text) == {
        "year": 1, "rotation": 3, "rotation.max_distance_km": 4, "rotation.scope": 5,
        "rotation.weights": 7, "rotation.weights.shortage": 8, "travel": 9,
        "travel.period_starts": 10}


def test_read_toml_accepts_bom_and_gb18030(tmp_path: Path) -> None:
    text = "# 本县政策\nyear = 2027\n[rotation]\nscope = \"group\"  # 集团内\n"
    for encoding in ("utf-8-sig", "gb18030"):
        path = tmp_path / f"{encoding}.toml"
        path.write_bytes(text.encode(encoding))
        assert read_toml(path) == {"year": 2027, "rotation": {"scope": "group"}}


def test_read_toml_layer_points_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("year = 2026\n\n[travel]\ndays = 9\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_policy([read_toml_layer(path)])
    assert [(p.file, p.row, p.column) for p in err.value.problems] == [
        ("policy.toml", 4, "travel.days")]


def test_invalid_toml_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("year = 2026\n[travel\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_toml(path)
    (p,) = err.value.problems
    assert (p.file, p.row) == ("policy.toml", 2)
    assert p.message.startswith("not valid TOML")


def _sheet(*rows: list[str], header: list[str] | None = None) -> RawTable:
    header = ["key", "value"] if header is None else header
    return RawTable("b.xlsx[policy]", header, [(i + 2, r) for i, r in enumerate(rows)])


def test_sheet_values_are_typed_like_toml() -> None:
    nested, rows = from_sheet(_sheet(
        ["year", "2027"], ["rotation.scope", "group"], ["rotation.max_distance_km", "35.5"],
        ["rotation.shortage_subjects", "music; art、pe"], ["Travel.Period_Starts",
                                                           '["08:00", "09:00"]'],
        ["rotation.weights.shortage", "4"], ["", ""]))
    assert nested == {"year": 2027, "rotation": {
        "scope": "group", "max_distance_km": 35.5, "shortage_subjects": ["music", "art", "pe"],
        "weights": {"shortage": 4}}, "travel": {"period_starts": ["08:00", "09:00"]}}
    assert rows["rotation.weights.shortage"] == 7
    assert build_policy([("b.xlsx[policy]", nested, rows)]).travel.periods == 2


def test_sheet_without_a_header_row_keeps_its_first_key() -> None:
    table = RawTable("b.xlsx[policy]", ["year", "2030"], [(2, ["travel.days", "4"])])
    assert from_sheet(table)[0] == {"year": 2030, "travel": {"days": 4}}


@pytest.mark.parametrize(("rows", "row", "fragment"), [
    ([["rotation..scope", "x"]], 2, "expected a dotted key"),
    ([["year", "2026"], ["year", "2027"]], 3, "key year is set twice (first at row 2)"),
    ([["rotation", "3"], ["rotation.scope", "group"]], 3, "cannot be both a value and a table"),
    ([["rotation.scope", "group"], ["rotation", "3"]], 3, "cannot be both a value and a table"),
    ([["year.month", "3"], ["year", "2026"]], 3, "cannot be both a value and a table"),
])
def test_sheet_key_problems_name_the_row(rows: list[list[str]], row: int,
                                         fragment: str) -> None:
    with pytest.raises(InputError) as err:
        from_sheet(_sheet(*rows))
    (p,) = err.value.problems
    assert (p.file, p.row, p.column) == ("b.xlsx[policy]", row, "key")
    assert fragment in p.message

"""The summary helpers both checkers share: numbers, bounds, policy keys, id lists."""

from __future__ import annotations

from scheduler.check.base import (
    check_bound,
    flatten,
    is_number,
    list_ids,
    not_a_number,
)


def test_json_booleans_and_infinities_are_not_numbers() -> None:
    assert is_number(3) and is_number(2.5)
    assert not is_number(True) and not is_number(float("inf")) and not is_number("1")
    wrong = not_a_number({"objective": 1.0, "best_bound": "x", "gap": "y"}, "s.json")
    assert wrong is not None and wrong.message == "s.json: best_bound is 'x', not a number"


def test_a_bound_above_the_objective_or_missing_under_optimal_is_named() -> None:
    above = check_bound({"status": "FEASIBLE", "objective": 5.0, "best_bound": 6.0}, "s.json")
    assert [f.rule for f in above] == ["figures"] and "above the objective" in above[0].message
    missing = check_bound({"status": "OPTIMAL", "objective": 5.0, "gap": 0.0}, "s.json")
    assert [f.message for f in missing] == ["s.json: a gap of 0 without a bound",
                                            "s.json: OPTIMAL without a best bound"]
    assert check_bound({"status": "OPTIMAL", "objective": 5.0, "best_bound": 5.0}, "s") == []


def test_flatten_and_list_ids() -> None:
    assert flatten({"a": {"b": 1, "c": {"d": 2}}, "e": 3}) == {"a.b": 1, "a.c.d": 2, "e": 3}
    assert list_ids(["T1", "T2"]) == "T1, T2"
    assert list_ids(f"T{i}" for i in range(12)).endswith("T9 and 2 more")


def test_read_contract_csv_reports_bom_columns_and_short_rows(tmp_path) -> None:
    from scheduler.check.base import read_contract_csv

    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,'=2\n3\n", encoding="utf-8")
    rows, findings = read_contract_csv(path, ("a", "b"), require_bom=True)
    assert rows == [(2, {"a": "1", "b": "'=2"})]  # guards are left for the checker
    assert "byte order mark" in findings[0].message
    assert "row 3: 1 cells" in findings[1].message
    rows, findings = read_contract_csv(path, ("a", "c"))
    assert rows is None
    assert findings[0].message == "t.csv: missing column(s) c; expected the columns a, c"

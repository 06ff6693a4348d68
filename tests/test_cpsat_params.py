"""CP-SAT parameters by name: typed from the command line, refused when unknown."""

from __future__ import annotations

import pytest
from ortools.sat import sat_parameters_pb2
from ortools.sat.python import cp_model

from scheduler.cpsat_params import parse_params, set_parameter
from scheduler.errors import UsageError


def test_values_are_read_as_toml() -> None:
    assert parse_params(["interleave_search=true", "num_search_workers=4",
                         "relative_gap_limit=0.01", 'subsolvers=["core", "default_lp"]',
                         "log_prefix=x y"]) == {
        "interleave_search": True, "num_search_workers": 4, "relative_gap_limit": 0.01,
        "subsolvers": ["core", "default_lp"], "log_prefix": "x y"}


@pytest.mark.parametrize("bad", ["novalue", "=3"])
def test_a_pair_without_a_name_or_value_is_refused(bad: str) -> None:
    with pytest.raises(UsageError, match="NAME=VALUE"):
        parse_params([bad])


def test_scalars_and_repeated_fields_are_set() -> None:
    p = sat_parameters_pb2.SatParameters()
    set_parameter(p, "interleave_search", True)
    set_parameter(p, "subsolvers", ["core"])
    set_parameter(p, "subsolvers", "default_lp")  # one item replaces the list
    assert p.interleave_search and list(p.subsolvers) == ["default_lp"]


@pytest.mark.parametrize(("key", "value", "match"), [
    ("no_such_parameter", 1, "unknown CP-SAT parameter"),
    ("num_workers", "many", "num_workers"),
    ("Clear", 1, "unknown CP-SAT parameter"),
])
def test_unknown_names_and_wrong_types_are_usage_errors(key: str, value: object,
                                                        match: str) -> None:
    with pytest.raises(UsageError, match=match):
        set_parameter(sat_parameters_pb2.SatParameters(), key, value)


def test_enum_fields_take_names_and_numbers_on_the_solver_s_own_parameters() -> None:
    p = cp_model.CpSolver().parameters
    set_parameter(p, "max_sat_stratification", "STRATIFICATION_NONE")
    assert p.max_sat_stratification.name == "STRATIFICATION_NONE"
    set_parameter(p, "max_sat_stratification", 2)
    assert p.max_sat_stratification.name == "STRATIFICATION_ASCENT"
    for bad in ("SIDEWAYS", 99):
        with pytest.raises(UsageError, match=r"expected one of STRATIFICATION_NONE \(0\), "
                                             r"STRATIFICATION_DESCENT \(1\), "
                                             r"STRATIFICATION_ASCENT \(2\)"):
            set_parameter(p, "max_sat_stratification", bad)

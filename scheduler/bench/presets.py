"""Solver presets: a method plus its settings, by name (benchmarks/settings/*.toml).

A preset file looks like

    description = "CP-SAT, one worker"
    method = "cpsat"              # "cpsat", "greedy" or "highs" (the rotation MIP baseline)
    workers = 1
    kinds = ["rotation", "travel"]  # problem kinds it applies to (default: both)
    [params]                      # passed by name to CP-SAT's parameters (HiGHS options for
    linearization_level = 2       # method "highs")
    [options]                     # keyword arguments of the solve function, e.g. a
    partial = true                # formulation variant the model offers

The time limit belongs to the suite or the command line, so that every preset of one
benchmark runs under the same limit; a preset may only set one as a fallback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scheduler.bench.suites import KINDS, find_config, read_config, validation_problems
from scheduler.errors import InputError, Problem
from scheduler.solving import SolverSettings

SETTINGS_DIR = Path("benchmarks") / "settings"


class Preset(BaseModel):
    """A named way to solve: what `rotaplan bench --settings NAME` refers to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    method: Literal["cpsat", "greedy", "highs"] = "cpsat"
    workers: int = Field(default=SolverSettings().workers, ge=1)
    log: bool = False
    time_limit: float | None = Field(default=None, gt=0)
    kinds: tuple[Literal["rotation", "travel"], ...] = KINDS
    params: dict[str, Any] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)


def load_preset(name: str) -> Preset:
    """Read and check one preset; CP-SAT parameter names and values are checked here,
    so a typo fails before hours of runs rather than in each of them."""
    source = find_config(name, SETTINGS_DIR, "settings preset")
    data = read_config(source)
    try:
        preset = Preset.model_validate({"name": source.stem, **data})
    except ValidationError as exc:
        raise InputError(validation_problems(source, exc)) from None
    if preset.method == "cpsat":
        problems = cpsat_param_problems(preset.params)
        if problems:
            raise InputError([Problem(str(source), None, f"params.{key}", msg)
                              for key, msg in problems])
    return preset


def load_presets(names: str) -> list[Preset]:
    """Comma-separated names or paths, in the order given, each once."""
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    return [load_preset(n) for n in dict.fromkeys(wanted)]


def cpsat_param_problems(params: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, why) for each entry that CP-SAT's SatParameters would refuse."""
    from ortools.sat import sat_parameters_pb2

    probe = sat_parameters_pb2.SatParameters()
    fields = probe.DESCRIPTOR.fields_by_name
    problems = []
    for key, value in params.items():
        field = fields.get(key)
        if field is None:
            problems.append((key, "not a CP-SAT parameter"))
            continue
        try:
            if isinstance(value, list):
                getattr(probe, key).extend(value)
            else:
                setattr(probe, key, value)
        except (TypeError, ValueError, AttributeError) as exc:
            problems.append((key, f"bad value {value!r}: {exc}"))
    return problems

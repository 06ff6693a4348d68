"""Solver presets: a method plus its settings, by name (benchmarks/settings/*.toml).

A preset file looks like

    description = "CP-SAT, one worker"
    method = "cpsat"              # "cpsat", "greedy" or "highs" (the rotation MIP baseline);
    workers = 1                   # "joint" or "separate" for the plan kind
    kinds = ["rotation", "travel"]  # problem kinds it applies to (default: both; the plan
                                    # methods: ["plan"], the only kind they apply to)
    [params]                      # passed by name to CP-SAT's parameters (HiGHS options for
    linearization_level = 2       # method "highs")
    [options]                     # keyword arguments of the solve function, e.g. a
    partial = true                # formulation variant the model offers

A plan method runs CP-SAT on both halves (rotation, then timetable) with the preset's
`workers` and `params`; it takes no `options`.

The time limit belongs to the suite or the command line, so that every preset of one
benchmark runs under the same limit; a preset may only set one as a fallback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scheduler.bench.suites import find_config, read_config, validation_problems
from scheduler.errors import InputError, Problem
from scheduler.i18n import Note
from scheduler.solving import SolverSettings

SETTINGS_DIR = Path("benchmarks") / "settings"
SOLVER_KINDS = ("rotation", "travel")  # a preset's kinds when it names none
PLAN_METHODS = ("joint", "separate")  # the methods of the plan kind (bench/plans.py)


class Preset(BaseModel):
    """A named way to solve: what `rotaplan bench --settings NAME` refers to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    method: Literal["cpsat", "greedy", "highs", "joint", "separate"] = "cpsat"
    workers: int = Field(default=SolverSettings().workers, ge=1)
    log: bool = False
    time_limit: float | None = Field(default=None, gt=0)
    kinds: tuple[Literal["rotation", "travel", "plan"], ...] = SOLVER_KINDS
    params: dict[str, Any] = Field(default_factory=dict)
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _default_kinds(cls, data: Any) -> Any:
        """A preset that names no kinds applies to its method's: plan for a plan method."""
        if isinstance(data, dict) and "kinds" not in data and data.get("method") in PLAN_METHODS:
            return {**data, "kinds": ("plan",)}
        return data

    @model_validator(mode="after")
    def _kinds_fit_the_method(self) -> Preset:
        """The plan methods plan the plan kind and nothing else; no other method plans it."""
        planning = self.method in PLAN_METHODS
        if planning and self.kinds != ("plan",):
            raise ValueError(f"method {self.method} applies to kind plan only: "
                             'kinds = ["plan"] or no kinds')
        elif not planning and "plan" in self.kinds:
            raise ValueError(f"kind plan is planned by method {' or '.join(PLAN_METHODS)}, "
                             f"not {self.method}")
        if planning and self.options:
            raise ValueError(f"method {self.method} takes no options")
        return self


def load_preset(name: str) -> Preset:
    """Read and check one preset; CP-SAT parameter names and values are checked here,
    so a typo fails before hours of runs rather than in each of them."""
    source = find_config(name, SETTINGS_DIR, Note.of("usage.config.preset"))
    data = read_config(source)
    try:
        preset = Preset.model_validate({"name": source.stem, **data})
    except ValidationError as exc:
        raise InputError(validation_problems(source, exc)) from None
    if preset.method in ("cpsat", *PLAN_METHODS):
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

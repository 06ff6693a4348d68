"""Presets: committed files load; CP-SAT parameter typos fail at load time."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.bench.presets import load_preset, load_presets
from scheduler.bench.suites import REPO_ROOT
from scheduler.errors import InputError

PRESETS = sorted((REPO_ROOT / "benchmarks" / "settings").glob("*.toml"))


@pytest.mark.parametrize("path", PRESETS, ids=[p.stem for p in PRESETS])
def test_committed_presets_load(path: Path) -> None:
    preset = load_preset(path.stem)
    assert preset.name == path.stem
    assert preset.description


def test_baselines_and_settings() -> None:
    greedy, highs, lin = load_presets("greedy, highs,linearization-2,greedy")
    assert (greedy.method, highs.method) == ("greedy", "highs")
    assert highs.kinds == ("rotation",)
    assert (lin.method, lin.workers, lin.params) == ("cpsat", 2, {"linearization_level": 2})


def test_cpsat_parameter_typos_are_input_errors(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_text('method = "cpsat"\n[params]\nlinearisation_level = 2\n'
                    'num_workers = "eight"\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_preset(str(path))
    assert {p.column for p in err.value.problems} == {"params.linearisation_level",
                                                      "params.num_workers"}


def test_unknown_method_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text('method = "gurobi"\n', encoding="utf-8")
    with pytest.raises(InputError, match="method"):
        load_preset(str(path))


def test_plan_presets_plan_the_plan_kind_only(tmp_path: Path) -> None:
    joint, separate = load_presets("plan-joint,plan-separate")
    assert (joint.method, separate.method) == ("joint", "separate")
    assert joint.kinds == separate.kinds == ("plan",)
    path = tmp_path / "j.toml"
    path.write_text('method = "separate"\n', encoding="utf-8")
    assert load_preset(str(path)).kinds == ("plan",)  # the plan methods' default
    for text, where in [('method = "joint"\nkinds = ["rotation"]\n', "kind plan only"),
                        ('method = "cpsat"\nkinds = ["plan"]\n', "not cpsat"),
                        ('method = "joint"\n[options]\npartial = true\n', "no options")]:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=where):
            load_preset(str(path))

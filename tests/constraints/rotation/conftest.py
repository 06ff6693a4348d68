"""Fixtures of the family tests: the tiny-county builder of tests/rotation/county.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest


def load_county() -> ModuleType:
    """tests/rotation/county.py, imported by path (the tests are not a package)."""
    name = "rotation_test_county"
    if name not in sys.modules:
        path = Path(__file__).parents[2] / "rotation" / "county.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="session")
def cty() -> ModuleType:
    """`county(...)`, `solve(...)`, `broken_rules(...)`, `moves_of(...)`."""
    return load_county()

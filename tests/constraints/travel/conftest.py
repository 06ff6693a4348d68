"""The tiny-county fixtures of tests/travel/conftest.py, shared with the rule families."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_path = Path(__file__).resolve().parents[2] / "travel" / "conftest.py"
_spec = importlib.util.spec_from_file_location("travel_test_county", _path)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)

build_county = _module.build_county
write_and_check = _module.write_and_check
county = _module.county
exact = _module.exact
findings = _module.findings
checked = _module.checked

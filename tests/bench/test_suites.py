"""Suites: committed files load; bad ones fail before any run, naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.bench.suites import REPO_ROOT, load_suite
from scheduler.errors import InputError, UsageError

SUITES = sorted((REPO_ROOT / "benchmarks" / "suites").glob("*.toml"))


@pytest.mark.parametrize("path", SUITES, ids=[p.stem for p in SUITES])
def test_committed_suites_load(path: Path) -> None:
    suite = load_suite(path.stem)
    assert suite.entries
    for entry in suite.entries:
        assert entry.path.is_absolute() and entry.path.exists()
        assert entry.kind in ("rotation", "travel", "plan")


def test_smoke_suite_is_demo_county_only() -> None:
    suite = load_suite("smoke")
    assert {e.path.name for e in suite.entries} == {"demo-county"}
    assert {e.kind for e in suite.entries} == {"rotation", "travel", "plan"}


def test_relative_paths_start_next_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "county").mkdir()
    suite_file = tmp_path / "mine.toml"
    suite_file.write_text('[[instances]]\npath = "county"\nkind = "travel"\n', encoding="utf-8")
    suite = load_suite(str(suite_file))
    (entry,) = suite.entries
    assert entry.path == tmp_path / "county"
    assert (entry.name, entry.group, suite.time_limit) == ("county", "county", None)


def test_bad_suite_names_every_problem(tmp_path: Path) -> None:
    suite_file = tmp_path / "bad.toml"
    suite_file.write_text('[[instances]]\npath = "missing"\nkind = "rotation"\n'
                          '[[instances]]\npath = "missing"\nkind = "rotation"\n',
                          encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_suite(str(suite_file))
    columns = {p.column for p in err.value.problems}
    assert columns == {"instances[0].path", "instances[1].path", "instances[1].name"}


def test_unknown_key_and_kind_are_input_errors(tmp_path: Path) -> None:
    suite_file = tmp_path / "bad.toml"
    suite_file.write_text('tiem_limit = 3\n[[instances]]\npath = "x"\nkind = "rotate"\n',
                          encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_suite(str(suite_file))
    assert {p.column for p in err.value.problems} == {"tiem_limit", "instances.0.kind"}


def test_unknown_suite_lists_the_known_ones() -> None:
    with pytest.raises(UsageError, match="smoke"):
        load_suite("no-such-suite")

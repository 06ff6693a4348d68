"""Both executors on a tiny suite: the local process pool and a real Dask LocalCluster."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.bench.executors import DaskExecutor, LocalExecutor
from scheduler.bench.runner import RunSpec
from scheduler.cli import app
from scheduler.data.write import write_folder
from scheduler.errors import UsageError
from scheduler.generate import generate_records


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county")
    records, policy = generate_records("s", 1)
    write_folder(records, root / "county-s", policy)
    return root / "county-s"


def spec(county: Path, seed: int) -> RunSpec:
    return RunSpec(run_id=f"s/greedy/{seed}", suite="t", instance="s", group="s",
                   kind="rotation", path=str(county), setting="greedy", method="greedy",
                   seed=seed, time_limit=2.0, workers=1)


def test_local_pool_runs_every_spec_and_counts_threads(county: Path) -> None:
    pool = LocalExecutor(jobs=2)
    assert pool.context.get_start_method() in ("forkserver", "spawn")
    outcomes = list(pool.run([spec(county, 0), spec(county, 1), spec(county, 2)]))
    assert sorted(o.row["seed"] for o in outcomes) == [0, 1, 2]
    assert all(o.row["status"] == "FEASIBLE" and o.row["checked"] == "yes" for o in outcomes)
    ((threads, cores),) = pool.threads_per_host(4).values()
    assert threads == 8 and cores >= 1


def test_dask_cluster_runs_a_tiny_suite(county: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    suite = tmp_path / "tiny.toml"
    suite.write_text(f'time_limit = 2.0\n[[instances]]\npath = "{county.as_posix()}"\n'
                     'kind = "rotation"\n', encoding="utf-8")
    out = tmp_path / "out"
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        dask = DaskExecutor(address)
        try:
            (threads, cores), = dask.threads_per_host(3).values()
            assert threads == 3 and cores >= 1
        finally:
            dask.close()
        result = CliRunner().invoke(app, [
            "bench", "--suite", str(suite), "--settings", "greedy,highs", "--repeat", "2",
            "--executor", "dask", "--scheduler", address, "--out", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "results.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 4
    for row in rows:
        assert row["status"] in ("OPTIMAL", "FEASIBLE") and row["checked"] == "yes", row
    assert (out / "report.md").is_file()


def test_unreachable_scheduler_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="no Dask cluster"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=1.0)

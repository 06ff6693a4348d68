"""A run in a fresh interpreter of its own: how a long-lived Dask worker keeps runs apart.

A Dask worker process serves many runs, so its own peak memory would be the largest of
them all; each run therefore starts `python -m scheduler.bench.child SPEC OUTCOME`, which
runs it, measures it in its own process, and hands the outcome back as a pickle.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from scheduler.bench.runner import Outcome, RunSpec, failed, run_one


def run_isolated(spec: RunSpec) -> Outcome:
    """Run `spec` in a child interpreter; a child that dies becomes an ERROR row."""
    with tempfile.TemporaryDirectory(prefix="rotaplan-bench-") as tmp:
        spec_file, out_file = Path(tmp) / "spec.pkl", Path(tmp) / "outcome.pkl"
        spec_file.write_bytes(pickle.dumps(spec))
        proc = subprocess.run(
            [sys.executable, "-m", "scheduler.bench.child", str(spec_file), str(out_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        if proc.returncode == 0 and out_file.is_file():
            return pickle.loads(out_file.read_bytes())
    last = (proc.stderr.strip().splitlines() or [""])[-1][:300]
    return failed(spec, f"run process exited with code {proc.returncode}: {last}")


def main(argv: list[str]) -> int:
    spec_file, out_file = map(Path, argv)
    spec = pickle.loads(spec_file.read_bytes())  # written by run_isolated just before
    out_file.write_bytes(pickle.dumps(run_one(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

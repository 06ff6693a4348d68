"""Where runs happen: a local process pool (default) or an existing Dask cluster.

Both hand back finished runs as they complete, so results stream to disk whatever the
order; both give every run a process of its own (see `runner` and `child`).
"""

from __future__ import annotations

import dataclasses
import multiprocessing
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

from scheduler.bench.machine import machine_info, usable_cores
from scheduler.bench.runner import Outcome, RunSpec, failed, pack_files, run_one
from scheduler.errors import UsageError
from scheduler.i18n import Note


class Executor(Protocol):
    def threads_per_host(self, threads_per_run: int) -> dict[str, tuple[int, int]]:
        """(solver threads that may run at once, cores) per host."""

    def run(self, specs: Sequence[RunSpec]) -> Iterator[Outcome]:
        """Every spec's outcome, in the order they finish."""

    def close(self) -> None: ...


def threads_of(spec: RunSpec) -> int:
    """Solver threads one run uses: the greedy baselines are single-threaded."""
    return 1 if spec.method == "greedy" else spec.workers


class LocalExecutor:
    """`jobs` runs at a time on this machine, each in a new process (forkserver/spawn).

    A process that dies (killed for memory, say) breaks the pool: the runs in flight at
    that moment are recorded as ERROR, since which one died cannot be told, and a fresh
    pool takes the runs not yet started.
    """

    def __init__(self, jobs: int = 1):
        if jobs < 1:
            raise UsageError(Note.of("usage.at_least_one", option="--jobs"))
        self.jobs = jobs
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn")

    def threads_per_host(self, threads_per_run: int) -> dict[str, tuple[int, int]]:
        return {str(machine_info()["host"]): (self.jobs * threads_per_run, usable_cores())}

    def run(self, specs: Sequence[RunSpec]) -> Iterator[Outcome]:
        queue = deque(specs)
        while queue:
            yield from self._one_pool(queue)

    def _one_pool(self, queue: deque[RunSpec]) -> Iterator[Outcome]:
        with ProcessPoolExecutor(self.jobs, mp_context=self.context,
                                 max_tasks_per_child=1) as pool:
            running: dict[Future[Outcome], RunSpec] = {}
            while queue or running:
                while queue and len(running) < self.jobs:
                    spec = queue.popleft()
                    running[pool.submit(run_one, spec)] = spec
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    spec = running.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        why = "a run's process died (killed, or out of memory?)"
                        yield failed(spec, why)
                        for other in running.values():
                            yield failed(other, why)
                        return

    def close(self) -> None:
        """Nothing outlives `run`: each pool is closed when its runs are done."""


class DaskExecutor:
    """Runs on an existing `distributed` cluster; each run in a fresh child process.

    The instance files travel with each run, so workers need rotaplan installed but not
    this machine's disk. Start workers with `--nthreads 1` for one run per worker process.
    """

    def __init__(self, address: str, connect_timeout: float = 30.0):
        try:
            from distributed import Client
        except ImportError:
            raise UsageError(Note.of("usage.dask_missing", executor="dask", package="distributed",
                                     command="pip install 'rotaplan[bench]'")) from None
        try:
            self.client = Client(address, timeout=connect_timeout, set_as_default=False)
            self.client.wait_for_workers(1, timeout=connect_timeout)
        except (OSError, TimeoutError) as exc:
            raise UsageError(Note.of("usage.dask_unreachable", address=address,
                                     error=exc)) from None

    def threads_per_host(self, threads_per_run: int) -> dict[str, tuple[int, int]]:
        workers: dict[str, Any] = self.client.scheduler_info()["workers"]
        cores: dict[str, int] = self.client.run(usable_cores)
        out: dict[str, tuple[int, int]] = {}
        for addr, info in workers.items():
            host = info.get("host") or urlparse(addr).hostname or addr
            threads, host_cores = out.get(host, (0, 0))
            out[host] = (threads + info.get("nthreads", 1) * threads_per_run,
                         max(host_cores, cores.get(addr, 0)))
        return out

    def run(self, specs: Sequence[RunSpec]) -> Iterator[Outcome]:
        from distributed import as_completed

        from scheduler.bench.child import run_isolated

        packed: dict[tuple[str, str | None], dict[str, bytes]] = {}
        futures = {}
        for spec in specs:
            key = (spec.path, spec.policy)
            if key not in packed:
                packed[key] = pack_files(Path(spec.path),
                                         Path(spec.policy) if spec.policy else None)
            shipped = dataclasses.replace(spec, files=packed[key])
            futures[self.client.submit(run_isolated, shipped, pure=False)] = spec
        for fut in as_completed(list(futures), loop=self.client.loop):
            spec = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # a worker lost or killed: record it, go on
                yield failed(spec, f"Dask task failed: {type(exc).__name__}: {exc}"[:300])

    def close(self) -> None:
        self.client.close()

"""What a result was measured on, recorded with every run, and the cores it may use."""

from __future__ import annotations

import os
import platform
import socket
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path


def cpu_model(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's marketing name from /proc/cpuinfo; the platform's guess elsewhere."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("model name", "Model", "cpu model"):
                return value.strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask, as a container or taskset sets it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@cache
def machine_info() -> dict[str, str | int]:
    """The columns that tell two machines apart in results.csv."""
    try:
        ortools = metadata.version("ortools")
    except metadata.PackageNotFoundError:
        ortools = ""
    return {
        "host": socket.gethostname(),
        "cores": usable_cores(),
        "cpu_model": cpu_model(),
        "ortools": ortools,
        "python": platform.python_version(),
    }


def oversubscription(threads_per_host: Mapping[str, tuple[int, int]]) -> list[str]:
    """A warning per host where solver threads exceed cores.

    `threads_per_host[host] = (threads, cores)`: threads is the largest number of solver
    threads that may run there at once (parallel runs × workers per run).
    """
    return [f"{host}: up to {threads} solver threads on {cores} cores; times will be "
            "inflated and not comparable (lower --jobs or the presets' workers)"
            for host, (threads, cores) in sorted(threads_per_host.items()) if threads > cores]

"""Benchmark suites: named sets of committed instance files (benchmarks/suites/*.toml).

Instance files, not generator seeds, are the record: a suite names folders or workbooks,
so a result can be reproduced after the generator changes. A suite file looks like

    description = "generated county-m, rotation"
    time_limit = 60.0                   # seconds per run unless --time-limit says otherwise

    [[instances]]
    path = "instances/county-m"         # relative to the repository root
    kind = "rotation"                   # or "travel", or "plan" (both, joint or separate)
    group = "county-m"                  # rows of the report's tables; default: the name
    # name = "county-m"                 # default: the folder or file name
    # policy = "benchmarks/policies/district.toml"
    # best_known = 1234.0               # an objective known from elsewhere
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scheduler.errors import InputError, Problem, UsageError
from scheduler.i18n import Items, Note

REPO_ROOT = Path(__file__).resolve().parents[2]
SUITES_DIR = Path("benchmarks") / "suites"
KINDS = ("rotation", "travel", "plan")


class _EntryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    kind: Literal["rotation", "travel", "plan"]
    name: str | None = None
    group: str | None = None
    policy: str | None = None
    best_known: float | None = None


class _SuiteFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str = ""
    time_limit: float | None = Field(default=None, gt=0)
    instances: list[_EntryFile] = Field(min_length=1)


@dataclass(frozen=True)
class SuiteEntry:
    """One instance of a suite, its path resolved; `name` is unique within the suite."""

    name: str
    path: Path
    kind: str
    group: str
    policy: Path | None = None
    best_known: float | None = None


@dataclass(frozen=True)
class Suite:
    name: str
    description: str
    time_limit: float | None
    entries: tuple[SuiteEntry, ...]
    source: Path


def find_config(name: str, folder: Path, what: Note) -> Path:
    """A .toml given by path, or NAME looked up in `folder` under the cwd, then the repo;
    `what` names the kind of file in the reader's language (`usage.config`)."""
    given = Path(name)
    if given.suffix == ".toml":
        if not given.is_file():
            raise UsageError(Note.of("usage.config_missing", what=what, path=given))
        return given
    for root in (Path.cwd(), REPO_ROOT):
        candidate = root / folder / f"{name}.toml"
        if candidate.is_file():
            return candidate
    known = sorted({p.stem for root in (Path.cwd(), REPO_ROOT)
                    for p in (root / folder).glob("*.toml")})
    raise UsageError(Note.of("usage.config_unknown", what=what, name=name,
                             known=Items.of(known) if known else Note.of("usage.config.none")))


def config_root(source: Path) -> Path:
    """Where relative paths in a config start: the folder holding `benchmarks/`, if any."""
    source = source.resolve()
    for parent in source.parents:
        if parent.name == "benchmarks":
            return parent.parent
    return source.parent


def load_suite(name: str) -> Suite:
    """Read and check a suite; every instance it names must exist before any run starts."""
    source = find_config(name, SUITES_DIR, Note.of("usage.config.suite"))
    data = read_config(source)
    try:
        parsed = _SuiteFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(source, exc)) from None
    root = config_root(source)
    problems, entries, seen = [], [], set()
    for i, raw in enumerate(parsed.instances):
        where = f"instances[{i}]"
        path = _resolve(root, raw.path)
        policy = _resolve(root, raw.policy) if raw.policy else None
        entry_name = raw.name or path.stem
        if not path.exists():
            problems.append(Problem(str(source), None, f"{where}.path", f"{raw.path} not found"))
        if policy is not None and not policy.is_file():
            problems.append(Problem(str(source), None, f"{where}.policy",
                                    f"{raw.policy} not found"))
        if entry_name in seen:
            problems.append(Problem(str(source), None, f"{where}.name",
                                    f"name {entry_name!r} used twice; give each a name"))
        seen.add(entry_name)
        entries.append(SuiteEntry(name=entry_name, path=path, kind=raw.kind,
                                  group=raw.group or entry_name, policy=policy,
                                  best_known=raw.best_known))
    if problems:
        raise InputError(problems)
    return Suite(name=source.stem, description=parsed.description,
                 time_limit=parsed.time_limit, entries=tuple(entries), source=source)


def _resolve(root: Path, raw: str) -> Path:
    path = Path(raw)
    return path if path.is_absolute() else root / path


def read_config(source: Path) -> dict:
    """A TOML file as a dict; a syntax error is an input problem that names the file."""
    try:
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError([Problem(str(source), None, None, f"not valid TOML: {exc}")]) from None


def validation_problems(source: Path, exc: ValidationError) -> list[Problem]:
    """pydantic's errors as Problems that name the file and the key."""
    return [Problem(str(source), None, ".".join(str(p) for p in err["loc"]) or None, err["msg"])
            for err in exc.errors()]

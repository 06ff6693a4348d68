"""Loading an instance: raw tables -> typed rows -> one cross-reference pass -> `Instance`.

Every problem found is collected and raised together as one `InputError`, each naming
the file (or sheet), the spreadsheet row, the column as the file spelt it, and what was
expected. A row that fails its own checks still takes part in the cross-reference pass
with the cells that were fine, so one run reports its unknown ids too, and rows of other
files that point at it are not blamed for its mistakes.
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from scheduler.data import models as m
from scheduler.data import schema as s
from scheduler.data.instance import Instance
from scheduler.data.policy import Layer, build_policy, from_sheet, read_toml_layer
from scheduler.data.read import RawTable, clean, read_csv, read_workbook
from scheduler.data.write import cell
from scheduler.errors import InputError, Problem

MODELS: dict[str, type[BaseModel]] = {
    "schools": m.School,
    "teachers": m.Teacher,
    "needs": m.Need,
    "lessons": m.Lesson,
    "distances": m.Distance,
    "busy": m.Busy,
    "preferences": m.Preference,
    "history": m.History,
    "locks": m.Lock,
    "calendar": m.CalendarDay,
    "objections": m.Objection,
}

# (file, field) must name a row of (file, key field); checked in this order.
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("schools", "central_school_id", "schools", "school_id"),
    ("teachers", "school_id", "schools", "school_id"),
    ("needs", "school_id", "schools", "school_id"),
    ("lessons", "site_id", "schools", "school_id"),
    ("lessons", "teacher_id", "teachers", "teacher_id"),
    ("distances", "from_id", "schools", "school_id"),
    ("distances", "to_id", "schools", "school_id"),
    ("preferences", "teacher_id", "teachers", "teacher_id"),
    ("preferences", "school_id", "schools", "school_id"),
    ("history", "teacher_id", "teachers", "teacher_id"),
    ("history", "from_school_id", "schools", "school_id"),
    ("history", "to_school_id", "schools", "school_id"),
    ("locks", "teacher_id", "teachers", "teacher_id"),
    ("locks", "school_id", "schools", "school_id"),
)

# Per file: the fields that must be unique together, the column a repeat is reported
# in, and how the message names the key.
UNIQUE: dict[str, tuple[tuple[str, ...], str, str]] = {
    "schools": (("school_id",), "school_id", "school_id"),
    "teachers": (("teacher_id",), "teacher_id", "teacher_id"),
    "needs": (("school_id", "subject"), "subject", "school and subject"),
    "lessons": (("site_id", "class_id", "subject"), "subject", "site, class and subject"),
    "distances": (("from_id", "to_id"), "to_id", "pair"),
    "busy": (("owner_id", "day", "period"), "period", "slot"),
    "preferences": (("teacher_id", "rank"), "rank", "rank for teacher"),
    "history": (("teacher_id", "start_year"), "start_year", "exchange start for teacher"),
    "locks": (("teacher_id", "action", "school_id"), "action", "lock"),
    "calendar": (("date",), "date", "date"),
}


def load_instance(path: str | Path, policy_file: str | Path | None = None,
                  locks_file: str | Path | None = None) -> Instance:
    """Load and validate a county instance (a folder of CSVs or one .xlsx workbook);
    `locks_file` (`--lock`) replaces the instance's locks.csv for this run."""
    path = Path(path)
    raw, policy_layers, notes, problems = _read_source(path)
    if locks_file is not None:
        lf = Path(locks_file)
        if not lf.is_file():
            raise InputError([_keyed(str(lf), None, None, "locks file not found",
                                      "locks_not_found")])
        raw.pop(s.LOCKS.stem, None)
        with _collect(problems):
            raw[s.LOCKS.stem] = read_csv(lf)
    if policy_file is not None:
        pf = Path(policy_file)
        if not pf.is_file():
            raise InputError([_keyed(str(pf), None, None, "policy file not found",
                                      "policy_not_found")])
        with _collect(problems):
            policy_layers.append(read_toml_layer(pf))
    name = path.stem if path.suffix.lower() == ".xlsx" else path.resolve().name
    sources = {spec.stem: _expected_source(path, spec) for spec in s.FILES}
    return build_instance(raw, policy_layers, name=name, path=path, sources=sources,
                          notes=notes, problems=problems)


def instance_from_records(records: dict[str, list[dict[str, Any]]],
                          policy: dict[str, Any] | None = None, name: str = "memory"
                          ) -> Instance:
    """An instance from in-memory rows (field -> value), validated exactly as files are.

    For tests and generators: no file is read, but every problem is still an InputError.
    An empty list reads as a file holding only the header of its required columns.
    """
    specs = {spec.stem: spec for spec in s.FILES}
    raw = {}
    for stem, rows in records.items():
        header = list(dict.fromkeys(k for row in rows for k in row))
        if not header and stem in specs:
            header = [c.name for c in specs[stem].columns if c.required]
        raw[stem] = RawTable(f"{stem}.csv", header,
                             [(i + 2, [clean(cell(row.get(h))) for h in header])
                              for i, row in enumerate(rows)])
    layers = [("policy.toml", policy, {})] if policy else []
    sources = {spec.stem: spec.filename for spec in s.FILES}
    return build_instance(raw, layers, name=name, path=None, sources=sources, notes=[])


@dataclass(frozen=True)
class _Row:
    """One data row after its own checks: the typed value of every cell that passed
    (None: blank) and the fields whose cells failed (already reported)."""

    number: int
    values: dict[str, Any]
    bad: frozenset[str] = frozenset()

    def get(self, field: str) -> Any:
        return self.values.get(field)


@dataclass
class _Table:
    """What the cross-reference pass knows of one file."""

    source: str
    given: bool  # the file (sheet) exists and has a header
    header: dict[str, str] = field(default_factory=dict)  # field -> header as the file spelt it
    rows: list[_Row] = field(default_factory=list)

    def has(self, *fields: str) -> bool:
        return all(f in self.header for f in fields)


def build_instance(raw: dict[str, RawTable], policy_layers: list[Layer], *,
                   name: str, path: Path | None, sources: dict[str, str], notes: list[str],
                   problems: list[Problem] | None = None) -> Instance:
    """Typed rows, policy and one cross-reference pass; raises every problem at once."""
    problems = list(problems or [])
    try:
        policy = build_policy(policy_layers)
    except InputError as exc:
        problems.extend(exc.problems)
        policy = m.Policy()

    typed: dict[str, list[Any]] = {}
    tables: dict[str, _Table] = {}
    for spec in s.FILES:
        table = raw.get(spec.stem)
        typed[spec.stem] = []
        if table is None:
            tables[spec.stem] = _Table(sources[spec.stem], given=False)
            if spec.required:
                problems.append(_keyed(sources[spec.stem], None, None,
                                       "required file is missing", "missing_file"))
            continue
        sources[spec.stem] = table.source
        if not table.header:
            tables[spec.stem] = _Table(table.source, given=False)
            if spec.required:
                columns = ", ".join(_required_names(spec))
                problems.append(_keyed(table.source, None, None,
                                       f"the file is empty; expected a header row with "
                                       f"{columns} and data rows", "empty_file",
                                       columns=columns))
            else:
                notes.append(f"{table.source}: empty, read as no rows")
            continue
        header_map, header_problems, ignored = _map_header(spec, table)
        problems.extend(header_problems)
        if ignored:
            notes.append(f"{table.source}: ignored column(s) {', '.join(ignored)}")
        models, rows, row_problems = _validate_rows(spec, table, header_map)
        problems.extend(row_problems)
        if spec.required and not table.rows:
            problems.append(_keyed(table.source, None, None,
                                   f"no data rows; expected at least one {spec.stem[:-1]}",
                                   "no_rows"))
        typed[spec.stem] = models
        tables[spec.stem] = _Table(table.source, True,
                                   {f: table.header[i] for f, i in header_map.items()}, rows)

    problems.extend(cross_check(tables, policy))
    if problems:
        raise InputError(problems)
    return Instance(
        name=name,
        path=path,
        policy=policy,
        schools=typed["schools"],
        teachers=typed["teachers"],
        needs=typed["needs"],
        lessons=typed["lessons"],
        distances=typed["distances"],
        busy=typed["busy"],
        preferences=typed["preferences"],
        history=typed["history"],
        locks=typed["locks"],
        calendar=typed["calendar"],
        sources=sources,
        notes=notes,
    )


def _expected_source(path: Path, spec: s.FileSpec) -> str:
    return f"{path.name}[{spec.stem}]" if path.suffix.lower() == ".xlsx" else spec.filename


def _read_source(path: Path
                 ) -> tuple[dict[str, RawTable], list[Layer], list[str], list[Problem]]:
    """Raw tables by stem, the policy layers found with the instance, notes, and the
    problems of files that could not be read at all (each file is still tried)."""
    notes: list[str] = []
    layers: list[Layer] = []
    problems: list[Problem] = []
    raw: dict[str, RawTable] = {}
    if path.is_dir():
        files = {p.name.lower(): p for p in path.iterdir() if p.is_file()}
        counties = sorted(p.name for p in path.iterdir() if (p / "schools.csv").is_file())
        if "schools.csv" not in files and counties:
            raise InputError([_keyed(str(path), None, None,
                                     f"expected one county; this folder holds {len(counties)} "
                                     f"county folders (a province slice): pass one of them, "
                                     f"e.g. {path / counties[0]}", "province_slice",
                                     n=len(counties), example=path / counties[0])])
        for spec in s.FILES:
            file = files.get(spec.filename)
            if file is not None:
                with _collect(problems):
                    raw[spec.stem] = read_csv(file)
        if "policy.toml" in files:
            with _collect(problems):
                layers.append(read_toml_layer(files["policy.toml"]))
        return raw, layers, notes, problems
    if path.is_file() and path.suffix.lower() == ".xlsx":
        sheets = read_workbook(path)
        raw = {spec.stem: sheets[spec.stem] for spec in s.FILES if spec.stem in sheets}
        if "policy" in sheets:
            with _collect(problems):
                data, rows = from_sheet(sheets["policy"])
                layers.append((sheets["policy"].source, data, rows))
        beside = path.with_name("policy.toml")
        if beside.is_file():
            with _collect(problems):
                layers.append(read_toml_layer(beside))
        known = {spec.stem for spec in s.FILES} | {"policy"}
        extra = sorted(set(sheets) - known)
        if extra:
            notes.append(f"{path.name}: ignored sheet(s) {', '.join(extra)}")
        return raw, layers, notes, problems
    if path.exists():
        raise InputError([_keyed(str(path), None, None,
                                 "expected a folder of CSV files or an .xlsx workbook",
                                 "not_a_source")])
    raise InputError([_keyed(str(path), None, None, "no such folder or file", "no_source")])


@contextlib.contextmanager
def _collect(into: list[Problem]) -> Iterator[None]:
    """An InputError inside adds its problems to `into`, so the other files are still read."""
    try:
        yield
    except InputError as exc:
        into.extend(exc.problems)


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[\s\-]+", "_", text)
    return text.strip("*_ ")


def _is_chinese(header: list[str]) -> bool:
    return sum(1 for t in header if re.search(r"[\u4e00-\u9fff]", t)) * 2 > len(header)


def _label(col: s.Column, chinese: bool) -> str:
    """A column the file does not have, named in the file's header language first."""
    return f"{col.zh} ({col.name})" if chinese else f"{col.name} ({col.zh})"


def _required_names(spec: s.FileSpec) -> list[str]:
    return [c.name for c in spec.columns if c.required]


def _map_header(spec: s.FileSpec, table: RawTable
                ) -> tuple[dict[str, int], list[Problem], list[str]]:
    """Field name -> column index, accepting English or Chinese headers in any order."""
    lookup: dict[str, str] = {}
    for col in spec.columns:
        lookup[_header_key(col.name)] = col.name
        lookup[_header_key(col.zh)] = col.name
    mapping: dict[str, int] = {}
    problems: list[Problem] = []
    ignored: list[str] = []
    for index, text in enumerate(table.header):
        name = lookup.get(_header_key(text))
        if name is None:
            if text:
                ignored.append(text)
            continue
        if name in mapping:
            other = repr(table.header[mapping[name]])
            problems.append(_keyed(table.source, table.header_row, text,
                                   f"column {name} appears twice (also as {other})",
                                   "duplicate_column", name=name, other=other))
            continue
        mapping[name] = index
    chinese = _is_chinese(table.header)
    for col in spec.columns:
        if col.required and col.name not in mapping:
            problems.append(_keyed(table.source, table.header_row, _label(col, chinese),
                                   f"required column is missing; expected {col.expected}",
                                   "missing_column", expected=col.expected))
    return mapping, problems, ignored


def _validate_rows(spec: s.FileSpec, table: RawTable, header_map: dict[str, int]
                   ) -> tuple[list[Any], list[_Row], list[Problem]]:
    """Each row through its pydantic model: the typed rows that passed, a `_Row` for every
    row (failed ones keep their good cells), and one problem per bad cell.

    A blank cell in a required column that the file lacks altogether is not reported per
    row: the missing column already is.
    """
    model = MODELS[spec.stem]
    columns = spec.by_name()
    chinese = _is_chinese(table.header)
    typed, rows, problems = [], [], []
    for number, cells in table.rows:
        data = {f: cells[i] for f, i in header_map.items() if i < len(cells) and cells[i] != ""}
        try:
            row = model.model_validate(data)
        except ValidationError as exc:
            bad: set[str] = set()
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else None
                if name is not None:
                    bad.add(name)
                col = columns.get(name) if name else None
                if col is None:
                    problems.append(Problem(table.source, number, name, err["msg"]))
                elif name not in header_map:
                    if not col.required:
                        problems.append(_keyed(table.source, number, _label(col, chinese),
                                               f"expected {col.expected}", "expected",
                                               expected=col.expected))
                elif err["type"] == "missing":
                    problems.append(_keyed(table.source, number, table.header[header_map[name]],
                                           f"expected {col.expected}, got a blank cell",
                                           "blank_cell", expected=col.expected))
                else:
                    got = _shown(data[name])
                    problems.append(_keyed(table.source, number, table.header[header_map[name]],
                                           f"expected {col.expected}, got {got}", "bad_cell",
                                           expected=col.expected, got=got))
            rows.append(_Row(number, _good_cells(model, data, bad), frozenset(bad)))
            continue
        typed.append(row)
        rows.append(_Row(number, dict(row)))
    return typed, rows, problems


def _good_cells(model: type[BaseModel], data: dict[str, str], bad: set[str]) -> dict[str, Any]:
    """The typed values of a failed row's cells that passed (blank ones as None)."""
    out: dict[str, Any] = {}
    for name in model.model_fields:
        if name in bad:
            continue
        if name not in data:
            out[name] = None
            continue
        try:
            out[name] = _field_adapter(model, name).validate_python(data[name])
        except ValidationError:  # passes in the row but not alone: leave it out
            bad.add(name)
    return out


@functools.cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    if not info.metadata:
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])


def cross_check(tables: dict[str, _Table], policy: m.Policy) -> list[Problem]:
    """One pass over the keys and references between files, every problem named by file,
    row and column. References into a file that is missing, has no rows or lacks its key
    column are not checked: that file's own problem is the one to fix first."""
    problems: list[Problem] = []

    def report(stem: str, row: _Row, name: str | None, message: str, key: str = "",
               **fields: Any) -> None:
        table = tables[stem]
        header = table.header.get(name, name) if name else None
        problems.append(_keyed(table.source, row.number, header, message, key, **fields))

    for stem, (fields, column, what) in UNIQUE.items():
        first: dict[tuple[Any, ...], int] = {}
        for row in tables[stem].rows:
            key = tuple(row.get(f) for f in fields)
            if any(k is None for k in key):
                continue
            if key in first:
                report(stem, row, column, f"duplicate {what} {_show(key)} "
                                          f"(first at row {first[key]})", "duplicate_key",
                       value=_show(key), first=first[key])
            else:
                first[key] = row.number

    def checkable(stem: str, *fields: str) -> bool:
        spec = _spec(stem)
        table = tables[stem]
        if spec.required:
            return table.given and bool(table.rows) and table.has(*fields)
        return table.has(*fields) if table.given else True

    def ids(stem: str, name: str) -> set[Any]:
        return {row.get(name) for row in tables[stem].rows} - {None}

    for stem, name, target, key in REFERENCES:
        if not checkable(target, key):
            continue
        known = ids(target, key)
        for row in tables[stem].rows:
            value = row.get(name)
            if value is not None and value not in known:
                report(stem, row, name, f"expected a {key} from {target}, got {_shown(value)}",
                       "reference", target=target, got=_shown(value),
                       header=_spec(target).by_name()[key].zh)

    for row in tables["distances"].rows:
        if row.get("from_id") is not None and row.get("from_id") == row.get("to_id"):
            report("distances", row, "to_id", "expected a school other than from_id, got "
                                              f"{_shown(row.get('to_id'))} twice")

    owners_checkable = checkable("teachers", "teacher_id") and checkable(
        "lessons", "site_id", "class_id")
    owners = ids("teachers", "teacher_id") | {
        f"{row.get('site_id')}/{row.get('class_id')}" for row in tables["lessons"].rows
        if row.get("site_id") is not None and row.get("class_id") is not None}
    days, periods = policy.travel.days, policy.travel.periods
    for row in tables["busy"].rows:
        owner, day, period = row.get("owner_id"), row.get("day"), row.get("period")
        if owners_checkable and owner is not None and owner not in owners:
            report("busy", row, "owner_id", "expected a teacher_id or SITE_ID/CLASS_ID from "
                                            f"lessons, got {_shown(owner)}")
        if day is not None and day > days:
            report("busy", row, "day", f"expected a day from 1 to {days} (travel.days), "
                                       f"got {day}")
        if period is not None and period > periods:
            report("busy", row, "period", f"expected a period from 1 to {periods} "
                                          f"(travel.period_starts), got {period}")
    _check_coordinates(tables, report)
    _check_history_and_locks(tables, report)
    _check_calendar(tables, report)
    return problems


def _check_history_and_locks(tables: dict[str, _Table], report: Callable[..., None]) -> None:
    """An exchange ends after it starts, between two different schools; a `to` or `not_to`
    lock names its school, a `stay` or `move` lock names none."""
    for row in tables["history"].rows:
        start, end = row.get("start_year"), row.get("end_year")
        if start is not None and end is not None and end <= start:
            report("history", row, "end_year",
                   f"expected an end_year after start_year ({start}), got {end}")
        a, b = row.get("from_school_id"), row.get("to_school_id")
        if a is not None and a == b:
            report("history", row, "to_school_id",
                   f"expected a school other than from_school_id, got {_shown(b)} twice")
    locks = tables["locks"]
    # A file without the column is told which one to add, in its header language.
    school_column = "school_id" if locks.has("school_id") else _label(
        s.LOCKS.by_name()["school_id"], _is_chinese(list(locks.header.values())))
    for row in locks.rows:
        action, school = row.get("action"), row.get("school_id")
        if action in (s.LockAction.TO, s.LockAction.NOT_TO) and school is None \
                and "school_id" not in row.bad:
            report("locks", row, school_column,
                   f"expected a school_id from schools for action {action.value}, "
                   "got a blank cell")
        elif action in (s.LockAction.STAY, s.LockAction.MOVE) and school is not None:
            report("locks", row, "school_id",
                   f"expected a blank school_id for action {action.value} (use to or not_to "
                   f"to name a school), got {_shown(school)}")


def _check_calendar(tables: dict[str, _Table], report: Callable[..., None]) -> None:
    """`as_weekday` says which weekday's lessons a make-up workday teaches: holidays have
    none."""
    for row in tables["calendar"].rows:
        if row.get("kind") == s.DayKind.HOLIDAY and row.get("as_weekday") is not None:
            report("calendar", row, "as_weekday",
                   f"expected a blank as_weekday on a holiday (it is for kind workday), got "
                   f"{row.get('as_weekday')}")


def _check_coordinates(tables: dict[str, _Table], report: Callable[..., None]) -> None:
    """A school needs both lon and lat, or neither; one with neither needs a distances row
    (either direction) for every other school."""
    schools = tables["schools"]
    lacking: list[_Row] = []
    for row in schools.rows:
        if row.bad & {"lon", "lat"}:
            continue
        lon, lat = row.get("lon"), row.get("lat")
        if (lon is None) != (lat is None):
            report("schools", row, "lat" if lat is None else "lon",
                   "expected both longitude and latitude, or neither")
        elif lon is None:
            lacking.append(row)
    if not lacking:
        return
    pairs = {(r.get("from_id"), r.get("to_id")) for r in tables["distances"].rows}
    pairs |= {(b, a) for a, b in pairs}
    all_ids = list(dict.fromkeys(r.get("school_id") for r in schools.rows
                                 if r.get("school_id") is not None))
    for row in lacking:
        sid = row.get("school_id")
        missing = [o for o in all_ids if o != sid and (sid, o) not in pairs]
        if missing:
            shown = ", ".join(map(_shown, missing[:3]))
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            report("schools", row, "lon",
                   f"expected coordinates: school {_shown(sid)} has no lon/lat and "
                   f"distances.csv does not give its distance to {shown}{more}")


def load_objections(path: str | Path, inst: Instance) -> list[tuple[int, m.Objection]]:
    """objections.csv (English or Chinese headers) as (spreadsheet row, objection); every
    problem (a bad cell, an unknown teacher or school, a school missing for `to` and
    `not_to` or given for `stay`) raised at once as an InputError naming file, row, column."""
    path = Path(path)
    if not path.is_file():
        raise InputError([Problem(str(path), None, None, "objections file not found")])
    table = read_csv(path)
    spec = s.OBJECTIONS
    if not table.header:
        raise InputError([Problem(table.source, None, None, "the file is empty; expected a "
                                  "header row with teacher_id, request, school_id, reason")])
    header_map, problems, _ = _map_header(spec, table)
    models, rows, row_problems = _validate_rows(spec, table, header_map)
    problems.extend(row_problems)
    if not table.rows:
        problems.append(Problem(table.source, None, None,
                                "no data rows; expected at least one objection"))
    column = {f: table.header[i] for f, i in header_map.items()}
    for row in rows:
        tid, request, school = (row.get(f) for f in ("teacher_id", "request", "school_id"))
        if tid is not None and tid not in inst.teacher:
            problems.append(Problem(table.source, row.number, column.get("teacher_id"),
                                    f"expected a teacher_id from teachers, got {_shown(tid)}"))
        if school is not None and school not in inst.school:
            problems.append(Problem(table.source, row.number, column.get("school_id"),
                                    f"expected a school_id from schools, got {_shown(school)}"))
        if request in (s.Request.TO, s.Request.NOT_TO) and school is None \
                and "school_id" not in row.bad:
            problems.append(Problem(table.source, row.number,
                                    column.get("school_id", "school_id"),
                                    f"expected a school_id for request {request.value}, got "
                                    "a blank cell"))
        elif request == s.Request.STAY and school is not None:
            problems.append(Problem(table.source, row.number, column.get("school_id"),
                                    f"expected a blank school_id for request stay, got "
                                    f"{_shown(school)}"))
    if problems:
        raise InputError(problems)
    return [(row.number, obj) for row, obj in zip((r for r in rows if not r.bad), models,
                                                  strict=True)]


def _spec(stem: str) -> s.FileSpec:
    return next(sp for sp in s.FILES if sp.stem == stem)


def _keyed(file: str, row: int | None, column: str | None, message: str, key: str,
           **fields: Any) -> Problem:
    """A problem whose message the catalogs can say in the reader's language."""
    return Problem(file, row, column, message, key,
                   tuple((name, str(value)) for name, value in fields.items()))


def _shown(value: Any, limit: int = 60) -> str:
    """A value for a message: quoted, and cut short so one bad cell cannot flood it."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[0]


def _show(key: tuple[Any, ...]) -> str:
    return " / ".join(map(_shown, key))

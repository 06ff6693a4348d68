"""Loading an instance: raw tables -> typed rows -> one cross-reference pass -> `Instance`.

Every problem found is collected and raised together as one `InputError`, each naming
the file (or sheet), the spreadsheet row, the column as the file spelt it, and what was
expected.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from scheduler.data import models as m
from scheduler.data import schema as s
from scheduler.data.instance import Instance
from scheduler.data.policy import build_policy, from_sheet, read_toml
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
}


def load_instance(path: str | Path, policy_file: str | Path | None = None) -> Instance:
    """Load and validate a county instance (a folder of CSVs or one .xlsx workbook)."""
    path = Path(path)
    raw, policy_layers, notes = _read_source(path)
    if policy_file is not None:
        pf = Path(policy_file)
        if not pf.is_file():
            raise InputError([Problem(str(pf), None, None, "policy file not found")])
        policy_layers.append((pf.name, read_toml(pf), {}))
    name = path.stem if path.suffix.lower() == ".xlsx" else path.resolve().name
    sources = {spec.stem: _expected_source(path, spec) for spec in s.FILES}
    return build_instance(raw, policy_layers, name=name, path=path, sources=sources, notes=notes)


def instance_from_records(records: dict[str, list[dict[str, Any]]],
                          policy: dict[str, Any] | None = None, name: str = "memory"
                          ) -> Instance:
    """An instance from in-memory rows (field -> value), validated exactly as files are.

    For tests and generators: no file is read, but every problem is still an InputError.
    """
    raw = {}
    for stem, rows in records.items():
        header = list(dict.fromkeys(k for row in rows for k in row))
        raw[stem] = RawTable(f"{stem}.csv", header,
                             [(i + 2, [clean(cell(row.get(h))) for h in header])
                              for i, row in enumerate(rows)])
    layers = [("policy.toml", policy, {})] if policy else []
    sources = {spec.stem: spec.filename for spec in s.FILES}
    return build_instance(raw, layers, name=name, path=None, sources=sources, notes=[])


def build_instance(raw: dict[str, RawTable], policy_layers: list[tuple[str, dict, dict]], *,
                   name: str, path: Path | None, sources: dict[str, str], notes: list[str]
                   ) -> Instance:
    """Typed rows, policy and one cross-reference pass; raises every problem at once."""
    problems: list[Problem] = []
    try:
        policy = build_policy(policy_layers)
    except InputError as exc:
        problems.extend(exc.problems)
        policy = m.Policy()

    tables: dict[str, list[Any]] = {}
    locations: dict[str, list[int]] = {}
    headers: dict[str, dict[str, str]] = {}
    for spec in s.FILES:
        table = raw.get(spec.stem)
        tables[spec.stem], locations[spec.stem], headers[spec.stem] = [], [], {}
        if table is None:
            if spec.required:
                problems.append(Problem(sources[spec.stem], None, None,
                                        "required file is missing"))
            continue
        sources[spec.stem] = table.source
        header_map, header_problems, ignored = _map_header(spec, table)
        problems.extend(header_problems)
        if ignored:
            notes.append(f"{table.source}: ignored column(s) {', '.join(ignored)}")
        rows, numbers, row_problems = _validate_rows(spec, table, header_map)
        problems.extend(row_problems)
        tables[spec.stem], locations[spec.stem] = rows, numbers
        headers[spec.stem] = {f: table.header[i] for f, i in header_map.items()}

    instance = Instance(
        name=name,
        path=path,
        policy=policy,
        schools=tables["schools"],
        teachers=tables["teachers"],
        needs=tables["needs"],
        lessons=tables["lessons"],
        distances=tables["distances"],
        busy=tables["busy"],
        preferences=tables["preferences"],
        sources=sources,
        notes=notes,
    )
    problems.extend(cross_check(instance, locations, headers))
    if problems:
        raise InputError(problems)
    return instance


def _expected_source(path: Path, spec: s.FileSpec) -> str:
    return f"{path.name}[{spec.stem}]" if path.suffix.lower() == ".xlsx" else spec.filename


def _read_source(path: Path
                 ) -> tuple[dict[str, RawTable], list[tuple[str, dict, dict]], list[str]]:
    """Raw tables by stem, the policy layers found with the instance, and notes."""
    notes: list[str] = []
    layers: list[tuple[str, dict, dict]] = []
    if path.is_dir():
        raw = {}
        for spec in s.FILES:
            file = path / spec.filename
            if file.is_file():
                raw[spec.stem] = read_csv(file)
        if (path / "policy.toml").is_file():
            layers.append(("policy.toml", read_toml(path / "policy.toml"), {}))
        return raw, layers, notes
    if path.is_file() and path.suffix.lower() == ".xlsx":
        sheets = read_workbook(path)
        raw = {spec.stem: sheets[spec.stem] for spec in s.FILES if spec.stem in sheets}
        if "policy" in sheets:
            data, rows = from_sheet(sheets["policy"])
            layers.append((sheets["policy"].source, data, rows))
        beside = path.with_name("policy.toml")
        if beside.is_file():
            layers.append(("policy.toml", read_toml(beside), {}))
        known = {spec.stem for spec in s.FILES} | {"policy"}
        extra = sorted(set(sheets) - known)
        if extra:
            notes.append(f"{path.name}: ignored sheet(s) {', '.join(extra)}")
        return raw, layers, notes
    if path.exists():
        raise InputError([Problem(str(path), None, None,
                                  "expected a folder of CSV files or an .xlsx workbook")])
    raise InputError([Problem(str(path), None, None, "no such folder or file")])


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = re.sub(r"[\s\-]+", "_", text)
    return text.strip("*_ ")


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
        field = lookup.get(_header_key(text))
        if field is None:
            if text:
                ignored.append(text)
            continue
        if field in mapping:
            problems.append(Problem(table.source, 1, text,
                                    f"column {field} appears twice "
                                    f"(also as {table.header[mapping[field]]!r})"))
            continue
        mapping[field] = index
    chinese = sum(1 for t in table.header if re.search(r"[\u4e00-\u9fff]", t)) * 2 > len(
        table.header)
    for col in spec.columns:
        if col.required and col.name not in mapping:
            name = f"{col.zh} ({col.name})" if chinese else f"{col.name} ({col.zh})"
            problems.append(Problem(table.source, 1, name,
                                    f"required column is missing; expected {col.expected}"))
    return mapping, problems, ignored


def _validate_rows(spec: s.FileSpec, table: RawTable, header_map: dict[str, int]
                   ) -> tuple[list[Any], list[int], list[Problem]]:
    model = MODELS[spec.stem]
    columns = spec.by_name()
    rows, numbers, problems = [], [], []
    for number, cells in table.rows:
        data = {f: cells[i] for f, i in header_map.items() if i < len(cells) and cells[i] != ""}
        try:
            rows.append(model.model_validate(data))
            numbers.append(number)
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else None
                col = columns.get(field) if field else None
                header = table.header[header_map[field]] if field in header_map else (
                    field)
                if col is None:
                    problems.append(Problem(table.source, number, header, err["msg"]))
                elif err["type"] == "missing":
                    problems.append(Problem(table.source, number, header,
                                            f"expected {col.expected}, got a blank cell"))
                else:
                    problems.append(Problem(table.source, number, header,
                                            f"expected {col.expected}, got {data.get(field)!r}"))
    return rows, numbers, problems


def cross_check(inst: Instance, rows: dict[str, list[int]], headers: dict[str, dict[str, str]]
                ) -> list[Problem]:
    """One pass over the references between files; every problem named by file, row, column."""
    problems: list[Problem] = []

    def report(stem: str, index: int, field: str | None, message: str) -> None:
        header = headers[stem].get(field, field) if field else None
        problems.append(Problem(inst.sources[stem], rows[stem][index], header, message))

    def duplicates(stem: str, items: list[Any], key, field: str, what: str) -> None:
        first: dict[Any, int] = {}
        for i, item in enumerate(items):
            k = key(item)
            if k in first:
                report(stem, i, field, f"duplicate {what} {_show(k)} (first at row "
                                       f"{rows[stem][first[k]]})")
            else:
                first[k] = i

    schools = {sc.school_id for sc in inst.schools}
    teachers = {t.teacher_id for t in inst.teachers}
    duplicates("schools", inst.schools, lambda x: x.school_id, "school_id", "school_id")
    duplicates("teachers", inst.teachers, lambda x: x.teacher_id, "teacher_id", "teacher_id")
    duplicates("needs", inst.needs, lambda x: (x.school_id, x.subject), "subject",
               "school and subject")
    duplicates("lessons", inst.lessons, lambda x: (x.site_id, x.class_id, x.subject), "subject",
               "site, class and subject")
    duplicates("distances", inst.distances, lambda x: (x.from_id, x.to_id), "to_id", "pair")
    duplicates("busy", inst.busy, lambda x: (x.owner_id, x.day, x.period), "period", "slot")
    duplicates("preferences", inst.preferences, lambda x: (x.teacher_id, x.rank), "rank",
               "rank for teacher")

    def known_school(stem: str, i: int, field: str, value: str | None) -> None:
        if value is not None and value not in schools:
            report(stem, i, field, f"expected a school_id from schools, got {value!r}")

    for i, sc in enumerate(inst.schools):
        known_school("schools", i, "central_school_id", sc.central_school_id)
        if (sc.lon is None) != (sc.lat is None):
            report("schools", i, "lat" if sc.lat is None else "lon",
                   "expected both longitude and latitude, or neither")
    for i, t in enumerate(inst.teachers):
        known_school("teachers", i, "school_id", t.school_id)
    for i, n in enumerate(inst.needs):
        known_school("needs", i, "school_id", n.school_id)
    for i, le in enumerate(inst.lessons):
        known_school("lessons", i, "site_id", le.site_id)
        if le.teacher_id is not None and le.teacher_id not in teachers:
            report("lessons", i, "teacher_id",
                   f"expected a teacher_id from teachers, got {le.teacher_id!r}")
    for i, d in enumerate(inst.distances):
        known_school("distances", i, "from_id", d.from_id)
        known_school("distances", i, "to_id", d.to_id)
    classes = {le.class_key for le in inst.lessons}
    days, periods = inst.policy.travel.days, inst.policy.travel.periods
    for i, b in enumerate(inst.busy):
        if b.owner_id not in teachers and b.owner_id not in classes:
            report("busy", i, "owner_id",
                   f"expected a teacher_id or SITE_ID/CLASS_ID from lessons, got {b.owner_id!r}")
        if b.day > days:
            report("busy", i, "day", f"expected a day from 1 to {days} (travel.days), "
                                     f"got {b.day}")
        if b.period > periods:
            report("busy", i, "period", f"expected a period from 1 to {periods} "
                                        f"(travel.period_starts), got {b.period}")
    for i, p in enumerate(inst.preferences):
        known_school("preferences", i, "school_id", p.school_id)
        if p.teacher_id not in teachers:
            report("preferences", i, "teacher_id",
                   f"expected a teacher_id from teachers, got {p.teacher_id!r}")
    problems.extend(_coordinate_problems(inst, rows, headers))
    return problems


def _coordinate_problems(inst: Instance, rows: dict[str, list[int]],
                         headers: dict[str, dict[str, str]]) -> list[Problem]:
    """A school without lon/lat needs a distances row for every other school it pairs with."""
    lacking = [i for i, sc in enumerate(inst.schools) if not sc.has_coordinates]
    if not lacking:
        return []
    covered: Counter[str] = Counter()
    pairs = {(d.from_id, d.to_id) for d in inst.distances}
    pairs |= {(b, a) for a, b in pairs}
    ids = [sc.school_id for sc in inst.schools]
    for a, b in pairs:
        if a != b:
            covered[a] += 1
    problems = []
    for i in lacking:
        sid = inst.schools[i].school_id
        if covered[sid] >= len(set(ids)) - 1:
            continue
        missing = [o for o in ids if o != sid and (sid, o) not in pairs][:3]
        header = headers["schools"].get("lon", "lon")
        problems.append(Problem(
            inst.sources["schools"], rows["schools"][i], header,
            f"expected coordinates: school {sid!r} has no lon/lat and distances.csv does not "
            f"cover its pairs (e.g. with {', '.join(map(repr, missing))})"))
    return problems


def _show(key: Any) -> str:
    return " / ".join(map(repr, key)) if isinstance(key, tuple) else repr(key)

"""Every text a reader sees, in Chinese (the default) or English: one catalog per language.

`zh.toml` and `en.toml` hold the same keys, but for `[problems]` and `[expected]`: the
Chinese of input problems whose English is written in the code (gettext's way).
`[codes.<group>]` names each code a reader would otherwise see (status OPTIMAL, kind
teaching_point, level shortage, reason quota...), the other tables the sentences and
labels of pages, workbooks, calendars and the terminal, with `{field}`s filled in here.
Code never writes a Chinese/English pair of its own: it asks the catalog. A test checks
that both catalogs have the same keys and fields.

The language: `--lang` where given, else the locale (LC_ALL, LC_MESSAGES, LANG, LANGUAGE):
Chinese where it is Chinese or says nothing (C, POSIX, unset: Rotaplan is for Chinese
offices), English where it names another language.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from scheduler.data.schema import SUBJECTS_ZH
from scheduler.errors import Problem, UsageError

LANGS = ("zh", "en")
DEFAULT = "zh"
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@dataclass(frozen=True)
class Note:
    """A sentence that a display says in its reader's language (solver progress, why no
    plan exists): `key` names it in the catalogs, a bare name in the `[progress]` table,
    a dotted one anywhere ("explain.travel.class_week"), and `fields` fill it in (see
    `Catalog.note`). `str()` gives the English, for logs and JSON."""

    key: str
    fields: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, **fields: Any) -> Note:
        return cls(key, tuple(fields.items()))

    def __str__(self) -> str:
        return catalog("en").note(self)


@dataclass(frozen=True)
class Items:
    """A list inside a Note, joined as its reader's language joins one: `join` names the
    joiner in the catalogs' `[lists]` table (`list`: "A, B" / "A、B"; `and`, `semi`, `or`;
    a joiner with a `<join>_last` entry puts that before the last item: `series` "A, B and
    C", `either` "A, B or C"); past `shown` items the rest are counted ("and 3 more").
    Items may be Notes."""

    values: tuple[Any, ...]
    join: str = "list"
    shown: int | None = None

    @classmethod
    def of(cls, values: Iterable[Any], join: str = "list", shown: int | None = None) -> Items:
        return cls(tuple(values), join, shown)


@dataclass(frozen=True)
class Catalog:
    """One language's texts: `t("rotation.title", county=...)`, `code("kind", "rural")`."""

    lang: str
    tables: Mapping[str, Any]

    def t(self, key: str, **fields: Any) -> str:
        """The text at `key` ("section.name"), its `{field}`s filled in."""
        node: Any = self.tables
        for part in key.split("."):
            node = node[part]
        return node.format(**fields) if fields else node

    def code(self, group: str, code: Any) -> str:
        """A code as a reader says it; an unknown code is shown as it is."""
        if group == "subject":
            return subject(self.lang, str(code))
        if code is None or code == "":
            return ""
        table = self.tables["codes"][group]
        key = str(code).lower() if isinstance(code, bool) else str(code)
        return table.get(key, str(code))

    def reason(self, code: str) -> str:
        """A `reasons` code of rotation_plan.csv (`shortage:music`, `preference:2`...)."""
        name, _, arg = code.partition(":")
        table = self.tables["codes"]["reason"]
        if name not in table:
            return code
        if name == "shortage":
            return table[name].format(subject=subject(self.lang, arg))
        if name == "preference":
            return table[name].format(rank=arg)
        return table[name]

    def reasons(self, codes: str) -> str:
        """`shortage:music;same_group` as one line."""
        sep = "；" if self.lang == "zh" else "; "
        return sep.join(self.reason(c) for c in codes.split(";") if c)

    def problem(self, p: Problem) -> str:
        """An input problem's message. The English is the code's own sentence (gettext's
        way: the English is the source); `[problems]` of a translation names the keyed
        ones, `[expected]` the columns' expected values by their English text."""
        template = self.tables.get("problems", {}).get(p.key)
        if template is None:
            return p.message
        fields = dict(p.fields)
        if "expected" in fields:
            fields["expected"] = self.tables["expected"].get(fields["expected"],
                                                             fields["expected"])
        return template.format(**fields)

    def note(self, note: Note) -> str:
        """A `Note` in this language. Fields that are Notes or `Items` are said in turn; a
        `status` and a `level` are codes, said in words; so is a `subject` in Chinese
        (English keeps the lessons.csv code, as a county writes it)."""
        fields = {name: self._field(name, value) for name, value in note.fields}
        key = note.key if "." in note.key else f"progress.{note.key}"
        return self.t(key, **fields)

    def _field(self, name: str, value: Any) -> Any:
        if isinstance(value, Note):
            return self.note(value)
        if isinstance(value, Items):
            return self.items(value)
        if name == "status":
            return self.code("status", value)
        if name == "level":
            return self.code("plan_level", value)
        if name == "subject" and self.lang != "en":
            return self.code("subject", value)
        return value

    def items(self, items: Items) -> str:
        """A list as this language joins it, the rest past `shown` counted."""
        words = [str(self._field("", v)) for v in items.values]
        shown = words if items.shown is None else words[:items.shown]
        sep = self.t(f"lists.{items.join}")
        if len(shown) < len(words):
            return self.t("lists.more", items=sep.join(shown), n=len(words) - len(shown))
        last = self.tables["lists"].get(f"{items.join}_last")
        if last is not None and len(shown) > 1:  # "A, B and C"
            return last.join([sep.join(shown[:-1]), shown[-1]])
        return sep.join(shown)

    def say(self, text: str | Note) -> str:
        """A sentence that is either plain text already (said as it is) or a Note."""
        return self.note(text) if isinstance(text, Note) else text

    def where(self, p: Problem) -> str:
        """`file, row 3, column subject` as the reader says it."""
        parts = [p.file]
        if p.row is not None:
            parts.append(self.t("input.row", row=p.row))
        if p.column:
            parts.append(self.t("input.column", column=p.column))
        return self.t("input.sep").join(parts)

    def school_year(self, year: int) -> str:
        return self.t("text.school_year", year=year, next=year + 1)


@functools.cache
def catalog(lang: str) -> Catalog:
    """The catalog of `lang` (zh or en), read once."""
    if lang not in LANGS:
        raise UsageError(_wrong_lang(lang))
    text = resources.files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    return Catalog(lang, tomllib.loads(text))


def _wrong_lang(lang: str) -> Note:
    return Note.of("usage.either", option="--lang", first=LANGS[0], second=LANGS[1], value=lang)


SUBJECTS_EN: dict[str, str] = {
    "chinese": "Chinese", "math": "Maths", "english": "English", "science": "Science",
    "moral": "Morality and law", "music": "Music", "art": "Art", "pe": "PE", "it": "IT",
    "mental_health": "Mental health", "labor": "Labour", "physics": "Physics",
    "chemistry": "Chemistry", "biology": "Biology", "history": "History",
    "geography": "Geography", "special_ed": "Special education",
}


def subject(lang: str, code: str) -> str:
    """A subject's name: Chinese from the data contract's vocabulary, or English."""
    return (SUBJECTS_ZH if lang == "zh" else SUBJECTS_EN).get(code, code)


def resolve(lang: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The language to write in: `lang` if given, else the locale's (see the module doc)."""
    if lang is not None:
        if lang not in LANGS:
            raise UsageError(_wrong_lang(lang))
        return lang
    env = os.environ if environ is None else environ
    for var in LOCALE_VARS:
        value = env.get(var, "").strip()
        if not value:
            continue
        tag = value.split(":")[0].lower()
        if tag.startswith("zh"):
            return "zh"
        if tag in ("c", "posix") or tag.startswith(("c.", "posix.")):
            return DEFAULT
        return "en"
    return DEFAULT

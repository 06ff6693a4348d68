"""The two catalogs: the same keys and fields in both, codes in words, and the language
taken from --lang or the locale."""

from __future__ import annotations

import re
import string
from typing import Any

import pytest

from scheduler.errors import UsageError
from scheduler.i18n import Items, Note, catalog, resolve


def flatten(node: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            out.update(flatten(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: node}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


TRANSLATION_ONLY = ("problems.", "expected.")  # Chinese of English written in the code


def test_both_catalogs_have_the_same_keys_and_fields():
    zh, en = flatten(catalog("zh").tables), flatten(catalog("en").tables)
    zh = {k: v for k, v in zh.items() if not k.startswith(TRANSLATION_ONLY)}
    assert set(zh) == set(en), set(zh) ^ set(en)
    for key in zh:
        assert fields(zh[key]) == fields(en[key]), key


# What a county types stays as it is in a Chinese sentence: command options (--workers),
# file names (busy.csv), policy keys (travel.scope, max_travel_periods), column names and
# policy values as policy.toml writes them (scope = "county", backbone_upward = false)
TYPED = re.compile(r"--[a-z][a-z-]*|\w+\.(?:csv|toml|json|xlsx)\b|\b[a-z]+\.[a-z_]+\b"
                   r'|\w*_\w*\*?|"[a-z_]+"|= (?:true|false)\b', re.ASCII)


def test_chinese_texts_are_chinese():
    """No zh text is an English word left untranslated (ids, units and codes aside)."""
    allowed = {"CP-SAT", "HiGHS", "rotaplan", "zh-CN", "CV", "coarsen", "ROTAPLAN_DEBUG",
               "summary", "JSON", "CSV", "xlsx", "YYYY-MM-DD", "html", "Dask"}
    for key, text in flatten(catalog("zh").tables).items():
        text = TYPED.sub("", re.sub(r"\{[^}]*\}", "", text))
        words = set(re.findall(r"[A-Za-z][A-Za-z_-]{2,}", text))
        assert not words - allowed, (key, text)


def test_codes_and_reasons_in_words():
    zh, en = catalog("zh"), catalog("en")
    assert zh.code("kind", "teaching_point") == "教学点"
    assert zh.code("stage", "nine_year") == "九年一贯制"
    assert zh.code("status", "FEASIBLE").startswith("可行")
    assert (zh.code("day", 1), en.code("day", 7)) == ("星期一", "Sunday")
    assert (zh.code("subject", "mental_health"), en.code("subject", "pe")) == ("心理健康", "PE")
    assert zh.reasons("shortage:science;same_group;preference:2") == "补科学缺口；集团内；第2志愿"
    assert en.reasons("backbone_quota") == "backbone quota"
    assert zh.code("kind", "unknown_kind") == "unknown_kind"  # shown as it is, never dropped
    assert zh.school_year(2026) == "2026—2027学年"


def test_notes_say_lists_nested_notes_and_subjects_in_the_readers_language():
    # three rows shown two at a time: the third is counted; a subject is a code in English
    # (as lessons.csv writes it) and a word in Chinese; a plain string is said as it is
    rows = Items.of([Note.of("explain.travel.row", class_key=c, subject="music")
                     for c in ("A/1", "A/2", "B/1")], shown=2)
    note = Note.of("explain.travel.conflict_time", rows=rows)
    assert str(note) == ("A/1 music, A/2 music and 1 more cannot all be placed: their periods "
                         "do not fit in the week of the classes and teachers involved (T1, T2)")
    assert catalog("zh").note(note).startswith("A/1 音乐、A/2 音乐 等另 1 项 无法全部排入：")
    either = Items.of([Note.of("explain.travel.remedy.T5"), "ask the county"], join="or")
    assert catalog("en").items(either) == "raise travel.max_sites_per_day; or ask the county"
    assert catalog("zh").items(either) == "提高 travel.max_sites_per_day；或者ask the county"
    assert catalog("zh").say("as it is") == "as it is"
    assert catalog("zh").say(Note.of("parts", parts=2)) == "共 2 个部分待求解"  # [progress]


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "zh"),
    ({"LANG": "C.UTF-8"}, "zh"),
    ({"LANG": "zh_CN.UTF-8"}, "zh"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    ({"LC_ALL": "", "LANG": "de_DE.UTF-8"}, "en"),
])
def test_the_language_comes_from_the_locale(env, expected):
    assert resolve(None, env) == expected


def test_an_explicit_language_wins_and_a_wrong_one_is_refused():
    assert resolve("en", {"LANG": "zh_CN.UTF-8"}) == "en"
    with pytest.raises(UsageError, match="--lang must be zh or en"):
        resolve("fr")

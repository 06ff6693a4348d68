"""Problems read as a person looks for them; an InputError carries all of them, in order."""

from __future__ import annotations

import ast

import pytest

from scheduler.errors import InputError, NoPlanError, Problem, UsageError
from scheduler.i18n import Note, catalog
from tests.said import ROOT, fields, lookup, said


def test_problem_text_names_file_row_and_column() -> None:
    assert str(Problem("schools.csv", 4, "学生数", "expected a whole number")) == (
        "schools.csv, row 4, column 学生数: expected a whole number")
    assert str(Problem("b.xlsx[busy]", None, None, "sheet is damaged")) == (
        "b.xlsx[busy]: sheet is damaged")
    assert Problem("policy.toml", None, "travel.days", "x").where() == (
        "policy.toml, column travel.days")


def test_input_error_sorts_and_removes_repeats() -> None:
    problems = [Problem("teachers.csv", 9, "school_id", "b"),
                Problem("schools.csv", None, None, "a"),
                Problem("teachers.csv", 3, "subject", "c"),
                Problem("teachers.csv", 9, "school_id", "b")]
    err = InputError(problems)
    assert [(p.file, p.row) for p in err.problems] == [
        ("schools.csv", None), ("teachers.csv", 3), ("teachers.csv", 9)]
    assert str(err).startswith("3 problem(s) in the input: schools.csv: a; teachers.csv, row 3")
    assert err.exit_code == 2


def test_input_error_message_shows_five_and_counts_the_rest() -> None:
    err = InputError([Problem("needs.csv", i, "required", "bad") for i in range(2, 10)])
    assert len(err.problems) == 8
    assert str(err).endswith("(+3 more)")
    assert "row 6" in str(err) and "row 7" not in str(err)


def test_exit_codes_and_reasons() -> None:
    err = NoPlanError("no plan within 10 s", ["raise the time limit"])
    assert (err.exit_code, err.headline, err.reasons) == (1, "no plan within 10 s",
                                                          ["raise the time limit"])
    assert NoPlanError("infeasible").reasons == []
    assert UsageError("bad --size").exit_code == 2


def test_a_note_headline_is_english_in_the_message_and_kept_for_the_reader() -> None:
    headline = Note.of("explain.travel.no_timetable", n=2)
    err = NoPlanError(headline, (Note.of("explain.travel.more_time"),))
    assert str(err) == "no timetable exists: 2 lesson row(s) cannot be placed"
    assert err.headline is headline and isinstance(err.reasons, list)
    assert catalog("zh").say(err.reasons[0]).startswith("请给更长的求解时间")


# --- usage errors in the reader's language ---------------------------------------------------

SCHEDULER = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "scheduler").rglob("*.py"))
# Guards only a programmer can reach, left in English: every command checks the same
# before it calls them (rotate/travel --method and --baseline; generate --size and --lang;
# --out, worded by commands.common.check_out_dir, since scheduler.io stands below the
# catalogs), or no command calls them at all (generate.extend_folder)
PLAIN = {"scheduler/rotation/solve.py": 2, "scheduler/travel/solve.py": 1,
         "scheduler/generate.py": 3, "scheduler/io/output.py": 2}


def test_a_usage_error_keeps_its_note_for_the_reader_and_is_english_in_the_message() -> None:
    note = Note.of("usage.out_has_files", out="plans/2026")
    err = UsageError(note)
    assert err.headline is note and err.exit_code == 2
    assert str(err) == "--out plans/2026 already holds files; pass --force to replace them"
    assert catalog("zh").say(err.headline) == "--out plans/2026 中已有文件；如需覆盖请加 --force"
    assert UsageError("bad --size").headline == "bad --size"


def test_every_usage_error_a_user_can_meet_is_a_note() -> None:
    plain: dict[str, int] = {}
    for path in SCHEDULER:
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "UsageError"
                    and node.args and isinstance(node.args[0], ast.Constant | ast.JoinedStr)):
                plain[path] = plain.get(path, 0) + 1
    assert plain == PLAIN


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_usage_sentence_is_in_the_catalog_with_the_fields_given(lang: str) -> None:
    tables = catalog(lang).tables
    found = said(SCHEDULER, "usage.", notes_only=True)
    for path, key, given in found:
        assert fields(lookup(tables, key)) == given, (path, key)
    # and none of the table's sentences is left unsaid
    table = {f"usage.{k}" for k, v in tables["usage"].items() if isinstance(v, str)}
    table |= {f"usage.config.{k}" for k in tables["usage"]["config"]}
    assert table == {key for _path, key, _given in found}

"""Problems read as a person looks for them; an InputError carries all of them, in order."""

from __future__ import annotations

from scheduler.errors import InputError, NoPlanError, Problem, UsageError
from scheduler.i18n import Note, catalog


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

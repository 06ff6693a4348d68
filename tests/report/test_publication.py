"""The provisional list (publication.html): the movers, the notice period in working days,
where objections go, in Chinese or English, escaped, and one A4 page per 40 rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from scheduler.data.models import Publication
from scheduler.report.files import write_outputs
from scheduler.report.publication import ROWS_PER_PAGE, render_publication
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.solving import SolveStats
from tests.report.test_travel_html import chromium, pdf_pages

# Monday 28 September 2026: the National Day holiday (1–7 October, from the `holidays`
# package) falls inside the notice period, so its 5 working days are 28, 29, 30 September,
# 8 and 9 October.
PUBLISHED = dt.date(2026, 9, 28)
CONTACT = "县教育局人事科 0551-1234567"


class Rows(HTMLParser):
    """The text of every table row, per printed sheet (`div.sheet`)."""

    def __init__(self, html: str):
        super().__init__()
        self.sheets: list[list[list[str]]] = []
        self.text: list[str] = []
        self.row: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div" and ("class", "sheet") in attrs:
            self.sheets.append([])
        elif tag == "tr":
            self.row = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr" and self.row is not None:
            self.sheets[-1].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.row is not None and data.strip():
            self.row.append(data.strip())


def outputs(cty: Any, movers: int, name: str = "教师", county: str = "双河县") -> Any:
    """`movers` teachers M001... of 东城小学 H, all moving to X, 3 km east."""
    teachers = {f"M{i:03d}": {"school_id": "H", "name": f"{name}{i}"}
                for i in range(1, movers + 1)}
    inst = cty.county({"H": {"at": (0, 0), "name": "东城小学"}, "X": {"at": (3, 0)}}, teachers)
    inst = dataclasses.replace(inst, policy=inst.policy.model_copy(update={
        "county_name": county, "publication": Publication(days=5, contact=CONTACT)}))
    moves = dict.fromkeys(teachers, "X")
    total = score(inst, moves)["total"]
    result = RotationResult([Move(t, "H", "X", 3.0) for t in moves],
                            SolveStats("OPTIMAL", total, total))
    return build_outputs(inst, result)


def test_the_list_shows_the_movers_the_period_and_the_contact(cty):
    page = Rows(render_publication(outputs(cty, 3), published=PUBLISHED))
    text = "".join(page.text)
    assert "双河县2026—2027学年教师交流轮岗名单公示" in text
    [sheet] = page.sheets
    assert sheet == [["工号", "姓名", "原学校", "交流学校", "职务", "任期至"],
                     *[[f"M00{i}", f"教师{i}", "东城小学", "school X", "教师", "2029 年"]
                       for i in (1, 2, 3)]]
    assert "公示期：2026年9月28日 至 2026年10月9日（5 个工作日）" in text
    assert CONTACT in text and "第 1 页，共 1 页" in text


def test_a_county_named_in_latin_letters_is_set_apart_from_the_year(cty):
    page = Rows(render_publication(outputs(cty, 1, county="shuanghe"), published=PUBLISHED))
    assert "shuanghe 2026—2027学年教师交流轮岗名单公示" in "".join(page.text)


def test_the_list_in_english_and_escaped(cty):
    # published on Saturday 3 October, inside the holiday: the period starts on the 8th
    # and counts Saturday 10 October, a make-up workday (调休上课): 8, 9, 10, 12, 13
    html = render_publication(outputs(cty, 1, name="<b>x</b>"), lang="en",
                              published=dt.date(2026, 10, 3))
    assert "&lt;b&gt;x&lt;/b&gt;1" in html and "<b>x</b>" not in html
    assert "Notice period: 2026-10-08 to 2026-10-13 (5 working days)" in html
    assert "provisional list of teacher rotation" in html


def test_one_sheet_per_forty_rows_and_chromium_prints_as_many_a4_pages(cty, tmp_path: Path):
    # 85 movers: 40 + 40 + 5 rows, three sheets, the header on each.
    out = tmp_path / "plan"
    write_outputs(outputs(cty, 85), out, published=PUBLISHED)
    page = Rows((out / "publication.html").read_text(encoding="utf-8"))
    assert ROWS_PER_PAGE == 40
    assert [len(s) - 1 for s in page.sheets] == [40, 40, 5]
    assert all(s[0][0] == "工号" for s in page.sheets)
    assert "第 3 页，共 3 页" in "".join(page.text)
    browser = chromium()
    assert pdf_pages(browser, tmp_path / "profile", out / "publication.html",
                     tmp_path / "list.pdf") == 3

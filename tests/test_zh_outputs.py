"""What a Chinese reader sees: every page, workbook cell, calendar entry and map label that
`rotaplan rotate` and `rotaplan travel` write in Chinese holds no code, no English word of
ours and none of the terms the county office corrected (issue 15).

The tiny county with Chinese names, planned end to end by the real solvers. The CSV and
JSON files are the data contract's machine-readable outputs and keep their codes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from icalendar import Calendar
from openpyxl import load_workbook
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.data.write import write_folder

CODES = re.compile(
    r"\b(OPTIMAL|FEASIBLE|INFEASIBLE|UNKNOWN|shortage|teaching_point|nine_year|same_group|"
    r"same_district|backbone_quota|quota|scope|none|county|city|province|primary|junior|"
    r"urban|town|rural|principal|vice_principal|serves|reasons|music|art|pe|english|moral|"
    r"science|mental_health|senior_title|cv_limits|standards|movers|balance|distance|"
    r"preferences|objective|cpsat|greedy|holiday|workday)\b")
WRONG_TERMS = ("年度", "缺编", "手工", "人工排法", "开课情况", "可交流教师", "九年一贯 ")
NAMES = {"C1": "青山镇中心小学", "V1": "柳村小学", "P1": "石岭教学点", "J1": "青山县第一中学"}
PEOPLE = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨磊"]


class Text(HTMLParser):
    """The text a browser shows (style and script left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.chunks.append(data.strip())


def page_text(path: Path) -> list[str]:
    parser = Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.chunks


def book_text(path: Path) -> list[str]:
    """Every cell but those under an id column (工号, 学校代码...), and every tab name."""
    book = load_workbook(path)
    out = list(book.sheetnames)
    for ws in book.worksheets:
        ids = {c.column for row in ws.iter_rows(max_row=3) for c in row
               if c.comment is not None and c.comment.text.endswith("_id")}
        out += [str(c.value) for row in ws.iter_rows() for c in row
                if c.value is not None and c.column not in ids]
    return out


def calendar_text(path: Path) -> list[str]:
    cal = Calendar.from_ical(path.read_bytes())
    out = [str(cal.get("x-wr-calname"))]
    for e in cal.walk("VEVENT"):
        out += [str(e.get("summary")), str(e.get("description")), str(e.get("location"))]
    return out


def offending(texts: list[str]) -> list[str]:
    return [t for t in texts if CODES.search(t) or any(w in t for w in WRONG_TERMS)]


def chinese_county(tiny_records: dict, folder: Path) -> Path:
    for sc in tiny_records["schools"]:
        sc["name"] = NAMES[sc["school_id"]]
        sc["township"] = "青山镇" if sc["township"] == "East" else "城关镇"
    for t, name in zip(tiny_records["teachers"], PEOPLE, strict=True):
        t["name"] = name
    write_folder(tiny_records, folder, {"year": 2026, "county_name": "青山县",
                                        "rotation": {"max_outflow_share": 0.34}})
    return folder


def test_every_chinese_output_is_free_of_codes(tiny_records: dict, tmp_path: Path) -> None:
    county = chinese_county(tiny_records, tmp_path / "qingshan")
    runner = CliRunner()
    rot, trav = tmp_path / "rotation", tmp_path / "travel"
    for args in (["rotate", str(county), "--out", str(rot), "--time-limit", "20"],
                 ["travel", str(county), "--out", str(trav), "--time-limit", "20"]):
        result = runner.invoke(app, [*args, "--workers", "1", "--lang", "zh"])
        assert result.exit_code == 0, result.output
    texts: dict[str, list[str]] = {"report.html": page_text(rot / "report.html"),
                                   "rotation_plan.xlsx": book_text(rot / "rotation_plan.xlsx"),
                                   "travel.xlsx": book_text(trav / "travel.xlsx")}
    for page in sorted((trav / "timetables").glob("*.html")):
        texts[page.name] = page_text(page)
    for ics in sorted((trav / "calendars").glob("*.ics")):
        texts[ics.name] = calendar_text(ics)
    for svg in sorted((trav / "maps").glob("*.svg")):
        texts[svg.name] = re.findall(r">([^<>]+)<", svg.read_text(encoding="utf-8"))
    assert len(texts) >= 8
    found = {name: offending(t) for name, t in texts.items() if offending(t)}
    assert not found, found
    report = " ".join(texts["report.html"])
    assert "青山县2026—2027学年教师交流轮岗方案" in report and "符合交流条件教师" in report
    assert "最低交流人数" in report and "学科教师缺口" in report
    index = " ".join(texts["index.html"])
    assert "人工排课每周里程（公里）" in index and "每周总里程（公里）" in index

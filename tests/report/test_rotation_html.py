"""report.html: one self-contained, well-formed page with the figures a director signs off."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from scheduler.data.load import instance_from_records
from scheduler.report.rotation_html import histogram_svg, render_rotation_report
from scheduler.rotation.outputs import build_outputs
from scheduler.rotation.result import Move, RotationResult
from scheduler.rotation.score import score
from scheduler.solving import SolveStats

VOID = {"meta", "br", "line", "rect", "img", "link", "input", "hr"}


class Page(HTMLParser):
    """Collects tags, attributes and text; fails on a closing tag that was never opened."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(" ".join(data.split()))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == []
    return page


def outputs(tiny_records: dict, name: str = "Teacher one",
            baseline: RotationResult | str | None = None) -> Any:
    tiny_records["teachers"][0]["name"] = name
    inst = instance_from_records(tiny_records, {"rotation": {"max_outflow_share": 0.34}})
    total = score(inst, {"T01": "V1"})["total"]
    stats = SolveStats("FEASIBLE", total, total - 0.25 * total, solve_seconds=1.5,
                       method="cpsat", workers=2, seed=7, time_limit=30.0,
                       stopped_by="interrupt")
    result = RotationResult([Move("T01", "C1", "V1", 7.0, ("shortage:music",))], stats)
    return build_outputs(inst, result, baseline)


def test_page_parses_and_holds_the_key_figures(tiny_records: dict) -> None:
    page = parse(render_rotation_report(outputs(tiny_records)))
    text = " | ".join(page.text)
    for needle in ["教师交流轮岗方案", "Teacher rotation plan", "FEASIBLE", "gap 25.00%",
                   "1 / 1",  # movers / required, backbone / required
                   "2.50 → 1.50",  # unmet posts before → after
                   "Quotas and how they were met", "Unmet posts by subject",
                   "county coefficients of variation", "Distance histogram",
                   "stopped by the user (Ctrl-C)", "Approved by the director",
                   "T01", "V1 Village primary", "shortage:music"]:
        assert needle in text, needle
    assert "svg" in page.tags and "table" in page.tags


def test_self_contained_no_scripts_no_external_assets(tiny_records: dict) -> None:
    html = render_rotation_report(outputs(tiny_records))
    page = parse(html)
    assert not {"script", "link", "img", "iframe"} & set(page.tags)
    urls = [v for k, v in page.attrs if k in ("src", "href") and v]
    assert urls == []
    assert not re.search(r"url\(", html)


def test_names_are_escaped(tiny_records: dict) -> None:
    evil = "<script>alert('x')</script>&amp"
    html = render_rotation_report(outputs(tiny_records, name=evil))
    page = parse(html)
    assert "script" not in page.tags
    assert evil in " ".join(page.text).replace("&amp;", "&")
    assert "&lt;script&gt;" in html


def test_by_hand_column_and_baseline_failure(tiny_records: dict) -> None:
    inst_outputs = outputs(tiny_records)
    greedy = RotationResult([Move("T01", "C1", "V1", 7.0)], SolveStats("FEASIBLE", 1.0),)
    with_hand = parse(render_rotation_report(outputs(tiny_records, baseline=greedy)))
    assert "手工 by hand" in with_hand.text
    assert "手工 by hand" not in parse(render_rotation_report(inst_outputs)).text
    failed = parse(render_rotation_report(outputs(tiny_records, baseline="caps too small")))
    assert any("found no plan: caps too small" in t for t in failed.text)


@pytest.mark.parametrize(("values", "upper", "expected"), [
    ([1.0, 6.0, 6.5, 49.9, 50.0], 50.0, [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]),
    ([0.0], 0.0, [1] + [0] * 9),
])
def test_histogram_counts(values: list[float], upper: float, expected: list[int]) -> None:
    svg = histogram_svg(values, upper)
    parse(svg)
    counts = [int(n) for n in re.findall(r"km: (\d+)</title>", svg)]
    assert counts == expected


def test_leaders_serves_standards_and_headcount(tiny_records: dict) -> None:
    # T07, C1's principal for 8 years, moves to V1 with T01 (music, fills V1's post).
    tiny_records["teachers"].append({
        "teacher_id": "T07", "name": "Principal seven", "school_id": "C1",
        "subject": "chinese", "post": "principal", "years_in_post": 8, "birth_year": 1975})
    inst = instance_from_records(tiny_records, {"county_name": "Test county",
                                                "rotation": {"max_outflow_share": 0.5}})
    moves = {"T01": "V1", "T07": "V1"}
    total = score(inst, moves)["total"]
    result = RotationResult([Move("T01", "C1", "V1", 7.0), Move("T07", "C1", "V1", 7.0)],
                            SolveStats("OPTIMAL", total, total))
    html = render_rotation_report(build_outputs(inst, result))
    page = parse(html)
    text = " | ".join(page.text)
    for needle in ["Test county", "校长、副校长交流", "Principals and vice principals",
                   "校长 principal", "Principal seven", "1 due, 1 moved",
                   "1 / 1",  # principals moved / due; teachers moved / required
                   "学科缺口", "校长轮岗", "达标学校数", "meeting before",
                   "Largest headcount gain", "V1 Village primary", "+2（1 → 3）",
                   "limit 2"]:  # V1's R9 limit: staff 1 + its 1 unmet post before
        assert needle in text, needle
    assert "<span class='code'>shortage</span>" in html
    assert "<span class='code'>R12</span>" in html

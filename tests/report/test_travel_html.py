"""The published timetable pages: every lesson on its teacher's and its site's page, escaped,
self-contained, printable; and rendered by a real browser (headless Chromium).

The tiny county (tests/conftest.py) with the hand-made "one site a day" week of
tests/travel/test_outputs.py: T01 music at P1 Mon/Wed period 1 and art at V1 Tue/Thu
period 2; T03 pe at P1 Mon, Tue, Thu period 3.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from scheduler.data.load import instance_from_records
from scheduler.report.files import write_travel_plan
from scheduler.report.travel_html import teacher_page
from scheduler.solving import SolveStats
from scheduler.travel.result import Route, Slot, TravelResult
from scheduler.travel.score import build_routes

WEEK = [
    Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 3, 1, "P1", "1", "music"),
    Slot("T01", 2, 2, "V1", "3A", "art"), Slot("T01", 4, 2, "V1", "3A", "art"),
    Slot("T03", 1, 3, "P1", "1", "pe"), Slot("T03", 2, 3, "P1", "1", "pe"),
    Slot("T03", 4, 3, "P1", "1", "pe"),
]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


class Page(HTMLParser):
    """What a page holds: its lessons' data attributes, text, links, and tags used."""

    def __init__(self, text: str):
        super().__init__()
        self.lessons: set[tuple[int, int, str, str, str, str]] = set()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.tags: set[str] = set()
        self.chunks: list[str] = []
        self.feed(text)
        self.text = " ".join(c.strip() for c in self.chunks if c.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        if "lesson" in (a.get("class") or "").split():
            self.lessons.add((int(a["data-day"]), int(a["data-period"]), a["data-teacher"],
                              a["data-site"], a["data-class"], a["data-subject"]))
        if "href" in a:
            self.links.append(a["href"] or "")
        if "src" in a:
            self.sources.append(a["src"] or "")

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)


def as_rows(slots: list[Slot]) -> set[tuple[int, int, str, str, str, str]]:
    return {(s.day, s.period, s.teacher_id, s.site_id, s.class_id, s.subject) for s in slots}


def write(inst: Any, out: Path, slots: list[Slot] = WEEK, lang: str = "zh") -> Path:
    res = TravelResult(slots, build_routes(inst, slots), SolveStats("OPTIMAL", 143.0, 143.0, 0.1))
    write_travel_plan(inst, res, out, lang=lang)
    return out / "timetables"


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


def read(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def test_every_lesson_is_on_its_teachers_and_its_sites_page(inst, tmp_path):
    site = write(inst, tmp_path / "plan")
    for tid in ("T01", "T03"):
        page = read(site / f"teacher-{tid}.html")
        assert page.lessons == as_rows([s for s in WEEK if s.teacher_id == tid])
    for sid in ("P1", "V1"):
        page = read(site / f"site-{sid}.html")
        assert page.lessons == as_rows([s for s in WEEK if s.site_id == sid])


def test_a_teacher_page_shows_bell_times_names_and_the_days_routes(inst, tmp_path):
    page = read(write(inst, tmp_path / "plan") / "teacher-T01.html")
    for text in ("Teacher one (T01)", "星期一", "星期五", "08:00–08:40", "15:40–16:20",
                 "音乐", "美术", "Hill teaching point", "班级 3A",
                 "Central primary → Hill teaching point → Central primary", "23.0", "每日路线"):
        assert text in page.text, text


def test_a_site_page_shows_who_comes_and_what_each_class_gets(inst, tmp_path):
    page = read(write(inst, tmp_path / "plan") / "site-P1.html")
    for text in ("Hill teaching point", "学校代码：P1", "Teacher one (T01)",
                 "Teacher three (T03)", "体育", "开齐开足情况", "2/2", "3/3"):
        assert text in page.text, text


def test_a_biweekly_lesson_counts_half_a_period_on_every_page(tiny_records, tmp_path):
    """T11: P1 class 1 gets mental health one period every second week. Its slot shows
    单周 and counts 0.5 where the pages count periods (the teacher's week, the site's
    week, the class's coverage, the index), as T10 counts it."""
    tiny_records["lessons"].append({"site_id": "P1", "class_id": "1",
                                    "subject": "mental_health", "periods_per_week": 0.5})
    inst = instance_from_records(tiny_records)
    slots = [*WEEK, Slot("T03", 5, 2, "P1", "1", "mental_health", "odd")]
    site = write(inst, tmp_path / "plan", slots)
    assert "每周课时：3.5" in read(site / "teacher-T03.html").text  # 3 pe + 0.5
    page = read(site / "site-P1.html")
    assert "每周课时：5.5" in page.text and "单周" in page.text  # 2 music + 3 pe + 0.5
    assert "0.5/0.5" in page.text and "3/3" in page.text and "1/0.5" not in page.text
    cells = read(site / "index.html").text
    assert "5.5 5.5" in cells  # P1: periods required, periods placed


def test_the_index_links_every_page_and_map_and_the_links_resolve(inst, tmp_path):
    site = write(inst, tmp_path / "plan")
    page = read(site / "index.html")
    assert set(page.links) == {"teacher-T01.html", "teacher-T03.html", "site-P1.html",
                               "site-V1.html", "../maps/township-East.svg"}
    for link in page.links:
        assert (site / link).is_file(), link
    assert "143.0" in page.text and "已证明最优" in page.text
    assert "走教补贴" in page.text and "全县合计" in page.text


def test_the_allowance_table_separates_thousands_in_every_column(inst):
    """A county's term days run to thousands (8,854 on a generated county-m): they read
    as the km and yuan beside them do."""
    import pandas as pd

    from scheduler.report.travel_html import index_page

    costs = pd.DataFrame([("T01", 3, 123.4, 1234, 56789.5, 98765.43)],
                         columns=["teacher_id", "days_per_week", "km_per_week", "term_days",
                                  "term_km", "term_allowance"])
    result = TravelResult(WEEK, build_routes(inst, WEEK), SolveStats("OPTIMAL", 1.0, 1.0))
    page = Page(index_page(inst, result, {}, {}, costs=costs))
    assert "1,234" in page.text and "56,789.5" in page.text and "98,765.43" in page.text


def test_pages_are_self_contained_printable_and_labelled_in_english_on_request(inst, tmp_path):
    site = write(inst, tmp_path / "plan", lang="en")
    for path in site.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        page = Page(text)
        assert not page.tags & {"script", "link", "img", "iframe", "object"}, path.name
        assert not page.sources
        assert all("://" not in link and not link.startswith("//") for link in page.links)
        assert "@page { size: A4" in text and "@media print" in text
        assert '<html lang="en">' in text
    page = read(site / "teacher-T01.html")
    assert "Monday" in page.text and "Music" in page.text and "Daily routes" in page.text
    assert "星期一" not in page.text


def test_text_is_escaped_and_file_names_come_from_ids_never_names(tiny_records, tmp_path):
    tiny_records["teachers"][0]["name"] = '<b>Zhang & "San"</b>'
    tiny_records["teachers"][0]["teacher_id"] = "T/01 <x>"
    tiny_records["lessons"][0]["teacher_id"] = "T/01 <x>"
    tiny_records["schools"][2]["name"] = "<script>alert(1)</script>"
    inst = instance_from_records(tiny_records)
    slots = [Slot("T/01 <x>", s.day, s.period, s.site_id, s.class_id, s.subject)
             if s.teacher_id == "T01" else s for s in WEEK]
    site = write(inst, tmp_path / "plan", slots)
    out = tmp_path / "plan"
    names = [p.name for p in out.rglob("*")]
    assert not any("Zhang" in n or "<" in n or " " in n or "/" in n for n in names)
    page_file = next(site.glob("teacher-T_01_x-*.html"))
    text = page_file.read_text(encoding="utf-8")
    assert "&lt;b&gt;Zhang &amp; &#34;San&#34;&lt;/b&gt;" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    page = Page(text)
    assert "b" not in page.tags and "script" not in page.tags
    assert page.lessons == as_rows([s for s in slots if s.teacher_id == "T/01 <x>"])
    index = read(site / "index.html")
    assert page_file.name in index.links


def test_a_day_that_starts_at_home_lists_each_stop_once(tiny_records):
    tiny_records["lessons"].append({"site_id": "C1", "class_id": "6B", "subject": "pe",
                                    "periods_per_week": 1})
    inst = instance_from_records(tiny_records)
    slots = [Slot("T03", 5, 1, "C1", "6B", "pe"), Slot("T03", 5, 3, "P1", "1", "pe")]
    route = Route("T03", 5, ("C1", "C1", "P1", "C1"), 23.0, 40.0)
    page = Page(teacher_page(inst, "T03", slots, [route], "en"))
    assert "Central primary → Hill teaching point → Central primary" in page.text
    assert page.lessons == as_rows(slots)


# --- a real browser -------------------------------------------------------------------


def chromium() -> str:
    """Path of a Chromium that runs here, or skip with the reason (as a warning too)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and Path("/usr/bin/chromium").is_file():
        path = "/usr/bin/chromium"
    if path is None:
        reason = ("Chromium is not installed (no `chromium` on PATH or /usr/bin/chromium): "
                  "install Debian's chromium package to render the pages in a browser")
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    return path


def run_chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 and not done.stdout:
        reason = f"Chromium at {browser} could not run here: {done.stderr.strip()[-300:]}"
        warnings.warn(reason, stacklevel=2)
        pytest.skip(reason)
    return done


def test_the_pages_render_in_headless_chromium(inst, tmp_path):
    browser = chromium()
    site = write(inst, tmp_path / "plan")
    profile = tmp_path / "profile"
    index = run_chromium(browser, profile, "--dump-dom", (site / "index.html").as_uri())
    rendered = Page(index.stdout)
    assert "走教课表" in rendered.text
    for text in ("Teacher one (T01)", "Teacher three (T03)", "Hill teaching point",
                 "Village primary", "已证明最优"):
        assert text in rendered.text, text
    teacher = run_chromium(browser, profile, "--dump-dom",
                           (site / "teacher-T01.html").as_uri())
    rendered = Page(teacher.stdout)
    assert rendered.lessons == as_rows([s for s in WEEK if s.teacher_id == "T01"])
    for text in ("星期一", "08:00–08:40", "音乐", "Hill teaching point",
                 "Central primary → Village primary → Central primary"):
        assert text in rendered.text, text
    shot = tmp_path / "teacher.png"
    run_chromium(browser, profile, f"--screenshot={shot}", "--window-size=1100,900",
                 "--hide-scrollbars", (site / "teacher-T01.html").as_uri())
    assert shot.is_file() and shot.stat().st_size > 1000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def pdf_pages(browser: str, profile: Path, page: Path, pdf: Path) -> int:
    """Pages Chromium prints `page` on (A4, as the page's @page rule says)."""
    run_chromium(browser, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                 page.as_uri())
    if not pdf.is_file():
        pytest.skip("Chromium printed no PDF here")
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_a_crowded_site_page_and_a_teacher_page_print_on_one_a4_page(tiny_records, tmp_path):
    """Twelve classes at one site, six lessons at once in every slot of the week (as at
    county-m's busiest sites), and a teacher's full week: one printed page each."""
    browser = chromium()
    classes = [f"{g}{c}" for g in range(1, 7) for c in "AB"]
    subjects = ("music", "art", "pe")
    tiny_records["lessons"] = [{"site_id": "P1", "class_id": k, "subject": sub,
                                "periods_per_week": 5} for k in classes for sub in subjects]
    tiny_records["busy"] = []
    inst = instance_from_records(tiny_records)
    rows = [(k, sub) for k in classes for sub in subjects for _ in range(5)]
    slots = [Slot(f"T{n % 36:02d}", c % 5 + 1, c // 5 + 1, "P1", k, sub)
             for n, (k, sub) in enumerate(rows) for c in [n % 35]]
    res = TravelResult(slots, [], SolveStats("FEASIBLE", 1.0, 1.0, 0.1))
    write_travel_plan(inst, res, tmp_path / "plan")
    site = tmp_path / "plan" / "timetables"
    crowded = max(Counter((s.day, s.period) for s in slots).values())
    assert crowded == 6
    profile = tmp_path / "profile"
    assert pdf_pages(browser, profile, site / "site-P1.html", tmp_path / "site.pdf") == 1
    week = write(inst, tmp_path / "week")
    assert pdf_pages(browser, profile, week / "teacher-T01.html", tmp_path / "t.pdf") == 1

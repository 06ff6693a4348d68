"""Township route maps: schools as dots, each teacher's routes a polyline, a legend, and a
scale bar whose km agree with the drawn distances.

The tiny county's hand-made week (see test_travel_html.py): township East holds C1, V1
and P1; J1 is in Seat, where nobody travels, so Seat gets no map.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest

from scheduler.data.distances import great_circle_km
from scheduler.data.load import instance_from_records
from scheduler.report.travel_svg import map_files, township_svg, townships, write_maps
from scheduler.solving import SolveStats
from scheduler.travel.result import Route, Slot, TravelResult
from scheduler.travel.score import build_routes

SVG = "{http://www.w3.org/2000/svg}"
WEEK = [
    Slot("T01", 1, 1, "P1", "1", "music"), Slot("T01", 3, 1, "P1", "1", "music"),
    Slot("T01", 2, 2, "V1", "3A", "art"), Slot("T01", 4, 2, "V1", "3A", "art"),
    Slot("T03", 1, 3, "P1", "1", "pe"), Slot("T03", 2, 3, "P1", "1", "pe"),
    Slot("T03", 4, 3, "P1", "1", "pe"),
]


@pytest.fixture
def inst(tiny_records: dict) -> Any:
    return instance_from_records(tiny_records)


def result(inst: Any) -> TravelResult:
    return TravelResult(WEEK, build_routes(inst, WEEK), SolveStats("OPTIMAL", 1.0, 1.0, 0.1))


def test_one_map_per_township_that_lessons_or_routes_touch(inst, tmp_path):
    written = write_maps(inst, result(inst), tmp_path)
    assert [p.name for p in written] == ["township-East.svg"]
    assert map_files(inst, result(inst)) == {"East": "township-East.svg"}


def test_schools_routes_legend_and_scale_are_drawn(inst, tmp_path):
    write_maps(inst, result(inst), tmp_path, lang="en")
    root = ET.parse(tmp_path / "township-East.svg").getroot()
    dots = {c.get("data-school"): c for c in root.iter(f"{SVG}circle")}
    assert set(dots) == {"C1", "V1", "P1"}
    lines = [(p.get("data-teacher"), p.get("points")) for p in root.iter(f"{SVG}polyline")]
    # distinct (teacher, stops): T01 C1>P1>C1 and C1>V1>C1, T03 C1>P1>C1
    assert sorted(t for t, _ in lines) == ["T01", "T01", "T03"]
    colours = {p.get("data-teacher"): p.get("stroke") for p in root.iter(f"{SVG}polyline")}
    assert colours["T01"] != colours["T03"]
    legend = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "legend"]
    assert legend == ["Teacher one (T01)", "Teacher three (T03)"]
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Hill teaching point" in texts and "Route maps · East" in texts
    svg_text = (tmp_path / "township-East.svg").read_text(encoding="utf-8")
    assert "http" not in svg_text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_scale_bar_agrees_with_the_drawn_distance(inst, tmp_path):
    write_maps(inst, result(inst), tmp_path)
    root = ET.parse(tmp_path / "township-East.svg").getroot()
    dots = {c.get("data-school"): (float(c.get("cx")), float(c.get("cy")))
            for c in root.iter(f"{SVG}circle")}
    scale = root.find(f".//{SVG}g[@class='scale']")
    bar = scale.find(f"{SVG}line")
    bar_px = float(bar.get("x2")) - float(bar.get("x1"))
    bar_km = float(re.search(r"([\d.]+) km", scale.find(f"{SVG}text").text)[1])
    c1, p1 = inst.school["C1"], inst.school["P1"]
    km = great_circle_km(np.array([c1.lon, p1.lon]), np.array([c1.lat, p1.lat]))[0, 1]
    drawn_px = math.dist(dots["C1"], dots["P1"])
    assert drawn_px / km == pytest.approx(bar_px / bar_km, rel=0.01)


def test_a_route_from_another_township_appears_on_both_maps(inst):
    visit = Route("T06", 2, ("J1", "V1", "J1"), 40.0, 60.0)
    res = result(inst)
    res.routes.append(visit)
    found = townships(inst, res)
    assert visit in found["East"] and visit in found["Seat"]
    svg = township_svg(inst, "Seat", found["Seat"])
    root = ET.fromstring(svg)
    assert {c.get("data-school") for c in root.iter(f"{SVG}circle")} == {"J1", "V1"}


def test_days_at_home_draw_nothing_and_a_start_at_home_draws_its_legs(inst):
    home_day = Route("T01", 5, ("C1", "C1", "C1"), 0.0, 0.0)
    late_start = Route("T03", 5, ("C1", "C1", "P1", "C1"), 23.0, 40.0)
    root = ET.fromstring(township_svg(inst, "East", [home_day, late_start]))
    lines = [p.get("data-teacher") for p in root.iter(f"{SVG}polyline")]
    assert lines == ["T03"]

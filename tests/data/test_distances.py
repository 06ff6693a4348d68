"""Road distances: the vectorised great-circle matrix against a hand computation, and the
rules by which distances.csv rows override it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scheduler.data.distances import EARTH_RADIUS_KM, great_circle_km, road_matrices
from scheduler.data.load import instance_from_records
from scheduler.data.models import Distance, School


def school(sid: str, lon: float | None, lat: float | None) -> School:
    return School(school_id=sid, name=sid, kind="rural", stage="primary", lon=lon, lat=lat,
                  students=10)


def haversine(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The textbook formula, one pair at a time."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def test_one_degree_of_latitude() -> None:
    km = great_circle_km(np.array([117.0, 117.0]), np.array([31.0, 32.0]))
    assert km[0, 1] == pytest.approx(EARTH_RADIUS_KM * math.pi / 180, rel=1e-12)  # 111.195 km
    assert km[0, 0] == 0.0


def test_matrix_matches_a_pair_by_pair_computation() -> None:
    rng = np.random.default_rng(7)
    lon = rng.uniform(115.0, 119.0, 12)
    lat = rng.uniform(29.0, 33.0, 12)
    km = great_circle_km(lon, lat)
    for i in range(12):
        for j in range(12):
            assert km[i, j] == pytest.approx(haversine(lon[i], lat[i], lon[j], lat[j]),
                                             rel=1e-9, abs=1e-9)
    assert np.allclose(km, km.T)


def test_road_km_and_minutes_from_coordinates() -> None:
    schools = [school("A", 117.0, 31.0), school("B", 117.0, 31.1)]
    km, minutes = road_matrices(schools, [], road_factor=1.3, speed_kmh=40.0)
    straight = haversine(117.0, 31.0, 117.0, 31.1)  # 11.12 km
    assert km[0, 1] == pytest.approx(1.3 * straight)
    assert minutes[0, 1] == pytest.approx(1.3 * straight / 40.0 * 60.0)  # 21.7 min
    assert km[1, 1] == minutes[1, 1] == 0.0


def test_one_row_sets_both_directions_and_minutes_follow_km() -> None:
    schools = [school("A", 117.0, 31.0), school("B", 117.2, 31.2), school("C", None, None)]
    rows = [Distance(from_id="A", to_id="C", km=12.0)]
    km, minutes = road_matrices(schools, rows, road_factor=1.3, speed_kmh=30.0)
    assert km[0, 2] == km[2, 0] == 12.0
    assert minutes[0, 2] == minutes[2, 0] == 24.0  # 12 km at 30 km/h
    assert math.isnan(km[1, 2]) and math.isnan(minutes[2, 1])  # nothing gives B-C


def test_explicit_reverse_row_wins_in_its_direction() -> None:
    schools = [school("A", 117.0, 31.0), school("B", 117.2, 31.2)]
    rows = [Distance(from_id="B", to_id="A", km=30.0, minutes=50.0),
            Distance(from_id="A", to_id="B", km=20.0, minutes=25.0)]
    km, minutes = road_matrices(schools, rows, road_factor=1.3, speed_kmh=40.0)
    assert (km[0, 1], minutes[0, 1]) == (20.0, 25.0)
    assert (km[1, 0], minutes[1, 0]) == (30.0, 50.0)


def test_a_row_overrides_the_great_circle_estimate() -> None:
    schools = [school("A", 117.0, 31.0), school("B", 117.2, 31.2)]
    km, minutes = road_matrices(schools, [Distance(from_id="A", to_id="B", km=3.0, minutes=9)],
                                road_factor=1.3, speed_kmh=40.0)
    assert (km[0, 1], km[1, 0], minutes[1, 0]) == (3.0, 3.0, 9.0)


def test_instance_lookups_use_the_policy(tiny_records) -> None:
    inst = instance_from_records(tiny_records, {"travel": {"road_factor": 1.0,
                                                           "speed_kmh": 60.0}})
    assert inst.road_km("P1", "C1") == 11.5 and inst.road_minutes("P1", "C1") == 20.0
    assert inst.road_minutes("V1", "C1") == pytest.approx(7.0)  # 7 km at 60 km/h, derived
    straight = haversine(117.0, 31.0, 116.9, 31.1)
    assert inst.road_km("C1", "J1") == pytest.approx(straight)
    assert inst.km.shape == (4, 4)


def test_school_without_coordinates_but_every_pair_listed_loads(tiny_records) -> None:
    tiny_records["schools"][3].update(lon=None, lat=None)
    tiny_records["distances"] += [{"from_id": "J1", "to_id": o, "km": 20} for o in ("C1", "V1")]
    tiny_records["distances"].append({"from_id": "P1", "to_id": "J1", "km": 28})
    inst = instance_from_records(tiny_records)
    assert not np.isnan(inst.km).any()
    assert inst.road_km("J1", "P1") == 28.0

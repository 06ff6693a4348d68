"""Road distances: great-circle km × road_factor, minutes at speed_kmh, overridden by rows.

Vectorised with numpy: a 250-school county's full matrix takes milliseconds.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scheduler.data.models import Distance, School

EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Pairwise haversine distances (km) between points given in decimal degrees."""
    lam, phi = np.radians(lon), np.radians(lat)
    dphi = phi[:, None] - phi[None, :]
    dlam = lam[:, None] - lam[None, :]
    a = np.sin(dphi / 2) ** 2 + np.cos(phi)[:, None] * np.cos(phi)[None, :] * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def road_matrices(schools: Sequence[School], rows: Sequence[Distance], road_factor: float,
                  speed_kmh: float) -> tuple[np.ndarray, np.ndarray]:
    """(km, minutes) matrices in the order of `schools`; NaN where nothing gives a distance.

    A `distances` row sets its own direction and, unless that direction has its own row,
    the reverse one too.
    """
    index = {sc.school_id: i for i, sc in enumerate(schools)}
    lon = np.array([np.nan if sc.lon is None else sc.lon for sc in schools], dtype=float)
    lat = np.array([np.nan if sc.lat is None else sc.lat for sc in schools], dtype=float)
    km = great_circle_km(lon, lat) * road_factor
    minutes = km / speed_kmh * 60.0
    explicit = {(d.from_id, d.to_id) for d in rows}
    for d in rows:
        if d.from_id not in index or d.to_id not in index:
            continue
        a, b = index[d.from_id], index[d.to_id]
        mins = d.minutes if d.minutes is not None else d.km / speed_kmh * 60.0
        targets = [(a, b)] if (d.to_id, d.from_id) in explicit else [(a, b), (b, a)]
        for i, j in targets:
            km[i, j], minutes[i, j] = d.km, mins
    np.fill_diagonal(km, 0.0)
    np.fill_diagonal(minutes, 0.0)
    return km, minutes

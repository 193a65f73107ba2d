"""Web-Mercator zoom arithmetic for fitting a (lon, lat) box into a map of a given pixel size."""

from __future__ import annotations

import math

TILE_PX = 256


def _mercator_y(lat: float) -> float:
    s = math.sin(math.radians(lat))
    return 0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)


def fit_zoom(bbox: tuple[float, float, float, float], width_px: int, height_px: int, snap: float = 0.25) -> float:
    """The largest zoom (a multiple of `snap`) at which (min_lon, min_lat, max_lon, max_lat) fits the pixels."""
    min_lon, min_lat, max_lon, max_lat = bbox
    dx = max((max_lon - min_lon) / 360.0, 1e-9)
    dy = max(abs(_mercator_y(min_lat) - _mercator_y(max_lat)), 1e-9)
    zoom = min(math.log2(width_px / TILE_PX / dx), math.log2(height_px / TILE_PX / dy))
    return math.floor(zoom / snap) * snap


def degrees_per_pixel(zoom: float, lat: float) -> tuple[float, float]:
    """(degrees of longitude, degrees of latitude) one screen pixel spans at `zoom` around `lat`."""
    dlon = 360.0 / (TILE_PX * 2**zoom)
    return dlon, dlon * math.cos(math.radians(lat))

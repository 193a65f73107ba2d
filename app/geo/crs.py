"""Coordinate systems. Storage is WGS-84 lon/lat (EPSG:4326, x = lon, y = lat); metric work happens in
the UTM zone of the data (for the demo town, zone 51N, EPSG:32651), never in degrees."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import Transformer

WGS84 = "EPSG:4326"


def utm_epsg(lon: float, lat: float) -> int:
    """EPSG code of the WGS-84 UTM zone containing (lon, lat) in degrees."""
    zone = int((lon + 180.0) // 6.0) + 1
    return (32600 if lat >= 0 else 32700) + zone


@lru_cache(maxsize=16)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def to_metres(lon: np.ndarray, lat: np.ndarray, epsg: int) -> tuple[np.ndarray, np.ndarray]:
    """WGS-84 (lon, lat) degrees → (x, y) metres in EPSG:`epsg`."""
    return _transformer(WGS84, f"EPSG:{epsg}").transform(lon, lat)


def to_lonlat(x: np.ndarray, y: np.ndarray, epsg: int) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) metres in EPSG:`epsg` → WGS-84 (lon, lat) degrees."""
    return _transformer(f"EPSG:{epsg}", WGS84).transform(x, y)


def project_geometry(geom, epsg_from: int | str, epsg_to: int | str):
    """Reproject a shapely geometry between two CRSs given as EPSG codes or strings."""
    import shapely

    src = f"EPSG:{epsg_from}" if isinstance(epsg_from, int) else epsg_from
    dst = f"EPSG:{epsg_to}" if isinstance(epsg_to, int) else epsg_to
    t = _transformer(src, dst)
    return shapely.transform(geom, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))

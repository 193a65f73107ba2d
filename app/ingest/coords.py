"""Coordinates of imported rows → WGS-84 (lon, lat) degrees, the only CRS stored.

`--crs` names the coordinate system of the input: `wgs84` (also CGCS2000), `gcj02`, `bd09`, or `EPSG:n`
(any CRS pyproj knows, e.g. a projected CGCS2000 Gauss-Krüger zone in metres). Without it, a file's own
declared CRS is used; numbers that look like metres with no CRS declared refuse the whole file, because
guessing a projection would put every row in the wrong place.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from app.geo.chinacrs import TO_WGS84, in_china
from app.geo.crs import _transformer
from app.ingest.cells import stripped
from app.ingest.problems import FileRefused, Problems

WGS84_NAMES = {"wgs84", "wgs-84", "epsg:4326", "cgcs2000", "epsg:4490", "ogc:crs84", "crs84"}


def normalise_crs(text: str | None) -> str | None:
    """'wgs84' | 'gcj02' | 'bd09' | 'EPSG:n' from what a user types; ValueError naming the choices."""
    if text is None or not str(text).strip():
        return None
    t = str(text).strip().lower().replace("_", "")
    if t in WGS84_NAMES:
        return "wgs84"
    if t in ("gcj02", "gcj-02"):
        return "gcj02"
    if t in ("bd09", "bd-09", "bd09ll"):
        return "bd09"
    if t.startswith("epsg:") and t[5:].isdigit():
        try:
            CRS.from_user_input(t.upper())
        except CRSError:
            raise ValueError(f"unknown coordinate system {text!r}") from None
        return t.upper()
    raise ValueError(f"unknown coordinate system {text!r}; use wgs84, gcj02, bd09 or EPSG:n")


def _is_geographic(crs_text: str) -> bool:
    return CRS.from_user_input(crs_text).is_geographic


def _looks_projected(x: np.ndarray, y: np.ndarray) -> bool:
    """Most finite values out of the degree range: metres (or feet), not degrees."""
    finite = np.isfinite(x) & np.isfinite(y) & ~((x == 0) & (y == 0))
    if not finite.any():
        return False
    out = (np.abs(x[finite]) > 180) | (np.abs(y[finite]) > 180)
    return out.mean() > 0.5


def _projected_refusal(x: np.ndarray, y: np.ndarray) -> FileRefused:
    i = int(np.flatnonzero((np.abs(x) > 180) | (np.abs(y) > 180))[0])
    return FileRefused(
        f"coordinates look projected (e.g. {x[i]:.1f}, {y[i]:.1f}), not degrees, and no coordinate system is "
        "declared; give --crs EPSG:n (e.g. EPSG:4549 for CGCS2000 / 3-degree Gauss-Kruger CM 120E)"
    )


def points_to_wgs84(lon_raw, lat_raw, crs: str | None, rows: np.ndarray, problems: Problems):
    """Parse coordinate columns and convert them → (lon, lat, ok). Rows with missing, unreadable, (0, 0) or
    out-of-range coordinates are rejected; lon/lat given the wrong way round are swapped and reported."""
    lon_s = pd.Series(lon_raw).reset_index(drop=True)
    lat_s = pd.Series(lat_raw).reset_index(drop=True)
    x = pd.to_numeric(lon_s, errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(lat_s, errors="coerce").to_numpy(dtype=float)
    empty = _blank(lon_s) | _blank(lat_s)
    ok = np.ones(len(x), dtype=bool)
    problems.add(
        rows[empty], "lon,lat", "坐标为空，请补填经纬度", "coordinates are empty; fill in longitude and latitude"
    )
    ok &= ~empty
    unreadable = ok & (np.isnan(x) | np.isnan(y))
    raw = np.array([f"{a},{b}" for a, b in zip(lon_s.tolist(), lat_s.tolist(), strict=True)], dtype=object)
    problems.add(rows[unreadable], "lon,lat", "坐标不是数字", "coordinates are not numbers", raw[unreadable])
    ok &= ~unreadable
    zero = ok & (x == 0) & (y == 0)
    problems.add(rows[zero], "lon,lat", "坐标为(0,0)，请补填真实位置", "coordinates are (0, 0); give the real location")
    ok &= ~zero
    if crs is not None and crs.startswith("EPSG:") and not _is_geographic(crs):
        x, y = (np.asarray(a, dtype=float) for a in _transformer(crs, "EPSG:4326").transform(x, y))
    elif crs is None and _looks_projected(x[ok], y[ok]):
        raise _projected_refusal(x[ok], y[ok])
    elif crs is not None and crs.startswith("EPSG:"):
        x, y = (np.asarray(a, dtype=float) for a in _transformer(crs, "EPSG:4326").transform(x, y))
    swapped = ok & ~in_china(x, y) & in_china(y, x) | ok & (np.abs(y) > 90) & (np.abs(x) <= 90)
    problems.add(
        rows[swapped],
        "lon,lat",
        "经纬度填反，已对调",
        "longitude and latitude were swapped; swapped back",
        raw[swapped],
        action="repaired",
    )
    x, y = np.where(swapped, y, x), np.where(swapped, x, y)
    bad_range = ok & ((np.abs(x) > 180) | (np.abs(y) > 90))
    problems.add(
        rows[bad_range],
        "lon,lat",
        "坐标超出经纬度范围",
        "coordinates out of the longitude/latitude range",
        raw[bad_range],
    )
    ok &= ~bad_range
    if crs in TO_WGS84:
        x, y = TO_WGS84[crs](x, y)
    return np.round(x, 7), np.round(y, 7), ok


def geometries_to_wgs84(geoms: np.ndarray, file_crs: str | None, crs: str | None) -> np.ndarray:
    """Reproject shapely geometries → WGS-84 lon/lat. `crs` (from --crs or the mapping) wins over the file's
    own; GCJ-02/BD-09 are lon/lat with an offset removed here. FileRefused for undeclared metres."""
    source = crs or (None if file_crs is None else ("wgs84" if _same_as_wgs84(file_crs) else file_crs))
    if source in (None, "wgs84"):
        # GeoJSON has no CRS member for metres: GDAL calls every GeoJSON WGS-84, so look at the numbers.
        coords = shapely.get_coordinates(geoms[~shapely.is_missing(geoms)])
        if len(coords) and _looks_projected(coords[:, 0], coords[:, 1]):
            raise _projected_refusal(coords[:, 0], coords[:, 1])
        return geoms
    if source in TO_WGS84:
        convert = TO_WGS84[source]
        return shapely.transform(geoms, lambda xy: np.column_stack(convert(xy[:, 0], xy[:, 1])))
    t = _transformer(source, "EPSG:4326")
    return shapely.transform(geoms, lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1])))


def _same_as_wgs84(crs_text: str) -> bool:
    try:
        c = CRS.from_user_input(crs_text)
    except CRSError:
        raise FileRefused(f"the file declares a coordinate system GridScope does not know: {crs_text}") from None
    return c.is_geographic and (c.to_epsg() in (4326, 4490, None) or "CRS84" in crs_text.upper())


def _blank(s: pd.Series) -> np.ndarray:
    return stripped(s) == ""

"""GCJ-02 and BD-09 conversions around the demo town: round trips within 0.5 m, offsets of the known size."""

import numpy as np
import pytest

from app.geo.chinacrs import bd09_to_wgs84, gcj02_to_wgs84, wgs84_to_bd09, wgs84_to_gcj02
from app.geo.crs import to_metres

# A 21 x 21 lattice over about 15 km x 15 km around the demo town centre (121.42, 31.05).
LON, LAT = (a.ravel() for a in np.meshgrid(np.linspace(121.34, 121.50, 21), np.linspace(30.98, 31.12, 21)))


def _metres_apart(lon1, lat1, lon2, lat2) -> np.ndarray:
    x1, y1 = to_metres(lon1, lat1, 32651)
    x2, y2 = to_metres(lon2, lat2, 32651)
    return np.hypot(np.asarray(x1) - x2, np.asarray(y1) - y2)


def test_gcj02_round_trip_within_half_a_metre():
    glon, glat = wgs84_to_gcj02(LON, LAT)
    back_lon, back_lat = gcj02_to_wgs84(glon, glat)
    assert _metres_apart(LON, LAT, back_lon, back_lat).max() < 0.5
    # The offset itself is hundreds of metres here: the round trip is not trivially passing.
    offset = _metres_apart(LON, LAT, glon, glat)
    assert offset.min() > 300 and offset.max() < 800


def test_bd09_round_trip_within_half_a_metre():
    blon, blat = wgs84_to_bd09(LON, LAT)
    back_lon, back_lat = bd09_to_wgs84(blon, blat)
    assert _metres_apart(LON, LAT, back_lon, back_lat).max() < 0.5
    # BD-09 adds roughly another 0.0065° lon / 0.006° lat on top of GCJ-02.
    glon, glat = wgs84_to_gcj02(LON, LAT)
    assert np.median(blon - glon) == pytest.approx(0.0065, abs=0.0015)
    assert np.median(blat - glat) == pytest.approx(0.006, abs=0.0015)


def test_gcj02_leaves_points_outside_china_alone():
    lon, lat = wgs84_to_gcj02(np.array([2.35]), np.array([48.85]))
    assert (lon[0], lat[0]) == (2.35, 48.85)
    lon, lat = gcj02_to_wgs84(np.array([2.35]), np.array([48.85]))
    assert (lon[0], lat[0]) == (2.35, 48.85)

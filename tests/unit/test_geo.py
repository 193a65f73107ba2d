import numpy as np
import pytest
from shapely.geometry import Point, Polygon

from app.geo.crs import to_lonlat, to_metres, utm_epsg
from app.geo.geojson import feature_collection, leaflet_bounds, leaflet_latlng


def test_demo_town_is_in_utm_zone_51n():
    assert utm_epsg(121.42, 31.05) == 32651
    assert utm_epsg(116.4, 39.9) == 32650
    assert utm_epsg(-70.0, -33.0) == 32719


def test_metres_round_trip_and_scale():
    x, y = to_metres(np.array([121.42]), np.array([31.05]), 32651)
    lon, lat = to_lonlat(x + 1000.0, y, 32651)
    assert lat[0] == pytest.approx(31.05, abs=1e-3)
    # 1 km east at latitude 31.05° is about 1000 / (111320 · cos 31.05°) degrees of longitude.
    assert lon[0] - 121.42 == pytest.approx(1000 / (111_320 * np.cos(np.radians(31.05))), rel=2e-3)
    back_lon, back_lat = to_lonlat(x, y, 32651)
    assert back_lon[0] == pytest.approx(121.42, abs=1e-9) and back_lat[0] == pytest.approx(31.05, abs=1e-9)


def test_leaflet_gets_lat_lon_order():
    assert leaflet_bounds((121.39, 31.03, 121.45, 31.07)) == [[31.03, 121.39], [31.07, 121.45]]
    assert leaflet_latlng(121.4, 31.0) == [31.0, 121.4]


def test_feature_collection_keeps_lon_lat_and_rounds():
    square = Polygon([(121.4, 31.0), (121.4000001234, 31.0), (121.40001, 31.00001), (121.4, 31.0)])
    fc = feature_collection([{"id": "a", "geom": square.wkb}, {"id": "b", "geom": Point(121.5, 31.1)}])
    assert [f["properties"] for f in fc["features"]] == [{"id": "a"}, {"id": "b"}]
    assert fc["features"][0]["geometry"]["coordinates"][0][1] == [121.4, 31.0]
    assert fc["features"][1]["geometry"] == {"type": "Point", "coordinates": [121.5, 31.1]}

"""The leaders' map answers a bounded incident layer whatever its callback is sent: a forged Dash update with
a zoom far past the map's range and a box around the whole globe gets at most the point cap of features."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import requests

from app.geo.tiles import degrees_per_pixel
from app.services import mapdata
from app.services.mapdata import POINT_CAP
from tests.access import API
from tests.server import running_server

OUTPUT = "..map-incidents.data...map-inview.children...map-mode.data.."
# A view of every incident the demo holds (all of 2026), the incident layer on.
VIEW = "?from=2026-01-01&to=2026-11-22&layers=incidents"


@pytest.fixture(scope="module")
def base_url(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """A real server: Dash's callbacks belong to the first app a process serves, so a forged update is sent to
    a process of its own."""
    path = tmp_path_factory.mktemp("maplimits") / "demo.duckdb"
    shutil.copy(demo_db, path)
    with running_server(path) as url:
        yield url


def _forged_update(base_url: str, bounds, zoom) -> dict:
    """POST /_dash-update-component for the map's incident layer, as a browser's Dash would, with `bounds`
    and `zoom` set by the sender."""
    deps = requests.get(f"{base_url}/_dash-dependencies", headers=API, timeout=30).json()
    spec = next(c for c in deps if c["output"] == OUTPUT)
    given = {
        ("map-map", "bounds"): bounds,
        ("map-map", "zoom"): zoom,
        ("map-layers", "value"): ["incidents"],
        ("map-grid", "data"): "",
        ("map-metric", "value"): "n",
        ("map-view", "data"): VIEW,
        ("map-filter-dates", "start_date"): "2026-01-01",
        ("map-filter-dates", "end_date"): "2026-11-22",
    }

    def values(deps):
        return [{"id": d["id"], "property": d["property"], "value": given.get((d["id"], d["property"]))} for d in deps]

    payload = {
        "output": OUTPUT,
        "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in OUTPUT.strip(".").split("...")],
        "inputs": values(spec["inputs"]),
        "state": values(spec["state"]),
        "changedPropIds": ["map-map.zoom", "map-map.bounds"],
    }
    r = requests.post(f"{base_url}/_dash-update-component", json=payload, headers=API, timeout=60)
    assert r.status_code == 200, r.text[:500]
    assert len(r.content) < 1_000_000  # the design's budget of a map update
    return r.json()["response"]


@pytest.mark.parametrize(
    ("bounds", "zoom"),
    [
        ([[-89, -179], [89, 179]], 30),  # the globe at a zoom no map has
        ([[30.9, 121.3], [31.2, 121.6]], 22),  # the town at the basemap's highest zoom and beyond the map's
        ([[-89, -179], [89, 179]], -5),
        ([[-89, -179], [89, 179]], "NaN"),
    ],
)
def test_a_forged_viewport_gets_at_most_the_cap(base_url, bounds, zoom):
    answer = _forged_update(base_url, bounds, zoom)
    features = answer["map-incidents"]["data"]["features"]
    assert 0 < len(features) <= POINT_CAP
    assert answer["map-mode"]["data"] == "bins"  # the demo's year does not fit the cap: counted in cells
    assert sum(f["properties"]["n"] for f in features) > POINT_CAP  # every incident is still counted


def test_a_box_outside_the_town_holds_nothing(base_url):
    answer = _forged_update(base_url, [[-10, -10], [-5, -5]], 14)
    assert answer["map-incidents"]["data"]["features"] == []


@pytest.mark.parametrize("zoom", [11, 14, 19, 30, 60, float("nan"), float("inf"), -3])
@pytest.mark.parametrize("box", [(121.3, 30.9, 121.6, 31.2), (-179.0, -89.0, 179.0, 89.0), (121.4, 31.0, 121.41, 31.2)])
def test_cells_of_any_zoom_and_box_are_at_most_the_cap(zoom, box):
    cell_lon, cell_lat = mapdata.cell_size(box, zoom)
    cols = math.floor((box[2] - box[0]) / cell_lon) + 1
    rows = math.floor((box[3] - box[1]) / cell_lat) + 1
    assert cols * rows <= mapdata.BIN_CAP


def test_a_screenful_keeps_its_pixel_sized_cells():
    lon, lat = degrees_per_pixel(14, 31.0)
    box = (121.40, 30.98, 121.40 + 1000 * lon, 31.02)  # about a 1000 × 760 px map at zoom 14, around 31°N
    assert mapdata.cell_size(box, 14) == pytest.approx((lon * mapdata.BIN_PX, lat * mapdata.BIN_PX))

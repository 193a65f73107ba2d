"""The map's reads on the tiny town: units with figures, viewport counts, points vs cells, search."""

from __future__ import annotations

import pytest

from app import QUERIES_DIR
from app.config import StageLimits
from app.domain.filters import parse_filters
from app.services import mapdata, metrics
from app.store.sql import load_queries
from tests.sql.fixture import build_tiny_town

WHOLE = (121.39, 30.99, 121.44, 31.02)


@pytest.fixture(scope="module")
def db():
    d, _ = build_tiny_town(load_queries(QUERIES_DIR))
    yield d
    d.close()


def _scope(db, query: str = ""):
    # The tiny town's incidents were reported on 2026-11-22; its now is that noon.
    return metrics.make_scope(db, parse_filters(query + "&from=2026-11-01&to=2026-11-22"), StageLimits(), raw_only=True)


def test_units_carry_counts_and_residents(db):
    fc = mapdata.units(db, _scope(db), 1)
    got = {f["properties"]["grid_id"]: (f["properties"]["n"], f["properties"]["population"]) for f in fc["features"]}
    # West: the two points inside its grids and the one on the shared edge; east: one; one is outside all.
    assert got == {"A01": (3, 2000), "A02": (1, 1000)}
    grids = mapdata.units(db, _scope(db), 3, "A01-C01")
    assert [f["properties"]["grid_id"] for f in grids["features"]] == ["A01-C01-G01", "A01-C01-G02"]
    assert [f["properties"]["per_1000"] for f in grids["features"]] == [round(2 / 1200 * 1000, 2), 1.25]


def test_viewport_counts_first_then_points_or_cells(db):
    scope = _scope(db)
    assert mapdata.incidents_total(db, scope) == 5
    points = mapdata.incidents_in_view(db, scope, WHOLE, 14.0)
    assert (points.mode, points.in_view, len(points.data["features"])) == ("points", 5, 5)
    west_only = mapdata.incidents_in_view(db, scope, (121.40, 31.00, 121.409, 31.01), 14.0)
    assert west_only.in_view == 2
    cells = mapdata.incidents_in_view(db, scope, WHOLE, 14.0, cap=2)
    assert cells.mode == "bins" and cells.in_view == 5
    assert sum(f["properties"]["n"] for f in cells.data["features"]) == 5


def test_filters_reach_the_map_reads(db):
    assert mapdata.incidents_total(db, _scope(db, "area=A02")) == 1
    assert mapdata.incidents_total(db, _scope(db, "category=noise")) == 2
    assert mapdata.incidents_total(db, _scope(db, "status=closed")) == 1


def test_search_finds_units_stations_and_incidents(db):
    assert [h.id for h in mapdata.search(db, "A01-C01-G0")] == ["A01-C01-G01", "A01-C01-G02"]
    assert mapdata.search(db, "s001")[0].kind == "station"
    hit = mapdata.search(db, "e26112200001")[0]
    assert (hit.kind, hit.id) == ("incident", "E26112200001")
    assert mapdata.search(db, "   ") == []

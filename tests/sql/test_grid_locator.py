"""The live writer's grid locator follows the SQL assignment rule: known answers on the tiny town, and the
same grid as DuckDB's spatial join for every demo incident and for points on the demo grids' corners."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app import QUERIES_DIR
from app.geo.grid_locator import GridLocator
from app.store.db import Database
from app.store.sql import load_queries
from tests.sql.fixture import POINTS, build_tiny_town


def _locator(db: Database) -> GridLocator:
    return GridLocator.from_wkb(db.queries["grid/level3_shapes"].execute(db.cursor()).fetchall())


@pytest.fixture()
def tiny_locator():
    db, _ = build_tiny_town(load_queries(QUERIES_DIR))
    yield _locator(db)
    db.close()


def test_points_get_the_tiny_towns_known_grids(tiny_locator):
    lon = np.array([p[1] for p in POINTS])
    lat = np.array([p[2] for p in POINTS])
    grids, areas = tiny_locator.locate(lon, lat, [None] * len(POINTS))
    # Inside, inside, inside, on the edge G01 shares with the east grid (the smaller id), outside every grid.
    assert grids == ["A01-C01-G01", "A01-C01-G02", "A02-C01-G01", "A01-C01-G01", None]
    assert areas == ["A01", "A01", "A02", "A01", None]


def test_a_grid_code_wins_only_when_it_names_a_level3_grid(tiny_locator):
    lon = np.array([121.405, 121.405, 121.430])
    lat = np.array([31.002, 31.002, 31.005])
    # The east grid's code on a point in G01; a community's code (level 2); a code no grid has, outside.
    grids, areas = tiny_locator.locate(lon, lat, ["A02-C01-G01", "A01-C01", "X99"])
    assert grids == ["A02-C01-G01", "A01-C01-G01", None]
    assert areas == ["A02", "A01", None]


def test_the_locator_agrees_with_the_spatial_join_on_the_demo_town(demo_db: Path):
    db = Database(demo_db, read_only=True)
    cur = db.cursor()
    stored = cur.execute("SELECT lon, lat, grid_id FROM incident ORDER BY incident_id LIMIT 5000").fetchall()
    # Grid corners lie on two to four grids' edges at once: the tie rule decides them.
    corners = cur.execute(
        "SELECT DISTINCT ST_X(p.geom), ST_Y(p.geom) FROM "
        "(SELECT unnest(ST_Dump(ST_Points(geom))).geom AS geom FROM grid WHERE level = 3) AS p"
    ).fetchall()
    expected = dict(
        ((lon, lat), grid)
        for lon, lat, grid in cur.execute(
            "SELECT p.lon, p.lat, min(g.grid_id) FROM (SELECT unnest($lon::DOUBLE[]) AS lon, "
            "unnest($lat::DOUBLE[]) AS lat) AS p LEFT JOIN grid AS g "
            "ON g.level = 3 AND ST_Intersects(g.geom, ST_Point(p.lon, p.lat)) GROUP BY ALL",
            {"lon": [c[0] for c in corners], "lat": [c[1] for c in corners]},
        ).fetchall()
    )
    locator = _locator(db)
    db.close()

    lon = np.array([r[0] for r in stored])
    lat = np.array([r[1] for r in stored])
    grids, _ = locator.locate(lon, lat, [None] * len(stored))
    assert grids == [r[2] for r in stored]

    corner_lon = np.array([c[0] for c in corners])
    corner_lat = np.array([c[1] for c in corners])
    corner_grids, _ = locator.locate(corner_lon, corner_lat, [None] * len(corners))
    assert len(corners) == 1001  # every vertex of the demo's level-3 grids, each once
    assert corner_grids == [expected[c] for c in corners]

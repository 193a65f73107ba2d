"""The demo town's own GeoJSON imports into an empty database and gives the same grids and stations."""

from __future__ import annotations

import json
from pathlib import Path

import shapely

from app import GEODATA_DIR
from app.store.db import Database, connect
from tests.ingest.town import rows, run

GRID_COLUMNS = "grid_id, name, level, parent_id, area_id, kind, population, households, party_members"
STATION_COLUMNS = "station_id, name, tier, grid_id, area_id, services, open_hours, address"


def test_demo_geodata_rebuilds_the_demo_grids_and_stations(demo_db: Path, tmp_path: Path):
    db = Database(tmp_path / "empty.duckdb")
    grids = run(db, "grids", GEODATA_DIR / "demo" / "grids.geojson")
    stations = run(db, "stations", GEODATA_DIR / "demo" / "stations.geojson")
    assert (grids.rows_read, grids.loaded, grids.rejected, grids.repaired, grids.warnings) == (440, 440, 0, 0, 0)
    features = json.loads((GEODATA_DIR / "demo" / "stations.geojson").read_text(encoding="utf-8"))["features"]
    assert (stations.loaded, stations.rejected) == (len(features), 0) and len(features) >= 40

    demo = connect(demo_db, read_only=True)
    for table, columns, key in (("grid", GRID_COLUMNS, "grid_id"), ("station", STATION_COLUMNS, "station_id")):
        sql = f"SELECT {columns}, ST_AsWKB(geom) FROM {table} ORDER BY {key}"
        want, got = demo.execute(sql).fetchall(), rows(db, sql)
        assert [r[:-1] for r in got] == [r[:-1] for r in want]
        for g, w in zip(got, want, strict=True):
            a, b = shapely.from_wkb(bytes(g[-1])), shapely.from_wkb(bytes(w[-1]))
            # GeoJSON keeps 7 decimals (about 1 cm): the shapes agree to well under a square metre.
            assert a.symmetric_difference(b).area < 1e-10 and a.hausdorff_distance(b) < 2e-7
    demo.close()
    db.close()

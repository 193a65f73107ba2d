"""The import queries need staged frames and temp tables, so they run here, through real imports, rather
than one by one in test_queries.py; this test proves every one of them ran."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

from app.config import Settings
from app.ingest.live import IncidentWriter
from app.ingest.writes import add_event
from app.store.sql import Query
from tests.ingest.town import IN_G01, run, town_db, write_csv, write_geojson

STAGED_QUERIES = frozenset(
    {
        "grid/delete_changed",
        "grid/ids",
        "grid/staged_status",
        "incident/append_event",
        "incident/apply_grid_of_points",
        "incident/events_from_staged",
        "incident/existing_of_staged",
        "incident/grid_of_points",
        "incident/insert_located",
        "incident/insert_staged",
        "incident/set_stage",
        "incident/state",
        "ingest/describe_parquet",
        "ingest/insert_rejects",
        "ingest/insert_run",
        "ingest/next_run_id",
        "ingest/read_parquet",
        "risk_site/assign_grids",
        "risk_site/delete_changed",
        "risk_site/staged_status",
        "road/delete_changed",
        "road/staged_status",
        "station/assign_grids",
        "station/delete_changed",
        "station/staged_status",
    }
)


def test_every_import_query_runs(tmp_path: Path, monkeypatch):
    ran: set[str] = set()
    original = Query.execute

    def recording(self, cur, **params):
        ran.add(self.name)
        return original(self, cur, **params)

    def recording_with(self, cur, with_clause, params):
        ran.add(self.name)
        return original_with(self, cur, with_clause, params)

    original_with = Query.execute_with
    monkeypatch.setattr(Query, "execute", recording)
    monkeypatch.setattr(Query, "execute_with", recording_with)
    db = town_db(tmp_path)
    # Grids again with one changed population: staged_status says "changed", delete_changed runs.
    from tests.ingest.town import grids_frame

    frame = grids_frame()
    frame.loc[frame.grid_id == "A01-C01-G01", "population"] = 1300
    run(db, "grids", write_geojson(frame, tmp_path / "grids2.geojson"))
    parquet = tmp_path / "grids.parquet"
    db.cursor().execute(
        f"COPY (SELECT * FROM ST_Read('{tmp_path / 'grids2.geojson'}')) TO '{parquet}' (FORMAT parquet)"
    )
    run(db, "grids", parquet)
    point = {"geometry": [Point(*IN_G01)], "name": ["站"], "updated_at": ["2026-11-22 09:00"]}
    for kind, extra, second in (
        ("stations", {"station_id": ["S1"], "tier": ["station"]}, {"tier": ["center"]}),
        ("risk-sites", {"site_id": ["R1"], "kind": ["flood"], "warning_level": [2]}, {"warning_level": [3]}),
        ("roads", {"edge_id": ["E1"], "kind": ["path"]}, {"kind": ["local"]}),
    ):
        f = gpd.GeoDataFrame({**point, **extra}, crs="EPSG:4326")
        if kind == "roads":
            f = f.set_geometry([Point(*IN_G01).buffer(0.001).exterior])
        run(db, kind, write_geojson(f, tmp_path / f"{kind}.geojson"))
        f2 = f.assign(**second)
        run(db, kind, write_geojson(f2, tmp_path / f"{kind}.geojson"))
    header = ["incident_id", "category", "reported_at", "closed_at", "lon", "lat"]
    path = write_csv(
        tmp_path / "i.csv", header, [["I1", "noise", "2026-11-22 09:00", "", *IN_G01], ["", "", "", "", "", ""]]
    )
    run(db, "incidents", path)
    write_csv(path, header, [["I1", "noise", "2026-11-22 09:00", "2026-11-22 10:00", *IN_G01]])
    run(db, "incidents", path)
    with db.transaction() as cur:
        assert add_event(cur, db.queries, "I1", "closed", datetime(2026, 11, 22, 10, 0)).outcome == "unchanged"
    # A live group of new ids takes the located path (incident/insert_located).
    lon, lat = IN_G01
    live = {"incident_id": "I2", "category": "noise", "reported_at": "2026-11-22 09:30", "lon": lon, "lat": lat}
    assert [r["result"] for r in IncidentWriter(db, Settings()).submit([live], None)] == ["inserted"]
    db.close()
    assert ran >= STAGED_QUERIES, sorted(STAGED_QUERIES - ran)


def test_an_older_import_reject_table_gains_the_action_column():
    from app import QUERIES_DIR
    from app.store.db import connect, create_schema
    from app.store.sql import load_queries

    con = connect()
    con.execute(
        "CREATE TABLE import_reject (run_id BIGINT NOT NULL, row_number INTEGER NOT NULL, field VARCHAR, "
        "reason VARCHAR NOT NULL, reason_en VARCHAR, raw VARCHAR)"
    )
    con.execute("INSERT INTO import_reject VALUES (1, 2, 'lon,lat', '坐标为空', 'empty', '')")
    create_schema(con, load_queries(QUERIES_DIR))
    create_schema(con, load_queries(QUERIES_DIR))
    assert con.execute("SELECT row_number, action FROM import_reject").fetchall() == [(2, "rejected")]
    con.close()

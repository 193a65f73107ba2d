"""A coordinate an implausible share of a file's rows sit on is a geocoder's default point: those incidents are
kept and counted, with a warning each, but not placed on the map and not assigned from the point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app.config import Settings
from app.demo.simulate import Simulator
from app.domain.filters import parse_filters
from app.ingest import geocoder
from app.ingest.problems import Problems
from app.services import mapdata, metrics
from app.store.db import Database, create_schema
from app.web.factory import create_app
from app.web.pages import map_view
from tests.access import signed_in
from tests.ingest.town import IN_G01, problems, rows, run, town_db, write_csv

HEADER = ["incident_id", "category", "reported_at", "lon", "lat", "address"]
TOWN_BOX = (121.39, 30.99, 121.44, 31.02)
DEFAULT = IN_G01  # the geocoder's default point of these files


@pytest.fixture()
def db(tmp_path: Path):
    database = town_db(tmp_path)
    yield database
    database.close()


def _placed(n: int, start: int = 0) -> list[list]:
    """`n` noise reports at distinct points of the town's west grids, each with its own address."""
    return [
        [f"P{i}", "noise", f"2026-11-22 09:{i % 60:02d}", 121.401 + i * 0.0001, 31.003, f"一路{i}号"]
        for i in range(start, start + n)
    ]


def _on_default(n: int, address: str | None = None) -> list[list]:
    """`n` group-rental reports the geocoder put on DEFAULT, with addresses it could not place."""
    return [
        [f"D{i}", "group_rental", f"2026-11-22 10:{i % 60:02d}", *DEFAULT, address or f"某小区{i}栋"] for i in range(n)
    ]


def _file(tmp_path: Path, data: list[list], name: str = "incidents.csv") -> Path:
    return write_csv(tmp_path / name, HEADER, data)


def test_rows_on_a_shared_point_are_kept_unplaced_with_a_warning_each(db, tmp_path: Path):
    result = run(db, "incidents", _file(tmp_path, _placed(35) + _on_default(25)))
    assert (result.rows_read, result.loaded, result.rejected) == (60, 60, 0)
    assert (result.warnings, result.unassigned, result.unplaced) == (25, 25, 25)
    summary = result.summary()
    assert "unassigned (no grid) 25" in summary and "not placed (geocoder default point) 25" in summary
    found = problems(result)
    assert sorted(found) == list(range(37, 62))  # the file's rows 37–61 (row 1 is the header)
    action, field, reason = found[37]
    assert (action, field) == ("warning", "lon,lat")
    assert "25 rows" in reason and "geocoder's default point" in reason and "not assigned to a grid" in reason
    raw = {r[0] for r in rows(db, "SELECT DISTINCT raw FROM import_reject WHERE action = 'warning'")}
    assert raw == {"121.405,31.002 shared by 25 rows"}
    zh = rows(db, "SELECT DISTINCT reason FROM import_reject")[0][0]
    assert zh == "坐标与本文件 25 行相同，疑为地理编码默认点，已保留但未落图、未分配网格"
    stored = rows(
        db,
        "SELECT count(*), count(lon), count(lat), count(geom), count(grid_id), count(area_id) FROM incident "
        "WHERE incident_id LIKE 'D%'",
    )
    assert stored == [(25, 0, 0, 0, 0, 0)]
    assert rows(db, "SELECT count(*), count(grid_id) FROM incident WHERE incident_id LIKE 'P%'") == [(35, 35)]
    # Counted in the figures as real incidents; no pain point made of them (25 group rentals in one place).
    scope = metrics.make_scope(db, parse_filters("from=2026-11-22&to=2026-11-22"), Settings().stage_limits)
    assert metrics.summary(db, scope)[0].count == 60
    assert rows(db, "SELECT count(*) FROM pain_point WHERE category = 'group_rental'") == [(0,)]
    # The map draws the 35 placed ones only, as points and as cells.
    points = mapdata.incidents_in_view(db, scope, TOWN_BOX, 15)
    assert (points.mode, points.in_view) == ("points", 35)
    assert {f["properties"]["id"][0] for f in points.data["features"]} == {"P"}
    cells = mapdata.incidents_in_view(db, scope, TOWN_BOX, 15, cap=10)
    assert (cells.mode, cells.in_view) == ("bins", 35)
    assert sum(f["properties"]["n"] for f in cells.data["features"]) == 35
    assert mapdata.incidents_total(db, scope, TOWN_BOX) == 35 and mapdata.incidents_total(db, scope) == 60


def test_reimporting_warns_again_and_changes_nothing(db, tmp_path: Path):
    path = _file(tmp_path, _placed(35) + _on_default(25))
    run(db, "incidents", path)
    before = rows(db, "SELECT * EXCLUDE (geom) FROM incident ORDER BY incident_id")
    again = run(db, "incidents", path)
    assert (again.loaded, again.unchanged, again.warnings, again.unassigned, again.unplaced) == (0, 60, 25, 0, 0)
    assert rows(db, "SELECT * EXCLUDE (geom) FROM incident ORDER BY incident_id") == before


@pytest.mark.parametrize(
    ("placed", "repeats", "flagged"),
    [
        (41, 19, 0),  # below the floor of 20 rows
        (40, 20, 20),  # at the floor, and far above 1% of 60
        (2_476, 24, 0),  # 24 of 2,500 rows: under 1% of the file
        (2_475, 25, 25),  # 25 of 2,500: exactly 1%
    ],
)
def test_the_floor_and_the_share(db, tmp_path: Path, placed: int, repeats: int, flagged: int):
    result = run(db, "incidents", _file(tmp_path, _placed(placed) + _on_default(repeats)))
    assert (result.loaded, result.warnings, result.unplaced) == (placed + repeats, flagged, flagged)
    assert rows(db, "SELECT count(*) FROM incident WHERE lon IS NULL") == [(flagged,)]


def test_one_address_reported_many_times_is_a_real_place(db, tmp_path: Path):
    result = run(db, "incidents", _file(tmp_path, _placed(35) + _on_default(25, address="梅新路753号")))
    assert (result.loaded, result.warnings, result.unplaced) == (60, 0, 0)
    assert rows(db, "SELECT count(*) FROM incident WHERE lon IS NULL") == [(0,)]


def test_a_grid_code_still_assigns_an_unplaced_row_and_survives_new_grids(db, tmp_path: Path):
    header = [*HEADER, "grid_id"]
    data = [[*r, ""] for r in _placed(35)] + [[*r, "A02-C01-G01"] for r in _on_default(25)]
    result = run(db, "incidents", write_csv(tmp_path / "coded.csv", header, data))
    assert (result.warnings, result.unassigned, result.unplaced) == (25, 0, 25)
    assert "its grid is the one its grid_id names" in problems(result)[37][2]
    unplaced = "SELECT count(*), count(lon), min(grid_id), min(area_id) FROM incident WHERE incident_id LIKE 'D%'"
    assert rows(db, unplaced) == [(25, 0, "A02-C01-G01", "A02")]
    # The live simulation draws new incidents from placed ones only.
    places = Simulator(db, lambda items, crs: [], Settings()).places()
    assert len(places) == 35 and all(p[0] is not None for p in places)
    # Grids imported again re-assign placed incidents from their points; unplaced ones keep their grid.
    shutil.copy(tmp_path / "grids.geojson", tmp_path / "grids2.geojson")
    run(db, "grids", tmp_path / "grids2.geojson")
    assert rows(db, unplaced) == [(25, 0, "A02-C01-G01", "A02")]


def test_unplace_defaults_rounds_to_about_a_tenth_of_a_metre():
    n = 30
    stage = pd.DataFrame(
        {
            "seq": np.arange(n),
            "grid_code": [None] * n,
            "address": [None] * n,
            "lon": 121.4 + np.r_[np.zeros(20), np.full(10, 1e-5)] + np.tile([0, 4e-8], 15),
            "lat": np.full(n, 31.2),
        }
    )
    problems = Problems()
    out = geocoder.unplace_defaults(stage, np.arange(2, n + 2), n, problems)
    assert out["lon"].isna().tolist() == [True] * 20 + [False] * 10  # 4e-8° apart is one point, 1e-5° is not
    assert problems.count("warning") == 20 and problems.count("rejected") == 0
    assert stage["lon"].notna().all()  # the input is left as it was


def test_pages_and_apis_answer_with_unplaced_incidents(db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    run(db, "incidents", _file(tmp_path, _placed(35) + _on_default(25)))
    path = db.path
    db.close()
    monkeypatch.setenv("GRIDSCOPE_INGEST_TOKEN", "t")
    app = create_app(Settings(db_path=path))
    client = signed_in(app.server.test_client())
    try:
        r = client.get("/api/incidents?from=2026-11-22&to=2026-11-22&limit=100")
        assert r.status_code == 200 and b"NaN" not in r.data
        body = json.loads(r.data)
        assert body["total"] == 60
        by_id = {f["properties"]["incident_id"]: f["geometry"] for f in body["features"]}
        assert all(by_id[f"D{i}"] is None for i in range(25))
        assert all(by_id[f"P{i}"]["type"] == "Point" for i in range(35))
        csv = client.get("/api/incidents?from=2026-11-22&to=2026-11-22&format=csv")
        assert csv.status_code == 200 and csv.data.count(b"\n") == 61
        geojson = client.get("/api/export/data?dataset=incidents&format=geojson&from=2026-11-22&to=2026-11-22")
        assert geojson.status_code == 200 and b"NaN" not in geojson.data
        assert sum(f["geometry"] is None for f in json.loads(geojson.data)["features"]) == 25
        wall = client.get("/api/wall")
        assert wall.status_code == 200 and b"NaN" not in wall.data
        assert wall.get_json()["open"]["total"] == 60 and len(wall.get_json()["open"]["points"]) == 35
        assert client.get("/map").status_code == 200
        with app.server.test_request_context("/map"):
            search = "?from=2026-11-22&to=2026-11-22"
            units, *_rest = map_view.layers_for(search)
            assert sum(f["properties"]["n"] for f in units["features"]) == 35  # the others are in no unit
            layer, _note, mode = map_view.incidents_for(search, None, 15)
            assert mode == "points" and len(layer["features"]) == 35
            listing, _area, _grid, viewport, timeline = map_view.search_for("D3", search)
            assert viewport is map_view.no_update and "D3" in str(timeline)  # opened where the map is
        # The live API still needs coordinates: it does not apply the file rule, and a point is required.
        items = [dict(zip(HEADER[:5], r[:5], strict=True)) for r in _on_default(25)]
        items = [{**i, "incident_id": "L" + i["incident_id"]} for i in items]
        posted = client.post("/api/incidents", json=items, headers={"Authorization": "Bearer t"})
        assert posted.status_code == 200 and posted.get_json()["inserted"] == 25
        lonless = {"incident_id": "L-0", "category": "noise", "reported_at": "2026-11-22 11:00", "lon": "", "lat": ""}
        refused = client.post("/api/incidents", json=lonless, headers={"Authorization": "Bearer t"}).get_json()
        assert refused["results"][0]["result"] == "rejected", refused
    finally:
        app.server.extensions["gridscope"].db.close()
    check = Database(path, read_only=True)
    try:
        assert rows(check, "SELECT count(*) FROM incident WHERE incident_id LIKE 'L%' AND lon IS NOT NULL") == [(25,)]
    finally:
        check.close()


def test_a_database_made_before_keeps_working(tmp_path: Path):
    """A file whose incident table still has NOT NULL coordinates takes unplaced rows once its schema is
    brought up to date, as every entry point does on opening it."""
    db = Database(tmp_path / "old.duckdb")
    try:
        cur = db.cursor()
        old = db.queries["schema/08_incident"].sql
        for column in ("lon DOUBLE", "lat DOUBLE", "geom GEOMETRY"):
            for end in (",\n", "\n"):
                old = old.replace(f"    {column}{end}", f"    {column} NOT NULL{end}")
        cur.execute(old)
        nullable = (
            "SELECT column_name, is_nullable FROM information_schema.columns "
            "WHERE table_name = 'incident' AND column_name IN ('lon', 'lat', 'geom') ORDER BY 1"
        )
        assert rows(db, nullable) == [("geom", "NO"), ("lat", "NO"), ("lon", "NO")]
        with db.transaction() as tx:
            create_schema(tx, db.queries)
        assert rows(db, nullable) == [("geom", "YES"), ("lat", "YES"), ("lon", "YES")]
    finally:
        db.close()

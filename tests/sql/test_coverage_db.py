"""Service circles and coverage on the demo town, as stored by the demo build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.config import Settings
from app.services.circles import compute_and_store, load_model
from app.store.db import Database


@pytest.fixture(scope="module")
def db(demo_db: Path):
    d = Database(demo_db, read_only=True)
    yield d
    d.close()


def one(db: Database, sql: str):
    return db.cursor().execute(sql).fetchone()[0]


def test_every_station_has_5_10_15_minute_circles(db):
    stations = one(db, "SELECT count(*) FROM station")
    per_station = (
        db.cursor()
        .execute("SELECT station_id, list(minutes ORDER BY minutes) FROM service_circle GROUP BY 1")
        .fetchall()
    )
    assert len(per_station) == stations
    assert {tuple(m) for _, m in per_station} == {(5, 10, 15)}
    assert one(db, "SELECT count(*) FROM service_circle WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)") == 0


def test_coverage_is_stored_for_every_grid_and_grows_with_minutes(db):
    grids = one(db, "SELECT count(*) FROM grid WHERE level = 3")
    rows = dict(db.cursor().execute("SELECT minutes, count(*) FROM grid_coverage GROUP BY 1").fetchall())
    assert rows == {5: grids, 10: grids, 15: grids}
    totals = db.queries["coverage/totals"]
    shares = [totals.execute(db.cursor(), level=0, minutes=m, areas=[]).fetchone()[4] for m in (5, 10, 15)]
    assert 0 < shares[0] < shares[1] < shares[2] <= 1
    # Areas add up to the town.
    town = db.queries["coverage/totals"].execute(db.cursor(), level=0, minutes=15, areas=[]).fetchone()
    areas = db.queries["coverage/totals"].execute(db.cursor(), level=1, minutes=15, areas=[]).fetchall()
    assert len(areas) == 5
    assert sum(a[3] for a in areas) == pytest.approx(town[3])
    assert sum(a[2] for a in areas) == town[2] == one(db, "SELECT population FROM grid WHERE level = 0")


def test_blind_spots_are_grids_outside_every_circle(db):
    blind = (
        db.cursor()
        .execute("SELECT grid_id, population FROM grid_coverage WHERE minutes = 15 AND covered_share = 0")
        .fetchall()
    )
    for grid_id, _ in blind:
        # No 15-minute circle reaches into a blind grid's interior point.
        hits = one(
            db,
            f"""SELECT count(*) FROM service_circle c, grid g
                           WHERE g.grid_id = '{grid_id}' AND c.minutes = 15
                             AND ST_Contains(c.geom, ST_PointOnSurface(g.geom))""",
        )
        assert hits == 0


def test_adding_a_suggested_site_adds_what_it_claimed(demo_db: Path, tmp_path: Path):
    copy = tmp_path / "whatif.duckdb"
    shutil.copy(demo_db, copy)
    db = Database(copy)
    try:
        q, cur = db.queries, db.cursor()
        before = q["coverage/totals"].execute(cur, level=0, minutes=15, areas=[]).fetchone()[3]
        first = q["coverage/suggestions"].execute(cur, minutes=15).fetchone()
        rank, _node, lon, lat, claimed, share_after, _ = first
        assert rank == 1 and claimed > 0
        # The in-memory what-if agrees before anything is written…
        model = load_model(cur, q, 4.5)
        assert model.what_if(lon, lat).added_population == pytest.approx(claimed, rel=0.01)
        # …and so does recomputing with a station really there.
        with db.transaction() as w:
            q["station/insert_one"].execute(w, station_id="S999", name="新站", tier="station", lon=lon, lat=lat)
        compute_and_store(db)
        after = q["coverage/totals"].execute(cur, level=0, minutes=15, areas=[]).fetchone()
        assert after[3] - before == pytest.approx(claimed, rel=0.01)
        assert after[4] == pytest.approx(share_after, rel=1e-3)
    finally:
        db.close()


def test_moving_a_station_makes_circles_stale_and_refresh_recomputes_them(demo_db: Path, tmp_path: Path):
    from app.services.circles import circles_stale, refresh_if_stale

    copy = tmp_path / "moved.duckdb"
    shutil.copy(demo_db, copy)
    db = Database(copy)
    try:
        assert not circles_stale(db) and refresh_if_stale(db, Settings().walking_speed_kmh) is None
        cur = db.cursor()
        old = cur.execute("SELECT ST_AsText(geom) FROM service_circle WHERE station_id = 'S001' AND minutes = 15")
        old = old.fetchone()[0]
        cur.execute("UPDATE station SET geom = ST_Translate(geom, 0.004, 0.0) WHERE station_id = 'S001'")
        assert circles_stale(db)
        report = refresh_if_stale(db, Settings().walking_speed_kmh)
        assert report is not None and report.circles == 3 * report.stations
        new = cur.execute("SELECT ST_AsText(geom) FROM service_circle WHERE station_id = 'S001' AND minutes = 15")
        assert new.fetchone()[0] != old
        assert not circles_stale(db)
    finally:
        db.close()

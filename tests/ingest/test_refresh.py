"""After an import, what derives from the imported rows is current: circles, pain points, the dataset's now."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.town import IN_EAST, IN_G01, run, town_db, write_csv


def test_importing_stations_computes_their_circles(tmp_path: Path):
    db = town_db(tmp_path)
    try:
        stations = write_csv(
            tmp_path / "stations.csv",
            ["station_id", "name", "tier", "lon", "lat"],
            [["S1", "西站", "station", *IN_G01], ["S2", "东站", "micro_space", *IN_EAST]],
        )
        result = run(db, "stations", stations)
        assert result.loaded == 2 and "service circles" in result.refreshed
        rows = (
            db.cursor()
            .execute(
                "SELECT station_id, list(minutes ORDER BY minutes), any_value(method) FROM service_circle GROUP BY 1 "
                "ORDER BY 1"
            )
            .fetchall()
        )
        # No roads yet: circles are buffers, and say so.
        assert rows == [("S1", [5, 10, 15], "buffer"), ("S2", [5, 10, 15], "buffer")]
        assert db.cursor().execute("SELECT count(*) FROM grid_coverage WHERE minutes = 15").fetchone()[0] == 3
    finally:
        db.close()


def test_importing_incidents_refreshes_pain_points_and_the_dataset_now(tmp_path: Path):
    db = town_db(tmp_path)
    try:
        header = ["incident_id", "category", "reported_at", "lon", "lat"]
        rows = [[f"N{k}", "noise", f"2026-11-{10 + k:02d} 21:00:00", IN_G01[0] + k * 1e-5, IN_G01[1]] for k in range(6)]
        result = run(db, "incidents", write_csv(tmp_path / "noise.csv", header, rows))
        assert result.loaded == 6 and "pain points" in result.refreshed
        meta = dict(db.cursor().execute("SELECT key, value FROM meta").fetchall())
        assert meta["data_until"] == "2026-11-15 21:00:00"
        pain = db.cursor().execute("SELECT category, grid_id, n_window FROM pain_point").fetchall()
        assert pain == [("noise", "A01-C01-G01", 6)]
    finally:
        db.close()

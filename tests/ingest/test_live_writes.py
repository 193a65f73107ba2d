"""A live group of new incidents is appended by the located path; a file takes the general one. Both must
store the same rows and the same lifecycle log for the same incidents."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.ingest.live import IncidentWriter
from tests.ingest.town import IN_EAST, IN_G01, IN_G02, OUTSIDE, rows, run, town_db, write_csv

HEADER = [
    "incident_id", "category", "source", "severity", "reported_at", "responded_at", "arrived_at",
    "disposed_at", "closed_at", "department", "satisfaction", "description", "address", "grid_id", "lon", "lat",
]  # fmt: skip
ROWS = [
    # Reported only, in G01; every stage and a department, in G02; a grid code naming the east grid on a point
    # in G01; outside every grid (kept, unassigned); on the edge G01 shares with the east grid.
    ["L1", "noise", "", "", "2026-11-22 09:00", "", "", "", "", "", "", "噪声扰民", "", "", *IN_G01],
    [
        "L2",
        "illegal_parking",
        "grid_patrol",
        "3",
        "2026-11-22 09:00",
        "2026-11-22 09:03",
        "2026-11-22 09:12",
        "2026-11-22 09:40",
        "2026-11-22 10:00",
        "city_operation",
        "5",
        "道路破损",
        "某路 1 号",
        "",
        *IN_G02,
    ],  # fmt: skip
    ["L3", "noise", "", "", "2026-11-22 09:05", "2026-11-22 09:06", "", "", "", "", "", "", "", "A02-C01-G01", *IN_G01],
    ["L4", "noise", "", "", "2026-11-22 09:10", "", "", "", "", "", "", "", "", "", *OUTSIDE],
    ["L5", "noise", "", "", "2026-11-22 09:20", "", "", "", "", "", "", "", "", "", 121.41, 31.002],
]
INCIDENTS = "SELECT * EXCLUDE (geom), ST_AsText(geom) FROM incident ORDER BY incident_id"
EVENTS = 'SELECT * FROM incident_event ORDER BY incident_id, "at", status'


def test_a_live_group_stores_what_the_same_file_stores(tmp_path: Path):
    (tmp_path / "file").mkdir()
    (tmp_path / "live").mkdir()
    by_file = town_db(tmp_path / "file")
    result = run(by_file, "incidents", write_csv(tmp_path / "file" / "i.csv", HEADER, ROWS))
    assert (result.loaded, result.rejected, result.unassigned) == (5, 0, 1)

    by_api = town_db(tmp_path / "live")
    items = [{k: v for k, v in zip(HEADER, row, strict=True) if v != ""} for row in ROWS]
    answers = IncidentWriter(by_api, Settings()).submit(items, None)
    assert [a["result"] for a in answers] == ["inserted"] * 5

    stored = rows(by_api, INCIDENTS)
    assert stored == rows(by_file, INCIDENTS)
    assert rows(by_api, EVENTS) == rows(by_file, EVENTS)
    grids = {r[0]: (r[5], r[-5], r[-4]) for r in stored}  # status, grid_id, area_id
    assert grids == {
        "L1": ("reported", "A01-C01-G01", "A01"),
        "L2": ("closed", "A01-C01-G02", "A01"),
        "L3": ("responded", "A02-C01-G01", "A02"),
        "L4": ("reported", None, None),
        "L5": ("reported", "A01-C01-G01", "A01"),
    }
    assert len(rows(by_api, EVENTS)) == 1 + 5 + 2 + 1 + 1


def test_a_group_holding_a_stored_id_takes_the_general_path_and_answers_each(tmp_path: Path):
    db = town_db(tmp_path)
    writer = IncidentWriter(db, Settings())
    lon, lat = IN_EAST
    first = {"incident_id": "L1", "category": "noise", "reported_at": "2026-11-22 09:00", "lon": lon, "lat": lat}
    assert [a["result"] for a in writer.submit([first], None)] == ["inserted"]
    again = {**first, "responded_at": "2026-11-22 09:04"}
    new = {**first, "incident_id": "L2"}
    assert [a["result"] for a in writer.submit([again, new], None)] == ["updated", "inserted"]
    assert rows(db, "SELECT incident_id, status, grid_id FROM incident ORDER BY 1") == [
        ("L1", "responded", "A02-C01-G01"),
        ("L2", "reported", "A02-C01-G01"),
    ]
    # The located insert that met the stored id was rolled back whole: each event is written once.
    assert rows(db, 'SELECT incident_id, status FROM incident_event ORDER BY 1, "at"') == [
        ("L1", "reported"),
        ("L1", "responded"),
        ("L2", "reported"),
    ]

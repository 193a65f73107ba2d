"""Hand-made incidents on the tiny town with known 51530 answers (now = 2026-11-22 12:00, limits 5/15/30).

| id | reported    | responded | arrived  | disposed | closed | respond / arrive / dispose        |
|----|-------------|-----------|----------|----------|--------|-----------------------------------|
| K1 | 22nd 09:00  | 09:05:00  | 09:15:00 | 09:30:00 | 10:00  | met / met / met (exactly at limit)|
| K2 | 22nd 09:00  | 09:05:01  | 09:15:01 | 09:30:01 | 11:00  | missed late ×3 (one second over)  |
| K3 | 22nd 10:00  | —         | —        | —        | —      | missed never reached ×3, overdue  |
| K4 | 22nd 11:50  | 11:52     | —        | —        | —      | met / pending / pending           |
| K5 | 22nd 11:55  | —         | —        | —        | —      | pending ×3 (respond limit = now)  |
| K6 | 22nd 08:00  | (missing) | 08:04    | 08:20    | 09:00  | met (bounded by arrival) ×3       |
| K7 | 22nd 08:00  | (missing) | (missing)| 08:40    | 09:00  | missed late ×3 (bounded by 08:40) |
| K8 | 21st 09:00  | 09:04     | 09:20    | —        | —      | met / missed late / missed never  |

K1–K7 are noise (pain_point, hotline, severity 1) in grid A01-C01-G01; K8 is a flood warning (iot, severity 3,
escalated to city_operation) in A02-C01-G01. Satisfaction: K1 5, K2 3.
"""

from __future__ import annotations

from datetime import datetime

from app.config import StageLimits
from app.store.aggregates import refresh_incident_aggregates
from app.store.db import Database
from app.store.sql import QueryBook
from tests.sql.fixture import build_tiny_town

NOW = datetime(2026, 11, 22, 12, 0)
D = "2026-11-22 "
INCIDENTS = [
    # id, reported, responded, arrived, disposed, closed, satisfaction
    ("K1", D + "09:00:00", D + "09:05:00", D + "09:15:00", D + "09:30:00", D + "10:00:00", 5),
    ("K2", D + "09:00:00", D + "09:05:01", D + "09:15:01", D + "09:30:01", D + "11:00:00", 3),
    ("K3", D + "10:00:00", None, None, None, None, None),
    ("K4", D + "11:50:00", D + "11:52:00", None, None, None, None),
    ("K5", D + "11:55:00", None, None, None, None, None),
    ("K6", D + "08:00:00", None, D + "08:04:00", D + "08:20:00", D + "09:00:00", None),
    ("K7", D + "08:00:00", None, None, D + "08:40:00", D + "09:00:00", None),
    ("K8", "2026-11-21 09:00:00", "2026-11-21 09:04:00", "2026-11-21 09:20:00", None, None, None),
]


def _status(row) -> str:
    for i, status in ((5, "closed"), (4, "disposed"), (3, "arrived"), (2, "responded")):
        if row[i]:
            return status
    return "reported"


def build_metrics_town(queries: QueryBook) -> Database:
    db, _ = build_tiny_town(queries)
    con = db.cursor()
    con.execute("DELETE FROM incident_event")
    con.execute("DELETE FROM incident")
    for row in INCIDENTS:
        k8 = row[0] == "K8"
        grid, area = ("A02-C01-G01", "A02") if k8 else ("A01-C01-G01", "A01")
        con.execute(
            """INSERT INTO incident (incident_id, layer, category, source, severity, status, reported_at,
                   responded_at, arrived_at, disposed_at, closed_at, escalated, department, satisfaction,
                   grid_id, area_id, lon, lat, geom)
               VALUES ($id, $layer, $cat, $src, $sev, $status, $rep, $res, $arr, $dis, $clo, $esc, $dept, $sat,
                   $grid, $area, 121.405, 31.002, ST_Point(121.405, 31.002))""",
            {
                "id": row[0],
                "layer": "warning" if k8 else "pain_point",
                "cat": "flood" if k8 else "noise",
                "src": "iot" if k8 else "hotline",
                "sev": 3 if k8 else 1,
                "status": _status(row),
                "rep": row[1],
                "res": row[2],
                "arr": row[3],
                "dis": row[4],
                "clo": row[5],
                "esc": k8,
                "dept": "city_operation" if k8 else None,
                "sat": row[6],
                "grid": grid,
                "area": area,
            },
        )
    queries["meta/put"].execute(con, key="data_until", value=NOW.isoformat(sep=" "))
    refresh_incident_aggregates(con, queries, limits=StageLimits())
    return db

"""A tiny town with hand-checkable answers, written through the same named queries as the demo.

lon 121.40        121.41        121.42
lat 31.01 +-----------+-------------+
          | A01-C01-G02|            |
    31.005+-----------+  A02-C01-G01|
          | A01-C01-G01|            |
    31.00 +-----------+-------------+
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from shapely.geometry import LineString, Point, box

from app.config import Settings
from app.services import painpoints
from app.services.circles import compute_and_store
from app.store.db import Database, create_schema
from app.store.sql import QueryBook

NOW = datetime(2026, 11, 22, 12, 0)
GRIDS = [
    ("TOWN", "小镇", 0, None, None, "town", box(121.40, 31.00, 121.42, 31.01), 3000),
    ("A01", "西片", 1, "TOWN", "A01", "area", box(121.40, 31.00, 121.41, 31.01), 2000),
    ("A02", "东片", 1, "TOWN", "A02", "area", box(121.41, 31.00, 121.42, 31.01), 1000),
    ("A01-C01", "西居委", 2, "A01", "A01", "neighbourhood_committee", box(121.40, 31.00, 121.41, 31.01), 2000),
    ("A02-C01", "东村", 2, "A02", "A02", "village_committee", box(121.41, 31.00, 121.42, 31.01), 1000),
    ("A01-C01-G01", "西一", 3, "A01-C01", "A01", "residential", box(121.40, 31.00, 121.41, 31.005), 1200),
    ("A01-C01-G02", "西二", 3, "A01-C01", "A01", "commercial", box(121.40, 31.005, 121.41, 31.01), 800),
    ("A02-C01-G01", "东一", 3, "A02-C01", "A02", "village", box(121.41, 31.00, 121.42, 31.01), 1000),
]
# seq, lon, lat, expected grid: inside, inside, inside, on the shared edge (smaller id wins), outside.
POINTS = [
    (0, 121.405, 31.002, "A01-C01-G01"),
    (1, 121.405, 31.008, "A01-C01-G02"),
    (2, 121.415, 31.005, "A02-C01-G01"),
    (3, 121.410, 31.002, "A01-C01-G01"),
    (4, 121.430, 31.005, None),
]


def _ts(text: str | None):
    return pd.Timestamp(text) if text else pd.NaT


# Queries that compute_and_store runs (circles and coverage of the tiny town).
CIRCLE_QUERIES = {
    "grid/town_extent",
    "circles/walkable_roads",
    "circles/stations",
    "grid/by_level",
    "circles/clear",
    "circles/insert_staged",
    "coverage/insert_staged",
    "coverage/insert_suggestions",
}


def build_tiny_town(queries: QueryBook) -> tuple[Database, set[str]]:
    """An in-memory database of the tiny town; returns it and the names of the queries that wrote it."""
    db = Database(":memory:", queries=queries)
    con = db.cursor()
    create_schema(con, queries)
    ran = {q.name for q in queries.group("schema")}

    def run(name: str, **params: object) -> None:
        queries[name].execute(con, **params)
        ran.add(name)

    grid = pd.DataFrame(
        [
            {
                "grid_id": g[0],
                "name": g[1],
                "level": g[2],
                "parent_id": g[3],
                "area_id": g[4],
                "kind": g[5],
                "population": g[7],
                "households": g[7] // 2,
                "party_members": g[7] // 20,
                "wkb": g[6].wkb,
            }
            for g in GRIDS
        ]
    )
    stage = {
        "grid": grid,
        "station": pd.DataFrame(
            [
                {
                    "station_id": "S001",
                    "name": "中心",
                    "tier": "center",
                    "grid_id": "A01-C01-G01",
                    "area_id": "A01",
                    "services": ["党员教育"],
                    "open_hours": "每日",
                    "address": "一路1号",
                    "wkb": Point(121.405, 31.002).wkb,
                }
            ]
        ),
        "risk_site": pd.DataFrame(
            [
                {
                    "site_id": "R001",
                    "name": "积水点",
                    "kind": "flood",
                    "warning_level": 3,
                    "grid_id": "A02-C01-G01",
                    "area_id": "A02",
                    "updated_at": pd.Timestamp(NOW),
                    "wkb": Point(121.415, 31.005).wkb,
                }
            ]
        ),
        "road": pd.DataFrame(
            [
                {
                    "edge_id": "E1",
                    "from_node": 1,
                    "to_node": 2,
                    "length_m": 953.4,
                    "kind": "arterial",
                    "name": "一路",
                    "walkable": True,
                    "wkb": LineString([(121.40, 31.005), (121.41, 31.005)]).wkb,
                },
                {
                    "edge_id": "E2",
                    "from_node": 2,
                    "to_node": 3,
                    "length_m": 953.4,
                    "kind": "local",
                    "name": "二路",
                    "walkable": True,
                    "wkb": LineString([(121.41, 31.005), (121.42, 31.005)]).wkb,
                },
            ]
        ),
        "basemap": pd.DataFrame(
            [{"feature_id": "W1", "kind": "river", "name": "小河", "wkb": box(121.40, 31.0049, 121.42, 31.0051).wkb}]
        ),
    }
    for name, frame in stage.items():
        con.register(f"{name}_stage", frame)
        run(f"{name}/insert_staged")
    run("meta/put", key="town_name", value="小镇")

    incidents = pd.DataFrame(
        {
            "seq": [p[0] for p in POINTS],
            "lon": [p[1] for p in POINTS],
            "lat": [p[2] for p in POINTS],
            "layer": ["pain_point", "pain_point", "warning", "pain_point", "warning"],
            "category": ["noise", "noise", "flood", "garbage_sorting", "flood"],
            "source": "hotline",
            "severity": [1, 2, 3, 1, 2],
            "reported_at": [_ts("2026-11-22 09:00")] * 5,
            "responded_at": [_ts("2026-11-22 09:03"), _ts("2026-11-22 09:06"), _ts("2026-11-22 09:02"), None, None],
            "arrived_at": [_ts("2026-11-22 09:10"), None, _ts("2026-11-22 09:12"), None, None],
            "disposed_at": [_ts("2026-11-22 09:25"), None, None, None, None],
            "closed_at": [_ts("2026-11-22 11:00"), None, None, None, None],
            "escalated": [False, False, True, False, False],
            "department": [None, None, "city_operation", None, None],
            "satisfaction": pd.array([5, None, None, None, None], dtype="Int8"),
            "point_index": [0, 1, 2, 3, 4],
            "site_id": [None, None, "R001", None, None],
            "desc_index": [0, 0, 1, 0, 1],
        }
    )
    stage_incidents(db, incidents)
    ran |= STAGE_QUERIES
    compute_and_store(db, minutes=(5, 15), computed_at=NOW)
    ran |= CIRCLE_QUERIES
    painpoints.refresh(db, NOW, Settings())
    ran.add("painpoint/refresh")
    return db, ran


STAGE_QUERIES = {"incident/assign_staged_grids", "demo/insert_incidents", "incident/events_from_stages"}


def stage_incidents(db: Database, incidents: pd.DataFrame) -> None:
    """Insert incidents through the demo's staging queries (ids are per reporting day: one batch a day)."""
    con = db.cursor()
    n = int(incidents["point_index"].max()) + 1
    con.register("incident_stage", incidents)
    con.register("demo_address", pd.DataFrame({"point_index": range(n), "address": [f"一路{i}号" for i in range(n)]}))
    con.register("demo_description", pd.DataFrame({"desc_index": [0, 1], "description": ["噪音", "积水"]}))
    for name in ("incident/assign_staged_grids", "demo/insert_incidents", "incident/events_from_stages"):
        db.queries[name].execute(con)
    for name in ("incident_stage", "demo_address", "demo_description"):
        con.unregister(name)

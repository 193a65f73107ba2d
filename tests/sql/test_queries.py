"""Every query file runs on the tiny town; the hierarchy and the spatial assignment give known answers."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from app import QUERIES_DIR
from app.store.sql import load_queries
from tests.sql.fixture import GRIDS, POINTS, build_tiny_town
from tests.sql.test_ingest_queries import STAGED_QUERIES

SAMPLE_PARAMS = {"level": 3, "key": "seed", "value": "7", "keep": True}
# The metric and pre-aggregate queries (filter lists empty = all).
SAMPLE_PARAMS |= dict.fromkeys(["areas", "grids", "layers", "categories", "sources", "severities", "statuses"], [])
SAMPLE_PARAMS |= {"from_day": date(2026, 11, 1), "to_day": date(2026, 11, 23), "prev_from_day": date(2026, 10, 10)}
SAMPLE_PARAMS |= {"now_ts": datetime(2026, 11, 22, 12), "respond_s": 300, "arrive_s": 900, "dispose_s": 1800}
SAMPLE_PARAMS |= {"agg_until": date(2026, 11, 22), "until": date(2026, 11, 22), "grain": "week"}
SAMPLE_PARAMS |= {"all_days": False, "days": [date(2026, 11, 21)], "ids": ["E26112200001"]}
SAMPLE_PARAMS |= {"minutes": 15, "limit": 10, "station_id": "S900", "name": "试点站", "tier": "micro_space"}
SAMPLE_PARAMS |= {"child_level": 3}
SAMPLE_PARAMS |= {
    "lon": 121.405,
    "lat": 31.003,
    "latest": datetime(2026, 11, 22, 11),
    "wall_now": datetime(2026, 11, 22, 12),
}

# The map's queries: a viewport over the tiny town, paging, search, one incident.
SAMPLE_PARAMS |= {"west": 121.40, "south": 31.00, "east": 121.42, "north": 31.01, "cap": 100, "parent": ""}
SAMPLE_PARAMS |= {"grid_days": True}
SAMPLE_PARAMS |= {"cell_lon": 0.001, "cell_lat": 0.001, "has_bbox": True, "lim": 10, "off": 0}
SAMPLE_PARAMS |= {"incident_id": "E26112200001", "text": "西", "unit_ids": ["A01", "A02-C01-G01"]}
# The wall's queries: today against earlier weeks, the simulation's open incidents.
SAMPLE_PARAMS |= {"today": date(2026, 11, 22), "first_day": date(2026, 9, 27), "since": datetime(2026, 11, 22, 6)}

# The export log.
SAMPLE_PARAMS |= {"exported_at": datetime(2026, 11, 22, 12), "kind": "data", "target": "incidents", "format": "csv"}
SAMPLE_PARAMS |= {"filter": "area=A01", "rows": 3, "bytes": 512, "seconds": 0.1, "file": "x.csv", "via": "cli"}


@pytest.fixture()
def tiny():
    queries = load_queries(QUERIES_DIR)
    db, ran = build_tiny_town(queries)
    yield db.cursor(), queries, ran
    db.close()


def test_every_query_file_runs(tiny):
    con, queries, ran = tiny
    # The settings' categories, as app.services.deployment registers them.
    con.register(
        "category_stage",
        pd.DataFrame(
            [("noise", "噪音扰民", "Noise", "pain_point", "#e15759", 0)],
            columns=["code", "zh", "en", "layer", "color", "position"],
        ),
    )
    for name, query in queries.items():
        if name in ran or name in STAGED_QUERIES:  # the import queries run in test_ingest_queries.py
            continue
        query.execute(con, **{p.name: SAMPLE_PARAMS[p.name] for p in query.params}).fetchall()
        ran.add(name)
    assert ran | STAGED_QUERIES == set(queries)


def test_spatial_assignment_known_answers(tiny):
    con, _, _ = tiny
    got = dict(con.execute("SELECT lon || ',' || lat, grid_id FROM incident").fetchall())
    expected = {f"{lon},{lat}": grid for _, lon, lat, grid in POINTS}
    assert got == expected
    areas = dict(con.execute("SELECT grid_id, area_id FROM incident WHERE grid_id IS NOT NULL").fetchall())
    assert areas == {"A01-C01-G01": "A01", "A01-C01-G02": "A01", "A02-C01-G01": "A02"}


def test_status_ids_and_lifecycle_log(tiny):
    con, _, _ = tiny
    rows = con.execute("SELECT incident_id, status FROM incident ORDER BY incident_id").fetchall()
    assert [r[0] for r in rows] == [f"E261122{n:05d}" for n in range(1, 6)]
    statuses = dict(con.execute("SELECT lon || ',' || lat, status FROM incident").fetchall())
    assert [statuses[f"{p[1]},{p[2]}"] for p in POINTS] == ["closed", "responded", "arrived", "reported", "reported"]
    events = con.execute("SELECT count(*) FROM incident_event").fetchone()[0]
    assert events == 5 + 3 + 2 + 1 + 1  # reported, responded, arrived, disposed, closed: stages reached only
    # The log is written once: running it again adds nothing.
    load_queries(QUERIES_DIR)["incident/events_from_stages"].execute(con)
    assert con.execute("SELECT count(*) FROM incident_event").fetchone()[0] == events


def test_hierarchy_reads(tiny):
    con, queries, _ = tiny
    levels = queries["grid/level_counts"].execute(con).fetchall()
    assert [(lv, n, pop) for lv, n, pop in levels] == [(0, 1, 3000), (1, 2, 3000), (2, 2, 3000), (3, 3, 3000)]
    extent = queries["grid/town_extent"].execute(con).fetchone()
    assert extent == pytest.approx((121.40, 31.00, 121.42, 31.01))
    level3 = queries["grid/by_level"].execute(con, level=3).fetchall()
    assert [r[0] for r in level3] == [g[0] for g in GRIDS if g[2] == 3]
    types = con.execute("SELECT DISTINCT ST_GeometryType(geom) FROM grid").fetchall()
    assert types == [("MULTIPOLYGON",)]


def test_station_far_from_the_roads_gets_a_buffer_circle_with_its_reason(tiny):
    con, _, _ = tiny
    rows = con.execute(
        "SELECT minutes, method, note FROM service_circle WHERE station_id = 'S001' ORDER BY 1"
    ).fetchall()
    assert [(m, method) for m, method, _ in rows] == [(5, "buffer"), (15, "buffer")]
    # The station is 0.003° of latitude (about 333 m) south of the only road.
    assert all("333" in note and "300" in note for _, _, note in rows)
    coverage = con.execute("SELECT minutes, count(*) FROM grid_coverage GROUP BY 1 ORDER BY 1").fetchall()
    assert coverage == [(5, 3), (15, 3)]

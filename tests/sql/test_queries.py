"""Every query file runs on the tiny town; the hierarchy and the spatial assignment give known answers."""

from __future__ import annotations

import pytest

from app import QUERIES_DIR
from app.data.sql import load_queries
from tests.sql.fixture import GRIDS, POINTS, build_tiny_town
from tests.sql.test_ingest_queries import STAGED_QUERIES

SAMPLE_PARAMS = {"level": 3, "key": "seed", "value": "7"}


@pytest.fixture()
def tiny():
    queries = load_queries(QUERIES_DIR)
    con, ran = build_tiny_town(queries)
    yield con, queries, ran
    con.close()


def test_every_query_file_runs(tiny):
    con, queries, ran = tiny
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

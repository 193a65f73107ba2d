"""GET /api/metrics on a real server: 400 with the reason on a bad parameter; numbers equal plain SQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from app.store.db import connect
from tests.server import running_server

NOW = "2026-11-22 16:00:00"  # the demo fixture's --now
# Written out independently of queries/: outcome of one stage from its own timestamp, bounded by later ones.
PLAIN_SQL = """
WITH t AS (
    SELECT reported_at, closed_at, satisfaction,
           coalesce(responded_at, arrived_at, disposed_at, closed_at) AS r,
           coalesce(arrived_at, disposed_at, closed_at) AS a,
           coalesce(disposed_at, closed_at) AS d
    FROM incident
    WHERE area_id = 'A01' AND category IN ('noise', 'flood')
      AND reported_at >= TIMESTAMP '2026-10-01' AND reported_at < TIMESTAMP '2026-11-23'
)
SELECT count(*),
    count(*) FILTER (r <= reported_at + INTERVAL 5 MINUTE),
    count(*) FILTER (r > reported_at + INTERVAL 5 MINUTE OR (r IS NULL AND reported_at + INTERVAL 5 MINUTE < $now)),
    count(*) FILTER (r IS NULL AND reported_at + INTERVAL 5 MINUTE >= $now),
    count(*) FILTER (a <= reported_at + INTERVAL 15 MINUTE),
    count(*) FILTER (a > reported_at + INTERVAL 15 MINUTE OR (a IS NULL AND reported_at + INTERVAL 15 MINUTE < $now)),
    count(*) FILTER (a IS NULL AND reported_at + INTERVAL 15 MINUTE >= $now),
    count(*) FILTER (d <= reported_at + INTERVAL 30 MINUTE),
    count(*) FILTER (d > reported_at + INTERVAL 30 MINUTE OR (d IS NULL AND reported_at + INTERVAL 30 MINUTE < $now)),
    count(*) FILTER (d IS NULL AND reported_at + INTERVAL 30 MINUTE >= $now),
    count(closed_at), avg(satisfaction)
FROM t
"""


@pytest.fixture(scope="module")
def base_url(served_db: Path):
    with running_server(served_db) as url:
        yield url


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("severity=7", "severity"),
        ("from=yesterday", "from"),
        ("category=volcano", "category"),
        ("status=late", "status"),
        ("area=A01'--", "area"),
    ],
)
def test_bad_parameter_is_400_naming_it(base_url, query, param):
    r = requests.get(f"{base_url}/api/metrics?{query}", timeout=10)
    assert r.status_code == 400
    body = r.json()
    assert body["param"] == param and param in body["error"]


def test_numbers_equal_plain_sql(base_url, demo_db: Path):
    q = "area=A01&category=noise,flood&from=2026-10-01&to=2026-11-22"
    body = requests.get(f"{base_url}/api/metrics?{q}", timeout=10).json()
    con = connect(demo_db, read_only=True)
    try:
        row = con.execute(PLAIN_SQL, {"now": NOW}).fetchone()
    finally:
        con.close()
    n, *stages, closed, satisfaction = row
    assert body["count"] == n > 30
    for i, s in enumerate(("respond", "arrive", "dispose")):
        met, missed, pending = stages[3 * i : 3 * i + 3]
        assert body[s] == {
            "met": met,
            "missed": missed,
            "pending": pending,
            "rate": pytest.approx(met / (met + missed)),
        }
    assert body["closure_rate"] == pytest.approx(closed / n)
    assert body["satisfaction"] == pytest.approx(satisfaction)
    assert body["period"] == {"from": "2026-10-01", "to": "2026-11-22"}
    assert body["previous"]["from"] == "2026-08-09" and body["previous"]["count"] > 0
    assert body["filters"] == "area=A01&from=2026-10-01&to=2026-11-22&category=flood,noise"


def test_default_period_is_the_last_30_days_of_the_dataset(base_url):
    body = requests.get(f"{base_url}/api/metrics", timeout=10).json()
    assert body["period"] == {"from": "2026-10-24", "to": "2026-11-22"}
    assert body["data_until"] == NOW
    assert body["count"] > 0 and 0 < body["respond"]["rate"] <= 1
    assert body["open"] >= body["overdue"] >= 0

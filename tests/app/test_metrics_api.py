"""GET /api/metrics on a real server: 400 with the reason on a bad parameter; numbers equal plain SQL."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from app.store.db import connect
from tests.access import API
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
    r = requests.get(f"{base_url}/api/metrics?{query}", headers=API, timeout=10)
    assert r.status_code == 400
    body = r.json()
    assert body["param"] == param and param in body["error"]


def test_numbers_equal_plain_sql(base_url, demo_db: Path):
    q = "area=A01&category=noise,flood&from=2026-10-01&to=2026-11-22"
    body = requests.get(f"{base_url}/api/metrics?{q}", headers=API, timeout=10).json()
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
    body = requests.get(f"{base_url}/api/metrics", headers=API, timeout=10).json()
    assert body["period"] == {"from": "2026-10-24", "to": "2026-11-22"}
    assert body["data_until"] == NOW
    assert body["count"] > 0 and 0 < body["respond"]["rate"] <= 1
    assert body["open"] >= body["overdue"] >= 0


def test_a_settings_file_with_a_4_minute_respond_limit_is_what_the_figures_use(demo_db: Path, tmp_path: Path):
    db = tmp_path / "town.duckdb"
    shutil.copy(demo_db, db)
    (tmp_path / "gridscope.toml").write_text("[51530]\nrespond_minutes = 4\n", encoding="utf-8")  # beside the db
    q = "area=A01&category=noise,flood&from=2026-10-01&to=2026-11-22"
    with running_server(db) as url:
        body = requests.get(f"{url}/api/metrics?{q}", headers=API, timeout=10).json()
    con = connect(demo_db, read_only=True)
    try:
        row = con.execute(PLAIN_SQL.replace("INTERVAL 5 MINUTE", "INTERVAL 4 MINUTE"), {"now": NOW}).fetchone()
    finally:
        con.close()
    met, missed, pending = row[1:4]
    assert body["limits_minutes"]["respond"] == 4
    assert (body["respond"]["met"], body["respond"]["missed"], body["respond"]["pending"]) == (met, missed, pending)
    assert body["arrive"]["met"] == row[4]  # the other stages keep their limits


def test_a_bad_settings_file_stops_the_server_with_one_line(demo_db: Path, tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[51530]\nrespond_minutes = 0\n", encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--db", str(demo_db), "--config", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0
    assert "[51530] respond_minutes must be whole minutes from 1 to 1440, not 0" in r.stderr

"""The real server process and the command line, as an operator meets them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from app.config import Settings
from app.store.sql import QueryDefinitionError
from app.web.factory import create_app
from tests.access import API
from tests.server import running_server


@pytest.fixture(scope="module")
def base_url(served_db: Path):
    with running_server(served_db) as url:
        yield url


def test_health_reports_the_dataset(base_url: str):
    r = requests.get(f"{base_url}/api/health", timeout=5)
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["synthetic"] is True
    assert body["grids"] == 388 and body["incidents"] == 20_000
    assert body["data_until"] == "2026-11-22 16:00:00"


def test_home_page_and_assets_are_served_locally(base_url: str):
    html = requests.get(base_url + "/", headers=API, timeout=5).text
    assert "网格一张图" in html
    # Every script the page loads comes from this server: nothing from a CDN.
    assert "unpkg.com" not in html and "cdn." not in html
    assert requests.get(f"{base_url}/assets/gridscope.js", headers=API, timeout=5).status_code == 200


def _gridscope(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, timeout=120)


def test_misdeclared_query_stops_startup_naming_file_and_parameter(tmp_path: Path, demo_db: Path):
    from app import QUERIES_DIR

    queries = tmp_path / "queries"
    shutil.copytree(QUERIES_DIR, queries)
    bad = queries / "grid" / "by_level.sql"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("WHERE level = $level", "WHERE level = $lvl"), encoding="utf-8"
    )
    with pytest.raises(QueryDefinitionError) as err:
        create_app(Settings(db_path=demo_db, queries_dir=queries))
    assert "by_level.sql" in str(err.value) and "lvl" in str(err.value)


def test_demo_command_builds_a_database(tmp_path: Path):
    db = tmp_path / "cli.duckdb"
    result = _gridscope(
        "demo", "--db", str(db), "--incidents", "1500", "--seed", "3", "--geodata", str(tmp_path / "geo")
    )
    assert result.returncode == 0, result.stderr
    assert "1,500 incidents" in result.stdout
    assert sorted(p.name for p in (tmp_path / "geo").iterdir()) == [
        "grids.geojson",
        "risk_sites.geojson",
        "roads.geojson",
        "stations.geojson",
        "water.geojson",
    ]


def test_bad_input_exits_non_zero_with_one_line(tmp_path: Path):
    missing = _gridscope("serve", "--db", str(tmp_path / "nope.duckdb"))
    assert missing.returncode == 2
    assert missing.stderr.strip().count("\n") == 0 and "gridscope demo" in missing.stderr
    negative = _gridscope("demo", "--db", str(tmp_path / "x.duckdb"), "--incidents", "-5")
    assert negative.returncode == 2 and "--incidents" in negative.stderr
    unknown = _gridscope("bench", "nosuch")
    assert unknown.returncode == 2 and "unknown benchmark 'nosuch'" in unknown.stderr and "ingest_api" in unknown.stderr
    no_db = _gridscope("export", "data", "--db", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "x.csv"))
    assert no_db.returncode == 2 and no_db.stderr.strip().count("\n") == 0 and "does not exist" in no_db.stderr
    no_format = _gridscope(
        "export", "snapshot", "--db", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "x.jpg")
    )
    assert no_format.returncode == 2 and "--format" in no_format.stderr


def test_database_held_by_a_running_server_is_refused_with_a_reason(base_url: str, served_db: Path):
    from app.store.db import Database, StoreError

    with pytest.raises(StoreError, match="in use by another GridScope process"):
        Database(served_db)


def test_bench_lists_the_benchmark_scripts_with_their_first_line():
    listed = _gridscope("bench")
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[0]: line for line in listed.stdout.splitlines()}
    assert {"map", "ingest_api", "wall", "import"} <= set(lines)
    assert "Demo generation" in lines["demo"]

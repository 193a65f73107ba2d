"""The live ingest API and `import --url` against a real server process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.ingest.town import IN_G01, write_csv
from tests.server import running_server

TOKEN = "test-token-123"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def ingest_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ingest") / "demo.duckdb"
    shutil.copy(demo_db, path)
    return path


@pytest.fixture(scope="module")
def base_url(ingest_db: Path):
    old = os.environ.get("GRIDSCOPE_INGEST_TOKEN")
    os.environ["GRIDSCOPE_INGEST_TOKEN"] = TOKEN
    try:
        with running_server(ingest_db) as url:
            yield url
    finally:
        if old is None:
            os.environ.pop("GRIDSCOPE_INGEST_TOKEN", None)
        else:
            os.environ["GRIDSCOPE_INGEST_TOKEN"] = old


def _incident(incident_id: str, **extra) -> dict:
    lon, lat = 121.4108891, 31.0418653  # station S001's point, inside grid A01-C09-G07 of the demo town
    return {
        "incident_id": incident_id,
        "category": "noise",
        "reported_at": "2026-11-22 15:00",
        "lon": lon,
        "lat": lat,
    } | extra


def _count(base_url: str) -> int:
    return requests.get(f"{base_url}/api/health", timeout=5).json()["incidents"]


def test_token_missing_or_wrong_is_refused(base_url: str):
    before = _count(base_url)
    missing = requests.post(f"{base_url}/api/incidents", json=_incident("T-1"), timeout=5)
    assert missing.status_code == 401 and "sign in" in missing.json()["error"]
    wrong = requests.post(
        f"{base_url}/api/incidents", json=_incident("T-1"), headers={"Authorization": "Bearer nope"}, timeout=5
    )
    assert wrong.status_code == 401
    assert requests.post(f"{base_url}/api/incidents/E1/events", json={}, timeout=5).status_code == 401
    assert _count(base_url) == before


def test_request_size_is_limited(base_url: str):
    big = [_incident(f"BIG-{i}", description="x" * 2000) for i in range(600)]
    r = requests.post(f"{base_url}/api/incidents", json=big, headers=AUTH, timeout=30)
    assert r.status_code == 413 and "larger than" in r.json()["error"]


def test_per_item_results_and_idempotence(base_url: str):
    before = _count(base_url)
    items = [_incident("API-1"), _incident("API-2", category="unknown"), _incident("API-3", lon=0, lat=0)]
    r = requests.post(f"{base_url}/api/incidents", json=items, headers=AUTH, timeout=10)
    assert r.status_code == 200
    body = r.json()
    assert [x["result"] for x in body["results"]] == ["inserted", "rejected", "rejected"]
    assert body["results"][1]["problems"][0]["field"] == "category"
    assert "(0, 0)" in body["results"][2]["problems"][0]["reason"]
    again = requests.post(f"{base_url}/api/incidents", json=_incident("API-1"), headers=AUTH, timeout=10)
    assert again.status_code == 200 and again.json()["results"][0]["result"] == "unchanged"
    only_bad = requests.post(
        f"{base_url}/api/incidents", json=_incident("API-4", reported_at=""), headers=AUTH, timeout=10
    )
    assert only_bad.status_code == 422
    assert _count(base_url) == before + 1


def test_lifecycle_events_and_impossible_transitions(base_url: str):
    requests.post(f"{base_url}/api/incidents", json=_incident("EV-1"), headers=AUTH, timeout=10)
    url = f"{base_url}/api/incidents/EV-1/events"
    # Closing before it was reported: refused, and the valid first event of the same request is not written.
    bad = [{"status": "responded", "at": "2026-11-22 15:03"}, {"status": "closed", "at": "2026-11-22 14:00"}]
    r = requests.post(url, json=bad, headers=AUTH, timeout=10)
    assert (
        r.status_code == 409
        and "before reported_at" in r.json()["error"]
        and "nothing was written" in r.json()["error"]
    )
    ok = requests.post(url, json={"status": "arrived", "at": "2026-11-22 15:10"}, headers=AUTH, timeout=10)
    assert ok.status_code == 200 and ok.json()["results"][0]["result"] == "added"
    back = requests.post(url, json={"status": "responded", "at": "2026-11-22 15:12"}, headers=AUTH, timeout=10)
    assert back.status_code == 409 and "cannot go back" in back.json()["error"]
    same = requests.post(url, json={"status": "arrived", "at": "2026-11-22T07:10:00Z"}, headers=AUTH, timeout=10)
    assert same.status_code == 200 and same.json()["results"][0]["result"] == "unchanged"
    unknown = requests.post(
        f"{base_url}/api/incidents/NOPE/events",
        json={"status": "closed", "at": "2026-11-22 16:00"},
        headers=AUTH,
        timeout=10,
    )
    assert unknown.status_code == 404
    no_time = requests.post(url, json={"status": "closed"}, headers=AUTH, timeout=10)
    assert no_time.status_code == 422


def test_import_url_sends_to_the_running_server_and_direct_import_is_refused(
    base_url: str, ingest_db: Path, tmp_path: Path
):
    header = ["incident_id", "category", "reported_at", "responded_at", "lon", "lat"]
    path = write_csv(
        tmp_path / "feed.csv",
        header,
        [
            ["URL-1", "noise", "2026-11-22 15:00", "2026-11-22 15:02", 121.4108891, 31.0418653],
            ["URL-2", "noise", "2026-11-22 15:00", "2026-11-22 14:00", 121.4108891, 31.0418653],
            ["URL-3", "flood", "2026/11/22 15:00", "", 121.4108891, 31.0418653],
        ],
        encoding="gbk",
    )
    before = _count(base_url)
    cmd = [sys.executable, "-m", "app", "import", "incidents", str(path), "--url", base_url, "--token", TOKEN]
    sent = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert sent.returncode == 0, sent.stderr
    assert "inserted 2" in sent.stdout and "rejected 1" in sent.stdout
    assert _count(base_url) == before + 2
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert "unchanged 2" in again.stdout and _count(base_url) == before + 2
    direct = subprocess.run(
        [sys.executable, "-m", "app", "import", "incidents", str(path), "--db", str(ingest_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert direct.returncode == 2 and "in use by another GridScope process" in direct.stderr
    assert direct.stderr.strip().count("\n") == 0


def test_the_old_shared_token_works_only_while_set(demo_db: Path, tmp_path: Path):
    from app.config import Settings
    from app.web.factory import create_app

    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    env = os.environ.pop("GRIDSCOPE_INGEST_TOKEN", None)
    try:
        client = create_app(Settings(db_path=path)).server.test_client()
        r = client.post("/api/incidents", json=_incident("X"), headers=AUTH)
        assert r.status_code == 401  # the old shared token works only while it is set
    finally:
        if env is not None:
            os.environ["GRIDSCOPE_INGEST_TOKEN"] = env


def test_cli_import_exits_2_with_one_line_on_a_bad_file(tmp_path: Path):
    path = write_csv(tmp_path / "x.csv", ["id", "lon", "lat"], [["1", *IN_G01]])
    r = subprocess.run(
        [sys.executable, "-m", "app", "import", "incidents", str(path), "--db", str(tmp_path / "x.duckdb")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "no column for incident_id" in r.stderr and r.stderr.strip().count("\n") == 0
    bad_crs = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "import",
            "incidents",
            str(path),
            "--crs",
            "mars",
            "--db",
            str(tmp_path / "x.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert bad_crs.returncode == 2 and "unknown coordinate system" in bad_crs.stderr


def test_cli_import_prints_counts_and_dry_run_writes_nothing(tmp_path: Path):
    path = write_csv(
        tmp_path / "ok.csv",
        ["incident_id", "category", "reported_at", "lon", "lat"],
        [["1", "noise", "2026-11-22 09:00", *IN_G01], ["2", "x", "", "", ""]],
    )
    db = tmp_path / "new.duckdb"
    base = [sys.executable, "-m", "app", "import", "incidents", str(path), "--db", str(db)]
    dry = subprocess.run([*base, "--dry-run"], capture_output=True, text=True, timeout=120)
    assert dry.returncode == 0 and "would load 1" in dry.stdout and "nothing was written" in dry.stdout
    done = subprocess.run(base, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "loaded 1" in done.stdout and "rejected 1" in done.stdout
    assert f"{path}.rejects.csv" in done.stdout
    from app.store.db import connect

    con = connect(db, read_only=True)
    assert con.execute("SELECT count(*), count(grid_id) FROM incident").fetchone() == (1, 0)
    assert con.execute("SELECT count(*) FROM import_run").fetchone() == (1,)
    con.close()


def test_cli_import_of_only_rejected_rows_exits_non_zero_and_dry_run_leaves_the_file_as_it_was(tmp_path: Path):
    good = write_csv(
        tmp_path / "good.csv",
        ["incident_id", "category", "reported_at", "lon", "lat"],
        [["1", "noise", "2026-11-22 09:00", *IN_G01]],
    )
    bad = write_csv(
        tmp_path / "bad.csv",
        ["incident_id", "category", "reported_at", "lon", "lat"],
        [["2", "gossip", "2026-11-22 09:00", *IN_G01], ["3", "rumour", "2026-11-22 10:00", *IN_G01]],
    )
    db = tmp_path / "town.duckdb"
    missing = subprocess.run(
        [sys.executable, "-m", "app", "import", "incidents", str(good), "--db", str(db), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 0 and "would load 1" in missing.stdout and not db.exists()
    base = [sys.executable, "-m", "app", "import", "incidents"]
    assert subprocess.run([*base, str(good), "--db", str(db)], capture_output=True, timeout=120).returncode == 0
    all_bad = subprocess.run([*base, str(bad), "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert all_bad.returncode == 2 and "rejected 2" in all_bad.stdout
    assert "every row was rejected" in all_bad.stderr and all_bad.stderr.strip().count("\n") == 0
    before = db.read_bytes()
    dry = subprocess.run([*base, str(good), "--db", str(db), "--dry-run"], capture_output=True, timeout=120)
    assert dry.returncode == 0 and db.read_bytes() == before

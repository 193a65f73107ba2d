"""Live writes reach the database file: the serving process can checkpoint while it reads and writes.

A read left open on any thread's cursor (a `fetchone()` on a streamed result) pins every later write:
DuckDB then refuses CHECKPOINT ("other write transactions active") and keeps the writes in memory, so a
server fed live grew for as long as it ran. These tests drive the server's own paths: start-up, requests on
long-lived threads, the one incident writer and the events endpoint.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
import requests

from app.config import Settings
from app.services.circles import refresh_if_stale
from app.web import context
from app.web.api.ingest import ingest_writer
from app.web.factory import context_db, create_app
from tests.access import API, signed_in
from tests.conftest import DEMO_NOW
from tests.server import running_server

TOKEN = "test-token-ckpt"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def db_path(demo_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "live.duckdb"
    shutil.copy(demo_db, path)
    return path


def _wal(path: Path) -> int:
    wal = Path(f"{path}.wal")
    return wal.stat().st_size if wal.exists() else 0


def _incident(k: int) -> dict:
    return {
        "incident_id": f"CKPT{k:04d}",
        "category": "noise",
        "reported_at": f"{DEMO_NOW:%Y-%m-%d} 15:{k % 60:02d}:00",
        "lon": 121.4108891,  # station S001's point, inside a grid of the demo town
        "lat": 31.0418653,
    }


def _in_thread(fn) -> threading.Event:
    """Run `fn` on a thread that stays alive afterwards, as a server's pool threads do."""
    done, stop = threading.Event(), threading.Event()

    def body():
        fn()
        done.set()
        stop.wait(30)

    threading.Thread(target=body, daemon=True).start()
    assert done.wait(60)
    return stop


def test_checkpoint_succeeds_after_live_writes_in_the_serving_process(db_path, monkeypatch):
    monkeypatch.setenv("GRIDSCOPE_INGEST_TOKEN", TOKEN)
    app = create_app(Settings().with_db(db_path))
    db = context_db(app)
    db.checkpoint_every = None  # the explicit CHECKPOINT below is what is tested
    refresh_if_stale(db, Settings().walking_speed_kmh)  # start-up reads, on this (then idle) thread

    def leave_a_read_open():
        context.current().db.run("circles/inputs_fingerprint").fetchone()  # result not read to the end
        return "ok"

    app.server.add_url_rule("/test/open-read", "test_open_read", leave_a_read_open)
    client = signed_in(app.server.test_client())
    stops = [
        _in_thread(lambda: client.get("/test/open-read")),
        _in_thread(lambda: [client.get(u) for u in ("/api/health", "/api/wall", "/api/incidents?limit=5")]),
    ]
    try:
        writer = ingest_writer(app.server)
        for k in range(5):
            assert writer.submit([_incident(k)], None)[0]["result"] == "inserted"
        at = f"{DEMO_NOW:%Y-%m-%d} 15:59:00"
        r = client.post("/api/incidents/CKPT0001/events", json={"status": "responded", "at": at}, headers=AUTH)
        assert r.status_code == 200, r.get_json()
        assert _wal(db_path) > 0
        cur = db.new_cursor()
        try:
            cur.execute("CHECKPOINT")  # refused ("other write transactions active") while a read pinned them
        finally:
            cur.close()
        assert _wal(db_path) == 0
    finally:
        for stop in stops:
            stop.set()
        db.close()


def test_the_writer_checkpoints_on_its_own(db_path):
    app = create_app(Settings().with_db(db_path))
    db = context_db(app)
    writer = ingest_writer(app.server)
    db.checkpoint_every = 0.0
    try:
        for k in range(3):
            writer.submit([_incident(k)], None)
            assert _wal(db_path) == 0  # checkpointed right after the commit
        assert db.checkpoints >= 3
        assert db.cursor().execute("SELECT count(*) FROM incident WHERE incident_id LIKE 'CKPT%'").fetchall() == [(3,)]
    finally:
        db.close()


def test_a_simulating_server_keeps_its_wal_small(db_path):
    """`serve --simulate` with the wall polling: the WAL is folded into the file again and again."""
    old = os.environ.get("GRIDSCOPE_INGEST_TOKEN")
    os.environ["GRIDSCOPE_INGEST_TOKEN"] = TOKEN
    try:
        args = ["--simulate", "--simulate-every", "0.5", "--checkpoint-every", "1"]
        with running_server(db_path, args=args) as base, requests.Session() as s:
            s.headers.update(API)
            sizes = []
            deadline = time.monotonic() + 8
            k = 0
            while time.monotonic() < deadline:
                assert s.get(f"{base}/api/wall", timeout=30).status_code == 200
                r = s.post(f"{base}/api/incidents", json=_incident(k), headers=AUTH, timeout=30)
                assert r.status_code == 200
                k += 1
                sizes.append(_wal(db_path))
                time.sleep(0.2)
            drops = sum(b < a for a, b in zip(sizes, sizes[1:], strict=False))
            assert drops >= 2, sizes  # without checkpoints the WAL only grows
    finally:
        if old is None:
            os.environ.pop("GRIDSCOPE_INGEST_TOKEN", None)
        else:
            os.environ["GRIDSCOPE_INGEST_TOKEN"] = old

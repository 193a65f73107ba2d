"""The live simulation (serve --simulate): new incidents where incidents happen, lifecycles moving forward
through the ingest API's writers, the dataset's now following the clock, the same run for the same seed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from app.config import Settings
from app.demo.simulate import Simulator
from app.ingest.live import IncidentWriter
from app.store.db import Database
from tests.conftest import DEMO_NOW


@pytest.fixture()
def db(demo_db: Path, tmp_path: Path):
    path = tmp_path / "sim.duckdb"
    shutil.copy(demo_db, path)
    d = Database(path)
    yield d
    d.close()


def _run(db: Database, ticks: int, seed: int = 7) -> tuple[Simulator, list]:
    clock = {"now": DEMO_NOW + timedelta(minutes=1)}
    sim = Simulator(
        db, IncidentWriter(db, Settings()).submit, Settings(), interval=60.0, seed=seed, clock=lambda: clock["now"]
    )
    out = []
    for _ in range(ticks):
        out.append(sim.step())
        clock["now"] += timedelta(minutes=1)
    return sim, out


def _one(db: Database, sql: str):
    return db.cursor().execute(sql).fetchone()


def test_ticks_add_incidents_inside_grids_and_move_the_datasets_now(db):
    before = _one(db, "SELECT count(*) FROM incident")[0]
    _, ticks = _run(db, 5)
    new = sum(t.new for t in ticks)
    assert all(t.new >= 1 for t in ticks)
    assert _one(db, "SELECT count(*) FROM incident")[0] == before + new
    sim_rows = _one(
        db,
        "SELECT count(*), count(grid_id), min(reported_at), max(reported_at) FROM incident "
        "WHERE incident_id LIKE 'SIM%'",
    )
    assert sim_rows[0] == new and sim_rows[1] == new  # every one lands inside a grid
    assert sim_rows[2] == DEMO_NOW + timedelta(minutes=1) and sim_rows[3] == DEMO_NOW + timedelta(minutes=5)
    meta = dict(db.cursor().execute("SELECT key, value FROM meta").fetchall())
    assert meta["data_until"] == f"{DEMO_NOW + timedelta(minutes=5):%Y-%m-%d %H:%M:%S}"


def test_lifecycles_move_forward_only_and_are_logged(db):
    _, ticks = _run(db, 12)
    assert sum(t.advanced for t in ticks) > 0
    # Every simulated event is in the log and the incident's stage times stay in order.
    bad = _one(
        db,
        "SELECT count(*) FROM incident WHERE coalesce(responded_at, reported_at) < reported_at "
        "OR arrived_at < responded_at OR disposed_at < arrived_at OR closed_at < disposed_at",
    )[0]
    assert bad == 0
    logged = _one(
        db,
        "SELECT count(*) FROM incident_event e JOIN incident i USING (incident_id) "
        "WHERE e.at > TIMESTAMP '2026-11-22 16:00:00' AND e.status <> 'reported'",
    )[0]
    assert logged == sum(t.advanced for t in ticks)


def test_same_seed_same_run(demo_db: Path, tmp_path: Path):
    ids = []
    for k in range(2):
        path = tmp_path / f"s{k}.duckdb"
        shutil.copy(demo_db, path)
        d = Database(path)
        try:
            _run(d, 4)
            ids.append(
                d.cursor()
                .execute(
                    "SELECT incident_id, lon, lat, category, status FROM incident "
                    "WHERE incident_id LIKE 'SIM%' ORDER BY 1"
                )
                .fetchall()
            )
        finally:
            d.close()
    assert ids[0] == ids[1] and ids[0]


def test_simulate_every_is_checked(tmp_path: Path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "serve",
            "--db",
            str(tmp_path / "x.duckdb"),
            "--simulate",
            "--simulate-every",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 2 and "0.5-3600 seconds" in r.stderr

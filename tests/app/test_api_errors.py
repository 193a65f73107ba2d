"""Every API endpoint answers a bad request with the same JSON shape: {"error", "error_zh", "param", "value"},
the status saying what kind of problem it is, and the parameter and value at fault when there is one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.config import Settings
from app.web.factory import create_app
from tests.access import signed_in

SHAPE = {"error", "error_zh", "param", "value"}
# (method, path, status, the parameter and value named, a word of the reason)
BAD_REQUESTS = [
    ("GET", "/api/incidents?limit=many", 400, ("limit", "many"), "whole number"),
    ("GET", "/api/incidents?bbox=1,2,3", 400, ("bbox", "1,2,3"), "west,south"),
    ("GET", "/api/incidents?format=xml", 400, ("format", "xml"), "geojson or csv"),
    ("GET", "/api/incidents?to=2026-13-01", 400, ("to", "2026-13-01"), "YYYY-MM-DD"),
    ("GET", "/api/incidents?to=9999-12-31", 400, ("to", "9999-12-31"), "from 2000-01-01"),
    ("GET", "/api/incidents?format=csv&to=9999-12-31", 400, ("to", "9999-12-31"), "from 2000-01-01"),
    ("GET", "/api/metrics?to=9999-12-31", 400, ("to", "9999-12-31"), "from 2000-01-01"),
    ("GET", "/api/metrics?from=0001-01-01", 400, ("from", "0001-01-01"), "from 2000-01-01"),
    ("GET", "/api/export/data?to=9999-12-31", 400, ("to", "9999-12-31"), "from 2000-01-01"),
    ("GET", "/api/metrics?category=gossip", 400, ("category", "gossip"), "expected one of"),
    ("GET", "/api/metrics?from=2026-11-02&to=2026-11-01", 400, ("from", "2026-11-02"), "after 'to'"),
    ("GET", "/api/wall?area=A01,A02", 400, ("area", "A01,A02"), "one functional area"),
    ("GET", "/api/export/data?dataset=people", 400, ("dataset", "people"), "expected one of"),
    ("GET", "/api/export/data?minutes=90", 400, ("minutes", "90"), "1..60"),
    ("GET", "/api/export/data?severity=9", 400, ("severity", "9"), "severity"),
    ("GET", "/api/export/snapshot?format=gif", 400, ("format", "gif"), "png or pdf"),
    ("GET", "/api/export/snapshot?page=wall", 400, ("page", "wall"), "cannot snapshot"),
    ("GET", "/api/export/snapshot?width=wide", 400, ("width", "wide"), "whole number"),
    ("GET", "/api/export/snapshot?width=20000", 400, ("width", "20000"), "out of range"),
    ("GET", "/api/export/snapshot?width=8000&height=8000&scale=2", 400, ("width", "8000"), "megapixels"),
    ("GET", "/api/export/snapshot?width=4000&height=6000&scale=2", 400, ("scale", "2"), "at most 40"),
    ("GET", "/api/export/log?limit=0", 400, ("limit", "0"), "1..1000"),
    ("POST", "/api/incidents?crs=EPSG:nope", 400, ("crs", "EPSG:nope"), "coordinate system"),
    ("POST", "/api/incidents/X1/events", 401, (None, None), "sign in first"),  # anonymous
    ("GET", "/api/metrics?area=A01", 401, (None, None), "sign in first"),  # anonymous
    ("GET", "/api/nothing-here", 404, (None, None), "no endpoint"),
    ("DELETE", "/api/incidents", 405, (None, None), "Method Not Allowed"),
]


@pytest.fixture(scope="module")
def client(demo_db: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch_module):
    path = tmp_path_factory.mktemp("errors") / "demo.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch_module.setenv("GRIDSCOPE_INGEST_TOKEN", "t0ken")
    return signed_in(create_app(Settings(db_path=path)).server.test_client())


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.mark.parametrize(("method", "path", "status", "named", "reason"), BAD_REQUESTS)
def test_a_bad_request_answers_the_one_error_shape(client, method, path, status, named, reason):
    headers = {"Authorization": "Bearer t0ken"} if path.startswith("/api/incidents?crs") else {}
    if status == 401:
        client = client.application.test_client()  # not signed in
    r = client.open(path, method=method, headers=headers, json={"incident_id": "X1"} if method == "POST" else None)
    assert r.status_code == status
    body = r.get_json()
    assert set(body) == SHAPE
    assert (body["param"], body["value"]) == named
    assert reason.lower() in body["error"].lower()
    assert body["error_zh"]


def test_the_pages_keep_their_own_not_found(client):
    r = client.get("/no-such-page.html")
    assert r.get_json(silent=True) is None


def test_health_of_a_database_that_does_not_answer_is_503_in_the_same_shape(demo_db: Path, tmp_path: Path):
    from app.web.factory import context_db

    path = tmp_path / "closed.duckdb"
    shutil.copy(demo_db, path)
    app = create_app(Settings(db_path=path))
    context_db(app).close()
    r = app.server.test_client().get("/api/health")
    body = r.get_json()
    assert r.status_code == 503 and body["status"] == "error"
    assert set(body) >= SHAPE and body["error"].startswith("the database does not answer") and body["reason"]
    assert str(tmp_path) not in r.get_data(as_text=True)  # anonymous: no path, whatever the database says

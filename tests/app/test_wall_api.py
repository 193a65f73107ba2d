"""GET /api/wall and /api/wall/static in-process: bad areas answered 400, answers kept until the data changes,
and a posted incident shows on the next answer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.config import Settings
from app.web.api.wall import _LIVE_KEY
from app.web.factory import create_app
from tests.access import signed_in

TOKEN = "wall-token"


@pytest.fixture()
def app(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "wall.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("GRIDSCOPE_INGEST_TOKEN", TOKEN)
    dash_app = create_app(Settings(db_path=path))
    yield dash_app.server
    dash_app.server.extensions["gridscope"].db.close()


def test_bad_areas_are_refused_with_the_parameter(app):
    client = signed_in(app.test_client())
    for query in ("area=bad!", "area=A01,A02"):
        r = client.get(f"/api/wall?{query}")
        assert r.status_code == 400 and r.get_json()["param"] == "area"


def test_answers_are_kept_until_the_data_changes(app):
    client = signed_in(app.test_client())
    first = client.get("/api/wall")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    assert client.get("/api/wall").data == first.data
    unknown = client.get("/api/wall?area=Z99")
    assert unknown.status_code == 200 and unknown.get_json()["area_name"] == ""
    assert set(app.extensions[_LIVE_KEY]) == {("", "zh")}  # an unknown id is answered, not kept
    item = {
        "incident_id": "WALL-1",
        "category": "noise",
        "reported_at": "2026-11-22 16:30",
        "lon": 121.4108891,
        "lat": 31.0418653,
    }
    posted = client.post("/api/incidents", json=item, headers={"Authorization": f"Bearer {TOKEN}"})
    assert posted.status_code == 200 and posted.get_json()["inserted"] == 1
    after = client.get("/api/wall").get_json()
    before = first.get_json()
    assert after["ticker"][0]["id"] == "WALL-1" and after["ticker"][0]["stage"] == "已上报"
    assert after["tiles"]["count"] == before["tiles"]["count"] + 1
    assert after["open"]["total"] == before["open"]["total"] + 1
    assert after["data_until"] == "2026-11-22 16:30:00"


def test_static_layers(app):
    body = signed_in(app.test_client()).get("/api/wall/static?lang=en").get_json()
    assert len(body["grids"]["features"]) == 388 and body["town"] == "Demo Town"
    assert body["limits"] == {"respond": 5, "arrive": 15, "dispose": 30}

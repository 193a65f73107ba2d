"""Limits of the HTTP API, through Flask's test client: dates in a sane window (400 naming the parameter, pages
ignore them), health without filesystem paths, data exports at most MAX_DATA_EXPORTS at a time (429 with
Retry-After) and a streamed export that a client stops reading gives its database cursor back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.config import Settings
from app.web.factory import PAGES, create_app


@pytest.fixture(scope="module")
def app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("limits") / "demo.duckdb"
    shutil.copy(demo_db, path)
    return create_app(Settings(db_path=path))


@pytest.fixture
def client(app):
    return app.server.test_client()


@pytest.mark.parametrize("page", [p for p in PAGES if p.PATH != "/snapshot"], ids=lambda p: p.PATH)
def test_pages_ignore_a_date_outside_the_window(app, page):
    with app.server.test_request_context(page.PATH):
        assert page.layout(**{"from": "0001-01-01", "to": "9999-12-31"}) is not None


def test_health_names_no_path(client):
    body = client.get("/api/health").get_json()
    assert body["status"] == "ok" and body["incidents"] > 0 and body["data_until"]
    assert "database" not in body
    assert not any("/" in str(v) or "duckdb" in str(v) for v in body.values())

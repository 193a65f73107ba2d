"""Limits of the HTTP API, through Flask's test client: dates in a sane window (400 naming the parameter, pages
ignore them), health without filesystem paths, data exports at most MAX_DATA_EXPORTS at a time (429 with
Retry-After) and a streamed export that a client stops reading gives its database cursor back."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import duckdb
import pytest

from app.config import Settings
from app.web.api import limits
from app.web.factory import PAGES, context_db, create_app
from tests.access import signed_in


@pytest.fixture(scope="module")
def app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("limits") / "demo.duckdb"
    shutil.copy(demo_db, path)
    return create_app(Settings(db_path=path))


@pytest.fixture
def client(app):
    return signed_in(app.server.test_client())


@pytest.mark.parametrize("page", [p for p in PAGES if p.PATH != "/snapshot"], ids=lambda p: p.PATH)
def test_pages_ignore_a_date_outside_the_window(app, page):
    with app.server.test_request_context(page.PATH):
        assert page.layout(**{"from": "0001-01-01", "to": "9999-12-31"}) is not None


def test_health_names_no_path(client):
    body = client.get("/api/health").get_json()
    assert body["status"] == "ok" and body["incidents"] > 0 and body["data_until"]
    assert "database" not in body
    assert not any("/" in str(v) or "duckdb" in str(v) for v in body.values())


EXPORTS = ["/api/export/data?dataset=incidents&format=csv&from=2026-01-01", "/api/incidents?format=csv&from=2026-01-01"]


@pytest.fixture
def cursors(app, monkeypatch):
    """Every cursor the app opens for a streamed read, to see whether it was closed."""
    db, opened = context_db(app), []
    new_cursor = db.new_cursor

    def recording():
        cur = new_cursor()
        opened.append(cur)
        return cur

    monkeypatch.setattr(db, "new_cursor", recording)
    return opened


def _is_closed(cur) -> bool:
    try:
        cur.execute("SELECT 1")
    except duckdb.ConnectionException:
        return True
    return False


@pytest.mark.parametrize("third", EXPORTS)
def test_at_most_two_data_exports_at_a_time_then_429_with_retry_after(client, third):
    running = [client.get(url, buffered=False) for url in EXPORTS]  # started, their clients not reading yet
    try:
        assert [r.status_code for r in running] == [200, 200]
        busy = client.get(third)
        assert busy.status_code == 429 and int(busy.headers["Retry-After"]) > 0
        assert set(busy.get_json()) == {"error", "error_zh", "param", "value"}
        assert "retry" in busy.get_json()["error"]
        assert client.get("/api/incidents?limit=1").status_code == 200  # the rest of the API goes on
    finally:
        for r in reversed(running):  # the test client's streams hold request contexts: last in, first out
            r.close()
    done = client.get(third)  # a slot is free again once an export ends
    assert done.status_code == 200 and done.data.startswith(b"\xef\xbb\xbfincident_id")


@pytest.mark.parametrize("url", EXPORTS)
def test_an_export_whose_client_stops_reading_closes_its_cursor(client, cursors, monkeypatch, url):
    monkeypatch.setattr(limits, "STALL_SECONDS", 0.5, raising=False)
    monkeypatch.setattr(limits, "WATCH_SECONDS", 0.1, raising=False)
    r = client.get(url, buffered=False)
    chunks = iter(r.response)
    assert next(chunks).startswith(b"\xef\xbb\xbfincident_id")
    assert next(chunks)  # the newest month's rows: its cursor is open, more months to come
    assert cursors and not all(_is_closed(c) for c in cursors)
    deadline = time.monotonic() + 10
    while not all(_is_closed(c) for c in cursors) and time.monotonic() < deadline:
        time.sleep(0.1)  # the client reads nothing more
    assert all(_is_closed(c) for c in cursors)
    with pytest.raises(limits.ExportAbandoned):  # never a file that looks whole
        next(chunks)
    r.close()
    later = [client.get(u, buffered=False) for u in EXPORTS]  # both slots are free
    assert [x.status_code for x in later] == [200, 200]
    for x in reversed(later):
        x.close()

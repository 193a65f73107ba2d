"""Towns that are not the demo, in a real browser: a database with roads but no grids yet, and an empty one.
Every page answers (no 500, no console error), and /map says what is missing and how to add it."""

from __future__ import annotations

import pytest

from app import GEODATA_DIR
from app.config import Settings
from app.store.db import Database, create_schema
from tests.ingest.town import run
from tests.server import running_server

pytestmark = pytest.mark.browser
PAGES = ["/", "/map", "/map?lang=en", "/coverage", "/performance", "/wall", "/snapshot?page=map"]


@pytest.fixture(scope="module")
def roads_only(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("roads") / "roads.duckdb"
    db = Database(path)
    try:
        assert run(db, "roads", GEODATA_DIR / "demo" / "roads.geojson").loaded > 2000
    finally:
        db.close()
    with running_server(path) as url:
        yield url


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    db = Database(path)
    try:
        with db.transaction() as cur:
            create_schema(cur, db.queries)
    finally:
        db.close()
    assert Settings(db_path=path).db_path.exists()
    with running_server(path) as url:
        yield url


def _visit(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    page.wait_for_selector("._dash-loading", state="detached", timeout=20_000)
    page.wait_for_timeout(500)


@pytest.mark.parametrize("path", PAGES)
def test_a_town_with_roads_but_no_grids_answers_every_page(page, roads_only, path):
    _visit(page, roads_only + path)
    assert page.errors == []
    if path.startswith("/map"):
        notice = page.locator("#map-no-grids").inner_text()
        assert ("gridscope import grids" in notice) and (("尚未导入网格" in notice) or ("No grids" in notice))
        assert page.locator(".leaflet-container").count() == 1


@pytest.mark.parametrize("path", PAGES)
def test_an_empty_database_answers_every_page(page, empty, path):
    _visit(page, empty + path)
    assert page.errors == []
    if path in ("/", "/map", "/snapshot?page=map"):
        assert "数据库为空" in page.locator(".gs-empty").inner_text()

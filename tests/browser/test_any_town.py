"""Towns that are not the demo, in a real browser: roads but no grids yet, an empty database, grids only
(made with `gridscope init`), grids and stations without roads or population, and a town with its own
category. Every page answers (no 500, no console error) and says what is missing and how to add it."""

from __future__ import annotations

import subprocess
import sys

import geopandas as gpd
import pytest
from playwright.sync_api import expect

from app import GEODATA_DIR, PROJECT_ROOT
from app.config import Settings, load_settings
from app.ingest.run import ImportOptions, import_file
from app.store.db import Database, create_schema
from tests.ingest.town import IN_EAST, IN_G01, IN_G02, VENDING, run, town_db, write_csv
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


def _gridscope(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def grids_only(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("grids") / "town.duckdb"
    _gridscope("init", "--db", str(path))
    _gridscope("import", "grids", str(GEODATA_DIR / "demo" / "grids.geojson"), "--db", str(path))
    with running_server(path) as url:
        yield url


@pytest.fixture(scope="module")
def no_roads_no_population(tmp_path_factory: pytest.TempPathFactory):
    """The demo's grids without population, and its stations, but no roads."""
    folder = tmp_path_factory.mktemp("noroads")
    grids = gpd.read_file(GEODATA_DIR / "demo" / "grids.geojson").drop(columns=["population"])
    grids.to_file(folder / "grids.geojson", driver="GeoJSON", engine="pyogrio")
    path = folder / "town.duckdb"
    _gridscope("init", "--db", str(path))
    _gridscope("import", "grids", str(folder / "grids.geojson"), "--db", str(path))
    _gridscope("import", "stations", str(GEODATA_DIR / "demo" / "stations.geojson"), "--db", str(path))
    with running_server(path) as url:
        yield url


@pytest.fixture(scope="module")
def vending_town(tmp_path_factory: pytest.TempPathFactory):
    """The tiny test town with its own category 占道经营 and a 4-minute respond limit, in gridscope.toml beside
    the database: three vending incidents responded in 3, 4 and 5 minutes (2 of 3 within 4), one noise."""
    folder = tmp_path_factory.mktemp("vending")
    db = town_db(folder)
    (folder / "gridscope.toml").write_text("[51530]\nrespond_minutes = 4\n" + VENDING, encoding="utf-8")
    settings = load_settings(folder / "town.duckdb")
    rows = [
        [f"V{k}", "illegal_vending", "2026-11-22 09:00:00", f"2026-11-22 09:0{3 + k}:00", *point]
        for k, point in enumerate((IN_G01, IN_G02, IN_EAST))
    ] + [["N1", "noise", "2026-11-22 10:00:00", "2026-11-22 10:02:00", *IN_G01]]
    header = ["incident_id", "category", "reported_at", "responded_at", "lon", "lat"]
    path = write_csv(folder / "vending.csv", header, rows)
    try:
        assert import_file(db, ImportOptions(kind="incidents", path=path), settings).loaded == 4
    finally:
        db.close()
    with running_server(folder / "town.duckdb") as url:
        yield url


@pytest.mark.parametrize("path", PAGES)
def test_a_town_of_grids_only_answers_every_page_and_says_what_to_import(page, grids_only, path):
    _visit(page, grids_only + path)
    assert page.errors == []
    expected = {"/": "home", "/map": "map", "/map?lang=en": "map", "/performance": "performance"}
    if path in expected:
        box = page.locator(f"#{expected[path]}-missing")
        assert "gridscope import incidents" in box.inner_text()
        assert box.locator("li[data-kind=incidents]").count() == 1
        assert ("Not imported yet" if "lang=en" in path else "本镇尚未导入") in box.inner_text()
    if path == "/coverage":
        assert "gridscope import stations" in page.locator("#coverage-missing").inner_text()
    if path == "/performance":  # the sentence instead of empty charts
        assert page.locator(".js-plotly-plot").count() == 0


def test_english_performance_page_of_a_town_without_incidents(page, grids_only):
    _visit(page, grids_only + "/performance?lang=en")
    text = page.locator("#performance-missing").inner_text()
    assert "Not imported yet" in text and "Incidents" in text and page.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_stations_without_roads_or_population_answer_every_page(page, no_roads_no_population, path):
    _visit(page, no_roads_no_population + path)
    assert page.errors == []
    if path == "/coverage":
        assert page.locator("#coverage-missing li[data-kind=roads]").count() == 1
        assert "直线缓冲" in page.locator("#coverage-buffers").inner_text()
        # No population: never "everyone is covered".
        assert "常住人口未知" in page.locator("#coverage-no-suggestion").inner_text()
        assert "所有常住人口均在生活圈内" not in page.content()


def test_a_towns_own_category_shows_with_its_label_and_limit(page, vending_town):
    query = "?from=2026-11-22&to=2026-11-22"
    _visit(page, vending_town + "/map" + query + "&category=illegal_vending")
    assert page.errors == []
    # The panel is drawn after the page settles: wait for the figure, then read it.
    expect(page.locator("#map-rate-respond")).to_have_text("66.7%", timeout=30_000)  # 2 of 3 within 4 minutes
    panel = page.locator(".gs-map-panel").inner_text()
    assert "占道经营" in panel and "响应≤4分" in panel
    _visit(page, vending_town + "/performance" + query)
    assert page.errors == []
    assert "占道经营" in page.locator("#performance-filter-category").inner_text() or "占道经营" in page.content()
    page.wait_for_selector("#performance-chart-volume .legendtext")
    legend = page.locator("#performance-chart-volume .legendtext").all_text_contents()
    assert "占道经营" in legend and "噪音扰民" in legend

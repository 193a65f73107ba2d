"""A town whose imported names are markup: every page shows them as text and runs none of them.

Grids (town, area, community and grid), stations (name, opening hours, address), risk sites and incidents
(description, address) are imported through the real import path with names like
`<img src=x onerror="window.__pwned=N">`; the town's name comes from its settings file. Each page, hovered
where it has tooltips, must leave `window.__pwned` undefined and show the name as literal text."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.config import load_settings
from app.ingest.run import ImportOptions, import_file
from app.store.db import Database
from tests.ingest.town import IN_EAST, IN_G01, IN_G02, grids_frame, write_csv, write_geojson
from tests.server import running_server

pytestmark = pytest.mark.browser


def payload(n: int) -> str:
    return f'<img src=x onerror="window.__pwned={n}">'


GRID = payload(1)
STATION = payload(2)
RISK = payload(3)
AREA = payload(4)
COMMUNITY = payload(5)
TOWN = payload(6)
HOURS = payload(7)
DESCRIPTION = payload(8)
ADDRESS = payload(9)
NAMES = {"TOWN": payload(10), "A01": AREA, "A01-C01": COMMUNITY, "A01-C01-G01": GRID}
SETTINGS = f"""[town]
name = '{TOWN}'
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "gridscope.toml").write_text(SETTINGS, encoding="utf-8")
    settings = load_settings(folder / "town.duckdb")
    db = Database(folder / "town.duckdb")

    def load(kind: str, path: Path) -> None:
        result = import_file(db, ImportOptions(kind=kind, path=path), settings)
        assert result.loaded > 0 and result.rejected == 0, (kind, result)

    try:
        grids = grids_frame()
        grids["name"] = [NAMES.get(g, n) for g, n in zip(grids["grid_id"], grids["name"], strict=True)]
        load("grids", write_geojson(grids, folder / "grids.geojson"))
        header = ["station_id", "name", "tier", "open_hours", "address", "lon", "lat"]
        station = ["S1", STATION, "station", HOURS, ADDRESS, *IN_G01]
        load("stations", write_csv(folder / "stations.csv", header, [station]))
        header = ["site_id", "name", "kind", "warning_level", "updated_at", "lon", "lat"]
        site = ["R1", RISK, "flood", 4, "2026-11-20 08:00", *IN_G02]
        load("risk-sites", write_csv(folder / "risk.csv", header, [site]))
        header = ["incident_id", "category", "reported_at", "description", "address", "lon", "lat"]
        rows = [
            [f"I{k}", "noise", f"2026-11-2{k} 09:00:00", DESCRIPTION, ADDRESS, *point]
            for k, point in enumerate((IN_G01, IN_G02, IN_EAST))
        ]
        load("incidents", write_csv(folder / "incidents.csv", header, rows))
    finally:
        db.close()
    with running_server(folder / "town.duckdb") as url:
        yield url


MARKERS = ".leaflet-marker-pane .gs-station"


def _visit(page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    page.wait_for_selector("._dash-loading", state="detached", timeout=20_000)
    page.wait_for_selector(".leaflet-container", timeout=20_000)
    page.wait_for_timeout(500)


def _hover_each(page, css: str) -> list[str]:
    """Hover every element matching `css` that is on screen (its middle, and off-middle where a marker may
    sit on a grid's middle); the tooltips' texts seen meanwhile."""
    seen: list[str] = []
    for k in range(page.locator(css).count()):
        box = page.locator(css).nth(k).bounding_box()
        if not box or box["width"] == 0:
            continue
        for fx, fy in ((0.5, 0.5), (0.3, 0.3), (0.7, 0.7)):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            page.wait_for_timeout(120)
            seen += page.locator(".leaflet-tooltip").all_inner_texts()
    return seen


def _settled(page, css: str) -> None:
    """Wait for `css` to be drawn and to stop moving (a drilled-into view flies there)."""
    page.wait_for_function("css => document.querySelectorAll(css).length > 0", arg=css)
    last = None
    for _ in range(40):
        box = page.locator(css).first.bounding_box()
        if box == last:
            return
        last = box
        page.wait_for_timeout(250)


def _unharmed(page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0


def test_coverage_shows_station_and_grid_names_as_text(page, hostile):
    _visit(page, hostile + "/coverage")
    seen = _hover_each(page, MARKERS)
    # The circles lie over the grids: switched off, the grids answer the mouse.
    page.locator(".leaflet-control-layers-overlays input").first.uncheck()
    seen += _hover_each(page, ".leaflet-grids-pane path")
    _unharmed(page)
    assert any(STATION in s and HOURS in s for s in seen), seen
    assert any(GRID in s for s in seen), seen
    assert AREA in page.locator(".gs-sidebar").inner_text()


def test_home_shows_grid_and_area_names_as_text(page, hostile):
    _visit(page, hostile + "/")
    seen = _hover_each(page, ".leaflet-grids-pane path")
    _unharmed(page)
    assert any(GRID in s and AREA in s for s in seen), seen
    assert TOWN in page.locator(".gs-sidebar-title").inner_text()


# query → (the panel's unit, the units drawn)
MAP_VIEWS = {"": (TOWN, AREA), "?area=A01": (AREA, COMMUNITY), "?grid=A01-C01": (COMMUNITY, GRID)}


@pytest.mark.parametrize("query", [*MAP_VIEWS, "?layers=grids,stations,warning"])
def test_map_shows_unit_station_and_risk_site_names_as_text(page, hostile, query):
    unit, drawn = MAP_VIEWS.get(query, (TOWN, AREA))
    _visit(page, hostile + "/map" + query)
    page.wait_for_function("name => document.querySelector('.gs-map-panel').innerText.includes(name)", arg=unit)
    _settled(page, ".leaflet-units-pane path")
    seen = _hover_each(page, ".leaflet-units-pane path") + _hover_each(page, MARKERS)
    seen += _hover_each(page, ".leaflet-overlay-pane path")
    _unharmed(page)
    assert any(drawn in s for s in seen), seen
    if "warning" in query:  # without incidents drawn over them
        assert any(STATION in s for s in seen) and any(RISK in s for s in seen), seen


def test_map_search_and_timeline_show_incident_text_as_text(page, hostile):
    _visit(page, hostile + "/map?from=2026-11-20&to=2026-11-22")
    page.fill("#map-search", "I1")
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-timeline h3", timeout=10_000)
    _unharmed(page)
    text = page.locator("#map-timeline").inner_text()
    assert DESCRIPTION in text and ADDRESS in text


@pytest.mark.parametrize(
    "query", ["page=map", "page=map&area=A01", "page=map&grid=A01-C01&layers=grids,stations,warning", "page=coverage"]
)
def test_snapshot_labels_names_as_text(page, hostile, query):
    _visit(page, hostile + "/snapshot?" + query)
    page.wait_for_selector(".gs-snapshot[data-ready='1']", timeout=20_000)
    _unharmed(page)
    labels = page.locator(".gs-snap-label").all_inner_texts()
    expected = {"page=map": AREA, "page=map&area=A01": COMMUNITY, "page=coverage": AREA}.get(query, GRID)
    assert expected in labels, labels
    assert TOWN in page.locator(".gs-snap-title").inner_text()


@pytest.mark.parametrize("path", ["/wall", "/performance"])
def test_wall_and_performance_show_names_as_text(page, hostile, path):
    response = page.goto(hostile + path, wait_until="networkidle")
    assert response is not None and response.status == 200
    page.wait_for_selector("._dash-loading", state="detached", timeout=20_000)
    if path == "/wall":
        page.wait_for_selector("#wall-root[data-ready='1']", timeout=20_000)
        assert TOWN in page.locator("#wall-town").inner_text()
    else:  # plotly reads tags in its texts: the area's name is on the axis as written
        page.wait_for_selector("#performance-chart-areas .xtick text", timeout=20_000)
        assert AREA in page.locator("#performance-chart-areas .xtick text").all_text_contents()
    page.wait_for_timeout(1000)
    _unharmed(page)

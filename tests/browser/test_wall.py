"""The wall display in a real browser at 1920×1080 and 3840×2160: no scrollbars, tiles equal /api/metrics for
today, the focus rotates, the simulated town moves, and a stopped server shows the stale banner that clears
by itself when it comes back."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import requests

from app.ingest.refresh import local_now
from tests.access import API, signing_in
from tests.conftest import DEMO_NOW
from tests.server import free_port, running_server

pytestmark = pytest.mark.browser
SIZES = [(1920, 1080), (3840, 2160)]


def _wall(browser, url: str, size=(1920, 1080)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="zh-CN")
    page = signing_in(context.new_page())
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("#wall-root[data-ready]", state="attached", timeout=30_000)
    return context, page


def _number(text: str) -> float | None:
    text = text.replace(",", "").replace("%", "").strip()
    return None if text in ("", "–") else float(text)


def _assert_tiles_equal_metrics(page, base_url: str, area: str = "") -> None:
    today = page.locator("#wall-today").inner_text()
    query = f"from={today}&to={today}" + (f"&area={area}" if area else "")
    m = requests.get(f"{base_url}/api/metrics?{query}", headers=API, timeout=10).json()
    tile = {
        k: _number(page.locator(f"#wall-value-{k}").inner_text())
        for k in ("count", "open", "overdue", "closure", "respond", "arrive", "dispose", "satisfaction")
    }
    assert tile["count"] == m["count"]
    assert tile["open"] == m["open"]
    assert tile["overdue"] == m["overdue"]
    for stage in ("respond", "arrive", "dispose"):
        rate = m[stage]["rate"]
        assert (tile[stage] is None) == (rate is None)
        if rate is not None:
            assert tile[stage] == pytest.approx(rate * 100, abs=0.051)
    assert tile["closure"] == pytest.approx(m["closure_rate"] * 100, abs=0.051)
    if m["satisfaction"] is None:
        assert tile["satisfaction"] is None
    else:
        assert tile["satisfaction"] == pytest.approx(m["satisfaction"], abs=0.0051)


@pytest.mark.parametrize("size", SIZES, ids=["1920x1080", "3840x2160"])
def test_wall_fills_the_screen_without_scrollbars_and_tiles_equal_the_api(browser, base_url, size):
    context, page = _wall(browser, base_url + "/wall?rotate=0", size)
    try:
        dims = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
            " document.body.scrollWidth, document.body.scrollHeight, innerWidth, innerHeight]"
        )
        assert dims == [size[0], size[1], size[0], size[1], size[0], size[1]]
        # Every panel lies inside the screen (nothing clipped off an edge).
        for sel in (".wall-header", ".wall-tiles", ".wall-panel-ticker", ".wall-center", ".wall-panel-pain"):
            box = page.locator(sel).bounding_box()
            assert box["x"] >= 0 and box["y"] >= 0
            assert box["x"] + box["width"] <= size[0] + 0.5 and box["y"] + box["height"] <= size[1] + 0.5
        assert page.evaluate("getComputedStyle(document.body).cursor") == "none"
        assert page.locator(".gs-header").is_hidden()
        _assert_tiles_equal_metrics(page, base_url)
        assert page.locator("#wall-focus").inner_text() == "全镇"
        assert page.locator("#wall-asof").inner_text() == "2026-11-22 16:00"
        # The map: every grid, the areas, stations and the open incidents drawn on canvas.
        assert page.locator(".leaflet-wall-grids-pane path").count() == 388
        assert page.locator(".leaflet-wall-points-pane canvas").count() == 1
        health = requests.get(f"{base_url}/api/health", timeout=5).json()
        assert page.locator("#wall-open-total").inner_text().replace(",", "") == str(health["open_incidents"])
        assert page.locator(".wall-ticker-row .wall-ticker-place").first.inner_text() != ""
        assert page.locator(".wall-pain-row .wall-pain-category").first.inner_text() != ""
        assert page.locator("#wall-stale").is_hidden()
        assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '网格')")
        assert page.errors == []
    finally:
        context.close()


def test_focus_rotates_to_an_area_and_its_tiles_follow(browser, base_url):
    context, page = _wall(browser, base_url + "/wall?rotate=5&areas=A02,A03")
    try:
        page.wait_for_function("() => document.getElementById('wall-focus').textContent !== '全镇'", timeout=15_000)
        page.wait_for_function(
            "() => window.gridscopeWall.fingerprint && window.gridscopeWall.focusIndex === 1 && "
            "!window.gridscopeWall.inFlight",
            timeout=15_000,
        )
        page.wait_for_timeout(300)
        areas = requests.get(f"{base_url}/api/wall?area=A02", headers=API, timeout=10).json()
        assert page.locator("#wall-focus").inner_text() == areas["area_name"]
        _assert_tiles_equal_metrics(page, base_url, "A02")
    finally:
        context.close()


def test_simulated_town_moves_within_two_refreshes(browser, demo_db: Path, tmp_path: Path):
    db = tmp_path / "sim.duckdb"
    shutil.copy(demo_db, db)
    with running_server(db, args=["--simulate", "--simulate-every", "1"]) as url:
        context, page = _wall(browser, url + "/wall?rotate=0&refresh=3")
        try:
            before = (page.locator("#wall-value-open").inner_text(), page.locator("#wall-ticker").inner_text())
            cycles = int(page.locator("#wall-root").get_attribute("data-cycles"))
            page.wait_for_function(
                f"() => +document.getElementById('wall-root').dataset.cycles >= {cycles + 2}", timeout=15_000
            )
            after = (page.locator("#wall-value-open").inner_text(), page.locator("#wall-ticker").inner_text())
            assert after != before
            # The simulation writes at the wall clock: the dataset's now has left the demo's --now.
            if local_now() > DEMO_NOW:
                assert page.locator("#wall-asof").inner_text() > f"{DEMO_NOW:%Y-%m-%d %H:%M}"
        finally:
            context.close()


def test_stopped_server_shows_the_stale_banner_and_recovery_clears_it_without_reload(
    browser, demo_db: Path, tmp_path: Path
):
    db = tmp_path / "stale.duckdb"
    shutil.copy(demo_db, db)
    port = free_port()
    with running_server(db, port=port) as url:
        context, page = _wall(browser, url + "/wall?rotate=0&refresh=1&stale=3")
        page.evaluate("window.__sameDocument = true")
        count = page.locator("#wall-value-count").inner_text()
    try:
        # The server is gone: the last good view stays, with the banner.
        page.wait_for_selector("#wall-stale:not([hidden])", timeout=20_000)
        assert "数据未更新" in page.locator("#wall-stale").inner_text()
        assert page.locator("#wall-value-count").inner_text() == count
        time.sleep(1)
        with running_server(db, port=port):
            page.wait_for_selector("#wall-stale", state="hidden", timeout=30_000)
            assert page.evaluate("window.__sameDocument") is True
            assert page.locator("#wall-value-count").inner_text() == count
    finally:
        context.close()


def test_watchdog_reloads_a_wall_that_stopped_drawing(browser, base_url):
    context, page = _wall(browser, base_url + "/wall?rotate=0&refresh=1")
    try:
        # Break the page under the script: every render now fails; after three the watchdog reloads.
        page.evaluate("window.__sameDocument = true; document.getElementById('wall-ticker').remove()")
        page.wait_for_function("() => window.__sameDocument === undefined", timeout=30_000)
        page.wait_for_selector("#wall-root[data-ready]", state="attached", timeout=30_000)
        assert page.locator(".wall-ticker-row").count() == 8
    finally:
        context.close()


def test_english_wall(browser, base_url):
    context, page = _wall(browser, base_url + "/wall?rotate=0&lang=en")
    try:
        assert page.locator("#wall-focus").inner_text() == "Whole town"
        assert page.locator("#wall-tile-count .wall-tile-label").inner_text() == "Incidents today"
        assert page.locator("#wall-date").inner_text().endswith(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))
        assert page.errors == []
    finally:
        context.close()

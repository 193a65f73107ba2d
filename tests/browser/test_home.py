"""The home page in a real browser: the town's grids over the offline basemap, nothing fetched from outside."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def _open_home(page, base_url: str) -> None:
    page.goto(base_url + "/", wait_until="networkidle")
    page.wait_for_selector(".leaflet-grids-pane path", timeout=30_000)


def test_home_draws_every_grid_over_roads_and_water(page, base_url):
    _open_home(page, base_url)
    assert page.locator(".leaflet-grids-pane path").count() == 388
    assert page.locator(".leaflet-basemap-roads-pane path").count() == 3  # arterial, local, path
    assert page.locator(".leaflet-basemap-water-pane path").count() >= 2
    assert page.locator(".leaflet-boundary-1-pane path").count() == 5
    assert page.locator("#home-kpi-grids").inner_text() == "388"
    assert page.locator("#home-kpi-areas").inner_text() == "5"
    assert page.errors == []


def test_home_is_offline_and_chinese_renders(page, base_url):
    _open_home(page, base_url)
    hosts = {urlparse(u).hostname for u in page.requests if not u.startswith("data:")}
    assert hosts == {"127.0.0.1"}
    # The CJK font is a local one: Chinese labels are drawn with real glyphs, not tofu boxes.
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '网格')")
    assert "演示数据" in page.locator("#home-notice").inner_text()


def test_hovering_a_grid_shows_its_name_and_population(page, base_url):
    _open_home(page, base_url)
    box = page.locator(".leaflet-grids-pane path").nth(200).bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=5_000)
    assert "常住人口" in tooltip.inner_text()

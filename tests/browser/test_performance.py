"""The performance page in a real browser: every chart drawn with data, the area filter in the URL with tiles
equal to /api/metrics, the ranking leading to the map filtered to the unit."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from tests.access import API

pytestmark = pytest.mark.browser

CHARTS = ["rates", "durations", "volume", "backlog", "escalations", "areas", "heat-volume", "heat-missed"]
TILES = {"respond": ("respond", "rate"), "arrive": ("arrive", "rate"), "dispose": ("dispose", "rate")}
TILES |= {"count": ("count",), "closure": ("closure_rate",), "satisfaction": ("satisfaction",)}
# Non-empty data of every trace of a plotly graph: points with a value in x, y or z.
TRACE_SIZES = """el => el.data.map(t => ['x', 'y', 'z']
    .map(k => (t[k] || []).flat().filter(v => v !== null && v !== undefined).length)
    .reduce((a, b) => Math.max(a, b), 0))"""


def _open(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#performance-chart-rates .js-plotly-plot", timeout=30_000)


def _tile_values(page) -> dict[str, float]:
    return {k: float(page.locator(f"#performance-kpi-{k}").get_attribute("data-value")) for k in TILES}


def _api_values(base_url: str, query: str) -> dict[str, float]:
    body = requests.get(f"{base_url}/api/metrics?{query}", headers=API, timeout=10).json()
    out = {}
    for tile, path in TILES.items():
        v = body
        for key in path:
            v = v[key]
        out[tile] = float(v)
    return out


def test_every_chart_renders_with_data(page, base_url):
    _open(page, base_url + "/performance")
    for key in CHARTS:
        sizes = page.locator(f"#performance-chart-{key} .js-plotly-plot").evaluate(TRACE_SIZES)
        assert sizes and max(sizes) > 0, key
        assert page.locator(f"#performance-note-{key}").inner_text().startswith("口径")
    assert page.locator(".gs-rank-link").count() >= 20
    assert page.errors == []


def test_area_filter_changes_url_and_tiles_equal_api(page, base_url):
    _open(page, base_url + "/performance")
    assert _tile_values(page) == pytest.approx(_api_values(base_url, ""))
    page.locator("#performance-filter-area").click()
    page.get_by_role("option", name="新城片区").click()
    page.wait_for_url("**/performance?*area=*", timeout=15_000)
    query = urlparse(page.url).query
    assert parse_qs(query)["area"] == ["A02"]
    expected = _api_values(base_url, query)
    # The router re-renders the page from the new URL; wait until the tiles show the area's volume.
    page.wait_for_function(
        f"() => document.querySelector('#performance-kpi-count').dataset.value === '{int(expected['count'])}'",
        timeout=15_000,
    )
    assert _tile_values(page) == pytest.approx(expected)
    assert _tile_values(page)["count"] < _api_values(base_url, "")["count"]
    # The URL reproduces the view: opening it afresh shows the same tiles.
    _open(page, page.url)
    assert _tile_values(page) == pytest.approx(_api_values(base_url, query))


def test_bad_url_parameter_is_ignored_with_a_notice(page, base_url):
    _open(page, base_url + "/performance?severity=9&area=A01")
    assert "severity" in page.locator("#performance-notice").inner_text()
    assert _tile_values(page) == pytest.approx(_api_values(base_url, "area=A01"))


def test_ranking_click_lands_on_the_map_filtered_to_the_unit(page, base_url):
    _open(page, base_url + "/performance?from=2026-09-01&to=2026-11-22")
    row = page.locator("#performance-rank-3-rate-worst li").first
    unit = row.get_attribute("data-unit")
    name = row.locator(".gs-rank-name").inner_text()
    row.locator("a").click()
    page.wait_for_url("**/map?**", timeout=15_000)
    url = urlparse(page.url)
    q = parse_qs(url.query)
    assert url.path == "/map"
    assert q["grid"] == [unit] and q["area"] == [unit.split("-")[0]]
    assert (q["from"], q["to"]) == (["2026-09-01"], ["2026-11-22"])
    # The map shows that unit: drilled into (breadcrumb ends at it) and its incidents counted.
    page.wait_for_selector("#map-breadcrumb .gs-crumb-here", timeout=30_000)
    assert page.locator("#map-breadcrumb .gs-crumb-here").inner_text() == name
    api = requests.get(f"{base_url}/api/incidents?{url.query}&limit=0", headers=API, timeout=10).json()["total"]
    page.wait_for_function(
        "n => { const e = document.querySelector('#map-count-value');"
        " return e && e.innerText.replace(/,/g, '').trim() === String(n); }",
        arg=api,
        timeout=15_000,
    )


def test_the_address_settles_on_the_view_shown_and_keeps_the_language(page, base_url):
    _open(page, base_url + "/performance?severity=9&area=A01&lang=en")
    # At load the address names the period and grain shown; the page is not built again (its notice stays).
    page.wait_for_url("**/performance?*grain=day*", timeout=15_000)
    assert parse_qs(urlparse(page.url).query) == {
        "area": ["A01"],
        "from": ["2026-10-24"],
        "to": ["2026-11-22"],
        "grain": ["day"],
        "lang": ["en"],
    }
    assert "severity" in page.locator("#performance-notice").inner_text()
    page.get_by_text("按周").click()
    page.wait_for_url("**/performance?*grain=week*", timeout=15_000)
    assert parse_qs(urlparse(page.url).query)["lang"] == ["en"]
    _open(page, page.url)
    assert page.locator("#performance-grain input[value=week]").is_checked()

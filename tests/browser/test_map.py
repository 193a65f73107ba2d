"""The leaders' map in a real browser: area filter ↔ URL ↔ /api/incidents, drill-down and breadcrumb,
layer toggles and the legend, shared URLs, ranked pain points, search and the incident timeline, English."""

from __future__ import annotations

import re

import pytest
import requests

from tests.access import API

pytestmark = pytest.mark.browser


def _open(page, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#map-count-value", timeout=30_000)
    page.wait_for_selector(".leaflet-units-pane path", timeout=30_000)


def _count(page) -> int:
    return int(page.locator("#map-count-value").inner_text().replace(",", ""))


def _wait_count(page, expected: int) -> None:
    """Wait until the page shows `expected` incidents (it updates after the filter's round trip)."""
    page.wait_for_function(
        "n => { const e = document.querySelector('#map-count-value');"
        " return e && e.innerText.replace(/,/g, '').trim() === String(n); }",
        arg=expected,
        timeout=15_000,
    )


def _api_total(base_url: str, query: str) -> int:
    return requests.get(f"{base_url}/api/incidents?{query}&limit=0", headers=API, timeout=10).json()["total"]


def test_choosing_an_area_filters_zooms_and_matches_the_api(page, base_url):
    _open(page, base_url + "/map")
    assert page.locator(".leaflet-units-pane path").count() == 5  # the functional areas
    town = _count(page)
    assert town == _api_total(base_url, "")
    scale_before = page.locator(".leaflet-control-scale-line").inner_text()
    page.locator("#map-filter-area").click()
    page.get_by_role("option", name="老镇片区").click()
    page.wait_for_url(re.compile(r"/map\?area=A01$"))
    expected = _api_total(base_url, "area=A01")
    assert expected < town
    _wait_count(page, expected)
    # Zoomed in to the area: its communities are drawn and the scale bar measures a shorter distance.
    page.wait_for_function("() => document.querySelectorAll('.leaflet-units-pane path').length > 5")
    page.wait_for_function(
        "s => document.querySelector('.leaflet-control-scale-line').innerText != s", arg=scale_before
    )
    assert page.errors == []


def test_clicking_units_drills_down_and_the_breadcrumb_goes_back(page, base_url):
    _open(page, base_url + "/map?area=A01")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-units-pane path').length > 5")
    communities = page.locator(".leaflet-units-pane path").count()
    page.locator(".leaflet-units-pane path").nth(0).click(force=True)
    page.wait_for_url(re.compile(r"grid=A01-C\d\d"))
    page.wait_for_function("() => document.querySelectorAll('#map-breadcrumb .gs-crumb').length == 2")
    grid_url = page.url
    assert page.locator("#map-breadcrumb .gs-crumb-here").inner_text().endswith("居委")
    _wait_count(page, _api_total(base_url, grid_url.split("?", 1)[1]))
    # Back up to the area through the breadcrumb.
    page.locator("#map-breadcrumb .gs-crumb", has_text="老镇片区").click()
    page.wait_for_url(re.compile(r"/map\?area=A01$"))
    page.wait_for_function("n => document.querySelectorAll('.leaflet-units-pane path').length == n", arg=communities)
    assert page.errors == []


def _incident_layer_requests(page) -> list[list[str]]:
    """From now on, the changed inputs of each request for the incident layer."""
    seen: list[list[str]] = []

    def record(request) -> None:
        if "_dash-update-component" in request.url and "map-incidents.data" in (request.post_data or ""):
            seen.append(request.post_data_json.get("changedPropIds", []))

    page.on("request", record)
    return seen


def test_the_incident_layer_is_asked_for_once_a_move_settles(page, base_url):
    _open(page, base_url + "/map?area=A01")
    page.wait_for_function("() => document.querySelectorAll('.leaflet-units-pane path').length > 5")
    page.wait_for_timeout(800)  # the first fit's settled view
    asked = _incident_layer_requests(page)
    # Drilling in flies the map to the community: one request for the filter, one for the view it settles
    # on (each step of the flight used to send one: 8-24 per move).
    page.locator(".leaflet-units-pane path").nth(0).click(force=True)
    page.wait_for_url(re.compile(r"grid=A01-C\d\d"))
    page.wait_for_timeout(1500)
    by_bounds = [changed for changed in asked if "map-map.bounds" in changed]
    assert len(by_bounds) == 1 and len(asked) == 2
    # Dragging the map: one request, once it has stopped.
    asked.clear()
    box = page.locator(".leaflet-container").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 200, y - 100, steps=10)
    page.mouse.up()
    page.wait_for_timeout(1200)
    assert len(asked) == 1 and "map-map.bounds" in asked[0]
    assert page.errors == []


def test_toggling_a_layer_adds_or_removes_its_legend_entry(page, base_url):
    _open(page, base_url + "/map")
    legend = page.locator("#map-legend")
    assert legend.locator("[data-layer=circles]").count() == 0
    page.get_by_label("15分钟生活圈").check()
    legend.locator("[data-layer=circles]").first.wait_for()
    assert "circles" in page.url
    page.get_by_label("预警地图（风险点）").uncheck()
    page.wait_for_function("() => !document.querySelector('#map-legend [data-layer=warning]')")
    assert legend.locator("[data-layer=warning]").count() == 0


def test_a_shared_url_reproduces_the_view(page, base_url):
    url = base_url + "/map?area=A02&from=2026-09-01&to=2026-11-22&category=group_rental,noise&metric=compliance"
    _open(page, url)
    assert page.url == url
    assert _count(page) == _api_total(base_url, url.split("?", 1)[1])
    assert page.locator("input#map-filter-dates").input_value() == "2026-09-01"
    assert "51530" in page.locator("#map-legend").inner_text()
    assert page.locator("#map-breadcrumb .gs-crumb-here").inner_text() == "新城片区"


def test_pain_point_layer_lists_ranked_pain_points(page, base_url):
    _open(page, base_url + "/map")
    items = page.locator("#map-pain-list li")
    items.first.wait_for()
    ranks = [int(r) for r in items.evaluate_all("els => els.map(e => e.dataset.rank)")]
    assert len(ranks) == 10 and ranks == sorted(ranks) and ranks[0] == 1
    counts = [int(re.search(r"(\d+)", t).group(1)) for t in items.locator(".gs-muted").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)
    assert page.locator(".leaflet-marker-pane .gs-pain-pin").count() == 10


def test_search_an_incident_opens_its_lifecycle(page, base_url):
    newest = requests.get(f"{base_url}/api/incidents?limit=1&status=closed", headers=API, timeout=10).json()[
        "features"
    ][0]
    _open(page, base_url + "/map")
    page.locator("#map-search").fill(newest["properties"]["incident_id"])
    page.locator("#map-search").press("Enter")
    steps = page.locator("#map-timeline-steps li")
    steps.first.wait_for()
    assert steps.count() == 5  # reported, responded, arrived, disposed, closed
    assert "已办结" in steps.nth(4).inner_text()


def test_english_view(page, base_url):
    _open(page, base_url + "/map?lang=en")
    assert "Incidents matching the filters" in page.locator("#map-count").inner_text()
    assert page.locator("label[for=map-filter-area]").inner_text() == "Functional area"
    assert "Pain points" in page.locator("#map-pain-panel").inner_text()
    assert page.errors == []

"""One typed view state per page: written to the URL and read back unchanged, bad values answered as before."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.filters import Filters
from app.domain.view import (
    DEFAULT_MAP_LAYERS,
    CoverageView,
    HomeView,
    MapView,
    PerformanceView,
    SnapshotView,
    WallView,
    lang_of,
)

VIEWS = [
    MapView(),
    MapView(Filters(areas=("A01",), grids=("A01-C03",), map_layers=("grids", "incidents")), "compliance", "en"),
    MapView(
        Filters(
            date_from=date(2026, 10, 1),
            date_to=date(2026, 11, 22),
            incident_layers=("pain_point",),
            categories=("ebike_charging", "noise"),
            statuses=("overdue",),
            sources=("hotline",),
            severities=(3, 4),
            map_layers=DEFAULT_MAP_LAYERS,
        ),
        "per_1000",
        "zh",
    ),
    PerformanceView(),
    PerformanceView(Filters(areas=("A02",), date_from=date(2026, 11, 1)), "week", "en"),
    CoverageView(),
    CoverageView(("A01", "A05"), 10, "en"),
    WallView(),
    WallView(rotate=0.0, refresh=2.5, stale=9.0, still=0.0, areas=("A01", "A02"), lang="en"),
    HomeView("en"),
    SnapshotView(),
    SnapshotView("coverage", 1200, 800, "老镇 覆盖", "A3", "area=A01&minutes=10&lang=en"),
]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: f"{type(v).__name__}:{v.to_query() or 'default'}")
def test_a_view_written_to_the_url_reads_back_the_same(view):
    query = view.to_query()
    assert type(view).from_query(query) == view
    assert type(view).from_query("?" + query) == view


def test_defaults_are_left_out_of_the_url():
    assert [v.to_query() for v in (MapView(), PerformanceView(), CoverageView(), WallView(), HomeView())] == [""] * 5
    assert MapView(metric="compliance", lang="en").to_query() == "metric=compliance&lang=en"
    assert CoverageView(("A05", "A01"), 15, "zh").to_query() == "area=A01,A05"


def test_the_language_is_kept_by_every_page():
    for cls in (MapView, PerformanceView, CoverageView, WallView, HomeView):
        assert "lang=en" in cls.from_query("lang=en").to_query()
    assert SnapshotView.from_query("page=map&area=A01&lang=en").lang == "en"
    assert lang_of("?area=A01&lang=fr") == "zh"


def test_bad_values_fall_back_as_the_pages_did():
    # A page reads any town's category codes by their form; one not of that form falls back.
    m = MapView.from_query("?area=A01&category=Gossip!&metric=colour&layers=&lang=xx")
    assert (m.filters.areas, m.filters.categories, m.metric, m.lang) == (("A01",), (), "open_n", "zh")
    assert m.filters.map_layers == DEFAULT_MAP_LAYERS
    p = PerformanceView.from_query({"grain": "hour", "severity": "7", "area": "A02"})
    assert (p.grain, p.filters.areas) == ("", ("A02",))
    assert any("grain" in e for e in p.errors) and any("severity" in e for e in p.errors)
    c = CoverageView.from_query({"area": "A01,ZZ", "minutes": "soon"}, known_areas=["A01"], known_minutes=[5, 15])
    assert (c.areas, c.minutes) == (("A01",), 15)
    assert CoverageView.from_query({"minutes": "7"}, known_minutes=[5, 10]).minutes == 10
    s = SnapshotView.from_query({"page": "map", "w": "99999", "h": "x", "area": "A01"})
    assert (s.width, s.height, s.view) == (8000, 1000, "area=A01")
    assert SnapshotView.from_query({"page": "wall"}).page == "wall"  # the page answers it with a sentence


def test_a_snapshot_of_a_page_address_keeps_the_page_view_and_drops_sheet_parameters():
    s = SnapshotView.of_page("map", "?area=A01&w=5&title=x&layers=grids,incidents", width=1600, height=1000)
    assert s.to_query() == "page=map&area=A01&layers=grids,incidents&w=1600&h=1000"

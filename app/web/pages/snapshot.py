"""`/snapshot` — the print view of a page, what snapshots (PNG/PDF) are taken of.

`/snapshot?page=map&<the map's URL parameters>` draws exactly the layers, filters and extent the map's URL
describes; `page=coverage&area=…&minutes=…` the coverage page's. Every layer is computed here, in the
layout (no callback round trips), around it the sheet of app.web.components.snapshot_sheet. Sheet parameters:
`title` (default: town · place · page), `w`/`h` (the sheet's pixels, for fitting and binning the map),
`paper` (A4/A3 for a PDF).
"""

from __future__ import annotations

import dash_leaflet as dl
from dash import ClientsideFunction, Input, Output, clientside_callback, dcc, html

from app.domain.i18n import t
from app.domain.view import DEFAULT_MINUTES, MAP_LAYERS, SNAPSHOT_PAGES, CoverageView, MapView, SnapshotView
from app.geo.geojson import leaflet_bounds, point_feature
from app.geo.tiles import fit_zoom
from app.services import coverage, metrics, repo
from app.web import context
from app.web.components import coverage_panels
from app.web.components.map_layers import basemap_layers, circles_layer, coverage_grid_layer, js, leaders_layers
from app.web.components.snapshot_sheet import filter_line, label_value, map_size, sheet, snapshot_map
from app.web.pages import map_view
from app.web.pages.coverage import _grid_features, tier_legend

PAGE = "snapshot"
PATH = "/snapshot"
TITLE = "网格一张图 · 快照"


def layout(**query: str) -> html.Div:
    view = SnapshotView.from_query(query)
    if view.page not in SNAPSHOT_PAGES:
        return html.Div(
            f"unknown page {view.page!r}: expected one of {', '.join(SNAPSHOT_PAGES)}", className="gs-empty"
        )
    if repo.town_extent(context.current().db) is None:  # neither grids nor roads: nothing to print
        lang = view.lang
        return html.Div(className="gs-empty", children=[html.H2(t("empty.title", lang)), html.P(t("empty.text", lang))])
    build = _map_sheet if view.page == "map" else _coverage_sheet
    return build(view, map_size(view.width, view.height))


def default_title(town: str, place: str, page: str, lang: str = "zh") -> str:
    what = t("map.title", lang) if page == "map" else ("15分钟党群服务圈覆盖" if lang == "zh" else "15-minute coverage")
    return " · ".join(p for p in (town, place, what) if p)


def _map_sheet(sheet_view: SnapshotView, size: tuple[int, int]) -> html.Div:
    c = context.current()
    db = c.db
    search = "?" + sheet_view.view
    view = MapView.from_query(search)
    filters, metric, lang = view.filters, view.metric, view.lang
    on = set(filters.map_layers)
    units, hideout, risk, pain, _crumbs, panel = map_view.layers_for(search)
    extent = map_view.target_extent(db, filters)
    zoom = fit_zoom(extent, *size)
    incidents, _note, _mode = map_view.incidents_for(search, leaflet_bounds(extent), zoom)
    stations, circles = map_view.static_layers(on)
    trail = map_view.drill(repo.units(db), filters, lang)[3]
    town = map_view.repo_town_name(db, lang)
    place = " › ".join(label for label, _, _ in trail[1:])
    scope = metrics.make_scope(db, filters, c.settings.stage_limits)
    shown = ("、" if lang == "zh" else ", ").join(t(f"layer.{k}", lang) for k in MAP_LAYERS if k in on)
    extra = [
        label_value(t("map.metric", lang), t(f"metric.{metric}", lang), lang),
        label_value(t("map.layers", lang), shown, lang),
    ]
    children = [
        *basemap_layers(db, c.settings.basemap, PAGE),
        *leaders_layers(
            PAGE,
            db,
            dl.GeoJSON(
                id=f"{PAGE}-units",
                data=units,
                hideout=hideout,
                style=js("leaders.unitStyle"),
                onEachFeature={"variable": "gridscopeExport.unitLabel"},
                interactive=False,
            ),
            {"circles": circles, "incidents": incidents, "risk": risk, "stations": stations, "pain": pain},
        ),
    ]
    meta = repo.meta(db)
    return sheet(
        PAGE,
        title=sheet_view.title or default_title(town, place, "map", lang),
        filters_text=filter_line(filters, scope.period, place or town, lang, extra, context.taxonomy()),
        the_map=snapshot_map(PAGE, extent, children, c.settings.basemap.max_zoom),
        # The map's own count and legend, HTML text written into these boxes by leaders.drawPanel.
        legend=html.Div(id=f"{map_view.PAGE}-legend-box"),
        summary=[
            html.Div(className="gs-count", id=f"{map_view.PAGE}-count"),
            dcc.Store(
                id=f"{PAGE}-panel",
                data={k: panel[k] for k in (f"{map_view.PAGE}-count", f"{map_view.PAGE}-legend-box")},
            ),
            dcc.Store(id=f"{PAGE}-panel-drawn"),
        ],
        data_until=f"{scope.now:%Y-%m-%d %H:%M}",
        dataset=_dataset_note(meta, lang),
        lang=lang,
        paper=sheet_view.paper,
    )


def _dataset_note(meta: dict[str, str], lang: str) -> str:
    if meta.get("synthetic") == "true":
        return "演示数据（虚构）" if lang == "zh" else "Demo data (fictional)"
    return ""


def _coverage_sheet(sheet_view: SnapshotView, size: tuple[int, int]) -> html.Div:
    c = context.current()
    db = c.db
    area_list = coverage.areas(db)
    known = coverage.computed_minutes(db)
    view = CoverageView.from_query(sheet_view.view, [a for a, _ in area_list], known or [DEFAULT_MINUTES])
    areas, minutes = list(view.areas), view.minutes
    place = "、".join(n for a, n in area_list if a in areas)
    meta = repo.meta(db)
    town = meta.get("town_name", "全镇")
    total = coverage.town_total(db, minutes, areas) if known else None
    stations = coverage.stations_geojson(db, [])
    suggestions = coverage.suggestions(db, minutes) if known else []
    suggestion_fc = {
        "type": "FeatureCollection",
        "features": [point_feature(s.lon, s.lat, rank=s.rank) for s in suggestions],
    }
    extent = repo.units_extent(db, areas)
    children = [
        *basemap_layers(db, c.settings.basemap, PAGE),
        coverage_grid_layer(
            PAGE, _grid_features(coverage.grids(db, minutes, areas)) if known else map_view.EMPTY, interactive=False
        ),
        dl.Pane(
            dl.GeoJSON(
                id=f"{PAGE}-boundary-1",
                data=repo.grids_geojson(db, 1),
                style=js("map.boundaryStyle"),
                onEachFeature={"variable": "gridscopeExport.unitLabel"},
                interactive=False,
            ),
            name="boundary-1",
            style={"zIndex": 415, "pointerEvents": "none"},
        ),
        circles_layer(PAGE, coverage.circles_geojson(db, minutes, []) if known else map_view.EMPTY),
        dl.GeoJSON(id=f"{PAGE}-stations", data=stations, pointToLayer=js("coverage.stationMarker")),
        dl.GeoJSON(id=f"{PAGE}-suggested", data=suggestion_fc, pointToLayer=js("coverage.suggestionMarker")),
    ]
    share = coverage_panels.pct(total.covered_share) if total else "—"
    summary = [
        html.Div(
            [html.Span(f"步行{minutes}分钟覆盖率 "), html.B(share, id=f"{PAGE}-share")],
            className="gs-count",
            id=f"{PAGE}-count",
        )
    ]
    legend = coverage_panels.legend(PAGE, tier_legend(context.taxonomy()))
    speed = c.settings.walking_speed_kmh
    line = "  |  ".join(
        (
            f"范围：{place or town}",
            f"步行时间：{minutes} 分钟",
            f"步速：{speed:g} km/h",
            "图层：网格覆盖率、生活圈、服务阵地、建议站点",
        )
    )
    return sheet(
        PAGE,
        title=sheet_view.title or default_title(town, place, "coverage"),
        filters_text=line,
        the_map=snapshot_map(PAGE, extent, children, c.settings.basemap.max_zoom),
        legend=html.Div([html.H3("图例", className="gs-snap-legend-title"), legend]),
        summary=summary,
        data_until=meta.get("data_until", "")[:16],
        dataset=_dataset_note(meta, "zh"),
        lang="zh",
        paper=sheet_view.paper,
    )


clientside_callback(
    ClientsideFunction("leaders", "drawPanel"),
    Output(f"{PAGE}-panel-drawn", "data"),
    Input(f"{PAGE}-panel", "data"),
)

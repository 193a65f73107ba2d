"""The leaders' map `/map` (领导一张图): units shaded by a metric with drill-down, stations, circles, the
warning and pain-point maps, and incidents — counted per cell when many, drawn one by one when few.

The URL is the view state (app.domain.view.MapView: the filters plus `metric` and `lang`). Controls change a
store holding the canonical query string; the address bar follows it without a reload
(app.web.components.url_state), and every layer reads from it.
"""

from __future__ import annotations

import dash_leaflet as dl
from dash import (
    ALL,
    ClientsideFunction,
    Input,
    Output,
    State,
    callback,
    clientside_callback,
    ctx,
    dcc,
    html,
    no_update,
)

from app.domain.i18n import t
from app.domain.view import MAP_LAYERS, MAP_METRICS, MapView
from app.geo.geojson import leaflet_bounds, leaflet_latlng
from app.geo.tiles import fit_zoom
from app.services import coverage, mapdata, metrics, repo
from app.web import context
from app.web.components import map_panels as panels
from app.web.components import missing
from app.web.components.export_dialog import export_bar
from app.web.components.filter_bar import filter_bar, filter_inputs
from app.web.components.map_layers import basemap_layers, js, leaders_layers
from app.web.components.url_state import url_stores, write_url
from app.web.pages.map_view import (
    EMPTY,
    FIELDS,
    MIN_ZOOM,
    PAGE,
    incidents_for,
    layers_for,
    search_for,
    static_layers,
    target_extent,
    target_viewport,
    view_from_controls,
    view_search,
)

PATH = "/map"
TITLE = "网格一张图 · 领导一张图"


def layout(**query: str) -> html.Div:
    c = context.current()
    db = c.db
    view = MapView.from_query(query)
    filters, metric, lang = view.filters, view.metric, view.lang
    scope = metrics.make_scope(db, filters, c.settings.stage_limits)
    areas = dict(coverage.areas(db))
    extent = target_extent(db, filters)
    if extent is None:  # neither grids nor roads: nothing to draw yet
        return html.Div(className="gs-empty", children=[html.H2(t("empty.title", lang)), html.P(t("empty.text", lang))])
    no_grids = not areas
    zoom = fit_zoom(extent, 1000, 760)
    center = leaflet_latlng((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
    controls = html.Div(
        className="gs-map-controls",
        children=[
            html.Label(t("map.layers", lang), htmlFor=f"{PAGE}-layers", className="gs-filter-label"),
            dcc.Checklist(
                id=f"{PAGE}-layers",
                value=list(filters.map_layers),
                className="gs-checks",
                options=[{"label": t(f"layer.{k}", lang), "value": k} for k in MAP_LAYERS],
            ),
            html.Label(t("map.metric", lang), htmlFor=f"{PAGE}-metric", className="gs-filter-label"),
            dcc.Dropdown(
                id=f"{PAGE}-metric",
                value=metric,
                clearable=False,
                searchable=False,
                options=[{"label": t(f"metric.{m}", lang), "value": m} for m in MAP_METRICS],
            ),
        ],
    )
    top = html.Div(
        className="gs-map-top",
        children=[
            filter_bar(PAGE, filters, scope.period, areas, FIELDS, data_until=scope.now.date(), lang=lang),
            html.Div(
                className="gs-search",
                children=[
                    html.Label(t("map.search", lang), htmlFor=f"{PAGE}-search", className="gs-sr-only"),
                    dcc.Input(id=f"{PAGE}-search", type="search", debounce=True, placeholder=t("map.search", lang)),
                    html.Div(id=f"{PAGE}-search-results", className="gs-search-results"),
                ],
            ),
            export_bar(PAGE, lang),
            dcc.Link(
                t("lang.switch", lang),
                id=f"{PAGE}-lang",
                href=PATH + view_search(view.replace(lang="en" if lang == "zh" else "zh")),
                className="gs-lang",
                refresh=True,
            ),
        ],
    )
    the_map = dl.Map(
        id=f"{PAGE}-map",
        center=center,
        zoom=zoom,
        zoomSnap=0.25,
        minZoom=MIN_ZOOM,
        maxZoom=c.settings.basemap.max_zoom,
        viewport={"bounds": leaflet_bounds(extent), "transition": "fitBounds"},
        trackViewport=False,
        eventHandlers={"moveend": js("leaders.viewportSettled")},
        attributionControl=False,
        className="gs-map",
        children=[
            *basemap_layers(db, c.settings.basemap, PAGE),
            *leaders_layers(
                PAGE,
                db,
                dl.GeoJSON(
                    id=f"{PAGE}-units", data=EMPTY, style=js("leaders.unitStyle"), hoverStyle=js("leaders.unitHover")
                ),
                {},
            ),
            dl.ScaleControl(position="bottomleft", imperial=False),
            dl.AttributionControl(
                prefix="底图：本镇矢量数据 / Basemap: town vector data · Leaflet", position="bottomright"
            ),
        ],
    )
    panel = html.Aside(
        className="gs-map-panel",
        children=[
            html.P(t("map.no_grids", lang), className="gs-notice", id=f"{PAGE}-no-grids") if no_grids else None,
            None if no_grids else missing.notice(PAGE, missing.missing_kinds(repo.town_summary(db)), lang),
            html.Div(id=f"{PAGE}-crumbs"),
            # Count, unit card, pain points and legend: HTML text written by leaders.drawPanel (gridscope.js).
            html.Div(id=f"{PAGE}-count", className="gs-count", **{"aria-live": "polite"}),
            html.Div(id=f"{PAGE}-inview", className="gs-muted"),
            html.Div(id=f"{PAGE}-timeline", className="gs-timeline-box"),
            html.Div(id=f"{PAGE}-unit"),
            html.Div(id=f"{PAGE}-pain-panel"),
            controls,
            html.Div(id=f"{PAGE}-legend-box"),
            html.P(f"{t('data_until', lang)} {scope.now:%Y-%m-%d %H:%M}", className="gs-asof"),
        ],
    )
    return html.Div(
        className="gs-map-page",
        lang="zh-CN" if lang == "zh" else "en",
        children=[
            dcc.Store(id=f"{PAGE}-view", data=view_search(view)),
            dcc.Store(id=f"{PAGE}-grid", data=filters.grids[0] if len(filters.grids) == 1 else ""),
            dcc.Store(id=f"{PAGE}-target"),
            dcc.Store(id=f"{PAGE}-mode", data="points"),
            url_stores(PAGE),
            dcc.Store(id=f"{PAGE}-panel"),
            dcc.Store(id=f"{PAGE}-panel-drawn"),
            top,
            html.Div(
                className="gs-map-body",
                children=[
                    html.Main(the_map, className="gs-map-wrap", **{"aria-label": t("map.title", lang)}),
                    panel,
                ],
            ),
        ],
    )


# Every control of the view: both data callbacks take them directly (no hop through the view store first).
VIEW_INPUTS = (
    *filter_inputs(PAGE, FIELDS),
    Input(f"{PAGE}-grid", "data"),
    Input(f"{PAGE}-layers", "value"),
)


@callback(
    Output(f"{PAGE}-view", "data"),
    Output(f"{PAGE}-units", "data"),
    Output(f"{PAGE}-units", "hideout"),
    Output(f"{PAGE}-risk", "data"),
    Output(f"{PAGE}-pain", "data"),
    Output(f"{PAGE}-crumbs", "children"),
    Output(f"{PAGE}-panel", "data"),
    *VIEW_INPUTS,
    Input(f"{PAGE}-metric", "value"),
    State(f"{PAGE}-view", "data"),
)
def _layers(*values):
    *controls, grid, layers, metric, current = values
    if ctx.triggered_id is None:  # the page's first draw: the view is the URL's
        return no_update, *layers_for(current)
    search = view_from_controls(current, controls, grid, layers, metric)
    return (no_update if search == current else search), *layers_for(search, current)


clientside_callback(
    ClientsideFunction("leaders", "drawPanel"),
    Output(f"{PAGE}-panel-drawn", "data"),
    Input(f"{PAGE}-panel", "data"),
)


write_url(PAGE, Input(f"{PAGE}-view", "data"), rerender=False)


@callback(
    Output(f"{PAGE}-incidents", "data"),
    Output(f"{PAGE}-inview", "children"),
    Output(f"{PAGE}-mode", "data"),
    *VIEW_INPUTS,
    Input(f"{PAGE}-map", "bounds"),
    Input(f"{PAGE}-map", "zoom"),
    State(f"{PAGE}-metric", "value"),
    State(f"{PAGE}-view", "data"),
)
def _incidents(*values):
    *controls, grid, layers, bounds, zoom, metric, current = values
    search = current if ctx.triggered_id is None else view_from_controls(current, controls, grid, layers, metric)
    return incidents_for(search, bounds, zoom)


@callback(
    Output(f"{PAGE}-stations", "data"),
    Output(f"{PAGE}-circles", "data"),
    Input(f"{PAGE}-layers", "value"),
)
def _static_layers(layers: list[str] | None):
    return static_layers(set(layers or ()))


@callback(
    Output(f"{PAGE}-map", "viewport"),
    Output(f"{PAGE}-target", "data"),
    Input(f"{PAGE}-filter-area", "value"),
    Input(f"{PAGE}-grid", "data"),
    State(f"{PAGE}-target", "data"),
    prevent_initial_call=True,
)
def _zoom_to_target(areas: list[str] | None, grid: str | None, last: str | None):
    return target_viewport(tuple(sorted(areas or ())), grid or "", last)


@callback(
    Output(f"{PAGE}-filter-area", "value", allow_duplicate=True),
    Output(f"{PAGE}-grid", "data", allow_duplicate=True),
    Input(f"{PAGE}-units", "clickData"),
    Input({"type": f"{PAGE}-crumb", "area": ALL, "grid": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
def _drill(click, _crumbs):
    trigger = ctx.triggered_id
    if isinstance(trigger, dict):  # a breadcrumb: go up to that unit
        if not any(_crumbs):
            return no_update, no_update
        return ([trigger["area"]] if trigger["area"] else []), trigger["grid"]
    if not click:
        return no_update, no_update
    p = click.get("properties", {})
    if p.get("level") == 1:
        return [p["grid_id"]], ""
    return [p["area_id"]], p["grid_id"]


@callback(
    Output(f"{PAGE}-timeline", "children"),
    Input(f"{PAGE}-incidents", "clickData"),
    State(f"{PAGE}-view", "data"),
    prevent_initial_call=True,
)
def _timeline(click, search: str):
    p = (click or {}).get("properties", {})
    if "id" not in p:
        return no_update
    c = context.current()
    detail, events = mapdata.incident_detail(c.db, p["id"])
    return panels.timeline(PAGE, detail, events, c.settings.stage_limits, MapView.from_query(search).lang)


@callback(
    Output(f"{PAGE}-search-results", "children"),
    Output(f"{PAGE}-filter-area", "value", allow_duplicate=True),
    Output(f"{PAGE}-grid", "data", allow_duplicate=True),
    Output(f"{PAGE}-map", "viewport", allow_duplicate=True),
    Output(f"{PAGE}-timeline", "children", allow_duplicate=True),
    Input(f"{PAGE}-search", "value"),
    State(f"{PAGE}-view", "data"),
    prevent_initial_call=True,
)
def _search(text: str | None, search: str):
    return search_for(text or "", search)

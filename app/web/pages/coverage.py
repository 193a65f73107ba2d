"""Coverage page `/coverage` (生活圈覆盖): 15-minute circles, grids by covered share, blind spots,
suggested sites, and a what-if — click the map to place a hypothetical station.

URL state: `?area=A01,A02&minutes=15`. Changing a control rewrites the URL, which re-renders the page
(so a pasted URL reproduces the view and choosing an area zooms to it).
"""

from __future__ import annotations

import dash_leaflet as dl
from dash import Input, Output, State, callback, dcc, html, no_update

from app.domain.i18n import t
from app.domain.taxonomy import Taxonomy
from app.domain.view import DEFAULT_MINUTES, CoverageView
from app.geo.geojson import feature_collection, leaflet_bounds, lonlat_from_leaflet, point_feature
from app.services import coverage, repo
from app.web import context
from app.web.components import coverage_panels as panels
from app.web.components import missing
from app.web.components.export_dialog import export_bar
from app.web.components.map_layers import (
    basemap_layers,
    boundary_layer,
    circles_layer,
    coverage_grid_layer,
    js,
    town_map,
)
from app.web.components.markup import text, tooltip
from app.web.components.url_state import current_search, url_stores, write_url

PAGE = "coverage"
PATH = "/coverage"
TITLE = "网格一张图 · 生活圈覆盖"
# Layer-control names; dash-leaflet tracks which are on by these names.
OVERLAYS = ["生活圈", "党群服务阵地", "建议站点"]
TIER_GLYPHS = {"center": "中", "area_center": "片", "station": "站", "building_station": "楼", "micro_space": "微"}


def tier_legend(town: Taxonomy) -> dict[str, tuple[str, str]]:
    """Each station tier of the town with its glyph (a tier of the town's own is drawn as 站) and label."""
    return {k: (TIER_GLYPHS.get(k, "站"), tier.zh) for k, tier in town.station_tiers.items()}


def _grid_features(rows: list[dict]) -> dict:
    for r in rows:
        share = r["covered_share"]
        r["covered_share"] = None if share is None or share != share else round(float(share), 4)
        nearest = r["nearest_minutes"]
        near = "" if nearest is None or nearest != nearest else f"最近站点步行 {nearest:.1f} 分钟"
        share = f"覆盖率 {panels.pct(r['covered_share'])} · 人口 {r['population']:,}"
        r["tooltip"] = tooltip(r["name"], share, near)
    return feature_collection(rows)


def layout(**query: str) -> html.Div:
    ctx = context.current()
    db = ctx.db
    area_list = coverage.areas(db)
    known_minutes = coverage.computed_minutes(db)
    summary = repo.town_summary(db)
    if not known_minutes and not summary.stations:
        lang = CoverageView.from_query(query, [], [DEFAULT_MINUTES]).lang
        return html.Div(className="gs-empty", children=[missing.notice(PAGE, missing.missing_kinds(summary), lang)])
    if not known_minutes:
        return html.Div(
            className="gs-empty",
            children=[
                html.H2("尚未计算生活圈 / Service circles not computed"),
                html.P("运行 `gridscope circles` 计算步行生活圈与覆盖率。"),
            ],
        )
    view = CoverageView.from_query(query, [a for a, _ in area_list], known_minutes)
    areas, minutes, lang = list(view.areas), view.minutes, view.lang
    buffers, circles = coverage.buffer_circles(db, minutes)
    scope = "、".join(n for a, n in area_list if a in areas) or repo.meta(db).get("town_name", "全镇")
    total = coverage.town_total(db, minutes, areas)
    # Circles and stations are drawn town-wide: a station next door serves the selected area too.
    stations = coverage.stations_geojson(db, [])
    in_scope = [f for f in stations["features"] if not areas or f["properties"]["area_id"] in areas]
    town = context.taxonomy()
    for f in stations["features"]:
        p = f["properties"]
        tier = town.label("station_tiers", p["tier"])
        p["tooltip"] = tooltip(p["name"], tier, p["open_hours"])
    suggestions = coverage.suggestions(db, minutes)
    suggestion_fc = {
        "type": "FeatureCollection",
        "features": [
            point_feature(
                s.lon,
                s.lat,
                rank=s.rank,
                tooltip=text(f"建议站点 {s.rank}：新增覆盖 {panels.people(s.added_population)} 人"),
            )
            for s in suggestions
        ],
    }
    bounds = leaflet_bounds(repo.units_extent(db, areas))
    controls = html.Div(
        className="gs-controls",
        children=[
            html.Label("功能片区", htmlFor=f"{PAGE}-filter-area"),
            dcc.Dropdown(
                id=f"{PAGE}-filter-area",
                options=[{"label": n, "value": a} for a, n in area_list],
                value=areas,
                multi=True,
                placeholder="全镇",
                clearable=True,
            ),
            html.Label("步行时间", htmlFor=f"{PAGE}-minutes"),
            dcc.RadioItems(
                id=f"{PAGE}-minutes",
                options=[{"label": f"{m} 分钟", "value": m} for m in known_minutes],
                value=minutes,
                inline=True,
                className="gs-radio",
            ),
        ],
    )
    sidebar = html.Aside(
        className="gs-sidebar gs-sidebar-wide",
        children=[
            html.H2("15分钟党群服务圈", className="gs-sidebar-title"),
            export_bar(PAGE, default_dataset="coverage", align="left"),
            controls,
            missing.notice(PAGE, [k for k in missing.missing_kinds(summary) if k in ("stations", "roads")], lang),
            panels.headline(PAGE, total, minutes, len(in_scope), scope),
            html.P(t("coverage.buffers", lang, n=buffers, total=circles), className="gs-notice", id=f"{PAGE}-buffers")
            if buffers
            else None,
            html.Section(
                className="gs-whatif-box",
                children=[
                    html.H3("模拟新增站点"),
                    html.Div(panels.what_if_result(PAGE, None), id=f"{PAGE}-whatif-text", **{"aria-live": "polite"}),
                ],
            ),
            panels.suggestion_list(PAGE, suggestions, total, minutes, max(known_minutes), summary.road_edges > 0),
            panels.unit_table(PAGE, "areas", "功能片区覆盖", coverage.totals(db, 1, minutes, areas)),
            panels.unit_table(
                PAGE, "communities", "覆盖率最低的居村（前10）", coverage.totals(db, 2, minutes, areas), 10
            ),
            panels.unit_table(
                PAGE,
                "grids",
                "覆盖率最低的网格（前10）",
                [
                    coverage.UnitCoverage(
                        r["grid_id"],
                        r["name"],
                        int(r["population"]),
                        float(r["covered_population"]),
                        r["covered_share"],
                        int(r["covered_share"] == 0),
                    )
                    for r in coverage.grids(db, minutes, areas)[:10]
                ],
            ),
            panels.legend(PAGE, tier_legend(context.taxonomy())),
            html.P(
                "口径：网格人口按 40 米格点均匀分布；格点沿最近道路步行至站点的时间不超过所选分钟数即为覆盖。"
                "步速 4.5 km/h；生活圈为可达道路两侧各 50 米，离路网超过 300 米的站点按直线半径估算（虚线）。",
                className="gs-note",
            ),
        ],
    )
    map_children = [
        *basemap_layers(db, ctx.settings.basemap, PAGE),
        coverage_grid_layer(PAGE, _grid_features(coverage.grids(db, minutes, areas))),
        boundary_layer(PAGE, 1, repo.grids_geojson(db, 1)),
        dl.LayersControl(
            id=f"{PAGE}-layers",
            overlays=OVERLAYS,
            position="topright",
            collapsed=False,
            children=[
                dl.Overlay(
                    circles_layer(PAGE, coverage.circles_geojson(db, minutes, [])), name=OVERLAYS[0], checked=True
                ),
                dl.Overlay(
                    dl.GeoJSON(id=f"{PAGE}-stations", data=stations, pointToLayer=js("coverage.stationMarker")),
                    name=OVERLAYS[1],
                    checked=True,
                ),
                dl.Overlay(
                    dl.GeoJSON(
                        id=f"{PAGE}-suggested", data=suggestion_fc, pointToLayer=js("coverage.suggestionMarker")
                    ),
                    name=OVERLAYS[2],
                    checked=True,
                ),
            ],
        ),
        dl.Pane(
            dl.GeoJSON(
                id=f"{PAGE}-whatif",
                data=feature_collection([]),
                style=js("coverage.whatIfStyle"),
                pointToLayer=js("coverage.whatIfMarker"),
                interactive=False,
            ),
            name="whatif",
            style={"zIndex": 430, "pointerEvents": "none"},
        ),
    ]
    return html.Div(
        className="gs-home",
        children=[
            url_stores(PAGE),
            sidebar,
            html.Main(
                className="gs-map-wrap",
                **{"aria-label": "生活圈覆盖地图 / Coverage map"},
                children=[town_map(PAGE, bounds, map_children, context.current().settings.basemap.max_zoom)],
            ),
        ],
    )


@callback(
    Output(f"{PAGE}-url", "data"),
    Input(f"{PAGE}-filter-area", "value"),
    Input(f"{PAGE}-minutes", "value"),
    current_search(),
    prevent_initial_call=True,
)
def _sync_url(areas: list[str] | None, minutes: int | None, current: str | None):
    lang = CoverageView.from_query(current).lang
    return "?" + CoverageView(tuple(sorted(areas or ())), minutes or DEFAULT_MINUTES, lang).to_query()


write_url(PAGE, Input(f"{PAGE}-url", "data"), rerender=True)


@callback(
    Output(f"{PAGE}-whatif", "data"),
    Output(f"{PAGE}-whatif-text", "children"),
    Input(f"{PAGE}-map", "clickData"),
    State(f"{PAGE}-minutes", "value"),
    prevent_initial_call=True,
)
def _what_if(click: dict | None, minutes: int | None):
    if not click or "latlng" not in click:
        return no_update, no_update
    ctx = context.current()
    lon, lat = lonlat_from_leaflet(click["latlng"])
    model = ctx.coverage.get(ctx.db, ctx.settings.walking_speed_kmh)
    result = model.what_if(lon, lat, minutes or DEFAULT_MINUTES)
    data = feature_collection([{"geom": result.geom, "kind": "circle"}])
    data["features"].append(point_feature(lon, lat, kind="site"))
    return data, panels.what_if_result(PAGE, result)

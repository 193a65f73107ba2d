"""Home page `/`: the town at a glance — its grids on the offline basemap and headline figures."""

from __future__ import annotations

from typing import Any

from dash import html

from app.domain import codes
from app.geo.geojson import leaflet_bounds
from app.services import repo
from app.web import context
from app.web.components import missing
from app.web.components.cards import format_count, kpi_card, legend_item
from app.web.components.map_layers import area_palette, basemap_layers, boundary_layer, grid_layer, town_map
from app.web.components.markup import tooltip

PAGE = "home"
PATH = "/"
TITLE = "网格一张图 · 首页"


def _with_tooltips(fc: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    for f in fc["features"]:
        p = f["properties"]
        kind = codes.GRID_KINDS[p["kind"]].zh if p["kind"] in codes.GRID_KINDS else p["kind"]
        p["tooltip"] = tooltip(p["name"], f"{names.get(p['area_id'], '')} · {kind}", f"常住人口 {p['population']:,}")
    return fc


def layout(**_query: str) -> html.Div:
    ctx = context.current()
    db, settings = ctx.db, ctx.settings
    summary = repo.town_summary(db)
    extent = repo.town_extent(db)
    if extent is None:
        return html.Div(
            className="gs-empty",
            children=[
                html.H2("数据库为空 / The database is empty"),
                html.P("运行 `gridscope demo` 生成示范镇，或用 `gridscope import` 导入本镇数据。"),
            ],
        )
    areas = repo.grids_geojson(db, 1)
    area_names = {f["properties"]["grid_id"]: f["properties"]["name"] for f in areas["features"]}
    palette = area_palette(list(area_names))
    grids = _with_tooltips(repo.grids_geojson(db, 3), area_names)
    level = settings.level_names
    meta = summary.meta
    kpis = [
        kpi_card(PAGE, "areas", level[1], str(summary.units_at(1))),
        kpi_card(PAGE, "communities", level[2], str(summary.units_at(2))),
        kpi_card(PAGE, "grids", level[3], str(summary.units_at(3))),
        kpi_card(PAGE, "population", "常住人口", format_count(summary.population), "人"),
        kpi_card(PAGE, "stations", "党群服务阵地", str(summary.stations), "个"),
        kpi_card(PAGE, "risk-sites", "风险点位", str(summary.risk_sites), "个"),
        kpi_card(PAGE, "incidents", "事件总数", format_count(summary.incidents), "件"),
        kpi_card(PAGE, "open", "未办结", format_count(summary.open_incidents), "件"),
    ]
    legend = html.Section(
        className="gs-legend",
        **{"aria-label": "图例"},
        children=[
            html.H3(level[1]),
            html.Ul([legend_item(area_names[a], "gs-swatch-fill", palette[a]) for a in sorted(area_names)]),
            html.H3("底图"),
            html.Ul(
                [
                    legend_item("主干道", "gs-swatch-arterial"),
                    legend_item("支路", "gs-swatch-local"),
                    legend_item("步行道", "gs-swatch-path"),
                    legend_item("水系", "gs-swatch-water"),
                    legend_item(f"{level[1]}界", "gs-swatch-area-line"),
                    legend_item(f"{level[2]}界", "gs-swatch-community-line"),
                ]
            ),
        ],
    )
    notice = meta.get("notice") if meta.get("synthetic") == "true" else None
    return html.Div(
        className="gs-home",
        children=[
            html.Aside(
                className="gs-sidebar",
                children=[
                    html.H2(f"{meta.get('town_name', '')} 概况", className="gs-sidebar-title"),
                    html.Div(kpis, className="gs-kpis", id=f"{PAGE}-kpis"),
                    missing.notice(PAGE, missing.missing_kinds(summary), "zh"),
                    legend,
                    html.P(notice, className="gs-notice", id=f"{PAGE}-notice") if notice else None,
                    html.P(f"数据截至 {meta.get('data_until', '—')}", className="gs-asof", id=f"{PAGE}-asof"),
                ],
            ),
            html.Main(
                className="gs-map-wrap",
                **{"aria-label": "镇域网格地图 / Town grid map"},
                children=[
                    town_map(
                        PAGE,
                        leaflet_bounds(extent),
                        [
                            *basemap_layers(db, settings.basemap, PAGE),
                            grid_layer(PAGE, grids, palette),
                            boundary_layer(PAGE, 2, repo.grids_geojson(db, 2)),
                            boundary_layer(PAGE, 1, areas),
                        ],
                        settings.basemap.max_zoom,
                    ),
                ],
            ),
        ],
    )

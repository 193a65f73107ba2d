"""The printed sheet around a map snapshot: title, the filter line, the map with a north arrow and a scale
bar, the legend beside it, and a footer with the data time and the basemap's attribution.

The sheet fills the window exactly (the snapshot's pixel size or the paper), so a screenshot or a one-page
PDF of it is the report-ready picture. assets/export.js marks it ready (`data-ready`) once every layer is
drawn and the fonts are loaded; the renderer waits for that.
"""

from __future__ import annotations

from typing import Any

import dash_leaflet as dl
from dash import html

from app.domain import codes
from app.domain.filters import STATUS_FILTERS, Filters, Period
from app.domain.taxonomy import DEFAULT as DEFAULT_TAXONOMY
from app.domain.taxonomy import Taxonomy
from app.geo.geojson import leaflet_bounds
from app.web.components.map_layers import BASEMAP_ATTRIBUTION

LEGEND_PX = 300  # the legend column
CHROME_PX = (24, 128)  # horizontal and vertical space the sheet takes around the map (padding, title, footer)

NORTH_ARROW = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 56" width="40" height="56" role="img" aria-label="北">'
    '<polygon points="20,4 32,40 20,33 8,40" fill="#1f2d3d"/><polygon points="20,4 8,40 20,33" fill="#ffffff"'
    ' stroke="#1f2d3d" stroke-width="1.5"/><text x="20" y="54" text-anchor="middle" font-size="13"'
    ' font-weight="700" fill="#1f2d3d">N</text></svg>'
)


def map_size(width: int, height: int) -> tuple[int, int]:
    """The map's pixel size inside a sheet of `width` × `height` (for fitting and binning server-side)."""
    return max(width - LEGEND_PX - CHROME_PX[0], 200), max(height - CHROME_PX[1], 200)


def _labels(values, table, lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(table[v].label(lang) if v in table else str(v) for v in values)


def label_value(name: str, value: str, lang: str) -> str:
    """`name：value` in Chinese, `name: value` in English."""
    return f"{name}：{value}" if lang == "zh" else f"{name}: {value}"


def filter_line(
    filters: Filters,
    period: Period,
    scope_name: str,
    lang: str,
    extra: list[str] | None = None,
    town: Taxonomy = DEFAULT_TAXONOMY,
) -> str:
    """One line naming every filter in force: place, period, layer, category, source, status, severity."""
    zh = lang == "zh"
    parts = [
        label_value("范围" if zh else "Area", scope_name, lang),
        label_value("时间" if zh else "Period", f"{period.start} {'至' if zh else 'to'} {period.end}", lang),
    ]
    for name_zh, name_en, values, table in (
        ("事件图层", "Layer", filters.incident_layers, codes.INCIDENT_LAYERS),
        ("类别", "Category", filters.categories, town.categories),
        ("来源", "Source", filters.sources, town.sources),
        ("状态", "Status", filters.statuses, STATUS_FILTERS),
    ):
        if values:
            parts.append(label_value(name_zh if zh else name_en, _labels(values, table, lang), lang))
    if filters.severities:
        parts.append(label_value("等级" if zh else "Severity", _labels(filters.severities, {}, lang), lang))
    if len(parts) == 2:
        parts.append(label_value("事件" if zh else "Incidents", "全部" if zh else "all", lang))
    return "  |  ".join(parts + (extra or []))


def snapshot_map(page: str, extent, children: list[Any], max_zoom: int = 19) -> dl.Map:
    """A still map fitted to `extent` (min_lon, min_lat, max_lon, max_lat): no controls but the scale bar,
    no animations (a snapshot is taken once everything is drawn)."""
    return dl.Map(
        id=f"{page}-map",
        bounds=leaflet_bounds(extent),
        boundsOptions={"padding": [12, 12]},
        zoomSnap=0.25,
        minZoom=11,
        maxZoom=max_zoom,
        zoomControl=False,
        attributionControl=False,
        zoomAnimation=False,
        fadeAnimation=False,
        markerZoomAnimation=False,
        trackViewport=False,
        className="gs-map gs-snap-leaflet",
        children=[*children, dl.ScaleControl(position="bottomleft", imperial=False, maxWidth=160)],
    )


def sheet(
    page: str,
    *,
    title: str,
    filters_text: str,
    the_map: dl.Map,
    legend: Any,
    summary: list[Any],
    data_until: str,
    dataset: str,
    lang: str,
    paper: str = "",
) -> html.Div:
    zh = lang == "zh"
    attribution = BASEMAP_ATTRIBUTION if zh else "Basemap: town vector data"
    foot = [
        html.Span(f"{'数据截至' if zh else 'Data as of'} {data_until}", id=f"{page}-asof"),
        html.Span(attribution + " · Leaflet", id=f"{page}-attribution"),
    ]
    if dataset:
        foot.append(html.Span(dataset))
    foot.append(html.Span("网格一张图 GridScope"))
    return html.Div(
        className="gs-snapshot",
        id=f"{page}-sheet",
        lang="zh-CN" if zh else "en",
        **{"data-paper": paper, "data-ready": "0"},
        children=[
            html.Header(
                className="gs-snap-head",
                children=[
                    html.H1(title, id=f"{page}-title", className="gs-snap-title"),
                    html.P(filters_text, id=f"{page}-filters", className="gs-snap-filters"),
                ],
            ),
            html.Div(
                className="gs-snap-body",
                children=[
                    html.Div(
                        className="gs-snap-map",
                        children=[
                            the_map,
                            html.Div(
                                className="gs-snap-north",
                                id=f"{page}-north",
                                children=html.Img(
                                    src="data:image/svg+xml;utf8," + NORTH_ARROW.replace("#", "%23"),
                                    alt="北 N",
                                ),
                            ),
                        ],
                    ),
                    html.Aside(className="gs-snap-legend", children=[*summary, legend]),
                ],
            ),
            html.Footer(className="gs-snap-foot", children=foot),
        ],
    )

"""Panels of the coverage page: headline, area table, suggestions, weakest units, what-if result."""

from __future__ import annotations

from dash import html

from app.services.circles import WhatIf
from app.services.coverage import SiteSuggestion, UnitCoverage

# Covered-share classes for the map and legend: below each break, the colour at the same index.
SHARE_BREAKS = (0.2, 0.5, 0.8, 0.95)
SHARE_COLORS = ("#c62828", "#ef6c00", "#fbc02d", "#c5e1a5", "#8fcf8f")
SHARE_LABELS = ("< 20%", "20–50%", "50–80%", "80–95%", "≥ 95%")


def pct(share: float | None, digits: int = 1) -> str:
    return "—" if share is None else f"{share * 100:.{digits}f}%"


def people(n: float) -> str:
    return f"{n:,.0f}"


def headline(page: str, total: UnitCoverage | None, minutes: int, stations: int, scope: str) -> html.Section:
    share = total.covered_share if total else None
    return html.Section(
        className="gs-cov-headline",
        children=[
            html.Div(f"{scope} {minutes} 分钟生活圈覆盖率", className="gs-kpi-label", id=f"{page}-share-label"),
            html.Div(
                pct(share), className="gs-cov-share", id=f"{page}-share", **{"aria-labelledby": f"{page}-share-label"}
            ),
            html.Div(
                className="gs-cov-sub",
                children=[
                    html.Span(
                        [
                            "覆盖 ",
                            html.B(people(total.covered_population) if total else "—", id=f"{page}-covered"),
                            " / ",
                            html.Span(people(total.population) if total else "—", id=f"{page}-population"),
                            " 人",
                        ]
                    ),
                    html.Span(
                        ["盲区网格 ", html.B(str(total.blind_grids) if total else "—", id=f"{page}-blind"), " 个"]
                    ),
                    html.Span(["服务站点 ", html.B(str(stations), id=f"{page}-stations"), " 个"]),
                ],
            ),
        ],
    )


def unit_table(page: str, key: str, caption: str, units: list[UnitCoverage], limit: int | None = None) -> html.Table:
    rows = units if limit is None else units[:limit]
    return html.Table(
        className="gs-table",
        id=f"{page}-{key}-table",
        children=[
            html.Caption(caption),
            html.Thead(html.Tr([html.Th("名称"), html.Th("常住人口"), html.Th("未覆盖"), html.Th("覆盖率")])),
            html.Tbody(
                [
                    html.Tr(
                        [
                            html.Td(u.name),
                            html.Td(people(u.population)),
                            html.Td(people(u.uncovered_population)),
                            html.Td(pct(u.covered_share), className="gs-num"),
                        ],
                        **{"data-unit": u.unit_id},
                    )
                    for u in rows
                ]
            ),
        ],
    )


def no_suggestion(
    total: UnitCoverage | None, minutes: int, suggested_minutes: int | None, has_roads: bool = True
) -> str:
    """Why no site is suggested, in a sentence that says what to do when something is missing."""
    if total is None or total.population <= 0:
        return (
            "常住人口未知：网格没有常住人口数，无法计算覆盖人口与建议站点。"
            "请用 gridscope import grids 导入带 population 字段的网格。"
        )
    if not has_roads:
        return "建议站点取自步行路网的节点：请先用 gridscope import roads 导入路网。"
    if total.uncovered_population >= 0.5:
        if suggested_minutes and suggested_minutes != minutes:
            return f"建议站点按 {suggested_minutes} 分钟生活圈计算；切换到 {suggested_minutes} 分钟查看。"
        return "尚未计算建议站点：运行 gridscope circles 重新计算。"
    return "无需新增：所有常住人口均在生活圈内。"


def suggestion_list(
    page: str,
    items: list[SiteSuggestion],
    total: UnitCoverage | None,
    minutes: int,
    suggested_minutes: int | None,
    has_roads: bool = True,
) -> html.Section:
    if not items:
        body = html.P(
            no_suggestion(total, minutes, suggested_minutes, has_roads),
            className="gs-muted",
            id=f"{page}-no-suggestion",
        )
    else:
        body = html.Ol(
            className="gs-suggest-list",
            id=f"{page}-suggestions",
            children=[
                html.Li(
                    [
                        html.Span(f"+{people(s.added_population)} 人", className="gs-suggest-gain"),
                        html.Span(f" → 覆盖率 {pct(s.share_after, 2)}", className="gs-muted"),
                    ],
                    **{"data-lon": s.lon, "data-lat": s.lat},
                )
                for s in items
            ],
        )
    return html.Section([html.H3("建议新增站点（按新增覆盖人口）"), body])


def what_if_result(page: str, result: WhatIf | None) -> list:
    if result is None:
        return [html.P("在地图上点击任意位置，模拟在此新建党群服务站点。", className="gs-muted")]
    lines = [
        html.Div(["新增覆盖 ", html.B(f"{people(result.added_population)}", id=f"{page}-whatif-added"), " 人"]),
        html.Div(f"镇域覆盖率 {pct(result.share_before, 2)} → {pct(result.share_after, 2)}", id=f"{page}-whatif-share"),
    ]
    if result.method == "buffer":
        lines.append(html.Div(f"按直线距离估算：{result.reason}", className="gs-warn"))
    return lines


def legend(page: str, tiers: dict[str, str]) -> html.Section:
    share_items = [
        html.Li([html.Span(className="gs-swatch", style={"background": c}), html.Span(label)])
        for c, label in zip(SHARE_COLORS, SHARE_LABELS, strict=True)
    ]
    share_items.append(html.Li([html.Span(className="gs-swatch gs-swatch-blind"), html.Span("盲区网格")]))
    tier_items = [
        html.Li([html.Span(glyph, className=f"gs-station gs-station-{tier}"), html.Span(label)])
        for tier, (glyph, label) in tiers.items()
    ]
    tier_items.append(html.Li([html.Span("1", className="gs-suggest"), html.Span("建议站点")]))
    return html.Section(
        className="gs-legend",
        id=f"{page}-legend",
        **{"aria-label": "图例"},
        children=[
            html.H3("网格覆盖率"),
            html.Ul(share_items),
            html.H3("服务阵地与生活圈"),
            html.Ul(tier_items),
        ],
    )

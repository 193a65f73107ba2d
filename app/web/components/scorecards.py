"""Headline tiles (CityScore-style actual/target with change against the previous period) and the ranking."""

from __future__ import annotations

from dash import dcc, html

from app.services.metrics import Figures
from app.services.ranking import Ranking, UnitRank
from app.web.components.charts import sparkline_svg


def fmt_pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def _delta(cur: float | None, prev: float | None, kind: str) -> tuple[str, str]:
    """Text and css class of the change against the previous period ('pts' for rates, '%' for counts)."""
    if cur is None or prev is None:
        return "较上期 —", "gs-delta-none"
    if kind == "pts":
        d = round((cur - prev) * 100, 1)  # colour by the shown figure: "+0.0" is no change
        text = f"较上期 {d:+.1f} 个百分点"
    elif kind == "pct":
        if prev == 0:
            return "较上期 —", "gs-delta-none"
        d = round((cur - prev) / prev * 100, 1)
        text = f"较上期 {d:+.1f}%"
    else:
        d = round(cur - prev, 2)
        text = f"较上期 {d:+.2f}"
    return text, "gs-delta-up" if d > 0 else "gs-delta-down" if d < 0 else "gs-delta-none"


def tile(page: str, key: str, label: str, value: str, raw: object, sub: str, delta: tuple[str, str]) -> html.Div:
    """One tile; the value's element has id `<page>-kpi-<key>` and its exact number in data-value."""
    return html.Div(
        className="gs-tile",
        children=[
            html.Div(label, className="gs-tile-label", id=f"{page}-kpi-{key}-label"),
            html.Div(
                value,
                className="gs-tile-value",
                id=f"{page}-kpi-{key}",
                **{"data-value": "" if raw is None else str(raw), "aria-labelledby": f"{page}-kpi-{key}-label"},
            ),
            html.Div(sub, className="gs-tile-sub"),
            html.Div(delta[0], className=f"gs-tile-delta {delta[1]}", id=f"{page}-kpi-{key}-delta"),
        ],
    )


def tiles(page: str, cur: Figures, prev: Figures, limits, open_n: int, overdue_n: int) -> list[html.Div]:
    out = []
    for key, label in (("respond", "响应"), ("arrive", "到场"), ("dispose", "处置")):
        rate = cur.stage(key).rate
        ratio = None if rate is None else rate / limits.target_rate
        minutes = getattr(limits, key)
        sub = f"{minutes}分钟内 · 目标 {limits.target_rate:.0%} · 实际/目标 {'—' if ratio is None else f'{ratio:.2f}'}"
        out.append(
            tile(
                page,
                key,
                f"{label}达标率",
                fmt_pct(rate),
                rate,
                sub,
                _delta(rate, prev.stage(key).rate, "pts"),
            )
        )
    out.append(tile(page, "count", "事件量", f"{cur.count:,}", cur.count, "件", _delta(cur.count, prev.count, "pct")))
    out.append(
        tile(
            page,
            "closure",
            "办结率",
            fmt_pct(cur.closure_rate),
            cur.closure_rate,
            f"已办结 {cur.closed:,} 件",
            _delta(cur.closure_rate, prev.closure_rate, "pts"),
        )
    )
    sat = cur.satisfaction
    out.append(
        tile(
            page,
            "satisfaction",
            "回访满意度",
            "—" if sat is None else f"{sat:.2f}",
            sat,
            f"满分5分 · 回访 {cur.sat_n:,} 件",
            _delta(sat, prev.satisfaction, "abs"),
        )
    )
    share = overdue_n / open_n if open_n else None
    out.append(
        tile(
            page,
            "overdue",
            "当前超时占比",
            fmt_pct(share),
            share,
            f"未办结 {open_n:,} 件，其中超时 {overdue_n:,} 件",
            ("（时点指标）", "gs-delta-none"),
        )
    )
    return out


def _rank_row(page: str, r: UnitRank, by: str, href: str, spark_color: str) -> html.Li:
    value = fmt_pct(r.rate) if by == "rate" else f"{r.per_1000:.1f}/千人"
    spark = r.spark_rate if by == "rate" else tuple(float(v) for v in r.spark_count)
    return html.Li(
        dcc.Link(
            [
                html.Span(r.unit.name, className="gs-rank-name"),
                html.Span(value, className="gs-rank-value"),
                html.Img(src=sparkline_svg(spark, spark_color), className="gs-rank-spark", alt=""),
            ],
            href=href,
            className="gs-rank-link",
            title=f"{r.unit.name}：{r.count} 件，在地图上查看",
        ),
        **{"data-unit": r.unit.unit_id},
    )


def ranking_card(page: str, ranking: Ranking, level_name: str, links: dict[str, str]) -> html.Div:
    by_label = "51530综合达标率" if ranking.by == "rate" else "每千人事件量"
    lists = []
    for kind, title, rows, color in (
        ("best", "红榜", ranking.best, "#1e8449"),
        ("worst", "黑榜", ranking.worst, "#1f2d3d"),
    ):
        lists.append(
            html.Div(
                [
                    html.H4(title, className=f"gs-rank-title gs-rank-{kind}"),
                    html.Ol(
                        [_rank_row(page, r, ranking.by, links[r.unit.unit_id], color) for r in rows]
                        or [html.Li("数据不足", className="gs-rank-empty")]
                    ),
                ],
                className="gs-rank-list",
                id=f"{page}-rank-{ranking.level}-{ranking.by}-{kind}",
            )
        )
    return html.Div(
        [html.H3(f"{level_name} · {by_label}", className="gs-card-title"), html.Div(lists, className="gs-rank-pair")],
        className="gs-card gs-rank-card",
    )

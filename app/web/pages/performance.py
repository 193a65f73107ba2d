"""Performance page `/performance` (响应绩效): 51530 compliance and the closed loop over time, by area.

The URL is the view state (app.domain.view.PerformanceView): the layout is built from the query string, and
the one callback writes the controls' values back (app.web.components.url_state, rerender): the address
changes without a reload and the router builds the page again from it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dash import Input, Output, callback, callback_context, dcc, html

from app.domain.view import PerformanceView
from app.services import metrics, ranking, repo
from app.services import performance as performance_view
from app.services.performance import PerformanceData
from app.web import context
from app.web.components import charts, missing
from app.web.components.filter_bar import filter_bar, filter_inputs, filters_from_controls
from app.web.components.scorecards import ranking_card, tiles
from app.web.components.url_state import current_search, in_place, url_stores, write_url

PAGE = "performance"
PATH = "/performance"
TITLE = "网格一张图 · 响应绩效"
FIELDS = ("area", "dates", "layer", "category", "source")
GRAIN_LABELS = {"day": "按日", "week": "按周", "month": "按月"}

NOTES = {
    "rates": "口径：每个环节自上报时刻起计时，响应≤{r}分钟、到场≤{a}分钟、处置≤{d}分钟为达标（恰好等于时限算达标）；"
    "超时到达或未到达且时限已过为未达标；未到达且时限未过为待定，不计入。达标率＝达标÷(达标＋未达标)，按上报时间归入时段。"
    "缺失的环节时间以其后最早的已记录环节时间为上限。仍有待定环节的时段（如今天）尚未完结，以虚线空心点标出，其达标率还会变化。",
    "durations": "口径：各环节自上报起的用时（分钟，对数坐标）的中位数与第90百分位，"
    "仅统计已到达该环节的事件；虚线为时限。尚未完结的时段（如今天）只含已到达的较快事件，以空心点单独标出。"
    f"时段超过{metrics.HISTOGRAM_DAYS}天且只按片区、图层筛选时，由分档统计读出（1小时内每档30秒，以上每档10%），"
    "误差不超过半档（15秒或约5%）；其余为精确值。",
    "volume": "口径：按上报时间统计的事件数，按事件类别堆叠。",
    "backlog": "口径：每日24时仍未办结（未回访结案）的事件数，含时段之前上报的事件。",
    "areas": "口径：同一时段与类别等筛选下全部功能片区的三环节达标率、办结率（已办结÷上报）、"
    "事件数与回访满意度均值（1–5分），不受所选片区、网格限制，便于横向比较。",
    "heat_volume": "口径：按上报时刻的星期与小时统计的事件数。",
    "heat_missed": "口径：三个环节中至少一个未达标的事件数，按上报时刻的星期与小时统计。",
    "escalations": "口径：网格吹哨、机关报到的事件按报到党支部统计件数；条内文字为各环节用时中位数。",
    "ranking": "口径：综合达标率＝三个环节达标数之和÷(达标＋未达标)之和，"
    "居村委至少{c}个、网格至少{g}个已判定环节才参与排名；"
    "每千人事件量＝事件数÷常住人口×1000（件/千人），少者为红榜。迷你图为时段内逐周（超过120天为逐月）走势。点击名称在地图中查看。",
}


def default_grain(days: int) -> str:
    return "day" if days <= 62 else "week" if days <= 370 else "month"


def bucket_of(day: date, grain: str) -> date:
    """The first day of the day / week (Monday) / month bucket holding `day` (as date_trunc in the queries)."""
    if grain == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if grain == "month" else day


def _card(key: str, title: str, figure, note: str, wide: bool = False) -> html.Div:
    return html.Div(
        className="gs-card" + (" gs-card-wide" if wide else ""),
        children=[
            html.H3(title, className="gs-card-title"),
            dcc.Graph(
                id=f"{PAGE}-chart-{key}",
                figure=figure,
                config={"displayModeBar": False, "responsive": True},
                # An explicit height: a responsive graph otherwise takes its (unsized) container's height.
                style={"height": f"{figure['layout']['height']}px"},
                className="gs-chart",
            ),
            html.P(note, className="gs-note", id=f"{PAGE}-note-{key}"),
        ],
    )


def _charts(data: PerformanceData, scope: metrics.Scope, grain: str, area_names: dict[str, str]) -> list[html.Div]:
    limits = scope.limits
    points = data.series
    durations = data.durations
    volume, missed = data.heatmap
    notes = {
        k: v.format(r=limits.respond, a=limits.arrive, d=limits.dispose) for k, v in NOTES.items() if k != "ranking"
    }
    g = GRAIN_LABELS[grain]
    # Buckets not over yet (today's day, week or month) or still holding pending stages: drawn apart.
    partial = frozenset(p.bucket for p in points if any(p.figures.stage(s).pending for s in metrics.STAGES))
    partial |= {bucket_of(scope.now.date(), grain)}
    return [
        _card("rates", f"51530 达标率（{g}）", charts.rates_figure(points, limits, partial), notes["rates"], wide=True),
        _card(
            "durations",
            f"环节用时 中位数与P90（{g}）",
            charts.durations_figure(durations, limits, partial),
            notes["durations"],
        ),
        _card("volume", f"事件量 按类别（{g}）", charts.volume_figure(points, context.taxonomy()), notes["volume"]),
        _card("backlog", "积压：每日末未办结", charts.backlog_figure(data.backlog), notes["backlog"]),
        _card(
            "escalations",
            "网格吹哨 · 机关报到",
            charts.escalations_figure(data.escalations, context.taxonomy()),
            notes["escalations"],
        ),
        _card(
            "areas",
            "功能片区对比",
            charts.areas_figure(data.areas, area_names, limits),
            notes["areas"],
            wide=True,
        ),
        _card(
            "heat-volume", "事件量 星期×小时", charts.heatmap_figure(volume, "事件数", "Blues"), notes["heat_volume"]
        ),
        _card("heat-missed", "未达标 星期×小时", charts.heatmap_figure(missed, "未达标", "Reds"), notes["heat_missed"]),
    ]


def _ranking(data: PerformanceData, scope: metrics.Scope, level_names) -> html.Section:
    cards = []
    for r in data.rankings:
        links = {u.unit.unit_id: ranking.map_link(u.unit, scope) for u in (*r.best, *r.worst)}
        cards.append(ranking_card(PAGE, r, level_names[r.level], links))
    note = NOTES["ranking"].format(c=ranking.MIN_DECIDED[2], g=ranking.MIN_DECIDED[3])
    return html.Section(
        [
            html.H2("红黑榜", className="gs-section-title"),
            html.Div(cards, className="gs-rank-grid", id=f"{PAGE}-ranking"),
            html.P(note, className="gs-note"),
        ],
        className="gs-perf-ranking",
        **{"aria-label": "红黑榜"},
    )


def layout(**query: str) -> html.Div:
    ctx = context.current()
    db, settings = ctx.db, ctx.settings
    view = PerformanceView.from_query(query)
    filters, errors = view.filters, view.errors
    scope = metrics.make_scope(db, filters, settings.stage_limits)
    grain = view.grain or default_grain(scope.period.days)
    units = repo.units(db)
    area_names = {u.unit_id: u.name for u in units.values() if u.level == 1}
    data = performance_view.load(db, scope, grain, units)
    open_n, overdue_n = data.open_now
    p, pp = scope.period, scope.period.previous()
    meta = dict(db.run("meta/all").fetchall())
    # A town with no incidents at all gets the sentence that says how to add them, not empty charts.
    no_incidents = repo.town_summary(db).incidents == 0
    notices = [html.Li(f"已忽略无效参数：{e}") for e in errors]
    return html.Div(
        className="gs-perf",
        children=[
            html.Div(
                className="gs-perf-head",
                children=[
                    html.H2("响应绩效 · 51530 与闭环", className="gs-perf-title"),
                    html.Span(
                        f"{p.start} 至 {p.end}（{p.days}天）· 对比上期 {pp.start} 至 {pp.end}"
                        f" · 数据截至 {scope.now:%Y-%m-%d %H:%M}",
                        className="gs-perf-period",
                        id=f"{PAGE}-period",
                    ),
                    html.Span(meta.get("notice", ""), className="gs-notice-inline")
                    if meta.get("synthetic") == "true"
                    else None,
                ],
            ),
            html.Div(
                className="gs-perf-controls",
                children=[
                    filter_bar(PAGE, filters, p, area_names, FIELDS, data_until=scope.now.date()),
                    html.Div(
                        [
                            html.Label("时间粒度", htmlFor=f"{PAGE}-grain", className="gs-filter-label"),
                            dcc.RadioItems(
                                id=f"{PAGE}-grain",
                                options=[{"label": v, "value": k} for k, v in GRAIN_LABELS.items()],
                                value=grain,
                                inline=True,
                                className="gs-grain",
                            ),
                        ],
                        className="gs-filter gs-filter-grain",
                    ),
                ],
            ),
            html.Ul(notices, className="gs-notices", id=f"{PAGE}-notice", role="status") if notices else None,
            url_stores(PAGE),
            *(
                [missing.notice(PAGE, ["incidents"], view.lang)]
                if no_incidents
                else [
                    html.Div(
                        tiles(PAGE, data.current, data.previous, settings.stage_limits, open_n, overdue_n),
                        className="gs-tiles",
                    ),
                    html.Div(_charts(data, scope, grain, area_names), className="gs-perf-grid"),
                    _ranking(data, scope, settings.level_names),
                ]
            ),
        ],
    )


def url_search(current_search: str | None, values: list[Any], grain: str) -> str:
    """The URL query for the controls' values, keeping the language and the URL filters the page has no
    control for."""
    current = PerformanceView.from_query(current_search or "")
    filters, _ = filters_from_controls(current.filters, FIELDS, values)
    return "?" + PerformanceView(filters, grain or "", current.lang).to_query()


@callback(
    Output(f"{PAGE}-url", "data"),
    *filter_inputs(PAGE, FIELDS),
    Input(f"{PAGE}-grain", "value"),
    current_search(),
)
def _sync_url(*args):
    *values, grain, search = args
    written = url_search(search, list(values), grain)
    # At load the address settles on the period and grain shown, in place: the page already shows them.
    return in_place(written) if callback_context.triggered_id is None else written


write_url(PAGE, Input(f"{PAGE}-url", "data"), rerender=True)

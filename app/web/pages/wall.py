"""The wall display `/wall` (城运大屏): the whole town live on the ops center's big screen, unattended.

The layout is a fixed skeleton — header, KPI tiles, the map, charts, pain points, a ticker — with a fixed
number of nodes. assets/wall.js fills it in place from GET /api/wall every `refresh` seconds (no Dash
callback, no re-created layers), rotates the focus through the functional areas every `rotate` seconds,
shows a banner when data is stale, and reloads the page if rendering ever stops.

URL (app.domain.view.WallView): `?rotate=60&areas=A01,A02&refresh=30&stale=60&still=1800&lang=en` (rotate=0: the
whole town only).
"""

from __future__ import annotations

from dash import html

from app.domain.i18n import t
from app.domain.view import WallView
from app.services import coverage
from app.services.wall import PAIN_ROWS, TICKER_ROWS
from app.web import context

PAGE = "wall"
PATH = "/wall"
TITLE = "网格一张图 · 城运大屏"
TILES = (
    ("count", "wall.tile.count"),
    ("open", "wall.tile.open"),
    ("overdue", "wall.tile.overdue"),
    ("closure", "wall.tile.closure"),
    ("respond", "wall.tile.respond"),
    ("arrive", "wall.tile.arrive"),
    ("dispose", "wall.tile.dispose"),
    ("satisfaction", "wall.tile.satisfaction"),
)


def _tile(key: str, label: str) -> html.Div:
    return html.Div(
        id=f"{PAGE}-tile-{key}",
        className="wall-tile",
        children=[
            html.Div(label, className="wall-tile-label"),
            html.Div("–", id=f"{PAGE}-value-{key}", className="wall-tile-value"),
            html.Div("\u00a0", id=f"{PAGE}-sub-{key}", className="wall-tile-sub"),
        ],
    )


def _rows(kind: str, n: int, cells: tuple[str, ...]) -> list[html.Div]:
    return [
        html.Div(className=f"wall-{kind}-row", children=[html.Span(className=f"wall-{kind}-{c}") for c in cells])
        for _ in range(n)
    ]


def _keys(lang: str, *entries: tuple[str, str]) -> html.Div:
    """A chart's colour key: (text key, swatch name) per series."""
    return html.Div(
        [html.Span(t(key, lang), className=f"wall-key wall-key-{swatch}") for key, swatch in entries],
        className="wall-keys",
    )


def _panel(title: str, body, key: str, extra=None) -> html.Section:
    head = [html.H2(title, className="wall-panel-title")]
    if extra is not None:
        head.append(extra)
    return html.Section(
        className=f"wall-panel wall-panel-{key}",
        children=[html.Div(head, className="wall-panel-head"), body],
    )


def _legend_item(cls: str, text: str, value_id: str | None = None) -> html.Div:
    children = [html.Span(className=f"wall-swatch {cls}"), html.Span(text)]
    if value_id:
        children.append(html.B("–", id=value_id, className="wall-legend-n"))
    return html.Div(children, className="wall-legend-item")


def layout(**query: str) -> html.Div:
    ctx = context.current()
    st = ctx.settings
    defaults = WallView(rotate=st.wall_rotate_seconds, refresh=float(st.refresh_seconds), stale=st.wall_stale_seconds)
    cfg = WallView.from_query(query, defaults)
    lang = cfg.lang
    known = [a for a, _ in coverage.areas(ctx.db)]
    areas = [a for a in cfg.areas if a in known] if cfg.areas else known
    data = {
        "data-rotate": str(cfg.rotate),
        "data-refresh": str(cfg.refresh),
        "data-stale": str(cfg.stale),
        "data-still": str(cfg.still),
        "data-areas": ",".join(areas),
        "data-lang": lang,
        "data-text": "|".join(
            t(k, lang) for k in ("wall.stale.down", "wall.stale.still", "map.town", "wall.no_data", "wall.more")
        ),
    }
    header = html.Header(
        className="wall-header",
        children=[
            html.Div(
                [html.Span("–", id=f"{PAGE}-town", className="wall-town"), html.Span(t("wall.title", lang))],
                className="wall-title",
            ),
            html.Div(
                [html.Span(t("wall.focus", lang), className="wall-focus-label"), html.Span("–", id=f"{PAGE}-focus")],
                className="wall-focus",
            ),
            html.Div(
                className="wall-time",
                children=[
                    html.Span("--:--:--", id=f"{PAGE}-clock", className="wall-clock"),
                    html.Span("", id=f"{PAGE}-date", className="wall-date"),
                    html.Span(
                        [t("data_until", lang), " ", html.B("–", id=f"{PAGE}-asof")],
                        className="wall-asof",
                    ),
                ],
            ),
        ],
    )
    tiles = html.Section(
        className="wall-tiles",
        children=[
            html.H2(
                [t("wall.today", lang), " ", html.Span("", id=f"{PAGE}-today")],
                className="wall-panel-title",
            ),
            html.Div([_tile(k, t(label, lang)) for k, label in TILES], className="wall-tile-grid"),
        ],
    )
    ticker = _panel(
        t("wall.ticker", lang),
        html.Div(_rows("ticker", TICKER_ROWS, ("time", "place", "category", "stage")), id=f"{PAGE}-ticker"),
        "ticker",
    )
    legend = html.Div(
        className="wall-legend",
        children=[
            _legend_item("wall-sw-open", t("wall.legend.open", lang), f"{PAGE}-open-total"),
            _legend_item("wall-sw-overdue", t("wall.legend.overdue", lang), f"{PAGE}-overdue-total"),
            _legend_item("wall-sw-station", t("layer.stations", lang)),
            _legend_item("wall-sw-risk", t("wall.legend.risk", lang)),
            html.Div(
                [html.Span(t("wall.legend.grids", lang)), html.Span(id=f"{PAGE}-scale", className="wall-scale")],
                className="wall-legend-scale",
            ),
            html.Div("", id=f"{PAGE}-more", className="wall-more"),
        ],
    )
    center = html.Section(
        className="wall-center",
        children=[html.Div(id=f"{PAGE}-map", className="wall-map"), legend],
    )
    right = html.Div(
        className="wall-right",
        children=[
            _panel(
                t("wall.trend", lang),
                html.Div(id=f"{PAGE}-trend", className="wall-chart"),
                "trend",
                _keys(
                    lang,
                    ("wall.stage.respond", "respond"),
                    ("wall.stage.arrive", "arrive"),
                    ("wall.stage.dispose", "dispose"),
                    ("wall.target", "target"),
                ),
            ),
            _panel(
                t("wall.hourly", lang),
                html.Div(id=f"{PAGE}-hourly", className="wall-chart"),
                "hourly",
                _keys(lang, ("wall.hourly.today", "today"), ("wall.hourly.usual", "usual")),
            ),
            _panel(
                t("wall.pain", lang),
                html.Div(_rows("pain", PAIN_ROWS, ("rank", "category", "place", "n", "status")), id=f"{PAGE}-pain"),
                "pain",
            ),
        ],
    )
    return html.Div(
        id=f"{PAGE}-root",
        className="wall",
        **data,
        children=[
            header,
            html.Div(id=f"{PAGE}-stale", className="wall-stale", hidden=True, role="alert"),
            html.Div([html.Div([tiles, ticker], className="wall-left"), center, right], className="wall-body"),
            html.Div(id=f"{PAGE}-demo", className="wall-demo"),
        ],
    )

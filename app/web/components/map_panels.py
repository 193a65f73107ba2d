"""Side-panel pieces of the leaders' map: breadcrumb, unit card, pain-point ranking, legend, timeline.

The pieces rebuilt on every filter change (count, unit card, pain points, legend) are HTML text (see
app/web/components/markup.py); the breadcrumb (its buttons are callback inputs) and the timeline are components."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dash import html

from app.config import StageLimits
from app.domain import codes
from app.domain.i18n import t
from app.services.metrics import Figures
from app.services.painpoints import PainPoint
from app.web import context
from app.web.components.markup import Markup, el, join

SPARK = "▁▂▃▄▅▆▇█"
# Choropleth classes: five colours, low to high; for rates low is bad (red), for counts high is bad.
RISING = ("#fff3e0", "#ffcc80", "#ffa726", "#ef6c00", "#b71c1c")
RATE = ("#c62828", "#ef6c00", "#fbc02d", "#9ccc65", "#2e7d32")
INCIDENT_COLORS = {"warning": "#e65100", "pain_point": "#5e35b1", "overdue": "#d50000"}
PAIN_STATUS_COLORS = {"worsening": "#c62828", "steady": "#6d4c41", "improving": "#2e7d32", "solved": "#607d8b"}


def pct(v: float | None) -> str:
    return "—" if v is None else f"{v * 100:.1f}%"


def sparkline(values: list[int]) -> str:
    top = max(values) if values else 0
    return "".join(SPARK[min(7, int(v / top * 7.999))] if top else SPARK[0] for v in values)


def breadcrumb(page: str, trail: list[tuple[str, str, str]], lang: str) -> html.Nav:
    """`trail` of (label, area, grid) from the town down; each but the last is a link that drills up."""
    items: list[Any] = []
    for k, (label, area, grid) in enumerate(trail):
        if k:
            items.append(html.Span(" › ", className="gs-crumb-sep"))
        if k == len(trail) - 1:
            items.append(html.Span(label, className="gs-crumb-here", **{"aria-current": "location"}))
        else:
            items.append(
                html.Button(
                    label, id={"type": f"{page}-crumb", "area": area, "grid": grid}, className="gs-crumb", n_clicks=0
                )
            )
    return html.Nav(items, className="gs-breadcrumb", id=f"{page}-breadcrumb", **{"aria-label": "breadcrumb"})


def count(page: str, total: int, start: object, end: object, lang: str) -> Markup:
    """The number of incidents matching the filters, with the period."""
    return join(
        el("span", t("map.count", lang)),
        el("b", f" {total:,} ", id=f"{page}-count-value"),
        el("span", f"({start} – {end})", className="gs-muted"),
    )


def unit_card(
    page: str,
    name: str,
    population: int,
    tiers: dict[str, int],
    totals: dict[str, Any],
    figures: Figures,
    limits: StageLimits,
    by_category: list[tuple[str, str, int]],
    lang: str,
) -> Markup:
    stations = sum(tiers.values())
    rates = [
        el(
            "div",
            el("span", t(f"stage.{s}", lang, m=getattr(limits, s)), className="gs-rate-label"),
            el("b", pct(figures.stage(s).rate), id=f"{page}-rate-{s}"),
            className="gs-rate",
        )
        for s in ("respond", "arrive", "dispose")
    ]
    town = context.taxonomy()
    cats = [el("li", el("span", town.label("categories", c, lang)), el("b", f"{n:,}")) for _, c, n in by_category[:8]]
    figures_ = [
        ("population", t("unit.population", lang), f"{population:,}"),
        ("stations", t("unit.stations", lang), str(stations)),
        ("incidents", t("unit.incidents", lang), f"{totals['n']:,}"),
        ("open", t("unit.open", lang), f"{totals['open_n']:,}"),
        ("overdue", t("unit.overdue", lang), f"{totals['overdue_n']:,}"),
        ("coverage", t("unit.coverage", lang), pct(totals["coverage"])),
    ]
    return el(
        "div",
        el("h2", name, className="gs-unit-name", id=f"{page}-unit-name"),
        el("div", [_figure(page, *f) for f in figures_], className="gs-unit-figures"),
        el("h3", t("unit.rates", lang)),
        el("div", rates, className="gs-rates"),
        el("h3", t("unit.by_category", lang)),
        el("ul", cats, className="gs-cat-list"),
        className="gs-unit",
    )


def _figure(page: str, key: str, label: str, value: str) -> Markup:
    return el(
        "div",
        el("div", label, className="gs-kpi-label"),
        el("div", value, id=f"{page}-unit-{key}", className="gs-unit-value"),
        className="gs-unit-figure",
    )


def pain_list(page: str, items: list[PainPoint], unit_names: dict[str, str], lang: str) -> Markup:
    rows = [
        el(
            "li",
            el("span", str(p.rank), className="gs-pain-rank", style={"background": PAIN_STATUS_COLORS[p.status]}),
            el(
                "div",
                el(
                    "div",
                    el("b", context.taxonomy().label("categories", p.category, lang)),
                    el("span", f" · {unit_names.get(p.grid_id or '', p.grid_id or '')}"),
                ),
                el(
                    "div",
                    el("span", t("unit.pain.n", lang, n=p.n_window)),
                    el("span", " · "),
                    el("span", codes.PAIN_POINT_STATUSES[p.status].label(lang)),
                    el("span", sparkline(p.monthly), className="gs-spark", title="12 months"),
                    className="gs-muted",
                ),
            ),
            className="gs-pain",
            data_rank=p.rank,
        )
        for p in items
    ]
    return el(
        "section",
        el("h3", t("unit.pain_points", lang)),
        el("ol", rows, id=f"{page}-pain-list", className="gs-pain-list"),
    )


def legend(page: str, layers: set[str], metric: str, breaks: list[float], lang: str) -> Markup:
    items: list[Markup] = []
    if "grids" in layers:
        colors = RATE if metric in ("compliance", "coverage") else RISING
        labels = _class_labels(breaks, metric)
        items.append(el("li", el("b", t(f"metric.{metric}", lang)), data_layer="grids"))
        items += [
            el("li", el("span", className="gs-swatch", style={"background": c}), el("span", lb), data_layer="grids")
            for c, lb in zip(colors, labels, strict=True)
        ]
    if "stations" in layers:
        items.append(_legend_item("stations", t("layer.stations", lang), "gs-station gs-station-station", "站"))
    if "circles" in layers:
        items.append(_legend_item("circles", t("layer.circles", lang), "gs-swatch gs-swatch-circle"))
    if "warning" in layers:
        for level, color in codes.WARNING_LEVEL_COLORS.items():
            items.append(
                _legend_item(
                    "warning",
                    f"{t('layer.warning', lang)} · {codes.WARNING_LEVELS[level].label(lang)}",
                    "gs-dot",
                    style={"background": color},
                )
            )
    if "pain" in layers:
        for status, color in PAIN_STATUS_COLORS.items():
            items.append(
                _legend_item(
                    "pain",
                    f"{t('layer.pain', lang)} · {codes.PAIN_POINT_STATUSES[status].label(lang)}",
                    "gs-pain-rank",
                    "1",
                    style={"background": color},
                )
            )
    if "incidents" in layers:
        # Both forms: the incident layer switches between dots and counted cells with the zoom.
        for key in ("warning", "pain_point", "overdue"):
            color = {"background": INCIDENT_COLORS[key]}
            items.append(_legend_item("incidents", t(f"legend.incident.{key}", lang), "gs-dot", style=color))
        items.append(_legend_item("incidents", t("legend.bins", lang), "gs-bin-swatch", "9"))
    return el(
        "section",
        el("h3", t("legend", lang)),
        el("ul", items, className="gs-map-legend"),
        id=f"{page}-legend",
        aria_label=t("legend", lang),
    )


def _legend_item(layer: str, label: str, cls: str, glyph: str = "", style: dict | None = None) -> Markup:
    return el("li", el("span", glyph, className=cls, style=style), el("span", label), data_layer=layer)


def _class_labels(breaks: list[float], metric: str) -> list[str]:
    fmt = (lambda v: f"{v * 100:.0f}%") if metric in ("compliance", "coverage") else (lambda v: f"{v:g}")
    edges = [fmt(b) for b in breaks]
    return [f"< {edges[0]}", *[f"{a}–{b}" for a, b in zip(edges, edges[1:], strict=False)], f"≥ {edges[-1]}"]


def timeline(
    page: str, detail: dict[str, Any] | None, events: list[dict[str, Any]], limits: StageLimits, lang: str
) -> list:
    if detail is None:
        return []
    reported: datetime = detail["reported_at"]
    limit_of = {"responded": limits.respond, "arrived": limits.arrive, "disposed": limits.dispose}
    steps = []
    for e in events:
        minutes = (e["at"] - reported).total_seconds() / 60
        mark = ""
        if e["status"] in limit_of:
            ok = minutes <= limit_of[e["status"]]
            mark = t("timeline.met" if ok else "timeline.missed", lang)
        steps.append(
            html.Li(
                className="gs-step" + (" gs-step-late" if mark == t("timeline.missed", lang) else ""),
                children=[
                    html.B(codes.STATUSES[e["status"]].label(lang)),
                    html.Span(f" {e['at']:%m-%d %H:%M}"),
                    html.Span(f" · +{t('timeline.minutes', lang, m=minutes)}" if e["status"] != "reported" else ""),
                    html.Span(f" · {mark}" if mark else "", className="gs-step-mark"),
                ],
            )
        )
    place = " · ".join(x for x in (detail["area_name"], detail["community_name"], detail["grid_name"]) if x)
    town = context.taxonomy()
    extra = (
        [
            html.Div(
                t("timeline.escalated", lang, d=town.label("departments", detail["department"], lang)),
                className="gs-warn",
            )
        ]
        if detail["escalated"] and detail["department"]
        else []
    )
    return [
        html.H3(f"{t('timeline', lang)} · {detail['incident_id']}"),
        html.Div([html.B(town.label("categories", detail["category"], lang)), f" · {detail['description'] or ''}"]),
        html.Div(f"{detail['address'] or ''} · {place}", className="gs-muted"),
        html.Ol(steps, className="gs-timeline", id=f"{page}-timeline-steps"),
        *extra,
    ]

"""KPI cards and legends: small layout factories shared by pages."""

from __future__ import annotations

from dash import html


def kpi_card(page: str, key: str, label: str, value: str, unit: str = "") -> html.Div:
    """A labelled figure; the value element has id `<page>-kpi-<key>` so tests and users can read it."""
    return html.Div(
        className="gs-kpi",
        children=[
            html.Div(label, className="gs-kpi-label", id=f"{page}-kpi-{key}-label"),
            html.Div(
                [html.Span(value, id=f"{page}-kpi-{key}"), html.Span(unit, className="gs-kpi-unit")],
                className="gs-kpi-value",
                **{"aria-labelledby": f"{page}-kpi-{key}-label"},
            ),
        ],
    )


def legend_item(label: str, swatch_class: str, color: str = "") -> html.Li:
    style = {"background": color} if color else {}
    return html.Li([html.Span(className=f"gs-swatch {swatch_class}", style=style), html.Span(label)])


def format_count(n: int) -> str:
    """Thousands separators; ten-thousands (万) for large populations, as Chinese reports write them."""
    if n >= 100_000:
        return f"{n / 10_000:.1f}万"
    return f"{n:,}"

"""The filter bar shared by the performance and map pages: labelled controls whose values are the URL state.

`filter_bar(page, filters, period, areas)` lays the controls out with ids `<page>-filter-<noun>`;
`filter_inputs(page, fields)` lists their Dash inputs in the order `filters_from_controls` takes them, so a
page's URL-sync callback is one line: `return "?" + filters_from_controls(current, fields, values).to_query()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dash import Input, dcc, html

from app.domain import codes
from app.domain.filters import STATUS_FILTERS, Filters, Period, parse_filters_lenient
from app.domain.taxonomy import Category
from app.web import context

FIELDS = ("area", "dates", "layer", "category", "source", "status", "severity")
LABELS_EN = {
    "area": "Functional area",
    "dates": "Period",
    "layer": "Layer",
    "category": "Category",
    "source": "Source",
    "status": "Status",
    "severity": "Severity",
}
LABELS = {
    "area": "功能片区",
    "dates": "时间范围",
    "layer": "图层",
    "category": "事件类别",
    "source": "来源",
    "status": "状态",
    "severity": "等级",
}


def _options(table: dict[str, codes.Code], lang: str = "zh") -> list[dict[str, str]]:
    return [{"label": c.label(lang), "value": k} for k, c in table.items()]


def _category_options(lang: str = "zh") -> list[dict[str, str]]:
    def group(c: Category) -> str:
        layer = codes.INCIDENT_LAYERS[c.layer]
        return layer.zh[:2] if lang == "zh" else layer.en.split()[0]

    return [{"label": f"{group(c)} · {c.label(lang)}", "value": k} for k, c in context.taxonomy().categories.items()]


def _dropdown(page: str, noun: str, options: list[dict], value: Sequence, placeholder: str) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=f"{page}-filter-{noun}",
        options=options,
        value=list(value),
        multi=True,
        placeholder=placeholder,
        className="gs-filter-control",
    )


def _field(page: str, noun: str, control, lang: str = "zh") -> html.Div:
    label = LABELS[noun] if lang == "zh" else LABELS_EN[noun]
    return html.Div(
        [html.Label(label, htmlFor=f"{page}-filter-{noun}", className="gs-filter-label"), control],
        className=f"gs-filter gs-filter-{noun}",
    )


def filter_bar(
    page: str,
    filters: Filters,
    period: Period,
    areas: dict[str, str],
    fields: Sequence[str] = FIELDS,
    data_until: date | None = None,
    lang: str = "zh",
) -> html.Div:
    """Labelled controls for `fields`, showing `filters` (dates show the resolved `period`)."""
    zh = lang == "zh"
    every, town = ("全部", "全镇") if zh else ("All", "Whole town")
    controls = {
        "area": lambda: _dropdown(
            page, "area", [{"label": n, "value": a} for a, n in areas.items()], filters.areas, town
        ),
        "dates": lambda: dcc.DatePickerRange(
            id=f"{page}-filter-dates",
            start_date=period.start.isoformat(),
            end_date=period.end.isoformat(),
            max_date_allowed=(data_until or period.end).isoformat(),
            display_format="YYYY-MM-DD",
            updatemode="bothdates",
            minimum_nights=0,
            className="gs-filter-control",
        ),
        "layer": lambda: _dropdown(
            page, "layer", _options(codes.INCIDENT_LAYERS, lang), filters.incident_layers, every
        ),
        "category": lambda: _dropdown(page, "category", _category_options(lang), filters.categories, every),
        "source": lambda: _dropdown(page, "source", _options(context.taxonomy().sources, lang), filters.sources, every),
        "status": lambda: _dropdown(page, "status", _options(STATUS_FILTERS, lang), filters.statuses, every),
        "severity": lambda: _dropdown(
            page,
            "severity",
            [{"label": f"{s}级" if zh else f"Level {s}", "value": s} for s in (1, 2, 3, 4)],
            filters.severities,
            every,
        ),
    }
    return html.Div(
        [_field(page, f, controls[f](), lang) for f in fields],
        className="gs-filter-bar",
        role="search",
        **{"aria-label": "筛选条件" if zh else "Filters"},
    )


def filter_inputs(page: str, fields: Sequence[str] = FIELDS) -> list[Input]:
    """The Dash inputs of the bar's controls, in `fields` order (dates give start and end)."""
    out = []
    for f in fields:
        if f == "dates":
            out += [Input(f"{page}-filter-dates", "start_date"), Input(f"{page}-filter-dates", "end_date")]
        else:
            out.append(Input(f"{page}-filter-{f}", "value"))
    return out


def filters_from_controls(current: Filters, fields: Sequence[str], values: Sequence) -> tuple[Filters, list]:
    """`current` with the controls' values (in `filter_inputs` order) applied; returns it and any errors.

    Values go through the same parser as the URL, so a control can never produce a state a URL cannot.
    """
    query: dict[str, object] = {}
    it = iter(values)
    for f in fields:
        if f == "dates":
            start, end = next(it), next(it)
            query["from"], query["to"] = (start or "")[:10], (end or "")[:10]
        else:
            query[f] = list(next(it) or [])
    parsed, errors = parse_filters_lenient(query)
    changes = {}
    attrs = {"area": "areas", "layer": "incident_layers", "category": "categories", "source": "sources"}
    attrs |= {"status": "statuses", "severity": "severities"}
    for f in fields:
        if f == "dates":
            changes["date_from"], changes["date_to"] = parsed.date_from, parsed.date_to
        else:
            changes[attrs[f]] = getattr(parsed, attrs[f])
    return current.replace(**changes), errors

"""The pages' export buttons: "导出快照" (a map snapshot: title, PNG 1×/2× or PDF A4/A3) and "导出数据"
(a layer of the current filter as CSV, XLSX or GeoJSON).

No server callback: each button opens a small form (a <details>), and assets/export.js builds the
download address from the form and the page's URL state (which the pages keep in the address bar) —
GET /api/export/snapshot or /api/export/data — when "下载" is clicked.
"""

from __future__ import annotations

from dash import dcc, html

SNAPSHOT_FORMATS = (
    ("format=png&scale=1", "PNG 1×"),
    ("format=png&scale=2", "PNG 2×"),
    ("format=pdf&paper=A4", "PDF A4"),
    ("format=pdf&paper=A3", "PDF A3"),
)
DATASET_CHOICES = {
    "zh": (("incidents", "事件"), ("grids", "网格及指标"), ("stations", "服务阵地"), ("coverage", "覆盖表")),
    "en": (("incidents", "Incidents"), ("grids", "Grids"), ("stations", "Stations"), ("coverage", "Coverage")),
}
DATA_FORMATS = (("format=csv", "CSV"), ("format=xlsx", "Excel"), ("format=geojson", "GeoJSON"))
TEXT = {
    "snapshot": ("导出快照", "Export snapshot"),
    "data": ("导出数据", "Export data"),
    "title": ("标题", "Title"),
    "format": ("格式", "Format"),
    "dataset": ("数据", "Data"),
    "download": ("下载", "Download"),
    "started": ("已开始下载…", "Download started…"),
    "hint": ("留空则用默认标题（镇 · 范围 · 页面）", "Empty: the default title (town · place · page)"),
}


def _t(key: str, lang: str) -> str:
    return TEXT[key][0 if lang == "zh" else 1]


def _radios(page: str, noun: str, label: str, options, value: str) -> list:
    return [
        html.Label(label, htmlFor=f"{page}-export-{noun}"),
        dcc.RadioItems(
            id=f"{page}-export-{noun}",
            options=[{"label": text, "value": v} for v, text in options],
            value=value,
            inline=True,
            className="gs-export-radios",
        ),
    ]


def _form(page: str, kind: str, children: list, lang: str) -> html.Div:
    """The form of one dialog; fields are read by assets/export.js: an element with id `<page>-export-<name>`
    gives parameter `name`, or, when its value looks like `a=1&b=2`, those parameters."""
    return html.Div(
        className="gs-export-form",
        **{"data-export-endpoint": f"/api/export/{kind}", "data-export-page": page, "role": "dialog"},
        children=[
            *children,
            html.Button(
                _t("download", lang), className="gs-export-go", id=f"{page}-export-{kind}-go", **{"data-export-go": "1"}
            ),
            html.Div(
                className="gs-export-status", **{"data-export-status": _t("started", lang), "aria-live": "polite"}
            ),
        ],
    )


def _dialog(page: str, kind: str, fields: list, lang: str, align: str) -> html.Details:
    """A button (`kind` 'snapshot' or 'data') that opens its form below it."""
    return html.Details(
        className=f"gs-export gs-export-{align}",
        id=f"{page}-export-{kind}",
        children=[html.Summary(_t(kind, lang), id=f"{page}-export-{kind}-open"), _form(page, kind, fields, lang)],
    )


def export_bar(page: str, lang: str = "zh", default_dataset: str = "incidents", align: str = "right") -> html.Div:
    """Both buttons for `page` ('map' or 'coverage'); ids `<page>-export-<noun>`."""
    snapshot = _dialog(
        page,
        "snapshot",
        [
            html.Label(_t("title", lang), htmlFor=f"{page}-export-title"),
            dcc.Input(id=f"{page}-export-title", type="text", placeholder=_t("hint", lang), maxLength=120),
            *_radios(page, "format", _t("format", lang), SNAPSHOT_FORMATS, SNAPSHOT_FORMATS[0][0]),
        ],
        lang,
        align,
    )
    data = _dialog(
        page,
        "data",
        [
            *_radios(page, "dataset", _t("dataset", lang), DATASET_CHOICES[lang], default_dataset),
            *_radios(page, "dataformat", _t("format", lang), DATA_FORMATS, DATA_FORMATS[0][0]),
        ],
        lang,
        align,
    )
    return html.Div([snapshot, data], className="gs-export-bar")

"""Plotly figures of the performance page as plain dicts, built from typed metric values (no queries here).

Plotly reads tags in its texts (`<b>`, `<br>`, `<a href>`); names from the data and the town's labels go in
through `_text`, so a name shows as it is written (plotly turns the entities back into characters)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from plotly.colors import get_colorscale

from app.config import StageLimits
from app.domain.taxonomy import Taxonomy
from app.services.metrics import STAGES, Durations, Escalation, Figures, SeriesPoint

STAGE_LABELS = {"respond": "响应", "arrive": "到场", "dispose": "处置"}
STAGE_COLORS = {"respond": "#1f77b4", "arrive": "#ff7f0e", "dispose": "#2ca02c"}
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"


def _figure(data: list[dict], height: int = 300, shapes: list | None = None, annotations: list | None = None, **kw):
    """A figure as the plain dict plotly.js reads (building plotly.graph_objects validates every property and
    cost the page 80–100 ms); axes get light grid lines."""
    layout = {
        "height": height,
        "margin": {"l": 48, "r": 16, "t": 12, "b": 36},
        "font": {"family": FONT, "size": 12},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "hovermode": "x unified",
        "shapes": shapes or [],
        "annotations": annotations or [],
    } | kw
    for axis in {"xaxis", "yaxis"} | {k for k in layout if k.startswith(("xaxis", "yaxis"))}:
        layout[axis] = {"gridcolor": "#eef1f4", "automargin": True} | layout.get(axis, {})
    return {"data": data, "layout": layout}


def _text(value: object) -> str:
    return escape(str(value), quote=False)


def _hline(y: float, line: dict, xref: str = "x domain", yref: str = "y", opacity: float = 1.0) -> dict:
    return {"type": "line", "xref": xref, "x0": 0, "x1": 1, "yref": yref, "y0": y, "y1": y, "line": line,
            "opacity": opacity}  # fmt: skip


def _pct(v: float | None) -> float | None:
    return None if v is None else round(v * 100, 1)


def rates_figure(points: Sequence[SeriesPoint], limits: StageLimits, partial: frozenset = frozenset()) -> dict:
    """The three stage rates over time, with the target line.

    A bucket that is not over (in `partial`: today's day, week or month) or still holds pending stages is not
    drawn as if complete: its rate counts only what is decided so far, which leans towards met. It is shown
    apart — a hollow marker on a dotted line, named as provisional, with the pending count in the hover."""
    data = []
    for s in STAGES:
        name = f"{STAGE_LABELS[s]}达标率（{getattr(limits, s)}分钟）"
        done = [p for p in points if p.bucket not in partial and not p.figures.stage(s).pending]
        open_ = [p for p in points if p.bucket in partial or p.figures.stage(s).pending]
        style = {"color": STAGE_COLORS[s], "width": 2}
        data.append(
            {
                "type": "scatter",
                "x": [p.bucket for p in done],
                "y": [_pct(p.figures.stage(s).rate) for p in done],
                "name": name,
                "mode": "lines+markers",
                "line": style,
                "marker": {"size": 4},
                "legendgroup": s,
            }
        )
        if open_:
            joined = done[-1:] + open_  # dotted on from the last complete bucket
            data.append(
                {
                    "type": "scatter",
                    "x": [p.bucket for p in joined],
                    "y": [_pct(p.figures.stage(s).rate) for p in joined],
                    "name": f"{STAGE_LABELS[s]}（未完结时段，待定不计入）",
                    "mode": "lines+markers",
                    "line": style | {"dash": "dot", "width": 1.5},
                    "marker": {"size": 7, "symbol": "circle-open"},
                    "customdata": [p.figures.stage(s).pending for p in joined],
                    "hovertemplate": "%{y}%（另有 %{customdata} 件待定）",
                    "legendgroup": s,
                    "showlegend": False,
                }
            )
    target = limits.target_rate * 100
    line = _hline(target, {"color": "#c0392b", "dash": "dash", "width": 1})
    label = {"text": f"目标 {limits.target_rate:.0%}", "showarrow": False, "x": 0, "xanchor": "left",
             "xref": "x domain", "y": target, "yanchor": "bottom", "yref": "y"}  # fmt: skip
    return _figure(
        data,
        shapes=[line],
        annotations=[label],
        yaxis={"title": {"text": "达标率 %"}, "rangemode": "tozero", "range": [0, 102]},
    )


def durations_figure(items: Sequence[Durations], limits: StageLimits, partial: frozenset = frozenset()) -> dict:
    """Median (solid) and p90 (dotted) of each stage's time, log scale, with the limits as thin lines.

    Buckets in `partial` (still holding pending stages) count only the incidents already past a stage — the
    quick ones — so they are hollow markers off the lines."""
    done = [d for d in items if d.bucket not in partial]
    late = [d for d in items if d.bucket in partial]
    data, shapes = [], []
    for s in STAGES:
        color = STAGE_COLORS[s]
        for q, label, dash in (("p50", "中位数", None), ("p90", "P90", "dot")):
            data.append({"type": "scatter", "x": [d.bucket for d in done], "y": [getattr(d, q)[s] for d in done],
                         "name": f"{STAGE_LABELS[s]} {label}", "line": {"color": color, "dash": dash},
                         "legendgroup": f"{s}{q}"})  # fmt: skip
            if late:
                data.append({"type": "scatter", "x": [d.bucket for d in late], "y": [getattr(d, q)[s] for d in late],
                             "name": f"{STAGE_LABELS[s]} {label}（未完结时段）", "mode": "markers",
                             "marker": {"color": color, "symbol": "circle-open", "size": 7},
                             "legendgroup": f"{s}{q}", "showlegend": False})  # fmt: skip
        shapes.append(_hline(getattr(limits, s), {"color": color, "width": 1, "dash": "dash"}, opacity=0.5))
    ticks = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1440]
    yaxis = {"title": {"text": "分钟（对数）"}, "type": "log", "tickvals": ticks, "ticktext": [str(t) for t in ticks]}
    return _figure(data, shapes=shapes, yaxis=yaxis)


def volume_figure(points: Sequence[SeriesPoint], town: Taxonomy) -> dict:
    """Incidents per bucket, stacked by category in the taxonomy's order, each in its colour."""
    x = [p.bucket for p in points]
    seen = {c for p in points for c in p.by_category}
    present = [c for c in town.categories if c in seen] + sorted(seen - set(town.categories))
    data = [
        {
            "type": "bar",
            "x": x,
            "y": [p.by_category.get(c, 0) for p in points],
            "name": _text(town.label("categories", c)),
            "marker": {"color": town.color(c)},
            "legendrank": i,
        }
        for i, c in enumerate(present)
    ]
    return _figure(
        data,
        barmode="stack",
        yaxis={"title": {"text": "事件数"}},
        legend={"orientation": "v", "x": 1.01, "y": 1, "font": {"size": 11}},
    )


def backlog_figure(days: Sequence[tuple[date, int]]) -> dict:
    trace = {
        "type": "scatter",
        "x": [d for d, _ in days],
        "y": [n for _, n in days],
        "name": "日末未办结",
        "mode": "lines",
        "fill": "tozeroy",
        "line": {"color": "#8e44ad"},
    }
    return _figure([trace], yaxis={"title": {"text": "件"}, "rangemode": "tozero"}, showlegend=False)


# Three side-by-side panels of the areas figure: x domains as plotly's make_subplots lays them out.
AREA_DOMAINS = ([0.0, 0.4333], [0.5, 0.7167], [0.7833, 1.0])


def areas_figure(by_area: dict[str, Figures], names: dict[str, str], limits: StageLimits) -> dict:
    """The functional areas side by side: stage rates and closure rate, volume, satisfaction."""
    ids = sorted(a for a in by_area if a is not None)
    labels = [_text(names.get(a, a)) for a in ids]

    def bar(y: list, name: str, color: str, panel: int) -> dict:
        axes = {"xaxis": "x", "yaxis": "y"} if panel == 1 else {"xaxis": f"x{panel}", "yaxis": f"y{panel}"}
        return {"type": "bar", "x": labels, "y": y, "name": name, "marker": {"color": color}} | axes

    data = [bar([_pct(by_area[a].stage(s).rate) for a in ids], STAGE_LABELS[s], STAGE_COLORS[s], 1) for s in STAGES]
    data.append(bar([_pct(by_area[a].closure_rate) for a in ids], "办结率", "#7f8c8d", 1))
    data.append(bar([by_area[a].count for a in ids], "事件数", "#34495e", 2))
    sat = [None if by_area[a].satisfaction is None else round(by_area[a].satisfaction, 2) for a in ids]
    data.append(bar(sat, "满意度", "#16a085", 3))
    titles = ("达标率与办结率 %", "事件数", "满意度")
    annotations = [
        {
            "text": t,
            "font": {"size": 12},
            "showarrow": False,
            "x": (d[0] + d[1]) / 2,
            "xanchor": "center",
            "xref": "paper",
            "y": 1.0,
            "yanchor": "bottom",
            "yref": "paper",
        }  # fmt: skip
        for t, d in zip(titles, AREA_DOMAINS, strict=True)
    ]
    axes: dict = {}
    for k, d in enumerate(AREA_DOMAINS, start=1):
        suffix = "" if k == 1 else str(k)
        axes[f"xaxis{suffix}"] = {"domain": d, "anchor": f"y{suffix}"}
        axes[f"yaxis{suffix}"] = {"anchor": f"x{suffix}"}
    axes["yaxis3"]["range"] = [1, 5]
    return _figure(
        data,
        height=320,
        shapes=[_hline(limits.target_rate * 100, {"color": "#c0392b", "dash": "dash", "width": 1})],
        annotations=annotations,
        barmode="group",
        hovermode="closest",
        margin={"l": 40, "r": 10, "t": 30, "b": 40},
        **axes,
    )


def heatmap_figure(matrix: Sequence[Sequence[int]], label: str, colorscale: str) -> dict:
    trace = {
        "type": "heatmap",
        "z": [list(r) for r in matrix],
        "x": list(range(24)),
        "y": WEEKDAYS,
        "colorscale": get_colorscale(colorscale),
        "colorbar": {"title": {"text": label}, "thickness": 10},
        "hovertemplate": "%{y} %{x}时<br>" + label + " %{z}<extra></extra>",
    }
    return _figure(
        [trace],
        height=260,
        hovermode="closest",
        yaxis={"autorange": "reversed"},
        xaxis={"title": {"text": "时"}, "dtick": 2},
    )


def escalations_figure(items: Sequence[Escalation], town: Taxonomy) -> dict:
    """Escalations by department: count, with the median stage times in the hover."""
    ordered = list(reversed(items))
    names = [_text(town.label("departments", e.department)) if e.department else "未记录" for e in ordered]
    text = [" · ".join(f"{STAGE_LABELS[s]} {e.p50[s]:.0f}分" for s in STAGES if e.p50[s] is not None) for e in ordered]
    trace = {
        "type": "bar",
        "y": names,
        "x": [e.count for e in ordered],
        "orientation": "h",
        "marker": {"color": "#d35400"},
        "text": text,
        "textposition": "auto",
        "textfont": {"size": 11},
        "hovertemplate": "%{y}: %{x} 件<br>中位用时 %{text}<extra></extra>",
    }
    return _figure(
        [trace],
        height=260,
        hovermode="closest",
        xaxis={"title": {"text": "吹哨次数"}},
        margin={"l": 120, "r": 16, "t": 12, "b": 36},
    )


def sparkline_svg(values: Sequence[float | None], color: str = "#16324f", width: int = 90, height: int = 22) -> str:
    """A tiny inline SVG line as a data URI (one <img> per row is far lighter than a plotly graph)."""
    pts = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(pts) < 2:
        path = ""
    else:
        lo, hi = min(v for _, v in pts), max(v for _, v in pts)
        span = (hi - lo) or 1.0
        step = (width - 4) / max(len(values) - 1, 1)
        path = " ".join(
            f"{'M' if k == 0 else 'L'}{2 + i * step:.1f},{height - 3 - (v - lo) / span * (height - 6):.1f}"
            for k, (i, v) in enumerate(pts)
        )
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'>"
        f"<path d='{path}' fill='none' stroke='{color}' stroke-width='1.5'/></svg>"
    )
    return "data:image/svg+xml;utf8," + svg.replace("#", "%23").replace("<", "%3C").replace(">", "%3E")
